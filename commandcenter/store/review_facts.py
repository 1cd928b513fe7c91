"""The review's facts computed in the database: each case's events are folded there into
a row per assignment and a row for each step that needs one, so a month's review reads
about two rows a case instead of every event of the window.

One statement, the same on PostgreSQL and SQLite but for reading JSON and comparing
times. One pass of window functions over each case's events in ``seq`` order (the
order of the ``(case_id, seq)`` index, so the events are not sorted) gives every event

- ``due``, the deadline left by the event before it, so ``on_time`` is ``at <= due``;
- ``asg``, the number of dispatches so far: a dispatch opens the next assignment;
- the next event's action: none ends the case, a dispatch ends the assignment;

then a GROUP BY folds them per case and assignment with FILTER aggregates (what came
before the first dispatch goes with the first). Handlings, failed checks, approved holds
and returns, resumptions and recalls keep a row of their own (``own`` = their seq): the
first and last handling of an assignment, each failed check, each hold and what ended
it are then read off those rows. Report, accept, verify, file, check-pass, close and
void happen at most once in a case's loop, so their actor and time are single values.
"""
from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pandas as pd
from sqlalchemy import func, select

from .db import Database
from .schema import Case

# Requests, rejections and escalations change no deadline and count in no figure: the
# figures read each event's deadline from the event before it, which these events only
# repeat, so they stay on the server.
SKIPPED = ("return", "extend", "hold", "reject", "escalate")

# Steps of a case's loop that happen once: (actor, time, on-time flag) columns.
ONCE = {"report": ("reporter", "report_at", None),
        "accept": ("acceptor", "accepted_at", "accept_on_time"),
        "verify": ("verifier", "verified_at", "verify_on_time"),
        "file": ("filer", "filed_at", "file_on_time"),
        "check-pass": ("checker", "checked_at", "check_on_time"),
        "close": ("closer", "closed_at", "close_on_time")}


# Each row's action as a small number, worked out once: the aggregates below test it
# many times, and comparing numbers is cheaper than comparing text.
CODES = {a: i for i, a in enumerate(["report", "accept", "verify", "file", "check-pass", "close",
                                     "void", "dispatch", "supervise"], start=1)}


def _is(action: str) -> str:
    return f"FILTER (WHERE k = {CODES[action]})"


def _columns() -> list[tuple[str, str, str]]:
    """(name, kind, expression) of every column the statement returns; times arrive as
    epoch microseconds (PostgreSQL) or ISO text (SQLite)."""
    cols = [("case_id", "int", "case_id"), ("asg", "int", "MAX(asg)"), ("own", "int", "own"),
            ("stage", "text", "MAX(to_stage) FILTER (WHERE next_action IS NULL)"),
            ("reporter_role", "text", f"MAX(role) {_is('report')}")]
    for action, (actor, at, on_time) in ONCE.items():
        where = _is(action)
        cols += [(actor, "text", f"MAX(actor) {where}"), (at, "time", f"MAX(at) {where}")]
        if on_time:
            cols.append((on_time, "flag", f"MAX(on_time) {where}"))
    dispatch = _is("dispatch")
    own = "FILTER (WHERE own > 0)"
    ends = "FILTER (WHERE ends_asg = 1)"
    return cols + [
        ("voided_at", "time", f"MAX(at) {_is('void')}"),
        ("voided_from", "text", f"MAX(from_stage) {_is('void')}"),
        ("department", "text", f"MAX(department) {dispatch}"),
        ("dispatcher", "text", f"MAX(actor) {dispatch}"),
        ("dispatched_at", "time", f"MAX(at) {dispatch}"),
        ("dispatch_on_time", "flag", f"MAX(on_time) {dispatch}"),
        ("extensions", "int", "COUNT(*) FILTER (WHERE request = 'extension')"),
        ("supervisions", "int", f"COUNT(*) FILTER (WHERE k = {CODES['supervise']} AND asg > 0)"),
        # The assignment's last event: where it left the case, and the deadline it left.
        ("end_stage", "text", f"MAX(to_stage) {ends}"),
        ("end_deadline", "time", f"MAX(deadline) {ends}"),
        ("own_action", "text", f"MAX(CASE WHEN action = 'approve' THEN request ELSE action END) {own}"),
        ("own_actor", "text", f"MAX(actor) {own}"),
        ("own_at", "time", f"MAX(at) {own}"),
        ("own_on_time", "flag", f"MAX(on_time) {own}"),
        ("own_due", "time", f"MAX(due) {own}"),
    ]


