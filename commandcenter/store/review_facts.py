"""The review's facts computed in the database: each case's events are folded there into
a row per assignment and a row for each step that needs one, so a month's review reads
about two rows a case instead of every event of the window. The review can fold the log
this way or hand the events to pandas (``review.facts.build_facts``), which gives the same
facts; ``review.engine.Reading`` says which, and why pandas is the default.

One statement, the same on PostgreSQL and SQLite but for reading JSON and comparing
times. One pass of window functions over each case's events in ``seq`` order gives
every event

- ``due``, the deadline left by the event before it, so ``on_time`` is ``at <= due``;
- ``asg``, the number of dispatches so far: a dispatch opens the next assignment;
- the next event's action: none ends the case, a dispatch ends the assignment;

then a GROUP BY folds them per case and assignment with FILTER aggregates (what came
before the first dispatch goes with the first). Handlings, failed checks, approved holds
and returns, resumptions and recalls keep a row of their own (``own`` = their seq): the
first and last handling of an assignment, each failed check, each hold and what ended
it are then read off those rows. Report, accept, verify, file, check-pass, close and
void happen at most once in a case's loop, so their actor and time are single values;
so do a report handled on the spot (自处理) and its approval.
The case's own columns (source, class, grid, report time) come with its first row.

A window's cases are read in ranges of ids, each range on its own connection: those
reported before the periods (only if they had an event since the periods began: the
others count in none of them) and the rest in two halves.
"""
from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
from sqlalchemy import func, null, select

from .db import Database
from .pgcopy import copy_out
from .review import kept, only, read_ranges, request_sql
from .schema import Case

# Steps of a case's loop that happen once: (actor, time, on-time flag) columns.
ONCE = {"report": ("reporter", "report_at", None),
        "accept": ("acceptor", "accepted_at", "accept_on_time"),
        "verify": ("verifier", "verified_at", "verify_on_time"),
        "file": ("filer", "filed_at", "file_on_time"),
        "check-pass": ("checker", "checked_at", "check_on_time"),
        "close": ("closer", "closed_at", "close_on_time")}
# A report handled on the spot (自处理): when it was reported so (the report's request),
# and when the shift lead approved it.
SELF_HANDLED = {"report": "self_reported_at", "approve": "self_approved_at"}


def _self_handled(action: str) -> str:
    return f"action = '{action}' AND request = 'self'"


VOIDED = "action IN ('void', 'merge')"  # a merged duplicate ends like a void
DISPATCHED = "action = 'dispatch'"
OWN = "own > 0"


def _step(*names: str | None) -> tuple[tuple[str | None, str], ...]:
    """A step's (actor, time, on-time flag) columns, by name (None: not returned)."""
    return tuple(zip(names, ("actor", "at", "on_time")))


# The columns read off the events a filter picks, each as (name, what it reads): the
# latest such event's value.
PICKED = {
    **{f"action = '{action}'": _step(*names) for action, names in ONCE.items()},
    **{_self_handled(action): ((at, "at"),) for action, at in SELF_HANDLED.items()},
    VOIDED: _step(None, "voided_at"),
    DISPATCHED: (("department", "department"),
                 *_step("dispatcher", "dispatched_at", "dispatch_on_time")),
    # An approval stands for what it approved.
    OWN: (("own_action", "CASE WHEN action = 'approve' THEN request ELSE action END"),
          *_step("own_actor", "own_at", "own_on_time")),
}
_KINDS = {"at": "time", "on_time": "flag"}  # what the others read is text


def _picked(where: str) -> list[tuple[str, str, str]]:
    return [(name, _KINDS.get(read, "text"), f"MAX({read}) FILTER (WHERE {where})")
            for name, read in PICKED[where] if name]


def _columns() -> list[tuple[str, str, str]]:
    """(name, kind, expression) of every column the statement returns; times arrive as
    epoch microseconds (PostgreSQL) or ISO text (SQLite)."""
    return [
        ("case_id", "int", "case_id"), ("asg", "int", "MAX(asg)"), ("own", "int", "own"),
        ("stage", "text", "MAX(last_stage)"), ("reporter_role", "text", "MAX(role)"),
        *(c for action in ONCE for c in _picked(f"action = '{action}'")),
        *(c for action in SELF_HANDLED for c in _picked(_self_handled(action))),
        *_picked(VOIDED),
        ("voided_from", "text", "MAX(from_stage)"),
        *_picked(DISPATCHED),
        ("extensions", "int", "COUNT(*) FILTER (WHERE request = 'extension')"),
        ("supervisions", "int", "COUNT(*) FILTER (WHERE action = 'supervise' AND asg > 0)"),
        # The assignment's last event: where it left the case, and the deadline it left.
        ("end_stage", "text", "MAX(end_stage)"),
        ("end_deadline", "time", "MAX(end_deadline)"),
        *_picked(OWN),
        ("own_due", "time", "MAX(due)"),
    ]


COLUMNS = _columns()
CASE_COLUMNS = [("source", "text", ""), ("class_key", "text", ""), ("grid_code", "text", ""),
                ("reported_at", "time", "")]
OWN_ACTIONS = ("handle", "check-fail", "resume", "recall")   # and approved holds and returns


