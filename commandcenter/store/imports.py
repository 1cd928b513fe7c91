"""Bulk writers for imports: many cases and their events in one transaction.

PostgreSQL gets COPY (rows formatted as COPY text here, ids drawn from the sequences in one
statement); SQLite gets batched executemany. Both write exactly the rows the per-case
service would — the case, its events, a change-log row for each case still open (what live
views follow; closed history changes nothing on a dispatcher's screen) — in the caller's
transaction, so a rejected file rolls back whole.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from commandcenter.models.enums import Role

from .schema import Case, CaseCounter, CaseEventRow, ChangeLog

_CASES, _EVENTS, _CHANGES = Case.__table__, CaseEventRow.__table__, ChangeLog.__table__
CASE_COLUMNS = [c.name for c in _CASES.c]
EVENT_COLUMNS = [c.name for c in _EVENTS.c if c.name != "id"]
CHANGE_COLUMNS = ["entity", "entity_id", "kind", "at"]
IMPORT_ACTOR, IMPORT_ROLE = "import", Role.SYSTEM.value


def existing_external_ids(session: Session, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 5000):
        chunk = list(ids[start:start + 5000])
        found.update(session.scalars(select(Case.external_id).where(Case.external_id.in_(chunk))))
    return found


def take_numbers(session: Session, days: Counter) -> dict[str, int]:
    """Reserve ``days[d]`` case serials for each day ``YYYYMMDD``; the first serial of each."""
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    first = {}
    for day, count in sorted(days.items()):
        stmt = dialect.insert(CaseCounter).values(day=day, last=count)
        stmt = stmt.on_conflict_do_update(index_elements=[CaseCounter.day],
                                          set_={"last": CaseCounter.last + count})
        last = session.scalar(stmt.returning(CaseCounter.last))
        if last > 99_999:
            raise ValueError(f"more than 99,999 cases on {day}: case numbers have 5 serial digits")
        first[day] = last - count + 1
    return first


def case_values(c, case_id: int | None, number: str) -> dict[str, Any]:
    """Column values of an imported case (an ``exchange.caserows.ImportedCase``)."""
    last = c.events[-1].at
    return {
        "id": case_id, "number": number, "source": c.source, "kind": c.kind,
        "class_key": c.class_key, "urgency": c.urgency, "lon": c.lon, "lat": c.lat,
        "grid_code": c.grid_code, "description": c.description, "address": c.address,
        "component_code": None, "reporter_name": "", "reporter_phone": "", "reporter_id_no": "",
        "photos": [], "stage": c.stage.value, "is_open": c.stage.is_open,
        "department_code": c.department_code, "reported_at": c.reported_at,
        "stage_started_at": c.stage_started_at, "deadline": c.deadline,
        "handle_started_at": c.handle_started_at, "handle_deadline": c.handle_deadline,
        "hold_started_at": None, "pending_request": None, "pending_payload": {},
        "supervision_level": 0, "escalation_level": 0, "rework_count": 0, "return_count": 0,
        "extension_count": 0, "hold_count": 0, "closed_at": c.closed_at,
        "version": len(c.events), "updated_by": IMPORT_ACTOR, "updated_at": last,
        "external_id": c.external_id, "imported": True}


def event_values(c, case_id: int) -> list[dict[str, Any]]:
    return [{"case_id": case_id, "seq": seq, "action": e.action.value, "actor": IMPORT_ACTOR,
             "role": IMPORT_ROLE, "at": e.at,
             "from_stage": e.from_stage.value if e.from_stage else None,
             "to_stage": e.to_stage.value, "reason": "", "payload": e.payload}
            for seq, e in enumerate(c.events, start=1)]


def write_cases(session: Session, cases: Sequence) -> list[int]:
    """Insert imported cases (grid and history already set); returns their ids in order."""
    if not cases:
        return []
    days = Counter(c.reported_at.strftime("%Y%m%d") for c in cases)
    next_serial = take_numbers(session, days)
    numbers = []
    for c in cases:
        day = c.reported_at.strftime("%Y%m%d")
        numbers.append(f"{day}{next_serial[day]:05d}")
        next_serial[day] += 1
    if session.bind.dialect.name == "postgresql":
        return _copy(session, cases, numbers)
    return _executemany(session, cases, numbers)


def _executemany(session: Session, cases: Sequence, numbers: list[str]) -> list[int]:
    rows = [case_values(c, None, n) for c, n in zip(cases, numbers)]
    for row in rows:
        del row["id"]
    ids = list(session.scalars(insert(_CASES).returning(_CASES.c.id, sort_by_parameter_order=True),
                               rows))
    session.execute(insert(_EVENTS), [e for c, i in zip(cases, ids) for e in event_values(c, i)])
    changes = [{"entity": "case", "entity_id": str(i), "kind": "import", "at": c.events[-1].at}
               for c, i in zip(cases, ids) if c.stage.is_open]
    if changes:
        session.execute(insert(_CHANGES), changes)
    return ids


# --- PostgreSQL COPY -------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _field(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
    return str(value)


def _lines(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterable[str]:
    for row in rows:
        yield "\t".join([_field(row[c]) for c in columns]) + "\n"


def _copy_rows(cursor, table: str, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buffer: list[str] = []
        for line in _lines(rows, columns):
            buffer.append(line)
            if len(buffer) >= 2000:
                copy.write("".join(buffer))
                buffer.clear()
        if buffer:
            copy.write("".join(buffer))


def _copy(session: Session, cases: Sequence, numbers: list[str]) -> list[int]:
    ids = list(session.scalars(
        text("SELECT nextval(pg_get_serial_sequence('cases', 'id')) "
             "FROM generate_series(1, :n)"), {"n": len(cases)}))
    cursor = session.connection().connection.driver_connection.cursor()
    _copy_rows(cursor, "cases", CASE_COLUMNS,
               (case_values(c, i, n) for c, i, n in zip(cases, ids, numbers)))
    _copy_rows(cursor, "case_events", EVENT_COLUMNS,
               (e for c, i in zip(cases, ids) for e in event_values(c, i)))
    _copy_rows(cursor, "change_log", CHANGE_COLUMNS,
               ({"entity": "case", "entity_id": str(i), "kind": "import", "at": c.events[-1].at}
                for c, i in zip(cases, ids) if c.stage.is_open))
    # NOTIFY fires from the change log's trigger, per statement; COPY is one statement.
    return ids


def imported_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Case).where(Case.imported))


def department_codes(session: Session) -> set[str]:
    from .schema import Department
    return set(session.scalars(select(Department.code)))
