"""Working-time arithmetic for case deadlines.

All datetimes are naive and mean local time in Asia/Shanghai: the product
stores local naive times everywhere, and China has no daylight saving, so
plain ``datetime`` arithmetic is exact.

Working time is a :class:`Schedule` (the working periods of a day) applied on
working days. Working days follow the official Chinese calendar from the
``chinese_calendar`` package, which knows public holidays and the weekend
make-up days (调休). That package only has data for 2004-2026; for other years
Monday-Friday is assumed, without holidays. Local overrides win over both.

Internally times of day and durations are integer microseconds, so results
are exact and ``working_minutes_between(s, add_minutes(s, m)) == m`` holds.
Counting walks day by day (whole days skipped at once), never minute by minute.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache

import chinese_calendar

from .enums import Countdown

_US_PER_MINUTE = 60_000_000
_DAY_US = 24 * 60 * _US_PER_MINUTE
_ONE_DAY = timedelta(days=1)


class LimitUnit(StrEnum):
    WORK_MINUTES = "work_minutes"
    WORK_HOURS = "work_hours"
    WORK_DAYS = "work_days"
    NATURAL_HOURS = "natural_hours"


_UNIT_CODES = {LimitUnit.WORK_MINUTES: "wm", LimitUnit.WORK_HOURS: "wh",
               LimitUnit.WORK_DAYS: "wd", LimitUnit.NATURAL_HOURS: "h"}
_CODE_UNITS = {code: unit for unit, code in _UNIT_CODES.items()}
_UNIT_LABELS = {LimitUnit.WORK_MINUTES: "工作分钟", LimitUnit.WORK_HOURS: "工作小时",
                LimitUnit.WORK_DAYS: "工作日", LimitUnit.NATURAL_HOURS: "小时"}
_LIMIT_RE = re.compile(r"(\d+)(wm|wh|wd|h)")


@dataclass(frozen=True)
class TimeLimit:
    """A time limit such as 5 working hours; short form "5wh", "30wm", "1wd", "24h"."""

    amount: int
    unit: LimitUnit

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise ValueError(f"time limit amount must be a positive integer, got {self.amount!r}")
        object.__setattr__(self, "unit", LimitUnit(self.unit))  # accept stored strings

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        match = _LIMIT_RE.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"bad time limit {text!r}: expected a positive whole number "
                             "followed by wm, wh, wd or h, e.g. '30wm', '5wh', '1wd', '24h'")
        return cls(int(match[1]), _CODE_UNITS[match[2]])

    def __str__(self) -> str:
        return f"{self.amount}{_UNIT_CODES[self.unit]}"

    def label(self) -> str:
        return f"{self.amount}{_UNIT_LABELS[self.unit]}"


def _time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


@dataclass(frozen=True)
class Schedule:
    """The working periods of a working day, each half-open [start, end).

    An end of ``time.max`` (23:59:59.999999) stands for midnight at the end of
    the day, since ``time`` cannot express 24:00; that makes a round-the-clock
    schedule ``Schedule("24h", ((time(0), time.max),))`` a full 1440 minutes.
    """

    name: str
    periods: tuple[tuple[time, time], ...]

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError(f"schedule {self.name!r} has no working periods")
        previous_end = 0
        for start, end in self.bounds:
            if start >= end:
                raise ValueError(f"schedule {self.name!r}: a period must start before it ends")
            if start < previous_end:
                raise ValueError(f"schedule {self.name!r}: periods must be in order "
                                 "and must not overlap")
            previous_end = end

    @cached_property
    def bounds(self) -> tuple[tuple[int, int], ...]:
        """Periods as microseconds since midnight; the end of day is 24:00."""
        return tuple((_time_us(s), _DAY_US if e == time.max else _time_us(e))
                     for s, e in self.periods)

    @cached_property
    def day_us(self) -> int:
        return sum(end - start for start, end in self.bounds)

    @property
    def minutes_per_day(self) -> float:
        return self.day_us / _US_PER_MINUTE

    def work_before(self, tod: int) -> int:
        """Working microseconds of a working day that lie before time of day ``tod``."""
        return sum(min(max(tod, start), end) - start for start, end in self.bounds)

    def at_work(self, worked: int) -> int:
        """Earliest time of day by which ``worked`` microseconds have been worked.

        Zero maps to the first period start; a value that completes a period maps
        to that period's end, not to the start of the next one.
        """
        before = 0
        for start, end in self.bounds:
            if worked <= before + end - start:
                return start + worked - before
            before += end - start
        raise ValueError("more working time than the schedule has in a day")


DEFAULT_SCHEDULE = Schedule("standard", ((time(8), time(12)), (time(14), time(18))))
FULL_DAY_SCHEDULE = Schedule("24h", ((time(0), time.max),))


@lru_cache(maxsize=None)
def _official_working_day(d: date) -> bool:
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:  # the package has no data for this year
        return d.weekday() < 5


def _midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _tod(t: datetime) -> int:
    return _time_us(t.time())


class WorkCalendar:
    """A schedule applied on working days, with local overrides of the day type.

    ``overrides`` maps a date to True (working) or False (off) and beats the
    official calendar. ``all_days=True`` makes every other day a working day,
    for round-the-clock duty or for counting natural time.
    """

    def __init__(self, schedule: Schedule = DEFAULT_SCHEDULE,
                 overrides: Mapping[date, bool] | None = None, *, all_days: bool = False):
        self.schedule = schedule
        self.overrides = {d: bool(v) for d, v in (overrides or {}).items()}
        self.all_days = all_days

    def __repr__(self) -> str:
        return (f"WorkCalendar({self.schedule.name!r}, {len(self.overrides)} overrides"
                f"{', all days' if self.all_days else ''})")

    def is_working_day(self, d: date) -> bool:
        override = self.overrides.get(d)
        if override is not None:
            return override
        return self.all_days or _official_working_day(d)

    def add(self, start: datetime, limit: TimeLimit) -> datetime:
        """The deadline of ``limit`` counted from ``start``."""
        if limit.unit is LimitUnit.NATURAL_HOURS:
            return start + timedelta(hours=limit.amount)
        return self.add_minutes(start, limit_minutes(self, limit))

    def add_minutes(self, start: datetime, minutes: int | float) -> datetime:
        """``start`` moved by working minutes; negative values count backwards.

        Counting forward from outside working time begins at the next working
        instant, so adding 0 returns ``next_working_instant(start)``. Results are
        the earliest instant with the wanted working time, so an amount running
        out exactly at a period end returns that end (12:00, not 14:00).
        """
        return self._add_us(start, round(minutes * _US_PER_MINUTE))

    def _add_us(self, start: datetime, amount: int) -> datetime:
        if amount > 0:
            return self._forward(start, amount)
        if amount < 0:
            return self._backward(start, -amount)
        return self.next_working_instant(start)

    def _forward(self, start: datetime, amount: int) -> datetime:
        day, sched = start.date(), self.schedule
        left = sched.day_us - sched.work_before(_tod(start)) if self.is_working_day(day) else 0
        while amount > left:
            amount -= left
            day += _ONE_DAY
            left = sched.day_us if self.is_working_day(day) else 0
        worked = sched.day_us - left + amount
        return _midnight(day) + timedelta(microseconds=sched.at_work(worked))

    def _backward(self, start: datetime, amount: int) -> datetime:
        day, sched = start.date(), self.schedule
        done = sched.work_before(_tod(start)) if self.is_working_day(day) else 0
        # On a tie, yesterday's end has the same working time as today's start
        # and is earlier, so keep walking back.
        while amount >= done:
            amount -= done
            day -= _ONE_DAY
            done = sched.day_us if self.is_working_day(day) else 0
        return _midnight(day) + timedelta(microseconds=sched.at_work(done - amount))

    def working_minutes_between(self, start: datetime, end: datetime) -> float:
        """Working minutes in [start, end); negative when ``end`` is before ``start``."""
        return self._working_us_between(start, end) / _US_PER_MINUTE

    def _working_us_between(self, start: datetime, end: datetime) -> int:
        if end < start:
            return -self._working_us_between(end, start)
        sched, first, last = self.schedule, start.date(), end.date()
        from_start = sched.work_before(_tod(start)) if self.is_working_day(first) else 0
        to_end = sched.work_before(_tod(end)) if self.is_working_day(last) else 0
        if first == last:
            return to_end - from_start
        middle = self._working_days(first + _ONE_DAY, last)
        opening = sched.day_us - from_start if self.is_working_day(first) else 0
        return opening + middle * sched.day_us + to_end

    def _working_days(self, first: date, stop: date) -> int:
        """Number of working days in [first, stop)."""
        count, day = 0, first
        while day < stop:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def next_working_instant(self, t: datetime) -> datetime:
        """``t`` itself if it is working time, else the start of the next period."""
        day, tod = t.date(), _tod(t)
        if self.is_working_day(day):
            for start, end in self.schedule.bounds:
                if tod < end:
                    return t if tod >= start else _midnight(day) + timedelta(microseconds=start)
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return _midnight(day) + timedelta(microseconds=self.schedule.bounds[0][0])


DEFAULT_CALENDAR = WorkCalendar()
# Working time equals natural time here: use it to count natural-hour limits.
NATURAL_CALENDAR = WorkCalendar(FULL_DAY_SCHEDULE, all_days=True)


def limit_minutes(calendar: WorkCalendar, limit: TimeLimit) -> float:
    """``limit`` in minutes; working days use the calendar's minutes per day.

    Natural hours give ``amount * 60`` natural minutes, not working minutes.
    """
    if limit.unit is LimitUnit.WORK_DAYS:
        return limit.amount * calendar.schedule.minutes_per_day
    if limit.unit is LimitUnit.WORK_MINUTES:
        return float(limit.amount)
    return limit.amount * 60.0


def countdown(calendar: WorkCalendar, started: datetime, deadline: datetime, now: datetime,
              warn_share: float = 0.8) -> Countdown:
    """Traffic light of a running limit, measured in the calendar's working time.

    For natural-hour limits pass ``NATURAL_CALENDAR`` so the share is natural time.
    """
    if now >= deadline:
        return Countdown.OVERDUE
    total = calendar._working_us_between(started, deadline)
    elapsed = calendar._working_us_between(started, now)
    return Countdown.WARNING if elapsed >= warn_share * total else Countdown.NORMAL


def remaining_minutes(calendar: WorkCalendar, deadline: datetime, now: datetime) -> float:
    """Working minutes left until ``deadline``; negative once it has passed."""
    return calendar.working_minutes_between(now, deadline)


def shift_for_hold(calendar: WorkCalendar, deadline: datetime, hold_start: datetime,
                   resume_at: datetime) -> datetime:
    """The deadline after a hold: what remained at ``hold_start`` counts again from ``resume_at``.

    A case already overdue when held stays overdue by the same working time.
    """
    if resume_at < hold_start:
        raise ValueError("a hold cannot end before it starts")
    remaining = calendar._working_us_between(hold_start, deadline)
    return calendar._add_us(resume_at, remaining)


def extend(calendar: WorkCalendar, deadline: datetime, limit: TimeLimit) -> datetime:
    """The deadline moved by an extension of ``limit``, counted from the old deadline."""
    return calendar.add(deadline, limit)
