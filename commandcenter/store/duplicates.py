"""Duplicates in the database: the possible duplicates of a report, read set-based, the
index of open cases a desk keeps in memory, and the duplicates merged into a case.

The search reads only the open cases of the report's class inside a box around it and
recent enough (``ix_cases_open_class_lat``), then leaves the exact test and the order to
:func:`commandcenter.models.duplicates.scan_duplicates`. Its condition on open cases is
written as the partial index's own text: SQLite uses a partial index only for a query
that repeats its WHERE term, and ``Case.is_open`` would be rendered ``is_open = 1``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from commandcenter.models.duplicates import (DuplicateIndex, DuplicateMatch, DuplicateRules,
                                             OpenCase, scan_duplicates)
from commandcenter.models.enums import Stage
from commandcenter.models.space import metres_per_degree

from .db import Database
from .schema import OPEN, Case

_COLUMNS = (Case.id, Case.number, Case.class_key, Case.lon, Case.lat, Case.reported_at)
# A hair of slack on the box, so no case the exact test keeps is left outside it.
_SLACK = 1 + 1e-6


def possible_duplicates(db: Database, class_key: str, lon: float, lat: float, at: datetime,
                        rules: DuplicateRules = DuplicateRules(),
                        exclude: int | None = None) -> list[DuplicateMatch]:
    """Open cases of ``class_key`` within ``rules.radius_m`` of (lon, lat) reported at most
    ``rules.days`` before ``at``, nearest first; ``exclude`` is the report's own id."""
    kx, ky = metres_per_degree(lat)
    dlon, dlat = rules.radius_m / kx * _SLACK, rules.radius_m / ky * _SLACK
    stmt = (select(*_COLUMNS)
            .where(OPEN, Case.class_key == class_key,
                   Case.lat.between(lat - dlat, lat + dlat),
                   Case.lon.between(lon - dlon, lon + dlon),
                   Case.reported_at >= at - rules.window))
    with db.session() as session:
        cases = [OpenCase(*row) for row in session.execute(stmt)]
    return scan_duplicates(cases, class_key, lon, lat, at, rules, exclude)


def duplicates_of_case(db: Database, case_ref: int | str,
                       rules: DuplicateRules = DuplicateRules()) -> list[DuplicateMatch]:
    """The possible duplicates of a stored case: its class, place and report time."""
    from .service import NotFound
    column = Case.number if isinstance(case_ref, str) else Case.id
    with db.session() as session:
        row = session.execute(select(*_COLUMNS).where(column == case_ref)).first()
    if row is None:
        raise NotFound(f"no case {case_ref}")
    case = OpenCase(*row)
    return possible_duplicates(db, case.class_key, case.lon, case.lat, case.reported_at, rules,
                               exclude=case.case_id)


def open_cases(db: Database, since: datetime | None = None,
               ids: Iterable[int] | None = None) -> list[OpenCase]:
    """Open cases (reported at or after ``since``; only ``ids`` if given), for an index."""
    stmt = select(*_COLUMNS).where(OPEN).order_by(Case.id)
    if since is not None:
        stmt = stmt.where(Case.reported_at >= since)
    if ids is not None:
        stmt = stmt.where(Case.id.in_(sorted(set(ids))))
    with db.session() as session:
        return [OpenCase(*row) for row in session.execute(stmt)]


def load_index(db: Database, since: datetime | None = None, *,
               cell_m: float | None = None) -> DuplicateIndex:
    """An index of the open cases reported since ``since`` (a desk builds it once)."""
    cases = open_cases(db, since)
    return DuplicateIndex(cases, cell_m=cell_m or DuplicateRules().radius_m)


def refresh_index(db: Database, index: DuplicateIndex, case_ids: Iterable[int]) -> None:
    """Bring ``index`` up to date for cases the change log says changed: the open ones
    are (re)indexed, the rest (closed, voided, merged, gone) forgotten."""
    case_ids = set(case_ids)
    still_open = {c.case_id: c for c in open_cases(db, ids=case_ids)} if case_ids else {}
    for case_id in case_ids:
        if case_id in still_open:
            index.add(still_open[case_id])
        else:
            index.discard(case_id)


@dataclass(frozen=True)
class MergedDuplicate:
    """A report merged into another case."""

    case_id: int
    number: str
    source: str
    reported_at: datetime
    merged_at: datetime | None
    merged_by: str
    description: str


def merged_into(db: Database, case_ref: int | str) -> list[MergedDuplicate]:
    """The duplicates merged into a case, oldest report first."""
    from .service import NotFound
    column = Case.number if isinstance(case_ref, str) else Case.id
    with db.session() as session:
        parent = session.scalar(select(Case.id).where(column == case_ref))
        if parent is None:
            raise NotFound(f"no case {case_ref}")
        rows = session.execute(
            select(Case.id, Case.number, Case.source, Case.reported_at, Case.closed_at,
                   Case.updated_by, Case.description)
            .where(Case.merged_into == parent, Case.stage == Stage.VOID.value)
            .order_by(Case.reported_at, Case.id))
        return [MergedDuplicate(*row) for row in rows]
