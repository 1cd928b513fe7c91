"""Reading a stretch of the past for the map's replay, set-based: one query for the cases
open at some instant of it, one for their events, one for the staff's fixes thinned in the
database, one for the names. Returns ``models.replay.ReplayData``; no ORM objects."""
from __future__ import annotations

from datetime import datetime, timedelta
from itertools import chain

import numpy as np
from sqlalchemy import BigInteger, Integer, String, cast, extract, func, or_, select

from commandcenter.models.enums import Stage, Urgency
from commandcenter.models.replay import TRAIL, CaseInfo, CaseStep, Fixes, ReplayData

from .db import Database
from .positions import TRACK_STEP, fix_slot
from .schema import Case, CaseEventRow, StaffPosition, User

FIX_STEP = TRACK_STEP  # one fix per person per step: the live trail's spacing too

_POSITIONS = StaffPosition.__table__


def _time(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def load_replay(db: Database, start: datetime, end: datetime, *, fix_step: timedelta = FIX_STEP,
                trail: timedelta = TRAIL) -> ReplayData:
    """Everything the map replays of [start, end): the cases open at some instant of it
    (reported before its end, not closed before its start) with all their events up to
    the end, and the fixes taken in [start − trail, end), one per person per
    ``fix_step`` (the first of each slot), so trails are whole from the first frame."""
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
        result = session.execute(_fix_select(db, start - trail, end, fix_step))
        # ids, µs and flags are exact in a double: one flat array, no tuple per row
        table = np.fromiter(chain.from_iterable(result), dtype=np.float64).reshape(-1, 5)
        fixes = _thinned(table, fix_step)
        names = {}
        if len(fixes):
            names = {uid: name or username for uid, username, name in session.execute(
                select(User.id, User.username, User.display_name)
                .where(User.id.in_(np.unique(fixes.user_id).tolist())))}
    return ReplayData(start, end, cases, steps, fixes, names)


def _fix_select(db: Database, since: datetime, end: datetime, step: timedelta):
    """The fixes of [since, end) as (user, epoch µs, lon, lat, on duty). PostgreSQL keeps
    the first of each person's slots itself (the last hours hold every raw fix: millions);
    a SQLite file holds a few hundred thousand, read as they are and thinned in numpy."""
    c = _POSITIONS.c
    if db.dialect == "postgresql":
        first = (select(func.min(c.id).label("id"))
                 .where(c.at >= since, c.at < end)
                 .group_by(c.user_id, fix_slot(db, step)).subquery())
        micros = cast(extract("epoch", c.at) * 1_000_000, BigInteger)
        return (select(c.user_id, micros, c.lon, c.lat, c.on_duty)
                .join(first, first.c.id == c.id))
    # Times are ISO text: whole seconds, then the six digits of microseconds if any.
    micros = (cast(func.strftime("%s", c.at), Integer) * 1_000_000
              + cast(func.substr(cast(c.at, String), 21, 6), Integer))
    return select(c.user_id, micros, c.lon, c.lat, c.on_duty).where(c.at >= since, c.at < end)


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
