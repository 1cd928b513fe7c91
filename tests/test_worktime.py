"""Working-time arithmetic: real Chinese holidays, boundaries, holds, and properties.

Expected datetimes below are derived by hand from the official calendar
(checked against chinese_calendar 1.11) and the 08-12 / 14-18 default schedule.
"""
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commandcenter.models.enums import Countdown
from commandcenter.models.worktime import (
    DEFAULT_CALENDAR, DEFAULT_SCHEDULE, FULL_DAY_SCHEDULE, NATURAL_CALENDAR, LimitUnit,
    Schedule, TimeLimit, WorkCalendar, countdown, extend, limit_minutes, remaining_minutes,
    shift_for_hold)

CAL = DEFAULT_CALENDAR
WD = TimeLimit(1, LimitUnit.WORK_DAYS)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def wh(n: int) -> TimeLimit:
    return TimeLimit(n, LimitUnit.WORK_HOURS)


# --- real holidays -------------------------------------------------------------------

@pytest.mark.parametrize("start, limit, expected", [
    # 2025 National Day: Oct 1-8 off; Sun Sep 28 and Sat Oct 11 are make-up working days.
    ("2025-09-30 10:00", WD, "2025-10-09 10:00"),
    ("2025-09-26 17:00", wh(2), "2025-09-28 09:00"),   # Sat 27 off, Sun 28 works
    ("2025-10-10 09:00", WD, "2025-10-11 09:00"),      # Sat 11 works
    ("2025-10-11 16:00", WD, "2025-10-13 16:00"),      # Sun 12 off
    # 2026: Mid-autumn Sep 25-27 off, National Day Oct 1-7 off; Sun Sep 20 and Sat Oct 10 work.
    ("2026-09-18 10:00", WD, "2026-09-20 10:00"),      # Sat 19 off, Sun 20 works
    ("2026-09-24 09:00", TimeLimit(3, LimitUnit.WORK_DAYS), "2026-09-30 09:00"),
    ("2026-09-30 15:00", WD, "2026-10-08 15:00"),
    ("2026-10-09 11:00", WD, "2026-10-10 11:00"),
    # Spring Festival 2025: Jan 28 - Feb 4 off; Sun Jan 26 and Sat Feb 8 work.
    ("2025-01-24 10:00", WD, "2025-01-26 10:00"),
    ("2025-01-27 10:00", WD, "2025-02-05 10:00"),
    ("2025-02-07 15:00", WD, "2025-02-08 15:00"),     # Sat 8 works
    # The Friday afternoon is 240 minutes; the other 240 end the Saturday morning.
    ("2025-02-07 14:00", WD, "2025-02-08 12:00"),
    # Spring Festival 2026: Feb 15-23 off; Sat Feb 14 and Sat Feb 28 work.
    ("2026-02-13 10:00", WD, "2026-02-14 10:00"),
    ("2026-02-14 10:00", WD, "2026-02-24 10:00"),
    ("2026-02-14 16:00", wh(5), "2026-02-24 11:00"),
    ("2026-02-27 17:00", WD, "2026-02-28 17:00"),
])
def test_deadlines_across_official_holidays(start, limit, expected):
    assert CAL.add(dt(start), limit) == dt(expected)


def test_official_day_types():
    assert CAL.is_working_day(date(2025, 9, 28))       # Sunday make-up day
    assert not CAL.is_working_day(date(2025, 10, 8))   # Wednesday holiday
    assert CAL.is_working_day(date(2026, 2, 28))       # Saturday make-up day
    assert not CAL.is_working_day(date(2026, 2, 23))   # Monday holiday


def test_minutes_between_across_a_holiday():
    assert CAL.working_minutes_between(dt("2025-09-30 08:00"), dt("2025-10-09 08:00")) == 480
    assert CAL.working_minutes_between(dt("2025-10-09 08:00"), dt("2025-09-30 08:00")) == -480


# --- boundaries of the working day (Mon 2025-03-10 .. Fri 2025-03-14 is a plain week) ---

