"""The PostgreSQL bulk path of a case import, in the caller's transaction.

A batch of cases (columns of numpy arrays, grid and stage set) becomes one line of COPY text
each, built column by column while the previous batch is being written (``staging_lines``);
``write_staged`` COPYs the lines into a temporary table, whose ids come from the cases'
sequence as they arrive, and four statements then number the cases from the per-day
counters, write them, derive their events and log the open ones.

A large import first drops the events → cases foreign key and the secondary indexes of both
tables (``suspend_checks``) and puts them back at the end from their own definitions
(``restore_checks``): one sort-and-build per index and one validating pass instead of a
B-tree insert per row. Until the commit the case tables are locked against other writers
and readers; a rollback brings everything back by itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from .imports import IMPORT_ACTOR, IMPORT_ROLE, MAX_SERIAL, TooManyCases

_COLUMNS = ("line", "nth", "external_id", "source", "class_key", "urgency", "lon", "lat", "grid_code",
            "description", "address", "department_code", "stage", "reported_us",
            "handle_started_us", "handle_deadline_us", "closed_us", "intake_deadline_us")
_TIMES = {"reported": "reported_at", "handle_started": "handle_started_at",
          "handle_deadline": "handle_deadline", "closed": "closed_at",
          "intake_deadline": "intake_deadline"}

# Times travel as microseconds since 1970 (cheaper to write and to read than text) and become
# timestamps once, as the rows arrive.
_STAGING = ("""
CREATE TEMPORARY TABLE IF NOT EXISTS import_staging (
    line integer, nth integer, external_id varchar(64), source varchar(12), class_key varchar(20),
    urgency varchar(8), lon float8, lat float8, grid_code varchar(15), description text,
    address varchar(120), department_code varchar(12), stage varchar(10),
    """ + ", ".join(f"{t}_us bigint" for t in _TIMES) + """,
    day integer GENERATED ALWAYS AS (floor(reported_us::float8 / 86400000000)) STORED, """ + ", ".join(
    f"{name} timestamp GENERATED ALWAYS AS "
    f"(timestamp '1970-01-01' + {t}_us * interval '1 microsecond') STORED"
    for t, name in _TIMES.items()) + """,
    id bigint DEFAULT nextval('{sequence}'::regclass)
) ON COMMIT DROP""", """
CREATE TEMPORARY TABLE IF NOT EXISTS import_days (
    day integer, number varchar(8), first integer, last integer
) ON COMMIT DROP""", "TRUNCATE import_staging, import_days",
            # A batch's sorts (numbering by day) fit in memory instead of spilling to disk.
            "SET LOCAL work_mem = '64MB'")

# Days are counted from 1970 (reported_us / a day's microseconds: times are naive local);
# a case number is the day's YYYYMMDD and its serial that day.
_NUMBER_DAYS = """
WITH days AS (SELECT day, to_char(date '1970-01-01' + day, 'YYYYMMDD') AS number,
                     count(*) AS n
              FROM import_staging GROUP BY day),
     bumped AS (INSERT INTO case_counters (day, last) SELECT number, n FROM days
                ON CONFLICT (day) DO UPDATE SET last = case_counters.last + excluded.last
                RETURNING day, last)
INSERT INTO import_days (day, number, first, last)
SELECT d.day, d.number, b.last - d.n + 1, b.last FROM bumped b JOIN days d ON d.number = b.day
RETURNING number, last"""

# The stage's start, deadline, version and update time as exchange.caseframe.imply_history
# sets them.
_DISPATCHED = "(department_code IS NOT NULL)::int"
_INSERT_CASES = f"""
INSERT INTO cases (id, number, source, kind, class_key, urgency, lon, lat, grid_code,
    description, address, component_code, reporter_name, reporter_phone, reporter_id_no, photos,
    stage, is_open, department_code, reported_at, stage_started_at, deadline, handle_started_at,
    handle_deadline, hold_started_at, pending_request, pending_payload, supervision_level,
    escalation_level, rework_count, return_count, extension_count, hold_count, closed_at,
    version, updated_by, updated_at, external_id, imported)
SELECT s.id, d.number || lpad((d.first + s.nth - 1)::text, 5, '0'), source,
    split_part(class_key, ':', 1), class_key, urgency, lon / {{scale}}, lat / {{scale}}, grid_code,
    description, address, NULL, '', '', '', '[]', stage, stage NOT IN ('closed', 'void'),
    department_code, reported_at,
    CASE WHEN stage IN ('closed', 'void') THEN closed_at
         WHEN department_code IS NOT NULL THEN handle_started_at ELSE reported_at END,
    CASE stage WHEN 'handling' THEN handle_deadline WHEN 'intake' THEN intake_deadline END,
    handle_started_at, handle_deadline, NULL, NULL, '{{{{}}}}', 0, 0, 0, 0, 0, 0, closed_at,
    1 + {_DISPATCHED} + CASE stage WHEN 'closed' THEN 1 + {_DISPATCHED} WHEN 'void' THEN 1
                                  ELSE 0 END,
    '{IMPORT_ACTOR}', coalesce(closed_at, handle_started_at, reported_at), external_id, true