COLUMNS = _columns()
CASE_COLUMNS = [("source", "text", ""), ("class_key", "text", ""), ("grid_code", "text", ""),
                ("reported_at", "time", "")]
OWN_ACTIONS = ("handle", "check-fail", "resume", "recall")   # and approved holds and returns


def _sql(dialect: str, ph: str) -> str:
    if dialect == "postgresql":
        deadline = "(e.payload->>'deadline')::timestamp"
        dept, req = "e.payload->>'department'", "e.payload->>'request'"
        on_time = "due IS NULL OR at <= due"
        out = "(date_part('epoch', {}) * 1000000)::bigint"
        fence = "OFFSET 0"
    else:
        deadline = "json_extract(e.payload, '$.deadline')"
        dept, req = ("json_extract(e.payload, '$.department')",
                     "json_extract(e.payload, '$.request')")
        # Times and deadlines are text in two spellings ("T" or a space, with or without
        # microseconds); julianday compares them as instants.
        on_time = "due IS NULL OR julianday(at) <= julianday(due)"
        out = "{}"
        fence = "LIMIT -1 OFFSET 0"
    select = ",\n  ".join((out.format(expr) if kind == "time" else expr) + f" AS {name}"
                          for name, kind, expr in COLUMNS)
    skipped = ", ".join(f"'{a}'" for a in SKIPPED)
    owned = ", ".join(f"'{a}'" for a in OWN_ACTIONS)
    code = " ".join(f"WHEN '{a}' THEN {i}" for a, i in CODES.items())
    return f"""
WITH log AS (
  SELECT e.case_id, e.seq, e.action, e.actor, e.role, e.at, e.from_stage, e.to_stage, e.payload,
         MAX(e.at) OVER (PARTITION BY e.case_id ORDER BY e.seq
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_at
  FROM case_events e
  WHERE e.case_id >= {ph} AND e.case_id <= {ph} AND e.at < {ph} AND e.action NOT IN ({skipped})
), ev AS (
  -- A case whose log ends before the periods begin counts in none of them.
  SELECT e.case_id, e.seq, e.action, e.actor, e.role, e.at, e.from_stage, e.to_stage,
         {deadline} AS deadline,
         CASE WHEN e.action = 'dispatch' THEN {dept} END AS department,
         CASE WHEN e.action = 'approve' THEN {req} END AS request
  FROM log e
  WHERE e.last_at >= {ph}
), w AS (
  SELECT ev.*,
    LAG(deadline) OVER o AS due,
    SUM(CASE WHEN action = 'dispatch' THEN 1 ELSE 0 END) OVER o AS asg,
    LEAD(action) OVER o AS next_action
  FROM ev
  WINDOW o AS (PARTITION BY case_id ORDER BY seq)
), f AS (
  -- Worked out once a row: without the fence the planner would copy these expressions
  -- into every aggregate that reads them.
  SELECT w.*,
    CASE action {code} ELSE 0 END AS k,
    CASE WHEN {on_time} THEN 1 ELSE 0 END AS on_time,
    CASE WHEN asg > 1 THEN asg ELSE 1 END AS part,
    CASE WHEN asg > 0 AND (next_action IS NULL OR next_action = 'dispatch')
         THEN 1 ELSE 0 END AS ends_asg,
    CASE WHEN action IN ({owned}) OR request IN ('hold', 'return')
         THEN seq ELSE 0 END AS own
  FROM w {fence}
), g AS (
  SELECT
  {select}
  FROM f
  GROUP BY case_id, part, own
)
-- What the cases table says of a case goes with its first row.
SELECT g.*, c.source, c.class_key, c.grid_code, {out.format("c.reported_at")} AS reported_at
FROM g LEFT JOIN (SELECT * FROM cases WHERE id >= {ph} AND id <= {ph}) c
  ON c.id = g.case_id AND g.own = 0 AND g.asg <= 1"""


