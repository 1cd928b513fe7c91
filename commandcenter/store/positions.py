"""Where the field staff are: GPS fixes in, newest positions and recent trails out.

Phones report in bursts, so fixes are written in batches: one insert of many rows and a
single change-log row per batch, so followers of the log wake once per batch, not once per
fix. Reads return frozen dataclasses and plain tuples, never ORM objects.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, cast, delete, extract, func, insert, select

from .db import Database
from .schema import StaffPosition, User
from .service import local_now, log_change

# The change-log row written with each batch of fixes.
CHANGE_ENTITY, CHANGE_ID, CHANGE_KIND = "staff", "gps", "fixes"

_POSITIONS = StaffPosition.__table__
# Raw fixes are kept this long (the map draws the last hour of trail); whoever writes fixes
# thins older ones on a schedule to one per person per TRACK_STEP — what a replay of a past
# day draws — and deletes them after TRACKS_KEPT, so the table stays bounded.
POSITIONS_KEPT = timedelta(hours=2)
TRACK_STEP = timedelta(seconds=30)
TRACKS_KEPT = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class Fix:
    """One position report of one member of staff."""

    user_id: int
    at: datetime
    lon: float
    lat: float
    on_duty: bool = True


@dataclass(frozen=True, slots=True)
class StaffPositionRecord:
    """A person's newest fix, with who they are for the map's labels."""

    user_id: int
    username: str
    display_name: str
    at: datetime
    lon: float
    lat: float
    on_duty: bool


TrailPoint = tuple[datetime, float, float]


def record_fixes(db: Database, fixes: Iterable[Fix], *, at: datetime | None = None) -> int:
    """Store a batch of fixes in one transaction; returns how many were written.

    ``at`` stamps the change-log row (default: now on the district's clock). An empty
    batch writes nothing, not even the change-log row.
    """
    rows = [{"user_id": f.user_id, "at": f.at, "lon": f.lon, "lat": f.lat,
             "on_duty": f.on_duty} for f in fixes]
    if not rows:
        return 0
    with db.session() as session:
        session.execute(insert(_POSITIONS), rows)
        log_change(session, CHANGE_ENTITY, CHANGE_ID, CHANGE_KIND, at or local_now())
    return len(rows)


def latest_positions(db: Database, since: datetime,
                     user_ids: Iterable[int] | None = None) -> list[StaffPositionRecord]:
    """Each person's newest fix at or after ``since``, ordered by user id.

    People without a fix since then are left out. One index probe per person on
    (user_id, at), so the cost follows the number of staff, not the length of the log.
    """
    newest = (select(StaffPosition.id)
              .where(StaffPosition.user_id == User.id, StaffPosition.at >= since)
              .order_by(StaffPosition.at.desc(), StaffPosition.id.desc())
              .limit(1).correlate(User).scalar_subquery())
    stmt = (select(User.id, User.username, User.display_name, StaffPosition.at,
                   StaffPosition.lon, StaffPosition.lat, StaffPosition.on_duty)
            .join(StaffPosition, StaffPosition.id == newest)
            .order_by(User.id))
    if user_ids is not None:
        stmt = stmt.where(User.id.in_(sorted(set(user_ids))))
    with db.session() as session:
        return [StaffPositionRecord(*row) for row in session.execute(stmt)]


def trails(db: Database, since: datetime,
           user_ids: Iterable[int] | None = None) -> dict[int, list[TrailPoint]]:
    """Fixes at or after ``since`` (typically the last hour) per user, oldest first.

    Give ``user_ids`` for the people the map follows: a whole district reporting every
    second is several million fixes an hour.
    """
    stmt = (select(StaffPosition.user_id, StaffPosition.at, StaffPosition.lon,
                   StaffPosition.lat)
            .where(StaffPosition.at >= since)
            .order_by(StaffPosition.user_id, StaffPosition.at, StaffPosition.id))
    if user_ids is not None:
        stmt = stmt.where(StaffPosition.user_id.in_(sorted(set(user_ids))))
    result: dict[int, list[TrailPoint]] = {}
    with db.session() as session:
        for user_id, at, lon, lat in session.execute(stmt):
            result.setdefault(user_id, []).append((at, lon, lat))
    return result


def fix_slot(db: Database, step: timedelta):
    """A fix's slot of ``step`` since the epoch, in the database's own terms: grouping by
    (person, slot) keeps one fix per person per step without moving rows into Python."""
    seconds = max(1, int(step.total_seconds()))
    if db.dialect == "postgresql":
        return func.floor(extract("epoch", _POSITIONS.c.at) / seconds)
    return cast(func.strftime("%s", _POSITIONS.c.at), Integer) // seconds


def thin_positions(db: Database, start: datetime, end: datetime,
                   step: timedelta = TRACK_STEP) -> int:
    """Keep the first fix of each person in each ``step`` slot of [start, end) and delete
    the others; returns how many went. Slots are counted from the epoch, so thinning a
    stretch again deletes nothing more."""
    keep = (select(func.min(_POSITIONS.c.id))
            .where(_POSITIONS.c.at >= start, _POSITIONS.c.at < end)
            .group_by(_POSITIONS.c.user_id, fix_slot(db, step)))
    with db.session() as session:
        count = session.execute(
            delete(_POSITIONS).where(_POSITIONS.c.at >= start, _POSITIONS.c.at < end,
                                     _POSITIONS.c.id.not_in(keep))).rowcount
        if count:
            log_change(session, CHANGE_ENTITY, CHANGE_ID, "prune", local_now())
        return count


def prune_positions(db: Database, before: datetime) -> int:
    """Delete fixes older than ``before``; returns how many went. Positions are working
    data, not the record: the case history never refers to them."""
    with db.session() as session:
        count = session.scalar(select(func.count()).select_from(_POSITIONS)
                               .where(_POSITIONS.c.at < before))
        if count:
            session.execute(delete(_POSITIONS).where(_POSITIONS.c.at < before))
            log_change(session, CHANGE_ENTITY, CHANGE_ID, "prune", local_now())
        return count


@dataclass(frozen=True, slots=True)
class FixRow:
    id: int
    user_id: int
    at: datetime
    lon: float
    lat: float
    on_duty: bool


def first_fix_id(db: Database, since: datetime) -> int:
    """An id just before the fixes taken at or after ``since``: one probe per person on
    (user_id, at), so a start-up never walks the older part of the table by id."""
    earliest = (select(StaffPosition.id)
                .where(StaffPosition.user_id == User.id, StaffPosition.at >= since)
                .order_by(StaffPosition.at, StaffPosition.id).limit(1)
                .correlate(User).scalar_subquery())
    with db.session() as session:
        first = session.scalar(select(func.min(earliest)).select_from(User))
    return (first or 1) - 1 if first is not None else _last_id(db)


def thinned_fixes(db: Database, start: datetime, end: datetime,
                  step: timedelta) -> list[FixRow]:
    """One fix per person per ``step`` taken in [start, end), oldest first: a trail for the
    map read without moving every fix into Python (a slice of ``step`` at a time, each an
    index range on ``at`` grouped by person in the database)."""
    result: list[FixRow] = []
    with db.session() as session:
        t = start
        while t < end:
            upto = min(end, t + step)
            first = (select(func.min(_POSITIONS.c.id).label("id"))
                     .where(_POSITIONS.c.at >= t, _POSITIONS.c.at < upto)
                     .group_by(_POSITIONS.c.user_id).subquery())
            rows = session.execute(
                select(_POSITIONS.c.id, _POSITIONS.c.user_id, _POSITIONS.c.at, _POSITIONS.c.lon,
                       _POSITIONS.c.lat, _POSITIONS.c.on_duty)
                .join(first, first.c.id == _POSITIONS.c.id).order_by(_POSITIONS.c.at))
            result.extend(FixRow(*row) for row in rows)
            t = upto
    return result


def last_fix_id(db: Database) -> int:
    return _last_id(db)


def _last_id(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.max(_POSITIONS.c.id))) or 0


def fixes_after(db: Database, after_id: int, since: datetime,
                limit: int = 500_000) -> list[FixRow]:
    """Fixes stored after row ``after_id`` and taken at or after ``since``, in storage order:
    what a live map appends to the trails it already holds."""
    stmt = (select(StaffPosition.id, StaffPosition.user_id, StaffPosition.at, StaffPosition.lon,
                   StaffPosition.lat, StaffPosition.on_duty)
            .where(StaffPosition.id > after_id, StaffPosition.at >= since)
            .order_by(StaffPosition.id).limit(limit))
    with db.session() as session:
        return [FixRow(*row) for row in session.execute(stmt)]


def staff_names(db: Database, user_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    with db.session() as session:
        return {uid: name or username for uid, username, name in session.execute(
            select(User.id, User.username, User.display_name).where(User.id.in_(ids)))}
