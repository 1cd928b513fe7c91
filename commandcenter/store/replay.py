"""Reading a stretch of the past for the map's replay, set-based: one query for the cases
open at some instant of it, one for their events, one or two for the staff's fixes (on
PostgreSQL streamed by COPY: the thinned stretch as it is, the raw one probed for the first
fix of each person's slots), one for the names. Returns ``models.replay.ReplayData``; no
ORM objects."""
from __future__ import annotations

import io
from datetime import datetime, timedelta
from itertools import chain

import numpy as np
import pandas as pd
from sqlalchemy import Integer, String, cast, func, or_, select, union_all

from commandcenter.models.enums import Stage, Urgency
from commandcenter.models.replay import TRAIL, CaseInfo, CaseStep, Fixes, ReplayData

from .db import Database
from .positions import POSITIONS_KEPT, TRACK_STEP
from .schema import Case, CaseEventRow, StaffPosition, StaffPositionMinute, User
from .service import local_now

FIX_STEP = TRACK_STEP  # one fix per person per step: the live trail's spacing too
RAW_MARGIN = timedelta(minutes=5)  # thinning runs every minute: a little more may be raw
_EPOCH = datetime(1970, 1, 1)

_POSITIONS = StaffPosition.__table__
_MINUTES = StaffPositionMinute.__table__