@pytest.mark.parametrize("start, minutes, expected", [
    ("2025-03-11 11:30", 60, "2025-03-11 14:30"),    # across lunch
    ("2025-03-11 11:30", 30, "2025-03-11 12:00"),    # ends at the period end, not 14:00
    ("2025-03-11 12:30", 60, "2025-03-11 15:00"),    # starts during lunch
    ("2025-03-11 07:00", 60, "2025-03-11 09:00"),    # before 08:00
    ("2025-03-11 19:00", 60, "2025-03-12 09:00"),    # after 18:00
    ("2025-03-11 18:00", 1, "2025-03-12 08:01"),     # exactly at the day's end
    ("2025-03-11 08:00", 240, "2025-03-11 12:00"),   # a whole morning
    ("2025-03-11 12:00", 1, "2025-03-11 14:01"),     # exactly at lunch start
    ("2025-03-11 14:00", 240, "2025-03-11 18:00"),
    ("2025-03-14 17:00", 120, "2025-03-17 09:00"),   # over a weekend
    ("2025-03-11 13:00", 0, "2025-03-11 14:00"),     # zero still waits for working time
    ("2025-03-11 10:00", 0, "2025-03-11 10:00"),
    ("2025-03-11 09:00", -30, "2025-03-11 08:30"),   # counting backwards
    ("2025-03-11 09:00", -60, "2025-03-10 18:00"),   # earliest instant: Monday's end
    ("2025-03-11 15:00", -120, "2025-03-11 11:00"),
    ("2025-03-17 09:00", -120, "2025-03-14 17:00"),
])
def test_add_minutes_at_boundaries(start, minutes, expected):
    assert CAL.add_minutes(dt(start), minutes) == dt(expected)


@pytest.mark.parametrize("t, expected", [
    ("2025-03-11 08:00", "2025-03-11 08:00"),
    ("2025-03-11 07:59", "2025-03-11 08:00"),
    ("2025-03-11 11:59:59.999999", "2025-03-11 11:59:59.999999"),
    ("2025-03-11 12:00", "2025-03-11 14:00"),
    ("2025-03-11 18:00", "2025-03-12 08:00"),
    ("2025-03-14 18:00", "2025-03-17 08:00"),
    ("2025-09-30 20:00", "2025-10-09 08:00"),
])
def test_next_working_instant(t, expected):
    assert CAL.next_working_instant(dt(t)) == dt(expected)


@pytest.mark.parametrize("start, end, minutes", [
    ("2025-03-11 12:00", "2025-03-11 14:00", 0),
    ("2025-03-11 11:00", "2025-03-11 15:00", 120),
    ("2025-03-11 07:00", "2025-03-11 19:00", 480),
    ("2025-03-14 17:00", "2025-03-17 09:00", 120),
    ("2025-03-10 08:00", "2025-03-15 08:00", 5 * 480),
    ("2025-03-11 10:00:30", "2025-03-11 10:01", 0.5),
])
def test_working_minutes_between(start, end, minutes):
    assert CAL.working_minutes_between(dt(start), dt(end)) == minutes


def test_natural_hours_ignore_the_calendar():
    natural = TimeLimit(24, LimitUnit.NATURAL_HOURS)
    assert CAL.add(dt("2025-09-30 10:00"), natural) == dt("2025-10-01 10:00")
    assert CAL.add(dt("2025-03-15 23:00"), TimeLimit(2, LimitUnit.NATURAL_HOURS)) \
        == dt("2025-03-16 01:00")


# --- calendars ------------------------------------------------------------------------

def test_override_declares_an_extra_day_off():
    cal = WorkCalendar(overrides={date(2025, 3, 12): False})
    assert cal.add(dt("2025-03-11 10:00"), WD) == dt("2025-03-13 10:00")
    assert CAL.add(dt("2025-03-11 10:00"), WD) == dt("2025-03-12 10:00")  # others unaffected