FROM import_staging s JOIN import_days d ON d.day = s.day"""

# nth counts a batch's cases of each day in line order; cases already there are left out of
# the batch after it was written as text, so the rest are counted again.
_RECOUNT = """
UPDATE import_staging s SET nth = r.nth
FROM (SELECT id, row_number() OVER (PARTITION BY day ORDER BY line) AS nth
      FROM import_staging) r
WHERE r.id = s.id AND r.nth <> s.nth"""

# The events of caserows.implied_events, in SQL: report; dispatch when a department is known;
# handle and close when closed; void when voided. One SELECT per kind of event computes only
# the payloads that apply (a quarter less work than one row per possible event and a filter).
_ISO = "to_char(handle_deadline, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
_AFTER_DISPATCH = "CASE WHEN department_code IS NULL THEN {} ELSE {} END"
_INSERT_EVENTS = f"""
INSERT INTO case_events (case_id, seq, action, actor, role, at, from_stage, to_stage, reason,
                         payload)
SELECT id, 1, 'report', '{IMPORT_ACTOR}', '{IMPORT_ROLE}', reported_at, NULL, 'intake', '',
       json_build_object('source', source, 'imported', true, 'external_id', external_id)
FROM import_staging
UNION ALL
SELECT id, 2, 'dispatch', '{IMPORT_ACTOR}', '{IMPORT_ROLE}', handle_started_at, 'intake',
       'handling', '', json_build_object('department', department_code, 'deadline', {_ISO})
FROM import_staging WHERE department_code IS NOT NULL
UNION ALL
SELECT id, 3, 'handle', '{IMPORT_ACTOR}', '{IMPORT_ROLE}', closed_at, 'handling', 'check', '',
       json_build_object('on_time', handle_deadline IS NULL OR closed_at <= handle_deadline)
FROM import_staging WHERE department_code IS NOT NULL AND stage = 'closed'
UNION ALL
SELECT id, {_AFTER_DISPATCH.format(2, 4)}, 'close', '{IMPORT_ACTOR}', '{IMPORT_ROLE}', closed_at,
       {_AFTER_DISPATCH.format("'intake'", "'check'")}, 'closed', '', '{{}}'
FROM import_staging WHERE stage = 'closed'
UNION ALL
SELECT id, {_AFTER_DISPATCH.format(2, 3)}, 'void', '{IMPORT_ACTOR}', '{IMPORT_ROLE}', closed_at,
       {_AFTER_DISPATCH.format("'intake'", "'handling'")}, 'void', '', '{{}}'
FROM import_staging WHERE stage = 'void'"""

_INSERT_CHANGES = """
INSERT INTO change_log (entity, entity_id, kind, at)
SELECT 'case', id::text, 'import', coalesce(handle_started_at, reported_at) FROM import_staging
WHERE stage NOT IN ('closed', 'void') ORDER BY id"""

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"


@dataclass
class Staged:
    """A batch as lines of COPY text (without their newlines). Coordinates that are whole
    multiples of 1e-7° travel as integers, divided by ``scale`` on the way in."""

    lines: list[str]
    scale: str = "1"
    gaps: bool = False     # some of the batch's cases were left out: count them again

    def keep(self, which: list[bool]) -> Staged:
        return Staged([line for line, k in zip(self.lines, which) if k], self.scale,
                      gaps=not all(which))


def staging_lines(batch) -> Staged:
    """One line of COPY text per case of ``batch`` (an ``exchange.caseframe.CaseBatch``,
    located and dated), built a column at a time."""
    if not len(batch):
        return Staged([])
    intake = np.where(batch.stage == "intake", batch.deadline, np.datetime64("NaT", "us"))
    lon, lat, scale = _coordinates(batch.lon, batch.lat)
    columns = {
        "line": _ints(batch.line), "nth": _ints(_nth(batch.reported_at)),
        "external_id": _escaped(batch.external_id),
        "source": batch.source, "class_key": batch.class_key, "urgency": batch.urgency,
        "lon": lon, "lat": lat, "grid_code": batch.grid_code,
        "description": _escaped(batch.description), "address": _escaped(batch.address),
        "department_code": np.where(np.equal(batch.department_code, None), _NULL,
                                    batch.department_code),
        "stage": batch.stage, "reported_us": _micros(batch.reported_at),
        "handle_started_us": _micros(batch.handle_started_at),
        "handle_deadline_us": _micros(batch.handle_deadline),
        "closed_us": _micros(batch.closed_at), "intake_deadline_us": _micros(intake)}
    return Staged(list(map("\t".join, zip(*(_list(columns[c]) for c in _COLUMNS)))), scale)


def _nth(reported: np.ndarray) -> np.ndarray:
    """1, 2, 3… over the cases of each day, in the batch's order (line order)."""
    day = reported.astype("datetime64[D]").view(np.int64)
    return pd.Series(day).groupby(day).cumcount().to_numpy() + 1