def _time(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def load_replay(db: Database, start: datetime, end: datetime, *, fix_step: timedelta = FIX_STEP,
                trail: timedelta = TRAIL, raw_since: datetime | None = None) -> ReplayData:
    """Everything the map replays of [start, end): the cases open at some instant of it
    (reported before its end, not closed before its start) with all their events up to
    the end, and the fixes taken in [start − trail, end), one per person per ``fix_step``
    (the first of each slot), so trails are whole from the first frame.

    Fixes from ``raw_since`` on are every fix the phones sent (default: the stretch the
    positions table keeps unthinned, POSITIONS_KEPT before now): on PostgreSQL the first
    of each slot is found there with one index probe per person and slot — two hours at
    2,000 fixes a second are 14 million rows, a day of thinned fixes a million."""
    touched = (select(Case.id)
               .where(Case.reported_at < end,
                      or_(Case.closed_at.is_(None), Case.closed_at >= start))
               .subquery())
    case_stmt = (select(Case.id, Case.number, Case.lon, Case.lat, Case.urgency, Case.class_key)
                 .join(touched, touched.c.id == Case.id).order_by(Case.id))
    deadline = CaseEventRow.payload["deadline"].as_string()
    step_stmt = (select(CaseEventRow.case_id, CaseEventRow.at, CaseEventRow.from_stage,
                        CaseEventRow.to_stage, deadline)
                 .join(touched, touched.c.id == CaseEventRow.case_id)
                 .where(CaseEventRow.at < end)
                 .order_by(CaseEventRow.case_id, CaseEventRow.seq))
    with db.session() as session:
        cases = [CaseInfo(id_, number, lon, lat, Urgency(urgency), class_key)
                 for id_, number, lon, lat, urgency, class_key in session.execute(case_stmt)]
        steps = [CaseStep(case_id, at, Stage(before) if before else None, Stage(after),
                          _time(due))
                 for case_id, at, before, after, due in session.execute(step_stmt)]
    if raw_since is None:
        raw_since = local_now() - POSITIONS_KEPT - RAW_MARGIN
    fixes = _thinned(_read_fixes(db, start - trail, end, fix_step, raw_since), fix_step)
    names = {}
    if len(fixes):
        with db.session() as session:
            names = {uid: name or username for uid, username, name in session.execute(
                select(User.id, User.username, User.display_name)
                .where(User.id.in_(np.unique(fixes.user_id).tolist())))}
    return ReplayData(start, end, cases, steps, fixes, names)


def _slot_start(t: datetime, step: timedelta) -> datetime:
    return _EPOCH + (t - _EPOCH) // step * step


def _read_fixes(db: Database, since: datetime, end: datetime, step: timedelta,
                raw_since: datetime) -> np.ndarray:
    """Rows (user, epoch µs, lon, lat, on duty) of the fixes of [since, end), as floats
    (ids, microseconds and flags are exact in a double): one array, no tuple per row."""
    if db.dialect != "postgresql":
        # A SQLite file holds what one desk's simulator writes: read it all (the raw fixes
        # and the minute roll-up of older hours), thin in numpy.
        parts = []
        for table in (_POSITIONS, _MINUTES):
            c = table.c
            micros = (cast(func.strftime("%s", c.at), Integer) * 1_000_000  # ISO text: s,
                      + cast(func.substr(cast(c.at, String), 21, 6), Integer))  # then µs
            parts.append(select(c.user_id, micros.label("micros"), c.lon, c.lat, c.on_duty)
                         .where(c.at >= since, c.at < end))
        stmt = union_all(*parts)
        with db.session() as session:
            flat = np.fromiter(chain.from_iterable(session.execute(stmt)), dtype=np.float64)
        return flat.reshape(-1, 5)
    raw_from = min(max(_slot_start(raw_since, step), since), end)
    parts = []
    if since < raw_from:   # rolled up already (and what is still raw there): as it is
        parts.append(_copy(db, _PG_RANGE, (since, raw_from, since, raw_from)))
    if raw_from < end:     # every raw fix: probe for each person's first of each slot
        parts.append(_copy(db, _PG_PROBES, (raw_from, end, step, step, step)))
    return np.concatenate(parts) if parts else np.zeros((0, 5))


_PG_COLUMNS = ("p.user_id, (extract(epoch FROM p.at) * 1000000)::bigint, p.lon, p.lat, "
               "p.on_duty::int")
_PG_RANGE = (f"SELECT {_PG_COLUMNS} FROM staff_positions p WHERE p.at >= %s AND p.at < %s "
             f"UNION ALL SELECT {_PG_COLUMNS} FROM staff_position_minutes p "
             "WHERE p.at >= %s AND p.at < %s")
_PG_PROBES = (f"SELECT {_PG_COLUMNS} FROM users u "
              "CROSS JOIN generate_series(%s::timestamp, %s::timestamp - %s, %s) s(slot) "
              "CROSS JOIN LATERAL (SELECT * FROM staff_positions q WHERE q.user_id = u.id "
              "AND q.at >= s.slot AND q.at < s.slot + %s ORDER BY q.at LIMIT 1) p")


def _copy(db: Database, sql: str, params: tuple) -> np.ndarray:
    """A query's rows streamed by COPY … TO STDOUT (several times faster than fetching
    rows through the driver) into a float array."""
    raw = db.engine.raw_connection()
    try:
        buffer = io.BytesIO()
        with raw.cursor() as cur:
            with cur.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
                while data := copy.read():
                    buffer.write(data)
        raw.commit()
    finally:
        raw.close()
    if not buffer.tell():
        return np.zeros((0, 5))
    buffer.seek(0)
    return pd.read_csv(buffer, header=None, dtype=np.float64).to_numpy().reshape(-1, 5)


def _thinned(table: np.ndarray, step: timedelta) -> Fixes:
    """The rows as sorted columns, keeping each person's first fix of each ``step`` slot."""
    if not len(table):
        return Fixes.empty()
    fixes = Fixes.from_columns(table[:, 0].astype(np.int64), table[:, 1].astype(np.int64),
                               table[:, 2], table[:, 3], table[:, 4].astype(bool))
    slot = fixes.at // (step // timedelta(microseconds=1))
    first = np.ones(len(fixes), dtype=bool)
    first[1:] = (fixes.user_id[1:] != fixes.user_id[:-1]) | (slot[1:] != slot[:-1])
    return Fixes(fixes.user_id[first], fixes.at[first], fixes.lon[first], fixes.lat[first],
                 fixes.on_duty[first])
