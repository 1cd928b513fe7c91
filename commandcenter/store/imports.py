"""Bulk writers for imports: many cases and their events in the caller's transaction.

Both paths write exactly the rows the per-case service would — the case, its events, and a
change-log row for each case still open (what live views follow; closed history changes
nothing on a dispatcher's screen) — so a rejected file rolls back whole.

* PostgreSQL: a batch's cases, with ids and numbers taken for the whole batch at once, are
  COPYed one short line each into a temporary table; three INSERT … SELECT statements then
  write the cases, derive their events and log the open ones. Python formats a fraction of
  the text it would for COPYing every event, and the server's work on a batch overlaps the
  reading of the next one (see ``exchange.cases``).
* SQLite: batched executemany of the same rows, events from ``implied_events``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
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
    caller has left out those already there); ``events_of(case)`` gives a case's events.
    Returns how many were written."""
    if not cases:
        return 0
    if session.bind.dialect.name == "postgresql":
        return _pg_write(session, cases)
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


# --- PostgreSQL ------------------------------------------------------------------------------

_STAGING = """
CREATE TEMPORARY TABLE IF NOT EXISTS import_staging (
    line integer, external_id varchar(64), source varchar(12), kind varchar(10),
    class_key varchar(20), urgency varchar(8), lon float8, lat float8, grid_code varchar(15),
    description text, address varchar(120), department_code varchar(12), stage varchar(10),
    reported_at timestamp, stage_started_at timestamp, deadline timestamp,
    handle_started_at timestamp, handle_deadline timestamp, closed_at timestamp,
    version integer, updated_at timestamp, id bigint, number varchar(16)
) ON COMMIT DROP"""
_STAGED = ("line, external_id, source, kind, class_key, urgency, lon, lat, grid_code, "
           "description, address, department_code, stage, reported_at, stage_started_at, "
           "deadline, handle_started_at, handle_deadline, closed_at, version, updated_at, id, number")

_INSERT_CASES = f"""
INSERT INTO cases (id, number, source, kind, class_key, urgency, lon, lat, grid_code,
    description, address, component_code, reporter_name, reporter_phone, reporter_id_no, photos,
    stage, is_open, department_code, reported_at, stage_started_at, deadline, handle_started_at,
    handle_deadline, hold_started_at, pending_request, pending_payload, supervision_level,
    escalation_level, rework_count, return_count, extension_count, hold_count, closed_at,
    version, updated_by, updated_at, external_id, imported)
SELECT id, number, source, kind, class_key, urgency, lon, lat, grid_code, description, address,
    NULL, '', '', '', '[]', stage, stage NOT IN ('closed', 'void'), department_code,
    reported_at, stage_started_at, deadline, handle_started_at, handle_deadline, NULL, NULL,
    '{{}}', 0, 0, 0, 0, 0, 0, closed_at, version, '{IMPORT_ACTOR}', updated_at, external_id, true
FROM import_staging ORDER BY id"""

# The events of caserows.implied_events, in SQL: report; dispatch when a department is known;
# handle and close when closed; void when voided.
_ISO = "to_char({}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
_INSERT_EVENTS = f"""
INSERT INTO case_events (case_id, seq, action, actor, role, at, from_stage, to_stage, reason,
                         payload)
SELECT s.id, e.seq, e.action, '{IMPORT_ACTOR}', '{IMPORT_ROLE}', e.at, e.from_stage, e.to_stage,
       '', e.payload
FROM import_staging s
CROSS JOIN LATERAL (VALUES
    (1, 'report', s.reported_at, NULL, 'intake',
     json_build_object('source', s.source, 'imported', true, 'external_id', s.external_id), true),
    (2, 'dispatch', s.handle_started_at, 'intake', 'handling',
     json_build_object('department', s.department_code,
                       'deadline', {_ISO.format('s.handle_deadline')}),
     s.department_code IS NOT NULL),
    (3, 'handle', s.closed_at, 'handling', 'check',
     json_build_object('on_time', s.handle_deadline IS NULL OR s.closed_at <= s.handle_deadline),
     s.department_code IS NOT NULL AND s.stage = 'closed'),
    (CASE WHEN s.department_code IS NULL THEN 2 ELSE 4 END, 'close', s.closed_at,
     CASE WHEN s.department_code IS NULL THEN 'intake' ELSE 'check' END, 'closed',
     json_build_object(), s.stage = 'closed'),
    (CASE WHEN s.department_code IS NULL THEN 2 ELSE 3 END, 'void', s.closed_at,
     CASE WHEN s.department_code IS NULL THEN 'intake' ELSE 'handling' END, 'void',
     json_build_object(), s.stage = 'void')
) AS e(seq, action, at, from_stage, to_stage, payload, applies)
WHERE e.applies
ORDER BY e.at, s.id, e.seq"""