def test_override_declares_an_extra_working_day():
    cal = WorkCalendar(overrides={date(2025, 3, 15): True, date(2025, 10, 1): True})
    assert cal.add(dt("2025-03-14 10:00"), WD) == dt("2025-03-15 10:00")   # a Saturday
    assert cal.add(dt("2025-09-30 10:00"), WD) == dt("2025-10-01 10:00")   # beats a holiday


def test_full_day_schedule_coexists_with_the_default():
    full = WorkCalendar(FULL_DAY_SCHEDULE)
    round_the_clock = WorkCalendar(FULL_DAY_SCHEDULE, all_days=True)
    start = dt("2025-09-30 22:00")
    assert full.add(start, wh(5)) == dt("2025-10-09 03:00")            # holidays still off
    assert round_the_clock.add(start, wh(5)) == dt("2025-10-01 03:00")
    assert CAL.add(start, wh(5)) == dt("2025-10-09 15:00")
    assert full.add(dt("2025-03-11 00:00"), WD) == dt("2025-03-12 00:00")
    assert full.working_minutes_between(dt("2025-03-11 00:00"), dt("2025-03-13 00:00")) == 2880
    assert full.next_working_instant(dt("2025-03-11 23:59:59")) == dt("2025-03-11 23:59:59")


def test_natural_calendar_counts_every_minute():
    start = dt("2025-10-01 10:30")
    assert NATURAL_CALENDAR.working_minutes_between(start, start + timedelta(days=3)) == 4320


@pytest.mark.parametrize("day, working", [
    (date(2027, 1, 8), True),     # Friday
    (date(2027, 1, 9), False),    # Saturday
    (date(2030, 1, 1), True),     # a Tuesday; no holiday data for 2030
    (date(2003, 1, 4), False),    # Saturday before the data starts
])
def test_years_without_data_fall_back_to_weekdays(day, working):
    assert CAL.is_working_day(day) is working


def test_deadline_in_a_year_without_data():
    assert CAL.add(dt("2027-01-08 10:00"), WD) == dt("2027-01-11 10:00")


def test_limit_minutes():
    assert limit_minutes(CAL, WD) == 480
    assert limit_minutes(WorkCalendar(FULL_DAY_SCHEDULE), WD) == 1440
    assert limit_minutes(CAL, wh(5)) == 300
    assert limit_minutes(CAL, TimeLimit(30, LimitUnit.WORK_MINUTES)) == 30
    assert limit_minutes(CAL, TimeLimit(24, LimitUnit.NATURAL_HOURS)) == 1440


@pytest.mark.parametrize("periods", [
    (),
    ((time(12), time(8)),),
    ((time(8), time(8)),),
    ((time(8), time(12)), (time(11), time(18))),
    ((time(14), time(18)), (time(8), time(12))),
])
def test_schedule_rejects_bad_periods(periods):
    with pytest.raises(ValueError, match="schedule 'bad'"):
        Schedule("bad", periods)


def test_default_schedule_is_eight_hours():
    assert DEFAULT_SCHEDULE.minutes_per_day == 480
    assert FULL_DAY_SCHEDULE.minutes_per_day == 1440


# --- holds, extensions, countdowns --------------------------------------------------

def test_hold_stops_the_clock():
    # 720 working minutes remain at the hold (Tue 10-12, 14-18, Wed 08-12, 14-16);
    # from Thu 15:00: 180 on Thu, 480 on Fri, then 60 on Monday.
    moved = shift_for_hold(CAL, dt("2025-03-12 16:00"), dt("2025-03-11 10:00"),
                           dt("2025-03-13 15:00"))
    assert moved == dt("2025-03-17 09:00")


def test_hold_outside_working_time_changes_nothing():
    moved = shift_for_hold(CAL, dt("2025-03-12 16:00"), dt("2025-03-11 18:30"),
                           dt("2025-03-12 07:00"))
    assert moved == dt("2025-03-12 16:00")


def test_hold_of_an_overdue_case_keeps_it_overdue():
    moved = shift_for_hold(CAL, dt("2025-03-11 10:00"), dt("2025-03-11 11:00"),
                           dt("2025-03-13 15:00"))
    assert moved == dt("2025-03-13 12:00")   # 60 working minutes before Thu 15:00
    assert remaining_minutes(CAL, moved, dt("2025-03-13 15:00")) == -60