_DTYPES = {"int": "int64", "flag": "float64", "text": object, "time": "float64"}


def _read(db: Database, sql: str, params: tuple) -> pd.DataFrame:
    names = [c[0] for c in COLUMNS + CASE_COLUMNS]
    raw = db.engine.raw_connection()
    try:
        if db.dialect == "postgresql":
            buffer = io.BytesIO()
            with raw.cursor() as cur:
                # Compiling this statement costs seconds and saves less than that; the
                # events of a range of cases are sorted in memory, not on disk.
                cur.execute("SET LOCAL jit = off")
                cur.execute("SET LOCAL work_mem = '256MB'")
                with cur.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
                    while data := copy.read():
                        buffer.write(data)
            buffer.seek(0)
            if not buffer.getbuffer().nbytes:
                return _empty()
            return pd.read_csv(buffer, header=None, names=names,
                               dtype={n: _DTYPES[k] for n, k, _ in COLUMNS + CASE_COLUMNS},
                               keep_default_na=False, na_values=[""])
        frame = pd.read_sql_query(sql, raw.driver_connection, params=params)
        frame.columns = names
        return frame
    finally:
        raw.close()


def _empty() -> pd.DataFrame:
    return pd.DataFrame({n: pd.Series(dtype=_DTYPES[k]) for n, k, _ in COLUMNS + CASE_COLUMNS})


def _times(series: pd.Series) -> pd.Series:
    """Epoch microseconds (PostgreSQL) or ISO text (SQLite) as naive datetimes."""
    if pd.api.types.is_numeric_dtype(series):
        return pd.to_datetime(series, unit="us").astype("datetime64[us]")
    return pd.to_datetime(series, format="ISO8601").astype("datetime64[us]")


def read_groups(db: Database, since: datetime, until: datetime, as_of: datetime,
                active_since: datetime | None = None, parts: int = 2) -> pd.DataFrame:
    """The folded events (up to ``as_of``) of the cases reported in [since, until): one
    row per (case, assignment) and per step with a row of its own, columns as ``COLUMNS``
    (times as datetimes; flags 0/1, NaN where no such step happened), the first row of a
    case with ``CASE_COLUMNS``. ``active_since`` leaves out the cases with no event from
    then on."""
    ph = "%s" if db.dialect == "postgresql" else "?"
    stamp = (lambda t: t) if db.dialect == "postgresql" else (lambda t: t.isoformat(" "))
    with db.session() as s:
        first, last = s.execute(select(func.min(Case.id), func.max(Case.id))
                                .where(Case.reported_at >= since, Case.reported_at < until)).one()
    if first is None:
        return _empty()
    sql = _sql(db.dialect, ph)
    when = (stamp(as_of), stamp(active_since or datetime.min))
    # A range of case ids walks the (case_id, seq) index with no join; ids follow the
    # order of reporting, and a case of the range reported outside the window goes after.
    ranges = [(first, last)]
    if db.dialect == "postgresql" and parts > 1 and last - first > 20_000:
        # Each connection folds its own range of cases in a server process of its own.
        step = (last - first + parts) // parts
        ranges = [(lo, min(lo + step - 1, last)) for lo in range(first, last + 1, step)]
    if len(ranges) == 1:
        frames = [_read(db, sql, (*ranges[0], *when, *ranges[0]))]
    else:
        with ThreadPoolExecutor(len(ranges)) as pool:
            frames = list(pool.map(lambda r: _read(db, sql, (*r, *when, *r)), ranges))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for name, kind, _ in COLUMNS + CASE_COLUMNS:
        if kind == "time":
            frame[name] = _times(frame[name])
        elif kind == "int":
            frame[name] = frame[name].astype("int64")
    reported = frame["reported_at"]
    inside = frame.loc[(reported >= since) & (reported < until), "case_id"]
    return frame.loc[frame["case_id"].isin(inside)].reset_index(drop=True)