_INSERT_CHANGES = """
INSERT INTO change_log (entity, entity_id, kind, at)
SELECT 'case', id::text, 'import', updated_at FROM import_staging
WHERE stage NOT IN ('closed', 'void') ORDER BY id"""

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"


def _s(value: str | None) -> str:
    return _NULL if value is None else value.translate(_ESCAPES)


def _t(value: datetime | None) -> str:
    return _NULL if value is None else value.isoformat(" ")


def _staging_line(c, case_id: int, number: str) -> str:
    return (f"{c.line}\t{_s(c.external_id)}\t{c.source}\t{c.kind}\t{c.class_key}\t{c.urgency}\t"
            f"{c.lon!r}\t{c.lat!r}\t{c.grid_code}\t{_s(c.description)}\t{_s(c.address)}\t"
            f"{_s(c.department_code)}\t{c.stage.value}\t{_t(c.reported_at)}\t"
            f"{_t(c.stage_started_at)}\t{_t(c.deadline)}\t{_t(c.handle_started_at)}\t"
            f"{_t(c.handle_deadline)}\t{_t(c.closed_at)}\t{c.version}\t{_t(c.updated_at)}\t"
            f"{case_id}\t{number}\n")


_EVENT_FK = """
SELECT conname FROM pg_constraint
WHERE conrelid = 'case_events'::regclass AND confrelid = 'cases'::regclass AND contype = 'f'"""


def suspend_event_checks(session: Session) -> str | None:
    """For a large import on PostgreSQL: drop the events → cases foreign key for the rest of
    the transaction (its per-row checks were half the cost of writing events), to be put back
    by :func:`restore_event_checks`, which validates every row in one pass before the commit.
    Until the commit, the case tables are locked against other writers and readers: the
    price of a large import taking a minute instead of three."""
    if session.bind.dialect.name != "postgresql":
        return None
    name = session.scalar(text(_EVENT_FK))
    if name:
        session.execute(text(f'ALTER TABLE case_events DROP CONSTRAINT "{name}"'))
    return name


def restore_event_checks(session: Session, name: str | None) -> None:
    if name:
        session.execute(text(f'ALTER TABLE case_events ADD CONSTRAINT "{name}" '
                             "FOREIGN KEY (case_id) REFERENCES cases (id)"))


def _pg_write(session: Session, cases: Sequence) -> int:
    ids = list(session.scalars(text("SELECT nextval(pg_get_serial_sequence('cases', 'id')) "
                                    "FROM generate_series(1, :n)"), {"n": len(cases)}))
    numbers = _numbers(session, cases)
    session.execute(text(_STAGING))
    session.execute(text("TRUNCATE import_staging"))
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY import_staging ({_STAGED}) FROM STDIN") as copy:
        for start in range(0, len(cases), 2000):
            copy.write("".join([_staging_line(c, i, n) for c, i, n in
                                zip(cases[start:start + 2000], ids[start:start + 2000],
                                    numbers[start:start + 2000])]))
    # Cases imported meanwhile by someone else would hit the unique index on external_id
    # and fail the transaction: nothing is written twice.
    session.execute(text(_INSERT_CASES))
    session.execute(text(_INSERT_EVENTS))
    session.execute(text(_INSERT_CHANGES))
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
