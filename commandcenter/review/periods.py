"""Review periods: a month by default, or a week, quarter, year or custom range.

A period is the half-open interval [start, end) of local midnights. ``previous`` is the
period just before it (环比) and ``year_earlier`` the same period a year before (同比).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta


class PeriodError(ValueError):
    """A period text that cannot be read; the message says what is expected."""


@dataclass(frozen=True)
class Period:
    kind: str          # month, week, quarter, year, range
    start: date
    end: date          # exclusive

    @property
    def key(self) -> str:
        s = self.start
        if self.kind == "month":
            return f"{s:%Y-%m}"
        if self.kind == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"{s.year}"
        if self.kind == "week":
            year, week, _ = s.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{s:%Y-%m-%d}..{self.end - timedelta(days=1):%Y-%m-%d}"

    @property
    def start_at(self) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day)

    @property
    def end_at(self) -> datetime:
        return datetime(self.end.year, self.end.month, self.end.day)

    def previous(self) -> Period:
        if self.kind == "month":
            return month(*_add_months(self.start, -1))
        if self.kind == "quarter":
            y, m = _add_months(self.start, -3)
            return Period("quarter", date(y, m, 1), self.start)
        if self.kind == "year":
            return Period("year", date(self.start.year - 1, 1, 1), self.start)
        span = self.end - self.start
        return Period(self.kind, self.start - span, self.start)

    def year_earlier(self) -> Period:
        if self.kind == "week":
            return Period("week", self.start - timedelta(weeks=52), self.end - timedelta(weeks=52))
        return Period(self.kind, _minus_year(self.start), _minus_year(self.end))

    def trend(self, count: int = 12) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    def __str__(self) -> str:
        return self.key


def _add_months(d: date, n: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + n
    return index // 12, index % 12 + 1


def _minus_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def month(year: int, m: int) -> Period:
    y2, m2 = _add_months(date(year, m, 1), 1)
    return Period("month", date(year, m, 1), date(y2, m2, 1))


_FORMS = ("YYYY-MM, YYYY-Www, YYYY-Qn, YYYY, YYYY-MM-DD..YYYY-MM-DD, "
          "this-month, last-month (also week, quarter, year) or last-N-days")


def containing(kind: str, day: date) -> Period:
    """The month, week, quarter or year that ``day`` falls in."""
    if kind == "month":
        return month(day.year, day.month)
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period("week", start, start + timedelta(weeks=1))
    if kind == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        y, m = _add_months(start, 3)
        return Period("quarter", start, date(y, m, 1))
    return Period("year", date(day.year, 1, 1), date(day.year + 1, 1, 1))


def _relative(t: str, today: date | None) -> Period | None:
    """``this-month``, ``last-week``…, or ``last-30-days`` (the 30 days up to and including
    today); None if ``t`` is none of these."""
    if m := re.fullmatch(r"(this|last)-(month|week|quarter|year)", t):
        current = containing(m[2], today or _today())
        return current if m[1] == "this" else current.previous()
    if m := re.fullmatch(r"last-(\d{1,4})-days?", t):
        if int(m[1]) < 1:
            raise PeriodError(f"bad period {t!r}: at least one day")
        end = (today or _today()) + timedelta(days=1)
        return Period("range", end - timedelta(days=int(m[1])), end)
    return None


def _today() -> date:
    from commandcenter.store.service import local_now  # the district's calendar day
    return local_now().date()


def parse_period(text: str, today: date | None = None) -> Period:
    """Read ``2026-11``, ``2026-W47``, ``2026-Q4``, ``2026``, ``2026-11-01..2026-11-15``, or
    one relative to ``today`` (default: the district's today): ``this-month``,
    ``last-month`` (and the same for week, quarter and year) or ``last-30-days``."""
    t = (text or "").strip()
    if (relative := _relative(t.lower(), today)) is not None:
        return relative
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", t):
            return month(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", t):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Period("week", start, start + timedelta(weeks=1))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", t):
            start = date(int(m[1]), 3 * int(m[2]) - 2, 1)
            y, mo = _add_months(start, 3)
            return Period("quarter", start, date(y, mo, 1))
        if m := re.fullmatch(r"(\d{4})", t):
            return Period("year", date(int(m[1]), 1, 1), date(int(m[1]) + 1, 1, 1))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", t):
            first, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if last < first:
                raise PeriodError(f"bad period {text!r}: the range ends before it starts")
            return Period("range", first, last + timedelta(days=1))
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"bad period {text!r}: {exc}") from None
    raise PeriodError(f"bad period {text!r}: expected {_FORMS}")