def test_hold_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        shift_for_hold(CAL, dt("2025-03-12 16:00"), dt("2025-03-11 10:00"),
                       dt("2025-03-11 09:00"))


def test_extension_counts_from_the_old_deadline():
    assert extend(CAL, dt("2025-03-14 17:00"), wh(2)) == dt("2025-03-17 09:00")
    assert extend(CAL, dt("2025-03-14 17:00"), WD) == dt("2025-03-17 17:00")
    assert extend(CAL, dt("2025-09-30 18:00"), WD) == dt("2025-10-09 18:00")


@pytest.mark.parametrize("now, share, expected", [
    ("2025-03-10 16:23", 0.8, Countdown.NORMAL),
    ("2025-03-10 16:24", 0.8, Countdown.WARNING),    # exactly 384 of 480 minutes
    ("2025-03-10 17:59", 0.8, Countdown.WARNING),
    ("2025-03-10 18:00", 0.8, Countdown.OVERDUE),
    ("2025-03-11 09:00", 0.8, Countdown.OVERDUE),
    ("2025-03-10 11:59", 0.5, Countdown.NORMAL),
    ("2025-03-10 12:00", 0.5, Countdown.WARNING),    # exactly half
    ("2025-03-10 13:00", 0.5, Countdown.WARNING),    # lunch does not count
])
def test_countdown(now, share, expected):
    started, deadline = dt("2025-03-10 08:00"), dt("2025-03-10 18:00")
    assert countdown(CAL, started, deadline, dt(now), share) is expected


def test_remaining_minutes_goes_negative():
    deadline = dt("2025-03-10 18:00")
    assert remaining_minutes(CAL, deadline, dt("2025-03-10 17:00")) == 60
    assert remaining_minutes(CAL, deadline, dt("2025-03-10 20:00")) == 0
    assert remaining_minutes(CAL, deadline, dt("2025-03-11 09:00")) == -60


# --- TimeLimit ------------------------------------------------------------------------

@pytest.mark.parametrize("text, limit, label", [
    ("5wh", TimeLimit(5, LimitUnit.WORK_HOURS), "5工作小时"),
    ("30wm", TimeLimit(30, LimitUnit.WORK_MINUTES), "30工作分钟"),
    ("1wd", TimeLimit(1, LimitUnit.WORK_DAYS), "1工作日"),
    ("24h", TimeLimit(24, LimitUnit.NATURAL_HOURS), "24小时"),
])
def test_time_limit_parse_str_and_label(text, limit, label):
    assert TimeLimit.parse(text) == limit
    assert str(limit) == text
    assert limit.label() == label


def test_time_limit_accepts_stored_unit_strings():
    assert TimeLimit(5, "work_hours") == TimeLimit(5, LimitUnit.WORK_HOURS)


@pytest.mark.parametrize("text", ["", "5", "wh", "-5wh", "5.5wh", "5xh", "0wh", "5 wh", "5WH"])
def test_time_limit_parse_rejects_bad_input(text):
    with pytest.raises(ValueError, match="bad time limit|positive integer"):
        TimeLimit.parse(text)


@pytest.mark.parametrize("amount", [0, -1, 1.5, True])
def test_time_limit_rejects_bad_amounts(amount):
    with pytest.raises(ValueError, match="positive integer"):
        TimeLimit(amount, LimitUnit.WORK_HOURS)


@given(st.integers(1, 10**6), st.sampled_from(list(LimitUnit)))
def test_time_limit_round_trip(amount, unit):
    limit = TimeLimit(amount, unit)
    assert TimeLimit.parse(str(limit)) == limit


# --- properties -----------------------------------------------------------------------

_FIRST, _LAST = datetime(2024, 1, 1), datetime(2026, 12, 31, 23, 59, 59)
_BOUNDARY_TIMES = [time(0), time(7, 59), time(8), time(12), time(13), time(14),
                   time(18), time(23, 59, 59, 999999)]
