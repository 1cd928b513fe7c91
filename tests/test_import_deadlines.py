"""Deadlines for many imported cases at once equal the working calendar's, one by one."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
from hypothesis import given, settings, strategies as st

from commandcenter.exchange.deadlines import add_many
from commandcenter.models.worktime import (FULL_DAY_SCHEDULE, LimitUnit, Schedule, TimeLimit,
                                           WorkCalendar)

CALENDARS = [WorkCalendar(), WorkCalendar(overrides={date(2025, 10, 11): False,
                                                     date(2025, 10, 12): True}),
             WorkCalendar(Schedule("split", ((time(7, 30), time(11)), (time(13), time(17, 30)),
                                             (time(19), time.max)))),
             WorkCalendar(FULL_DAY_SCHEDULE, all_days=True)]
starts = st.datetimes(min_value=datetime(2023, 12, 20), max_value=datetime(2027, 1, 10)).map(
    lambda t: t.replace(microsecond=0))
limits = st.builds(TimeLimit, st.integers(1, 40), st.sampled_from(list(LimitUnit)))


@settings(max_examples=60, deadline=None)
@given(st.lists(starts, min_size=1, max_size=40), limits, st.sampled_from(CALENDARS))
def test_many_deadlines_equal_the_calendars_one_by_one(times, limit, calendar):
    got = add_many(calendar, np.array(times, dtype="datetime64[us]"), limit)
    assert got.tolist() == [calendar.add(t, limit) for t in times]


def test_period_ends_holidays_and_the_edges_of_the_day():
    cal = WorkCalendar()
    times = [datetime(2025, 9, 30, 11, 30), datetime(2025, 9, 30, 17, 59, 59),
             datetime(2025, 10, 1, 9, 0), datetime(2025, 9, 30, 12, 0), datetime(2025, 9, 30, 0, 0),
             datetime(2026, 2, 13, 18, 0)]
    for limit in (TimeLimit(30, LimitUnit.WORK_MINUTES), TimeLimit(1, LimitUnit.WORK_DAYS),
                  TimeLimit(24, LimitUnit.NATURAL_HOURS), TimeLimit(5, LimitUnit.WORK_HOURS)):
        got = add_many(cal, np.array(times, dtype="datetime64[us]"), limit)
        assert got.tolist() == [cal.add(t, limit) for t in times]
    # 30 working minutes from 11:30 end at 12:00; over the National Day week to 9 October.
    assert add_many(cal, np.array([times[0]], dtype="datetime64[us]"),
                    TimeLimit(30, LimitUnit.WORK_MINUTES))[0] == np.datetime64("2025-09-30T12:00")
    assert (add_many(cal, np.array([times[1]], dtype="datetime64[us]"),
                     TimeLimit(1, LimitUnit.WORK_HOURS))[0].astype(datetime)
            - datetime(2025, 10, 9, 8, 0)) == timedelta(minutes=59, seconds=59)
