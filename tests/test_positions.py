"""GPS fixes of the field staff: batches in, newest positions and trails out, on both databases."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from commandcenter.store.positions import (Fix, StaffPositionRecord, latest_positions,
                                           prune_positions, record_fixes, trails)
from commandcenter.store.queries import changes_since, last_change_seq
from commandcenter.store.schema import StaffPosition, User

T0 = datetime(2024, 6, 14, 9, 0, 0)


def _ids(db) -> dict[str, int]:
    with db.session() as s:
        return dict(s.execute(select(User.username, User.id)).all())


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(StaffPosition))


def _walk(user_id: int, start: datetime, n: int, lon: float, lat: float,
          every_s: int = 10) -> list[Fix]:
    return [Fix(user_id, start + timedelta(seconds=every_s * i), lon + 0.0001 * i,
                lat + 0.00005 * i) for i in range(n)]


def test_batches_are_stored_with_one_change_row_each(world_db):
    ids = _ids(world_db)
    sup, lead = ids["sup1"], ids["lead1"]
    before = last_change_seq(world_db)
    first = _walk(sup, T0, 5, 116.4005, 39.9105) + _walk(lead, T0, 3, 116.4015, 39.9105)
    assert record_fixes(world_db, first, at=T0) == 8
    second = _walk(sup, T0 + timedelta(minutes=1), 4, 116.4010, 39.9108)
    assert record_fixes(world_db, second) == 4
    assert _count(world_db) == 12
    changes = changes_since(world_db, before)
    assert [(c.entity, c.entity_id, c.kind) for c in changes] == [("staff", "gps", "fixes")] * 2
    assert changes[0].at == T0
    # Nothing to write: no row, and nobody is woken for nothing.
    assert record_fixes(world_db, []) == 0
    assert last_change_seq(world_db) == changes[-1].seq


def test_latest_position_per_person(world_db):
    ids = _ids(world_db)
    sup, lead, op = ids["sup1"], ids["lead1"], ids["op1"]
    record_fixes(world_db, _walk(sup, T0, 30, 116.4001, 39.9101)
                 + _walk(lead, T0, 6, 116.4011, 39.9102))
    # The operator reported long ago, then went off duty.
    record_fixes(world_db, [Fix(op, T0 - timedelta(hours=3), 116.4003, 39.9103),
                            Fix(op, T0 - timedelta(hours=2), 116.4004, 39.9104, on_duty=False)])
    # Two fixes of the same second: the one stored last wins.
    tie = T0 + timedelta(seconds=290)
    record_fixes(world_db, [Fix(sup, tie, 116.4090, 39.9190)])
    record_fixes(world_db, [Fix(sup, tie, 116.4091, 39.9191)])

    latest = latest_positions(world_db, T0 - timedelta(hours=4))
    assert [p.user_id for p in latest] == sorted([sup, lead, op])
    by_user = {p.user_id: p for p in latest}
    assert by_user[sup] == StaffPositionRecord(sup, "sup1", "sup1", tie, 116.4091, 39.9191, True)
    assert by_user[lead].at == T0 + timedelta(seconds=50)
    assert by_user[lead].lon == 116.4011 + 0.0001 * 5
    assert by_user[op].at == T0 - timedelta(hours=2) and by_user[op].on_duty is False
    # Only fixes since the given time count: the operator has none in the last hour.
    recent = latest_positions(world_db, T0 - timedelta(hours=1))
    assert {p.user_id for p in recent} == {sup, lead}
    assert latest_positions(world_db, T0 - timedelta(hours=4), user_ids=[lead])[0].user_id == lead
    assert latest_positions(world_db, T0 + timedelta(hours=1)) == []


def test_trails_of_the_last_hour(world_db):
    ids = _ids(world_db)
    sup, lead = ids["sup1"], ids["lead1"]
    # Shuffled on purpose: trails come back in time order whatever the insert order.
    fixes = _walk(sup, T0 - timedelta(minutes=90), 19, 116.4001, 39.9101, every_s=300)
    record_fixes(world_db, fixes[::2])
    record_fixes(world_db, fixes[1::2] + _walk(lead, T0 - timedelta(minutes=30), 4, 116.4011,
                                                39.9102, every_s=60))
    since = T0 - timedelta(hours=1)
    got = trails(world_db, since)
    assert set(got) == {sup, lead}
    expected = [(f.at, f.lon, f.lat) for f in fixes if f.at >= since]
    assert got[sup] == expected and len(expected) == 13
    assert [t for t, _, _ in got[lead]] == [T0 - timedelta(minutes=30 - i) for i in range(4)]
    assert list(trails(world_db, since, user_ids=[lead])) == [lead]
    assert trails(world_db, since, user_ids=[]) == {}
    assert trails(world_db, T0 + timedelta(hours=1)) == {}


def test_old_fixes_can_be_pruned(world_db):
    sup = _ids(world_db)["sup1"]
    record_fixes(world_db, _walk(sup, T0 - timedelta(days=2), 5, 116.4001, 39.9101)
                 + _walk(sup, T0, 5, 116.4001, 39.9101))
    before = last_change_seq(world_db)
    assert prune_positions(world_db, T0 - timedelta(days=1)) == 5
    assert _count(world_db) == 5
    assert [c.kind for c in changes_since(world_db, before)] == ["prune"]
    assert prune_positions(world_db, T0 - timedelta(days=1)) == 0
    assert last_change_seq(world_db) == before + 1