instants = st.one_of(
    st.datetimes(min_value=_FIRST, max_value=_LAST),
    st.builds(datetime.combine, st.dates(_FIRST.date(), _LAST.date()),
              st.sampled_from(_BOUNDARY_TIMES)),
)
working_instants = instants.map(CAL.next_working_instant)
minutes = st.integers(0, 20_000)
calendars = st.sampled_from([CAL, WorkCalendar(FULL_DAY_SCHEDULE),
                             WorkCalendar(overrides={date(2025, 10, 1): True,
                                                     date(2025, 3, 12): False})])
props = settings(max_examples=200, deadline=None)


@props
@given(calendars, st.one_of(instants, working_instants), minutes)
def test_minutes_between_inverts_add(cal, start, m):
    assert cal.working_minutes_between(start, cal.add_minutes(start, m)) == m


@props
@given(calendars, instants, minutes)
def test_counting_backwards_inverts_too(cal, start, m):
    assert cal.working_minutes_between(start, cal.add_minutes(start, -m)) == -m


@props
@given(calendars, instants, instants, minutes, minutes)
def test_add_is_monotonic(cal, s1, s2, m1, m2):
    s1, s2 = sorted((s1, s2))
    m1, m2 = sorted((m1, m2))
    assert cal.add_minutes(s1, m1) <= cal.add_minutes(s1, m2)
    assert cal.add_minutes(s1, m1) <= cal.add_minutes(s2, m1)


@props
@given(calendars, instants, minutes, st.integers(1, 20_000))
def test_add_is_additive(cal, start, a, b):
    # Exact for b > 0. With b == 0 the outer add moves a period end such as 12:00
    # on to the next working instant, which the test below pins down instead.
    assert cal.add_minutes(cal.add_minutes(start, a), b) == cal.add_minutes(start, a + b)


@props
@given(calendars, instants, st.integers(-20_000, 20_000).filter(bool))
def test_deadlines_are_the_earliest_instant(cal, start, m):
    # Just before the result some working time is still missing: deadlines never
    # sit in a break or a night, only at a period end at the latest.
    result = cal.add_minutes(start, m)
    assert cal.working_minutes_between(result - timedelta(microseconds=1), result) > 0


@props
@given(calendars, instants)
def test_next_working_instant_is_working_time(cal, t):
    result = cal.next_working_instant(t)
    assert result >= t
    assert cal.working_minutes_between(result, result + timedelta(microseconds=1)) > 0
    assert cal.working_minutes_between(t, result) == 0


@props
@given(calendars, instants)
def test_adding_zero_is_the_next_working_instant(cal, t):
    assert cal.add_minutes(t, 0) == cal.next_working_instant(t)
    assert cal.working_minutes_between(t, cal.next_working_instant(t)) == 0


@props
@given(calendars, instants, instants, instants)
def test_minutes_between_is_antisymmetric_and_additive(cal, a, b, c):
    assert cal.working_minutes_between(a, b) == -cal.working_minutes_between(b, a)
    total = cal.working_minutes_between(a, b) + cal.working_minutes_between(b, c)
    assert total == pytest.approx(cal.working_minutes_between(a, c), abs=1e-6)


def _brute_force_minutes(cal, start, end):
    """Working minutes counted one minute at a time (start and end on whole minutes)."""
    count, t = 0, start
    while t < end:
        on = any(s <= t.time() < e for s, e in cal.schedule.periods)
        count += cal.is_working_day(t.date()) and on
        t += timedelta(minutes=1)
    return count


@settings(max_examples=60, deadline=None)
@given(calendars, st.datetimes(min_value=_FIRST, max_value=_LAST), st.integers(0, 4 * 1440))
def test_minutes_between_matches_minute_by_minute_count(cal, start, span):
    start = start.replace(second=0, microsecond=0)
    end = start + timedelta(minutes=span)
    assert cal.working_minutes_between(start, end) == _brute_force_minutes(cal, start, end)
