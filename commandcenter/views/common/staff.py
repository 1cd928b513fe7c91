"""Field staff on the map: each person's newest position and last hour of trail, kept up
to date from the stored fixes without reading the hour again."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from commandcenter.map.geojson import StaffPosition
from commandcenter.store.db import Database
from commandcenter.store.positions import (FixRow, fixes_after, last_fix_id, latest_positions,
                                           staff_names, thinned_fixes)

TRAIL = timedelta(hours=1)
TRAIL_STEP = timedelta(seconds=30)  # one trail point per half minute is plenty on a map
PIECE = 20_000  # fixes read and applied per worker task: a backlog never arrives at once
BACKFILL_PIECE = timedelta(minutes=10)  # of thinned trail per start-up task


@dataclass
class _Person:
    name: str
    last: FixRow
    trail: deque = field(default_factory=deque)  # (at, lon, lat), oldest first


class StaffTracker:
    """Not thread-safe: used by one task at a time (see :func:`follow_fixes`)."""

    def __init__(self) -> None:
        self.last_id = 0
        self._people: dict[int, _Person] = {}
        self._names: dict[int, str] = {}
        self.started = False
        self.backfill_from: datetime | None = None  # the start-up trail still to read
        self.backfill_to: datetime | None = None

    def seed(self, newest) -> None:
        """Each person's newest fix (StaffPositionRecord), before any trail is known."""
        for r in newest:
            self._names[r.user_id] = r.display_name or r.username
            self._people[r.user_id] = _Person(self._names[r.user_id], FixRow(
                0, r.user_id, r.at, r.lon, r.lat, r.on_duty))

    def backfill(self, rows: list[FixRow]) -> None:
        """Older trail points (already thinned, oldest first) for people already known."""
        for row in rows:
            person = self._people.get(row.user_id)
            if person is None or row.at > person.last.at:
                continue
            if not person.trail or row.at - person.trail[-1][0] >= TRAIL_STEP:
                person.trail.append((row.at, row.lon, row.lat))

    def apply(self, rows: list[FixRow], names: dict[int, str]) -> None:
        self._names.update(names)
        for row in rows:
            self.last_id = max(self.last_id, row.id)
            person = self._people.get(row.user_id)
            if person is None:
                person = self._people[row.user_id] = _Person(
                    self._names.get(row.user_id, str(row.user_id)), row)
            elif row.at >= person.last.at:
                person.last = row
            if not person.trail or row.at - person.trail[-1][0] >= TRAIL_STEP:
                person.trail.append((row.at, row.lon, row.lat))

    @property
    def known_ids(self) -> frozenset[int]:
        return frozenset(self._names)

    def positions(self, now: datetime) -> list[StaffPosition]:
        cutoff = now - TRAIL
        result = []
        for user_id, person in sorted(self._people.items()):
            while person.trail and person.trail[0][0] < cutoff:
                person.trail.popleft()
            if person.last.at < cutoff:
                continue  # not heard from for an hour: off the map
            result.append(StaffPosition(
                user_id, person.name, person.last.lon, person.last.lat,
                tuple((lon, lat) for _at, lon, lat in person.trail),
                on_duty=person.last.on_duty))
        return result


def fetch_fixes(db: Database, tracker_last_id: int, known: set[int],
                now: datetime, limit: int = PIECE) -> tuple[list[FixRow], dict[int, str]]:
    """Worker-thread half of a refresh: new fixes and the names of people not seen yet."""
    rows = fixes_after(db, tracker_last_id, now - TRAIL, limit)
    return rows, staff_names(db, {r.user_id for r in rows} - known)


def follow_fixes(tracker: StaffTracker, db: Database, now: datetime,
                 limit: int = PIECE) -> tuple[list[StaffPosition], bool]:
    """One bounded piece of following the fixes, all of it on a worker thread: read at most
    ``limit`` fixes, apply them, and return what the map draws and whether more are waiting.
    The tracker is used by one such task at a time and never by the GUI thread.

    At start-up (an empty tracker) the hour is not read fix by fix: first each person's
    newest fix (one index probe each), so the map paints at once; then the trail, thinned
    to one point per TRAIL_STEP in the database, BACKFILL_PIECE at a time, oldest first;
    then the fixes stored since the start, as usual."""
    if not tracker.started:
        tracker.started = True
        tracker.last_id = last_fix_id(db)  # followed fix by fix once the trail is in
        newest = latest_positions(db, now - TRAIL)
        tracker.seed(newest)
        tracker.backfill_from, tracker.backfill_to = now - TRAIL, now
        return tracker.positions(now), True
    if tracker.backfill_to is not None:
        start = tracker.backfill_from
        end = min(tracker.backfill_to, start + BACKFILL_PIECE)
        tracker.backfill(thinned_fixes(db, start, end, TRAIL_STEP))
        tracker.backfill_from = end
        if end >= tracker.backfill_to:
            tracker.backfill_to = None
        return tracker.positions(now), True
    rows, names = fetch_fixes(db, tracker.last_id, tracker.known_ids, now, limit)
    tracker.apply(rows, names)
    return tracker.positions(now), len(rows) >= limit