def _list(values) -> list:
    return values if isinstance(values, list) else values.tolist()


def _ints(values: np.ndarray) -> list[str]:
    return list(map(str, values.tolist()))


def _micros(values: np.ndarray) -> list[str]:
    us = values.astype("datetime64[us]")
    given = np.flatnonzero(~np.isnat(us))
    if len(given) == len(us):
        return _ints(us.view(np.int64))
    text = np.full(len(us), _NULL, dtype=object)
    text[given] = _ints(us[given].view(np.int64))
    return text.tolist()


def _coordinates(lon: np.ndarray, lat: np.ndarray) -> tuple[list[str], list[str], str]:
    lon7, lat7 = np.round(lon * 1e7), np.round(lat * 1e7)
    if (lon7 / 1e7 == lon).all() and (lat7 / 1e7 == lat).all():
        return _ints(lon7.astype(np.int64)), _ints(lat7.astype(np.int64)), "1e7"
    return list(map(repr, lon.tolist())), list(map(repr, lat.tolist())), "1"


def _escaped(values: np.ndarray) -> list[str]:
    values = values.tolist()
    joined = "\x1f".join(values)
    if any(c in joined for c in "\\\t\n\r"):
        return [v.translate(_ESCAPES) for v in values]
    return values


def write_staged(session: Session, staged: Staged, phase) -> int:
    """Write the cases of ``staged`` (from :func:`staging_lines`), their events and change-log
    rows. ``phase(name)`` times each step."""
    if not staged.lines:
        return 0
    with phase("copy", server=True):
        sequence = session.scalar(text("SELECT pg_get_serial_sequence('cases', 'id')"))
        for statement in _STAGING:
            session.execute(text(statement.format(sequence=sequence)))
        cursor = session.connection().connection.driver_connection.cursor()
        with cursor.copy(f"COPY import_staging ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            copy.write("\n".join(staged.lines) + "\n")
    with phase("insert cases", server=True):
        if staged.gaps:
            session.execute(text(_RECOUNT))
        for day, last in session.execute(text(_NUMBER_DAYS)):
            if last > MAX_SERIAL:
                raise TooManyCases(f"more than {MAX_SERIAL:,} cases reported on {day}")
        # Cases imported meanwhile by someone else would hit the unique index on external_id
        # and fail the transaction: nothing is written twice.
        session.execute(text(_INSERT_CASES.format(scale=staged.scale)))
    with phase("insert events", server=True):
        session.execute(text(_INSERT_EVENTS))
        session.execute(text(_INSERT_CHANGES))
    return len(staged.lines)


# --- Large imports: checks and indexes suspended until the end ------------------------------

@dataclass
class Suspended:
    """What :func:`suspend_checks` dropped, as the statements that put it back."""
    statements: list[str] = field(default_factory=list)


_INDEXES = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = CAST(:table AS regclass) AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
ORDER BY 1"""
_CONSTRAINTS = """
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = 'case_events'::regclass AND contype IN ('f', 'u') ORDER BY contype DESC, conname"""


def suspend_checks(session: Session, keep: set[str] = frozenset(),
                   indexes: bool = True) -> Suspended | None:
    """Drop the events' foreign key and unique (case_id, seq) and, with ``indexes``, the
    secondary indexes of cases and events except those named in ``keep`` (the lookup of
    external ids while earlier imports are there). None on SQLite."""
    if session.bind.dialect.name != "postgresql":
        return None
    done = Suspended()
    for name, definition in session.execute(text(_CONSTRAINTS)).all():
        if definition.startswith("UNIQUE") and not indexes:
            continue
        session.execute(text(f'ALTER TABLE case_events DROP CONSTRAINT "{name}"'))
        done.statements.append(f'ALTER TABLE case_events ADD CONSTRAINT "{name}" {definition}')
    if indexes:
        for table in ("cases", "case_events"):
            for name, definition in session.execute(text(_INDEXES), {"table": table}).all():
                if name not in keep:
                    session.execute(text(f'DROP INDEX "{name}"'))
                    done.statements.insert(0, definition)
    return done


def restore_checks(session: Session, suspended: Suspended | None) -> None:
    """Build the dropped indexes and put the constraints back, validating every row; then
    have the planner count the cases anew: a re-import's look-ups by external id would
    otherwise be planned for a table a fraction of the size (autovacuum analyses the rest
    after the commit)."""
    if not suspended:
        return
    session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for statement in suspended.statements:
        session.execute(text(statement))
    session.execute(text("ANALYZE cases (external_id)"))


def stored_cases(session: Session) -> int:
    """The planner's count of stored cases (cheap; 0 when never analysed)."""
    return max(0, int(session.scalar(text(
        "SELECT reltuples FROM pg_class WHERE oid = 'cases'::regclass")) or 0))
