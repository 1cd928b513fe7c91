"""A day's replay read from real SQLite and PostgreSQL: the cases open during it with their
events, the staff's fixes thinned in the database, and states that agree with the live
board's countdown clock; thinning of old fixes keeps one per person per slot."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Countdown, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.replay import Replay
from commandcenter.store.board import CountdownClock, open_board
from commandcenter.store.positions import Fix, record_fixes, thin_positions
from commandcenter.store.replay import load_replay
from commandcenter.store.schema import User
from commandcenter.store.service import CaseService

from .conftest import GRID_A

DAY = datetime(2026, 11, 24)           # a Tuesday
NOW = DAY + timedelta(days=1, hours=10)
POLICY = default_policy()


@pytest.fixture
def service(world_db):
    return CaseService(world_db, POLICY, clock=lambda: NOW)


def report(service, at, urgency=Urgency.NORMAL):
    draft = CaseDraft(Source.SUPERVISOR, CaseKind.EVENT, "event:0101", urgency, 116.4005,
                      39.9105, GRID_A, "暴露垃圾")
    return service.report(service.actor("sup1"), draft, at=at)


def act(service, user, case, action, at, **kw):
    return service.act(service.actor(user), case.number, action, at=at, **kw)


def dispatched(service, at):
    case = report(service, at - timedelta(minutes=30))
    act(service, "op1", case, Action.ACCEPT, at - timedelta(minutes=20))
    act(service, "lead1", case, Action.FILE, at - timedelta(minutes=10))
    return act(service, "disp1", case, Action.DISPATCH, at, department_code="D09")


def close(service, case, at):
    act(service, "h_d09", case, Action.HANDLE, at - timedelta(minutes=20))
    act(service, "sup1", case, Action.CHECK_PASS, at - timedelta(minutes=10))
    return act(service, "lead1", case, Action.CLOSE, at)


def test_a_day_holds_the_cases_open_in_it_with_their_whole_history(service, world_db):
    before = close(service, dispatched(service, DAY - timedelta(days=2)),
                   DAY - timedelta(hours=1))                       # closed the day before
    carried = dispatched(service, DAY - timedelta(days=1, hours=-10))  # open since yesterday
    closed_in = close(service, dispatched(service, DAY + timedelta(hours=9)),
                      DAY + timedelta(hours=15))
    held = dispatched(service, DAY + timedelta(hours=10))
    act(service, "h_d09", held, Action.REQUEST_HOLD, DAY + timedelta(hours=10, minutes=30),
        reason="待审批")
    act(service, "disp1", held, Action.APPROVE, DAY + timedelta(hours=11))
    after = report(service, DAY + timedelta(days=1, hours=1))      # the next day
    urgent = report(service, DAY + timedelta(hours=16), urgency=Urgency.URGENT)

    data = load_replay(world_db, DAY, DAY + timedelta(days=1))
    ids = [c.id for c in data.cases]
    assert ids == sorted([carried.id, closed_in.id, held.id, urgent.id])
    assert before.id not in ids and after.id not in ids
    steps = [s for s in data.steps if s.case_id == carried.id]
    assert [s.to_stage for s in steps] == [Stage.INTAKE, Stage.FILING, Stage.DISPATCH,
                                           Stage.HANDLING]
    assert steps[-1].deadline == carried.deadline                  # from the event's payload
    assert steps[0].from_stage is None and steps[1].from_stage is Stage.INTAKE
    held_steps = [s for s in data.steps if s.case_id == held.id]
    assert held_steps[-1].to_stage is Stage.HELD and held_steps[-1].deadline is None
    assert [c.urgency for c in data.cases if c.id == urgent.id] == [Urgency.URGENT]

    replay = Replay(data, POLICY)
    states = replay.case_states(replay.frame(DAY + timedelta(hours=12)))
    assert states == {carried.id: (Stage.HANDLING, Countdown.OVERDUE),
                      closed_in.id: (Stage.HANDLING, Countdown.NORMAL),
                      held.id: (Stage.HELD, Countdown.NORMAL)}
    end = replay.case_states(replay.frame(DAY + timedelta(hours=23, minutes=59)))
    assert closed_in.id not in end and urgent.id in end


def test_the_last_frame_lights_cases_as_the_live_board_does(service, world_db):
    for hours in (1, 3, 5, 8, 22, 26, 30):
        dispatched(service, NOW - timedelta(hours=hours))
    waiting = report(service, NOW - timedelta(minutes=25))
    act(service, "op1", waiting, Action.ACCEPT, NOW - timedelta(minutes=24))
    data = load_replay(world_db, NOW - timedelta(days=1), NOW + timedelta(seconds=1))
    replay = Replay(data, POLICY)
    clock = CountdownClock(POLICY)
    live = {c.id: (c.stage, clock.light(c, NOW) or Countdown.NORMAL)
            for c in open_board(world_db)}
    assert replay.case_states(replay.frame(NOW)) == live
    assert {light for _stage, light in live.values()} == set(Countdown)  # all three lit


def user_id(world_db, name):
    with world_db.session() as s:
        return s.scalar(select(User.id).where(User.username == name))


def test_fixes_are_thinned_to_one_per_person_per_slot_and_named(world_db):
    sup, lead = user_id(world_db, "sup1"), user_id(world_db, "lead1")
    start = DAY + timedelta(hours=8)
    dense = [Fix(sup, start + timedelta(seconds=5 * i), 116.40 + i * 1e-5, 39.91, True)
             for i in range(360)]                                  # 30 minutes every 5 s
    record_fixes(world_db, dense + [
        Fix(lead, start + timedelta(minutes=1, seconds=3), 116.41, 39.92, False),
        Fix(lead, start - timedelta(hours=2), 116.42, 39.92, True),      # before the trail
        Fix(sup, DAY + timedelta(days=1, minutes=1), 116.43, 39.92, True)])  # after the day
    data = load_replay(world_db, DAY + timedelta(hours=8, minutes=30),
                       DAY + timedelta(days=1))                    # trail: from 07:30
    # The same when the stretch is taken as raw fixes (read by probes on PostgreSQL).
    for raw_since in (DAY, DAY + timedelta(hours=8, minutes=10)):
        probed = load_replay(world_db, DAY + timedelta(hours=8, minutes=30),
                             DAY + timedelta(days=1), raw_since=raw_since).fixes
        for column in ("user_id", "at", "lon", "lat", "on_duty"):
            assert getattr(probed, column).tolist() == getattr(data.fixes, column).tolist()
    fixes = data.fixes
    assert fixes.user_id.tolist() == [sup] * 60 + [lead]
    at = [datetime(1970, 1, 1) + timedelta(microseconds=int(u)) for u in fixes.at]
    assert at[:2] == [start, start + timedelta(seconds=30)]        # the first of each slot
    assert at[-1] == start + timedelta(minutes=1, seconds=3)
    assert fixes.on_duty.tolist() == [True] * 60 + [False]
    assert fixes.lon[1] == pytest.approx(116.40 + 6e-5)
    assert data.names == {sup: "sup1", lead: "lead1"}
    replay = Replay(data, POLICY)
    frame = replay.staff_at(DAY + timedelta(hours=8, minutes=30))
    assert [int(replay.people[p]) for p in frame.person] == [sup, lead]
    assert frame.trail_to[0] - frame.trail_from[0] == 60           # the last hour, on duty


def test_thinning_old_fixes_keeps_the_first_of_each_slot_once(world_db):
    sup = user_id(world_db, "sup1")
    start = DAY + timedelta(hours=8)
    record_fixes(world_db, [Fix(sup, start + timedelta(seconds=5 * i), 116.4 + i * 1e-5, 39.9)
                            for i in range(120)])                  # 10 minutes every 5 s
    assert thin_positions(world_db, start, start + timedelta(minutes=5)) == 50
    assert thin_positions(world_db, start, start + timedelta(minutes=5)) == 0
    data = load_replay(world_db, start, start + timedelta(minutes=10),
                       fix_step=timedelta(seconds=5), trail=timedelta(0))
    assert len(data.fixes) == 10 + 60      # 10 thinned slots, then every raw fix
