"""Bulk writers for imports: many cases and their events in the caller's transaction.

Both paths write exactly the rows the per-case service would — the case, its events, and a
change-log row for each case still open (what live views follow; closed history changes
nothing on a dispatcher's screen) — so a rejected file rolls back whole.

* PostgreSQL: :mod:`.importpg` (COPY into a staging table, cases and events written by
  INSERT … SELECT).
* SQLite: batched executemany of the same rows, events from ``implied_events``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from commandcenter.models.enums import Role

from .schema import Case, CaseCounter, CaseEventRow, ChangeLog, Department

_CASES, _EVENTS, _CHANGES = Case.__table__, CaseEventRow.__table__, ChangeLog.__table__
IMPORT_ACTOR, IMPORT_ROLE = "import", Role.SYSTEM.value
MAX_SERIAL = 99_999   # case numbers carry five serial digits a day


class TooManyCases(ValueError):
    pass


def department_codes(session: Session) -> set[str]:
    return set(session.scalars(select(Department.code)))


def any_imported(session: Session) -> bool:
    return session.scalar(select(Case.id).where(Case.external_id.is_not(None)).limit(1)) is not None


def existing_external_ids(session: Session, ids: Sequence[str]) -> set[str]:
    if session.bind.dialect.name == "postgresql":   # one array parameter, not thousands
        return set(session.scalars(text("SELECT external_id FROM cases WHERE external_id = "
                                        "ANY(:ids)"), {"ids": list(ids)}))
    found: set[str] = set()
    for start in range(0, len(ids), 5000):
        chunk = list(ids[start:start + 5000])
        found.update(session.scalars(select(Case.external_id).where(Case.external_id.in_(chunk))))
    return found


def write_cases(session: Session, cases: Sequence, events_of) -> int:
    """Insert imported cases (``exchange.caserows.ImportedCase``, grid and stage set; the
    caller has left out those already there) on SQLite; ``events_of(case)`` gives a case's
    events. Returns how many were written."""
    if not cases:
        return 0
    return _sqlite_write(session, cases, events_of)


def case_values(c, number: str) -> dict[str, Any]:
    return {
        "number": number, "source": c.source, "kind": c.kind, "class_key": c.class_key,
        "urgency": c.urgency, "lon": c.lon, "lat": c.lat, "grid_code": c.grid_code,
        "description": c.description, "address": c.address, "component_code": None,
        "reporter_name": "", "reporter_phone": "", "reporter_id_no": "", "photos": [],
        "stage": c.stage.value, "is_open": c.stage.is_open, "department_code": c.department_code,
        "reported_at": c.reported_at, "stage_started_at": c.stage_started_at,
        "deadline": c.deadline, "handle_started_at": c.handle_started_at,
        "handle_deadline": c.handle_deadline, "hold_started_at": None, "pending_request": None,
        "pending_payload": {}, "supervision_level": 0, "escalation_level": 0, "rework_count": 0,
        "return_count": 0, "extension_count": 0, "hold_count": 0, "closed_at": c.closed_at,
        "version": c.version, "updated_by": IMPORT_ACTOR, "updated_at": c.updated_at,
        "external_id": c.external_id, "imported": True}


def _numbers(session: Session, cases: Sequence) -> list[str]:
    """Case numbers from the same per-day counters the service uses, one statement a batch."""
    days = Counter(c.reported_at.strftime("%Y%m%d") for c in cases)
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(CaseCounter).values([{"day": d, "last": n} for d, n in sorted(days.items())])
    stmt = stmt.on_conflict_do_update(index_elements=[CaseCounter.day],
                                      set_={"last": CaseCounter.last + stmt.excluded.last})
    serial = {}
    for day, last in session.execute(stmt.returning(CaseCounter.day, CaseCounter.last)):
        if last > MAX_SERIAL:
            raise TooManyCases(f"more than {MAX_SERIAL:,} cases reported on {day}")
        serial[day] = last - days[day] + 1
    numbers = []
    for c in cases:
        day = c.reported_at.strftime("%Y%m%d")
        numbers.append(f"{day}{serial[day]:05d}")
        serial[day] += 1
    return numbers


def _sqlite_write(session: Session, cases: Sequence, events_of) -> int:
    rows = [case_values(c, n) for c, n in zip(cases, _numbers(session, cases))]
    ids = list(session.scalars(
        insert(_CASES).returning(_CASES.c.id, sort_by_parameter_order=True), rows))
    session.execute(insert(_EVENTS), [
        {"case_id": i, "seq": seq, "action": e.action.value, "actor": IMPORT_ACTOR,
         "role": IMPORT_ROLE, "at": e.at, "from_stage": e.from_stage.value if e.from_stage else None,
         "to_stage": e.to_stage.value, "reason": "", "payload": e.payload}
        for c, i in zip(cases, ids) for seq, e in enumerate(events_of(c), start=1)])
    changes = [{"entity": "case", "entity_id": str(i), "kind": "import", "at": c.updated_at}
               for c, i in zip(cases, ids) if c.stage.is_open]
    if changes:
        session.execute(insert(_CHANGES), changes)
    return len(cases)


def imported_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Case).where(Case.imported))


def upsert_components(db, rows: list[dict], *, dry_run: bool = False) -> tuple[int, int]:
    """Insert or replace components by code in one transaction: (new, replaced)."""
    from .schema import Component
    codes = [r["code"] for r in rows]
    with db.session() as s:
        there = set()
        for start in range(0, len(codes), 5000):
            there.update(s.scalars(select(Component.code).where(
                Component.code.in_(codes[start:start + 5000]))))
        if dry_run:
            return len(rows) - len(there), len(there)
        dialect = postgresql if s.bind.dialect.name == "postgresql" else sqlite
        for start in range(0, len(rows), 2000):
            stmt = dialect.insert(Component).values(rows[start:start + 2000])
            stmt = stmt.on_conflict_do_update(index_elements=[Component.code], set_={
                c: stmt.excluded[c] for c in ("class_key", "name", "owner_department",
                                              "maintainer_department", "grid_code", "state",
                                              "lon", "lat")})
            s.execute(stmt)
    return len(rows) - len(there), len(there)
