"""Working-time arithmetic: calendar walk with whole-day skips against a minute-by-minute walk.

Run: python bench/bench_worktime.py
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta

from commandcenter.models.worktime import DEFAULT_CALENDAR as CAL


def naive_minutes_between(start: datetime, end: datetime) -> int:
    """What a first attempt does: test every minute."""
    minutes, t = 0, start
    while t < end:
        if CAL.is_working_day(t.date()) and (8 <= t.hour < 12 or 14 <= t.hour < 18):
            minutes += 1
        t += timedelta(minutes=1)
    return minutes


def timed(fn, repeat: int) -> float:
    began = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - began) / repeat


def main() -> None:
    start, end = datetime(2025, 1, 1, 9), datetime(2026, 1, 1, 9)
    CAL.working_minutes_between(start, end)  # warm the per-day cache
    fast = timed(lambda: CAL.working_minutes_between(start, end), 2000)
    add = timed(lambda: CAL.add_minutes(start, 250 * 480), 2000)
    naive = timed(lambda: naive_minutes_between(start, end), 1)
    assert naive_minutes_between(start, end) == CAL.working_minutes_between(start, end)
    print(f"working minutes over one year: {fast * 1e6:8.1f} µs  (minute walk {naive * 1e3:.0f} ms, "
          f"{naive / fast:,.0f}× slower)")
    print(f"add 250 working days:          {add * 1e6:8.1f} µs")
    short = timed(lambda: CAL.add_minutes(datetime(2026, 11, 23, 11, 50), 300), 20000)
    print(f"add 5 working hours:           {short * 1e6:8.1f} µs")


if __name__ == "__main__":
    main()
