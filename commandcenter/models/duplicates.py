"""Possible duplicates of a new report: open cases of the same minor class, close by, recent.

A report is a possible duplicate of an open case of the same minor class within
``radius_m`` metres that was reported at most ``days`` days before it. Distances are
measured in the equirectangular frame at the new report (:func:`space.distance_m`).

:func:`scan_duplicates` answers by looking at every case; :class:`DuplicateIndex` answers
the same from a grid hash (square cells per class in a fixed metric frame), built once and
kept current with :meth:`~DuplicateIndex.add` and :meth:`~DuplicateIndex.discard` as cases
are reported and end. The index only narrows the cases looked at; the final test and the
distance are the scan's own, so both give the same answer.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .space import distance_m, metres_per_degree

DEFAULT_RADIUS_M = 50.0
DEFAULT_DAYS = 7.0


@dataclass(frozen=True)
class DuplicateRules:
    """How near and how recent an open case must be to be offered as the same problem."""

    radius_m: float = DEFAULT_RADIUS_M
    days: float = DEFAULT_DAYS

    def __post_init__(self) -> None:
        if not (self.radius_m > 0 and self.days > 0):
            raise ValueError("the duplicate radius and window must be positive")

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.days)


@dataclass(frozen=True, slots=True)
class OpenCase:
    """What the search needs to know of an open case."""

    case_id: int
    number: str
    class_key: str
    lon: float
    lat: float
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    case_id: int
    number: str
    class_key: str
    distance_m: float
    reported_at: datetime


def _order(match: DuplicateMatch) -> tuple:
    return match.distance_m, match.reported_at, match.case_id


def _match(case: OpenCase, lon: float, lat: float, since: datetime,
           scales: tuple[float, float], radius_m: float) -> DuplicateMatch | None:
    if case.reported_at < since:
        return None
    d = distance_m(lon, lat, case.lon, case.lat, scales)
    if d > radius_m:
        return None
    return DuplicateMatch(case.case_id, case.number, case.class_key, d, case.reported_at)


def scan_duplicates(cases: Iterable[OpenCase], class_key: str, lon: float, lat: float,
                    at: datetime, rules: DuplicateRules = DuplicateRules(),
                    exclude: int | None = None) -> list[DuplicateMatch]:
    """The possible duplicates of a report of ``class_key`` at (lon, lat) made at ``at``,
    nearest first, looking at every case (``exclude``: the report's own id, if stored)."""
    scales, since = metres_per_degree(lat), at - rules.window
    found = []
    for case in cases:
        if case.class_key != class_key or case.case_id == exclude:
            continue
        match = _match(case, lon, lat, since, scales, rules.radius_m)
        if match is not None:
            found.append(match)
    return sorted(found, key=_order)


_Key = tuple[str, int, int]


class DuplicateIndex:
    """Open cases hashed by class into square cells of ``cell_m`` metres.

    The frame is fixed at ``origin`` (default: the first case added), so a case's cell
    never changes while it is indexed. Searching with a radius larger than the cell looks
    at more cells; it stays correct for any radius.
    """

    def __init__(self, cases: Iterable[OpenCase] = (), *, cell_m: float = DEFAULT_RADIUS_M,
                 origin: tuple[float, float] | None = None):
        if cell_m <= 0:
            raise ValueError("the cell size must be positive")
        self.cell_m = cell_m
        self._origin = origin
        self._scales = metres_per_degree(origin[1]) if origin else None
        self._cells: dict[_Key, dict[int, OpenCase]] = {}
        self._key_of: dict[int, _Key] = {}
        for case in cases:
            self.add(case)

    def __len__(self) -> int:
        return len(self._key_of)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._key_of

    def _cell(self, lon: float, lat: float) -> tuple[int, int]:
        kx, ky = self._scales
        lon0, lat0 = self._origin
        return (math.floor((lon - lon0) * kx / self.cell_m),
                math.floor((lat - lat0) * ky / self.cell_m))

    def add(self, case: OpenCase) -> None:
        """Index ``case``, replacing what was indexed under its id (a moved or
        reclassified case)."""
        if self._origin is None:
            self._origin = (case.lon, case.lat)
            self._scales = metres_per_degree(case.lat)
        self.discard(case.case_id)
        key = (case.class_key, *self._cell(case.lon, case.lat))
        self._cells.setdefault(key, {})[case.case_id] = case
        self._key_of[case.case_id] = key

    def discard(self, case_id: int) -> None:
        """Forget a case (it was closed, voided or merged); unknown ids are ignored."""
        key = self._key_of.pop(case_id, None)
        if key is not None:
            bucket = self._cells[key]
            del bucket[case_id]
            if not bucket:
                del self._cells[key]

    def search(self, class_key: str, lon: float, lat: float, at: datetime,
               rules: DuplicateRules = DuplicateRules(),
               exclude: int | None = None) -> list[DuplicateMatch]:
        """What :func:`scan_duplicates` answers over the indexed cases."""
        if not self._key_of:
            return []
        scales, since, radius = metres_per_degree(lat), at - rules.window, rules.radius_m
        # A point within ``radius`` by the report's scales lies within these offsets in
        # the index's frame (its scales differ a little away from the origin's latitude).
        kx0, ky0 = self._scales
        reach_x = radius * kx0 / scales[0] * (1 + 1e-9) + 1e-6
        reach_y = radius * ky0 / scales[1] * (1 + 1e-9) + 1e-6
        lon0, lat0 = self._origin
        x, y = (lon - lon0) * kx0, (lat - lat0) * ky0
        size = self.cell_m
        xs = range(math.floor((x - reach_x) / size), math.floor((x + reach_x) / size) + 1)
        ys = range(math.floor((y - reach_y) / size), math.floor((y + reach_y) / size) + 1)
        if len(xs) * len(ys) <= len(self._cells):
            keys = [(class_key, ix, iy) for ix in xs for iy in ys]
        else:  # a radius of many cells: walking the occupied cells is shorter
            keys = [k for k in self._cells if k[0] == class_key and k[1] in xs and k[2] in ys]
        found = []
        for key in keys:
            for case in self._cells.get(key, {}).values():
                if case.case_id == exclude:
                    continue
                match = _match(case, lon, lat, since, scales, radius)
                if match is not None:
                    found.append(match)
        return sorted(found, key=_order)
