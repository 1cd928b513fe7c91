"""Field staff for the map: newest positions and hour-long trails, followed incrementally."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from commandcenter.store.positions import Fix, record_fixes
from commandcenter.store.schema import User
from commandcenter.views.common.staff import StaffTracker, fetch_fixes

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


def test_a_backlog_is_followed_in_bounded_pieces_from_the_last_hour(world_db):
    from commandcenter.store.positions import first_fix_id, prune_positions
    from commandcenter.views.common.staff import follow_fixes
    sup, other = user_id(world_db, "sup1"), user_id(world_db, "op1")
    start = NOW - timedelta(minutes=90)
    record_fixes(world_db, [Fix(who, start + timedelta(seconds=10 * i), 116.40 + i * 1e-5, 39.91)
                            for i in range(540) for who in (sup, other)])
    # The first piece starts at the hour's first fix: the older half hour is never read.
    skipped = first_fix_id(world_db, NOW - timedelta(hours=1))
    every, _ = fetch_fixes(world_db, 0, set(), NOW - timedelta(hours=5), limit=10_000)
    assert all(r.at < NOW - timedelta(hours=1) for r in every if r.id <= skipped)
    assert len([r for r in every if r.id <= skipped]) == 360
    # A start-up: the newest positions first (the map paints them), then the thinned trail
    # ten minutes at a time, then the fixes stored meanwhile.
    tracker = StaffTracker()
    positions, more = follow_fixes(tracker, world_db, NOW)
    assert more and {p.staff_id for p in positions} == {sup, other}
    assert all(p.trail == () for p in positions)
    record_fixes(world_db, [Fix(sup, NOW, 116.6, 39.93)])  # arrives during the start-up
    pieces = 1
    while more:
        positions, more = follow_fixes(tracker, world_db, NOW, limit=100)
        pieces += 1
    assert pieces == 8  # the newest, six pieces of trail, the fixes since the start
    assert {p.staff_id for p in positions} == {sup, other}
    assert [p.lon for p in positions if p.staff_id == sup] == [116.6]
    assert all(len(p.trail) == 121 - (p.staff_id == other) for p in positions)
    whole = StaffTracker()
    rows, names = fetch_fixes(world_db, 0, set(), NOW, limit=10_000)
    whole.apply(rows, names)
    assert whole.positions(NOW) == positions  # the same picture as one big read

    # Pruning keeps the table bounded: everything before the cut goes.
    assert prune_positions(world_db, NOW - timedelta(hours=1)) == 360
    rows, _ = fetch_fixes(world_db, 0, set(), NOW - timedelta(hours=5), limit=10_000)
    assert len(rows) == 721
