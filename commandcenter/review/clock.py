"""Working time for whole columns of timestamps at once.

``WorkCalendar.working_minutes_between`` walks day by day for one pair of times; a review
needs it for every case of a month. ``WorkClock`` turns each timestamp into working
minutes since a fixed origin (cumulative working time of the days before it plus the
worked part of its own day), so a difference of two columns is a column of working
minutes, computed by numpy.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from commandcenter.models.worktime import WorkCalendar

_US_PER_MINUTE = 60_000_000


class WorkClock:
    def __init__(self, calendar: WorkCalendar, first: date, last: date):
        self.origin = np.datetime64(first, "D")
        days = (last - first).days + 2
        working = np.array([calendar.is_working_day(first + timedelta(days=i))
                            for i in range(days)], dtype=bool)
        per_day = calendar.schedule.day_us / _US_PER_MINUTE
        self._working = working
        self._before = np.concatenate([[0.0], np.cumsum(working * per_day)])[:-1]
        self._bounds = np.array(calendar.schedule.bounds, dtype=np.float64) / _US_PER_MINUTE

    def minutes(self, times: pd.Series) -> np.ndarray:
        """Working minutes from the origin to each time (NaN for missing times)."""
        values = times.to_numpy(dtype="datetime64[us]")
        missing = np.isnat(values)
        day = values.astype("datetime64[D]")
        index = (day - self.origin).astype(np.int64)
        index = np.clip(index, 0, len(self._working) - 1)
        tod = (values - day).astype("timedelta64[us]").astype(np.float64) / _US_PER_MINUTE
        starts, ends = self._bounds[:, 0], self._bounds[:, 1]
        within = np.clip(tod[:, None], starts, ends).sum(axis=1) - starts.sum() \
            if len(values) else np.zeros(0)
        result = self._before[index] + np.where(self._working[index], within, 0.0)
        result[missing] = np.nan
        return result

    def between(self, start: pd.Series, end: pd.Series) -> np.ndarray:
        return self.minutes(end) - self.minutes(start)
