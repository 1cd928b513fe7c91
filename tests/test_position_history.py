"""Rolled-up positions: raw fixes past POSITIONS_KEPT become one fix per person per minute,
kept ROLLUP_KEPT, in bounded rounds; any time range reads from whichever table holds it.
On SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from commandcenter.store.positions import (POSITIONS_KEPT, ROLLUP_KEPT, Fix, fixes_between,
                                           maintain_positions, prune_position_minutes,
                                           record_fixes, roll_up_positions)
from commandcenter.store.queries import changes_since, last_change_seq
from commandcenter.store.schema import StaffPosition, StaffPositionMinute, User
from commandcenter.store.service import local_now

NOW = datetime(2024, 6, 14, 15, 0, 0)


def _ids(db) -> dict[str, int]:
    with db.session() as s:
        return dict(s.execute(select(User.username, User.id)).all())


def _count(db, table) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def _every(user_id: int, start: datetime, minutes: float, every_s: int, lon: float) -> list[Fix]:
    n = int(minutes * 60 / every_s)
    return [Fix(user_id, start + timedelta(seconds=every_s * i), lon + 0.00001 * i, 39.91)
            for i in range(n)]


def test_old_fixes_are_rolled_up_to_the_first_of_each_minute(world_db):
    ids = _ids(world_db)
    sup, lead = ids["sup1"], ids["lead1"]
    start = NOW - timedelta(hours=3)
    # Three hours of fixes every 10 s for one person, every 20 s for another.
    record_fixes(world_db, _every(sup, start, 180, 10, 116.40))
    record_fixes(world_db, _every(lead, start, 180, 20, 116.41))
    raw_before = _count(world_db, StaffPosition)
    assert raw_before == 180 * 6 + 180 * 3

    # Bounded: one round moves at most its minutes, oldest first.
    moved = roll_up_positions(world_db, NOW - POSITIONS_KEPT, max_minutes=5)
    assert moved == 5 * (6 + 3)
    with world_db.session() as s:
        first = s.execute(select(StaffPositionMinute.user_id, StaffPositionMinute.at)
                          .order_by(StaffPositionMinute.at, StaffPositionMinute.user_id)).all()
    assert first[:2] == [(sup, start), (lead, start)]
    assert len(first) == 10

    while roll_up_positions(world_db, NOW - POSITIONS_KEPT):
        pass
    # The hour before the cutoff is one fix a minute each; the last two hours stay raw.
    assert _count(world_db, StaffPositionMinute) == 60 * 2
    assert _count(world_db, StaffPosition) == 120 * 6 + 120 * 3
    with world_db.session() as s:
        oldest_raw = s.scalar(select(func.min(StaffPosition.at)))
        minutes = s.scalars(select(StaffPositionMinute.at)
                            .where(StaffPositionMinute.user_id == sup)
                            .order_by(StaffPositionMinute.at)).all()
    assert oldest_raw == NOW - POSITIONS_KEPT
    assert minutes == [start + timedelta(minutes=m) for m in range(60)]


def test_a_partial_minute_waits_for_the_next_round(world_db):
    sup = _ids(world_db)["sup1"]
    cutoff = NOW - POSITIONS_KEPT + timedelta(seconds=30)
    record_fixes(world_db, _every(sup, NOW - POSITIONS_KEPT - timedelta(minutes=1), 2, 10, 116.4))
    # Only the whole minute before the cutoff's minute goes; the minute cut in two waits.
    assert roll_up_positions(world_db, cutoff) == 6
    assert _count(world_db, StaffPosition) == 6
    assert roll_up_positions(world_db, cutoff + timedelta(minutes=1)) == 6
    assert _count(world_db, StaffPositionMinute) == 2


def test_a_late_fix_for_a_rolled_up_minute_adds_nothing_for_that_person(world_db):
    ids = _ids(world_db)
    sup, lead = ids["sup1"], ids["lead1"]
    minute = NOW - timedelta(hours=3)
    record_fixes(world_db, [Fix(sup, minute + timedelta(seconds=5), 116.40, 39.91)])
    roll_up_positions(world_db, NOW - POSITIONS_KEPT)
    # A phone that was offline uploads its buffer: the same minute, later seconds.
    record_fixes(world_db, [Fix(sup, minute + timedelta(seconds=35), 116.41, 39.92),
                            Fix(lead, minute + timedelta(seconds=40), 116.42, 39.93)])
    assert roll_up_positions(world_db, NOW - POSITIONS_KEPT) == 2
    got = fixes_between(world_db, minute, minute + timedelta(minutes=1))
    assert [(f.user_id, f.at.second, f.lon) for f in got] == [(sup, 5, 116.40), (lead, 40, 116.42)]


def test_history_past_keeping_goes_an_hour_at_a_time(world_db):
    sup = _ids(world_db)["sup1"]
    old = NOW - ROLLUP_KEPT - timedelta(hours=3)
    record_fixes(world_db, _every(sup, old, 240, 60, 116.40))  # four hours, a fix a minute
    while roll_up_positions(world_db, NOW - POSITIONS_KEPT):
        pass
    assert _count(world_db, StaffPositionMinute) == 240
    assert prune_position_minutes(world_db, NOW - ROLLUP_KEPT, max_hours=2) == 120
    assert prune_position_minutes(world_db, NOW - ROLLUP_KEPT) == 60
    assert prune_position_minutes(world_db, NOW - ROLLUP_KEPT) == 0
    with world_db.session() as s:
        assert s.scalar(select(func.min(StaffPositionMinute.at))) == NOW - ROLLUP_KEPT


def test_maintenance_rolls_up_prunes_and_tells_followers(world_db):
    sup = _ids(world_db)["sup1"]
    record_fixes(world_db, _every(sup, NOW - ROLLUP_KEPT - timedelta(minutes=5), 3, 20, 116.4))
    record_fixes(world_db, _every(sup, NOW - timedelta(hours=2, minutes=4), 3, 20, 116.5))
    before = last_change_seq(world_db)
    # The fixes past the whole history go in their round; the others become three minutes.
    assert maintain_positions(world_db, NOW) == (18, 3)
    assert _count(world_db, StaffPositionMinute) == 3
    assert [c.kind for c in changes_since(world_db, before)] == ["rollup"]
    assert maintain_positions(world_db, NOW) == (0, 0)
    assert len(changes_since(world_db, before)) == 1


def test_a_range_reads_from_whichever_table_holds_it(world_db):
    ids = _ids(world_db)
    sup, lead = ids["sup1"], ids["lead1"]
    start = NOW - timedelta(hours=4)
    record_fixes(world_db, _every(sup, start, 240, 30, 116.40))
    record_fixes(world_db, _every(lead, start, 240, 30, 116.41))
    while roll_up_positions(world_db, NOW - POSITIONS_KEPT):
        pass
    # Across the boundary: a fix a minute before it, every fix after.
    boundary = NOW - POSITIONS_KEPT
    mine = fixes_between(world_db, boundary - timedelta(minutes=10),
                         boundary + timedelta(minutes=10), [sup])
    assert all(f.user_id == sup for f in mine)
    assert len(mine) == 10 + 20
    assert [f.at for f in mine] == sorted(f.at for f in mine)
    assert mine[9].at == boundary - timedelta(minutes=1) and mine[10].at == boundary
    # Everyone, oldest first, ties by person; the range is half open.
    everyone = fixes_between(world_db, start, start + timedelta(minutes=2))
    assert [(f.user_id, f.at) for f in everyone] == [
        (sup, start), (lead, start), (sup, start + timedelta(minutes=1)),
        (lead, start + timedelta(minutes=1))]
    assert fixes_between(world_db, NOW - timedelta(days=2), start) == []
    assert fixes_between(world_db, start, NOW, []) == []


def test_the_simulator_keeps_both_tables_bounded_on_a_thread_of_its_own(world_db):
    import threading

    from commandcenter.demo.simulator import _Gps

    class OneRound(threading.Event):  # the upkeep's schedule: one round, then stop
        rounds = 0

        def wait(self, timeout=None):
            self.rounds += 1
            return self.rounds > 1

    sup = _ids(world_db)["sup1"]
    long_ago = local_now() - timedelta(hours=3)  # on the district's clock, as fixes are
    record_fixes(world_db, _every(sup, long_ago, 2, 10, 116.4))
    gps = _Gps([], world_db, 1.0)
    gps.upkeep(OneRound())
    assert gps.pruned == 12
    assert _count(world_db, StaffPosition) == 0 and _count(world_db, StaffPositionMinute) >= 2