def _sql(dialect: str, ph: str, prune: bool, actions: tuple[str, ...] | None = None) -> str:
    """The statement for a range of case ids (with ``prune``, only those with an event since
    a time). Parameters: first id, last id, as_of, [first id, last id, the time, as_of,]
    first id, last id."""
    if dialect == "postgresql":
        deadline = "(e.payload->>'deadline')::timestamp"
        dept = "e.payload->>'department'"
        on_time = "due IS NULL OR at <= due"
        out = "(date_part('epoch', {}) * 1000000)::bigint"
        fence = "OFFSET 0"
    else:
        deadline = "json_extract(e.payload, '$.deadline')"
        dept = "json_extract(e.payload, '$.department')"
        # Times and deadlines are text in two spellings ("T" or a space, with or without
        # microseconds); julianday compares them as instants.
        on_time = "due IS NULL OR julianday(at) <= julianday(due)"
        out = "{}"
        fence = "LIMIT -1 OFFSET 0"
    select = ",\n  ".join((out.format(expr) if kind == "time" else expr) + f" AS {name}"
                          for name, kind, expr in COLUMNS)
    # A case with no event since the periods began counts in none of them.
    active = (f"AND e.case_id IN (SELECT x.case_id FROM case_events x WHERE x.case_id >= {ph} "
              f"AND x.case_id <= {ph} AND x.at >= {ph} AND x.at < {ph})") if prune else ""
    owned = ", ".join(f"'{a}'" for a in OWN_ACTIONS)
    own = f"action IN ({owned}) OR request IN ('hold', 'return')"
    ends = "asg > 0 AND (next_action IS NULL OR next_action = 'dispatch')"
    return f"""
WITH ev AS (
  SELECT e.case_id, e.seq, e.action, e.actor, e.role, e.at, e.from_stage, e.to_stage,
         {deadline} AS deadline,
         CASE WHEN e.action = 'dispatch' THEN {dept} END AS department,
         CASE WHEN e.action IN ('approve', 'report') THEN {request_sql(dialect)} END AS request
  FROM case_events e
  WHERE e.case_id >= {ph} AND e.case_id <= {ph} AND e.at < {ph} AND {kept(dialect)}
  {only(actions)} {active}
), w AS (
  SELECT ev.*,
    LAG(deadline) OVER o AS due,
    SUM(CASE WHEN action = 'dispatch' THEN 1 ELSE 0 END) OVER o AS asg,
    LEAD(action) OVER o AS next_action
  FROM ev
  WINDOW o AS (PARTITION BY case_id ORDER BY seq)
), f AS (
  -- Worked out once a row (without the fence the planner would copy these expressions
  -- into every aggregate that reads them), and only what the aggregates read: these
  -- rows are sorted next.
  SELECT case_id, asg, action, actor, at, department, request,
    CASE WHEN asg > 1 THEN asg ELSE 1 END AS part,
    CASE WHEN {own} THEN seq ELSE 0 END AS own,
    CASE WHEN {on_time} THEN 1 ELSE 0 END AS on_time,
    CASE WHEN {own} THEN due END AS due,
    CASE WHEN action = 'report' THEN role END AS role,
    CASE WHEN {VOIDED} THEN from_stage END AS from_stage,
    CASE WHEN next_action IS NULL THEN to_stage END AS last_stage,
    -- The assignment's last event: where it left the case, and the deadline it left.
    CASE WHEN {ends} THEN to_stage END AS end_stage,
    CASE WHEN {ends} THEN deadline END AS end_deadline
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
            with raw.cursor() as cur:
                # Compiling this statement costs seconds and saves less than that; the
                # events of a range of cases are sorted in memory, not on disk.
                cur.execute("SET LOCAL jit = off")
                cur.execute("SET LOCAL work_mem = '64MB'")
                # The ranges already run in parallel, one connection each.
                cur.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            data = copy_out(raw.driver_connection, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)",
                            params)
            if not data:
                return _empty()
            return pd.read_csv(io.BytesIO(data), header=None, names=names,
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
                active_since: datetime | None = None, actions: tuple[str, ...] | None = None,
                parts: int = 2) -> pd.DataFrame:
    """The folded events (up to ``as_of``) of the cases reported in [since, until): one
    row per (case, assignment) and per step with a row of its own, columns as ``COLUMNS``
    (times as datetimes; flags 0/1, NaN where no such step happened), the first row of a
    case with ``CASE_COLUMNS``. A case reported before ``active_since`` with no event from
    then on is left out; with ``actions`` only those events are folded."""
    ph = "%s" if db.dialect == "postgresql" else "?"
    stamp = (lambda t: t) if db.dialect == "postgresql" else (lambda t: t.isoformat(" "))
    # Ranges of case ids walk the (case_id, seq) index with no join; ids follow the order
    # of reporting, and a case of a range reported outside the window goes afterwards.
    with db.session() as s:
        first, split, last = s.execute(select(
            func.min(Case.id), func.min(Case.id).filter(Case.reported_at >= active_since)
            if active_since else null(), func.max(Case.id))
            .where(Case.reported_at >= since, Case.reported_at < until)).one()
    if first is None:
        return _empty()
    tasks = []                       # (first id, last id, prune)
    if split is None:
        split = first if active_since is None else last + 1
    if split > first:                # cases reported before the periods: some are done
        tasks.append((first, split - 1, True))
    if split <= last:
        n = parts if db.dialect == "postgresql" and last - split > 20_000 else 1
        step = (last - split + n) // n
        tasks += [(lo, min(lo + step - 1, last), False) for lo in range(split, last + 1, step)]

    def read(task):
        lo, hi, prune = task
        since_then = (lo, hi, stamp(active_since), stamp(as_of)) if prune else ()
        params = (lo, hi, stamp(as_of), *since_then, lo, hi)
        return _read(db, _sql(db.dialect, ph, prune, actions), params)
    frame = read_ranges(db, tasks, read)
    for name, kind, _ in COLUMNS + CASE_COLUMNS:
        if kind == "time":
            frame[name] = _times(frame[name])
        elif kind == "int":
            frame[name] = frame[name].astype("int64")
    reported = frame["reported_at"]
    inside = frame.loc[(reported >= since) & (reported < until), "case_id"]
    return frame.loc[frame["case_id"].isin(inside)].reset_index(drop=True)
