"""Where the field staff are: GPS fixes in, newest positions and recent trails out.

Phones report in bursts, so fixes are written in batches: one insert of many rows and a
single change-log row per batch, so followers of the log wake once per batch, not once per
fix. Reads return frozen dataclasses and plain tuples, never ORM objects.

Two tables: every fix of the last POSITIONS_KEPT (``staff_positions``, what the live map
follows), and one fix per person per minute before that, for ROLLUP_KEPT
(``staff_position_minutes``, trails of past hours and days). :func:`maintain_positions`
moves fixes from the first to the second and drops what is past keeping, a minute or an
hour at a time per transaction; :func:`fixes_between` reads any time range from both.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, and_, cast, delete, exists, extract, func, insert, select, union_all

from .db import Database
from .schema import StaffPosition, StaffPositionMinute, User
from .service import local_now, log_change

# The change-log row written with each batch of fixes.
CHANGE_ENTITY, CHANGE_ID, CHANGE_KIND = "staff", "gps", "fixes"

_POSITIONS = StaffPosition.__table__
# Raw fixes are kept this long (the map draws the last hour of trail); whoever writes fixes
# rolls older ones up to one a minute (kept ROLLUP_KEPT, what a replay of a past day draws)
# on a schedule, so both tables stay bounded.
POSITIONS_KEPT = timedelta(hours=2)
_MINUTES = StaffPositionMinute.__table__
ROLLUP_KEPT = timedelta(days=30)  # the minute-by-minute history
# Per call of maintain_positions: at most this many minutes of raw fixes rolled up (one
# transaction each, 120,000 rows at 2,000 fixes/s) and hours of history dropped, so a
# backlog after a long stop is worked off over several rounds, never in one long lock.
ROLLUP_MINUTES_PER_ROUND = 10
PRUNE_HOURS_PER_ROUND = 6
_MINUTE, _HOUR = timedelta(minutes=1), timedelta(hours=1)
# A replay draws one fix per person per TRACK_STEP (the live trail's spacing too).
TRACK_STEP = timedelta(seconds=30)


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


# --- history: the minute table, its upkeep, and reads over any time range ---------------------

def maintain_positions(db: Database, now: datetime) -> tuple[int, int]:
    """One round of upkeep, for whoever writes fixes to run every minute or so: raw fixes
    older than POSITIONS_KEPT rolled up into the minute table, minute rows older than
    ROLLUP_KEPT dropped. Returns (raw fixes rolled up, minute rows dropped)."""
    rolled = roll_up_positions(db, now - POSITIONS_KEPT)
    dropped = prune_position_minutes(db, now - ROLLUP_KEPT)
    if rolled or dropped:
        with db.session() as session:
            log_change(session, CHANGE_ENTITY, CHANGE_ID, "rollup", local_now())
    return rolled, dropped


def roll_up_positions(db: Database, before: datetime,
                      max_minutes: int = ROLLUP_MINUTES_PER_ROUND) -> int:
    """Replace the raw fixes of whole minutes before ``before`` by each person's first fix of
    the minute, oldest minute first, one minute per transaction, ``max_minutes`` at most.
    Returns how many raw fixes went. A fix arriving late for a minute already rolled up
    adds nothing for a person who has that minute."""
    cutoff = before.replace(second=0, microsecond=0)  # only whole minutes
    P, M = _POSITIONS.c, _MINUTES.c
    moved = 0
    for _ in range(max_minutes):
        with db.session() as session:
            oldest = session.scalar(select(func.min(P.at)).where(P.at < cutoff))
            if oldest is None:
                break
            start = oldest.replace(second=0, microsecond=0)
            end = start + _MINUTE
            in_minute = and_(P.at >= start, P.at < end)
            first = (select(func.min(P.id).label("id")).where(in_minute)
                     .group_by(P.user_id).subquery())
            has_minute = exists().where(M.user_id == P.user_id, M.at >= start, M.at < end)
            session.execute(insert(_MINUTES).from_select(
                ["user_id", "at", "lon", "lat", "on_duty"],
                select(P.user_id, P.at, P.lon, P.lat, P.on_duty)
                .join(first, first.c.id == P.id).where(~has_minute)))
            moved += session.execute(delete(_POSITIONS).where(in_minute)).rowcount
    return moved


def prune_position_minutes(db: Database, before: datetime,
                           max_hours: int = PRUNE_HOURS_PER_ROUND) -> int:
    """Drop minute rows older than ``before``, an hour of them per transaction,
    ``max_hours`` at most; returns how many went."""
    M = _MINUTES.c
    dropped = 0
    for _ in range(max_hours):
        with db.session() as session:
            oldest = session.scalar(select(func.min(M.at)).where(M.at < before))
            if oldest is None:
                break
            end = min(before, oldest + _HOUR)
            dropped += session.execute(delete(_MINUTES).where(M.at < end)).rowcount
    return dropped


def fixes_between(db: Database, start: datetime, end: datetime,
                  user_ids: Iterable[int] | None = None) -> list[Fix]:
    """Fixes taken in [start, end) of ``user_ids`` (default: everyone), oldest first (ties
    by person): every fix where the raw table still holds it, one a minute before that,
    nothing before ROLLUP_KEPT. One statement over both tables, so a roll-up running at
    the same time neither hides a minute nor shows it twice.

    Everyone for a whole day is ~500,000 rows for 350 people on duty round the clock: a
    replay of everyone reads an hour or so at a time."""
    parts = []
    for table in (_POSITIONS, _MINUTES):
        stmt = (select(table.c.user_id, table.c.at, table.c.lon, table.c.lat,
                       table.c.on_duty)
                .where(table.c.at >= start, table.c.at < end))
        if user_ids is not None:
            stmt = stmt.where(table.c.user_id.in_(sorted(set(user_ids))))
        parts.append(stmt)
    both = union_all(*parts).subquery()
    stmt = select(both.c.user_id, both.c.at, both.c.lon, both.c.lat, both.c.on_duty).order_by(
        both.c.at, both.c.user_id)
    with db.session() as session:
        return [Fix(*row) for row in session.execute(stmt)]
