"""``WorkCalendar.add`` for many start times at once, for imports of a million cases.

The calendar walks day by day from each start; here the working time of every day in the
range is summed once (cumulative microseconds), so a deadline is a position on that sum:
the start's position plus the limit, looked up with one ``searchsorted``. Results equal
``calendar.add(start, limit)`` to the microsecond, including the rules that make a limit
running out at a period's end end there (12:00, not 14:00) and that counting from outside
working time begins at the next working instant.
"""
from __future__ import annotations

from datetime import date

import numpy as np

from commandcenter.models.worktime import LimitUnit, TimeLimit, WorkCalendar, limit_minutes

_US_PER_MINUTE = 60_000_000
_DAY_US = 86_400_000_000
_EPOCH = date(1970, 1, 1).toordinal()


def add_many(calendar: WorkCalendar, starts: np.ndarray, limit: TimeLimit) -> np.ndarray:
    """Deadlines (datetime64[us]) of ``limit`` from each of ``starts`` (datetime64, no NaT)."""
    starts = np.asarray(starts).astype("datetime64[us]")
    if limit.unit is LimitUnit.NATURAL_HOURS:
        return starts + np.timedelta64(limit.amount, "h")
    amount = round(limit_minutes(calendar, limit) * _US_PER_MINUTE)
    if not len(starts) or amount <= 0:
        return np.array([np.datetime64(calendar.add(s, limit), "us") for s in starts.tolist()],
                        dtype="datetime64[us]")
    bounds = np.array(calendar.schedule.bounds, dtype=np.int64)          # (periods, 2)
    lengths = bounds[:, 1] - bounds[:, 0]
    period_end = np.cumsum(lengths)            # working time done at each period's end
    day_us = int(period_end[-1])
    us = starts.astype(np.int64)
    day = us // _DAY_US
    tod = us - day * _DAY_US
    first = int(day.min())
    # Enough days for the longest wait: the limit in working days, plus room for holidays
    # (the Spring Festival's week off); extended if a deadline still falls beyond it.
    span = int(day.max()) - first + amount // day_us + 30
    while True:
        working = np.array([calendar.is_working_day(date.fromordinal(_EPOCH + first + i))
                            for i in range(span + 1)])
        day_end = np.cumsum(np.where(working, day_us, 0))   # worked by the end of each day
        day_start = day_end - np.where(working, day_us, 0)
        i0 = day - first
        before = (np.clip(tod[:, None], bounds[:, 0], bounds[:, 1]) - bounds[:, 0]).sum(axis=1)
        target = day_start[i0] + np.where(working[i0], before, 0) + amount
        hit = np.searchsorted(day_end, target, side="left")
        if hit.max() < len(day_end):
            break
        span *= 2
    worked = target - day_start[hit]          # in (0, day_us] on a working day
    period = np.searchsorted(period_end, worked, side="left")
    at = bounds[period, 0] + worked - (period_end[period] - lengths[period])
    return ((first + hit) * _DAY_US + at).astype("datetime64[us]")
