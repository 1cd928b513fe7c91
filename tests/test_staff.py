"""Field staff for the map: newest positions and hour-long trails, followed incrementally."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from commandcenter.store.positions import Fix, record_fixes
from commandcenter.store.schema import User
from commandcenter.views.staff import StaffTracker, fetch_fixes

NOW = datetime(2026, 11, 23, 10, 0)


def user_id(db, username: str) -> int:
    with db.session() as s:
        return s.scalar(select(User.id).where(User.username == username))


def test_tracker_follows_new_fixes_and_keeps_an_hour_of_thinned_trail(world_db):
    sup = user_id(world_db, "sup1")
    start = NOW - timedelta(minutes=90)
    # one fix every 10 s for 90 minutes, walking east
    record_fixes(world_db, [Fix(sup, start + timedelta(seconds=10 * i), 116.40 + i * 1e-5, 39.91)
                            for i in range(540)])
    tracker = StaffTracker()
    rows, names = fetch_fixes(world_db, tracker.last_id, tracker.known_ids, NOW)
    assert len(rows) == 360  # the last hour only: 09:00:00 … 09:59:50
    tracker.apply(rows, names)
    [person] = tracker.positions(NOW)
    assert (person.staff_id, person.name) == (sup, "sup1")
    assert person.lon == rows[-1].lon and person.on_duty
    assert len(person.trail) == 120  # one point per 30 s
    assert person.trail[0][0] == rows[0].lon

    record_fixes(world_db, [Fix(sup, NOW + timedelta(seconds=40), 116.5, 39.92, on_duty=False)])
    later = NOW + timedelta(minutes=1)
    rows, names = fetch_fixes(world_db, tracker.last_id, tracker.known_ids, later)
    assert len(rows) == 1 and names == {}  # only what is new, and the name is known
    tracker.apply(rows, names)
    [person] = tracker.positions(later)
    assert (person.lon, person.lat, person.on_duty) == (116.5, 39.92, False)
    assert person.trail[-1] == (116.5, 39.92)
    assert tracker.positions(later + timedelta(hours=2)) == []  # silent for an hour: gone
