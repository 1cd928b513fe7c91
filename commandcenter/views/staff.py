"""Field staff on the map: each person's newest position and last hour of trail, kept up
to date from the stored fixes without reading the hour again."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from commandcenter.map.geojson import StaffPosition
from commandcenter.store.db import Database
from commandcenter.store.positions import FixRow, first_fix_id, fixes_after, staff_names

TRAIL = timedelta(hours=1)
TRAIL_STEP = timedelta(seconds=30)  # one trail point per half minute is plenty on a map
PIECE = 20_000  # fixes read and applied per worker task: a day of backlog never arrives at once


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
    The tracker is used by one such task at a time and never by the GUI thread."""
    if tracker.last_id == 0:  # the first piece: start at the last hour, not at row 1
        tracker.last_id = first_fix_id(db, now - TRAIL)
    rows, names = fetch_fixes(db, tracker.last_id, tracker.known_ids, now, limit)
    tracker.apply(rows, names)
    return tracker.positions(now), len(rows) >= limit
