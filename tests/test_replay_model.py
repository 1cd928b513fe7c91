"""The replay's pure computation: case states and staff positions at any instant, against
fixed histories played through the real workflow and, as a property, against a naive
reconstruction that walks every event and lights each case with the live map's clock."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commandcenter.models.case import Action, Actor, CaseDraft
from commandcenter.models.enums import CaseKind, Countdown, Role, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.replay import (CaseInfo, CaseStep, Fixes, Replay, ReplayCursor,
                                         ReplayData)
from commandcenter.models.workflow import TARGETED, allowed_actions, apply, open_case
from commandcenter.models.worktime import TimeLimit
from commandcenter.store.board import CountdownClock

POLICY = default_policy()
MON = datetime(2025, 11, 24, 9, 0)   # a Monday, a working day
DAY = timedelta(days=1)
ACTORS = {role: Actor(f"u_{role.value}", role, "D02" if role is Role.DEPARTMENT else None)
          for role in Role if role is not Role.VIEWER}
N, W, O = Countdown.NORMAL, Countdown.WARNING, Countdown.OVERDUE


class History:
    """A case played through the workflow, its events kept as the store would read them."""

    def __init__(self, case_id: int, at: datetime, *, class_key: str = "event:0101",
                 urgency: Urgency = Urgency.NORMAL, source: Source = Source.SUPERVISOR):
        kind = CaseKind(class_key.split(":")[0])
        draft = CaseDraft(source, kind, class_key, urgency, 116.40 + case_id * 1e-4, 39.91,
                          "110101001001001", "路面问题")
        case, event = open_case(draft, ACTORS[Role.SUPERVISOR], f"N{case_id}", at, POLICY)
        self.case = replace(case, id=case_id)
        self.events = [event]

    def do(self, action: Action, role: Role, at: datetime, **kw) -> History:
        extension = kw.pop("extension", None)
        self.case, event = apply(self.case, action, ACTORS[role], at, POLICY, reason="原因",
                                 department_code="D02", extension=extension,
                                 event_seq=len(self.events) + 1)
        self.events.append(event)
        return self

    def info(self) -> CaseInfo:
        c = self.case
        return CaseInfo(c.id, c.number, c.lon, c.lat, c.urgency, c.class_key)

    def steps(self) -> list[CaseStep]:
        due = (lambda e: datetime.fromisoformat(e.payload["deadline"])
               if e.payload.get("deadline") else None)
        return [CaseStep(self.case.id, e.at, e.from_stage, e.to_stage, due(e))
                for e in self.events]


def replay_of(histories, fixes=None, start=MON - DAY, end=MON + 30 * DAY, **kw) -> Replay:
    data = ReplayData(start, end, [h.info() for h in histories],
                      [s for h in histories for s in h.steps()], fixes or Fixes.empty(), {})
    return Replay(data, POLICY, **kw)


def states(replay: Replay, t: datetime) -> dict:
    return replay.case_states(replay.frame(t))


def at(minutes: float) -> datetime:
    return MON + timedelta(minutes=minutes)


# --- fixed histories -------------------------------------------------------------------------

def test_a_case_appears_at_its_report_changes_stage_and_goes_when_closed():
    h = (History(1, at(0)).do(Action.ACCEPT, Role.OPERATOR, at(5))
         .do(Action.FILE, Role.SHIFT_LEAD, at(20)).do(Action.DISPATCH, Role.DISPATCHER, at(30))
         .do(Action.HANDLE, Role.DEPARTMENT, at(200)).do(Action.CHECK_PASS, Role.SUPERVISOR, at(230))
         .do(Action.CLOSE, Role.SHIFT_LEAD, at(240)))
    r = replay_of([h])
    assert states(r, at(-1)) == {}
    assert states(r, at(0)) == {1: (Stage.INTAKE, N)}
    assert states(r, at(5)) == {1: (Stage.FILING, N)}
    assert states(r, at(25)) == {1: (Stage.DISPATCH, N)}
    assert states(r, at(100)) == {1: (Stage.HANDLING, N)}   # 1 working day to handle
    assert states(r, at(210)) == {1: (Stage.CHECK, N)}
    assert states(r, at(239)) == {1: (Stage.CLOSING, N)}
    assert states(r, at(240)) == {}
    assert states(r, at(10_000)) == {}


def test_the_countdown_turns_amber_at_four_fifths_and_red_at_the_deadline():
    # Filing has 30 working minutes: amber after 24, red from 30.
    h = History(1, at(0)).do(Action.ACCEPT, Role.OPERATOR, at(0))
    r = replay_of([h])
    assert states(r, at(23.9)) == {1: (Stage.FILING, N)}
    assert states(r, at(24)) == {1: (Stage.FILING, W)}
    assert states(r, at(29.9)) == {1: (Stage.FILING, W)}
    assert states(r, at(30)) == {1: (Stage.FILING, O)}
    assert states(r, at(24 * 60)) == {1: (Stage.FILING, O)}


def test_working_time_stops_over_lunch_and_nights():
    # Accepted 11:50: 10 minutes before lunch, amber at 14:14, red at 14:20.
    h = History(1, at(160)).do(Action.ACCEPT, Role.OPERATOR, at(170))
    r = replay_of([h])
    assert states(r, MON.replace(hour=13, minute=59))[1] == (Stage.FILING, N)
    assert states(r, MON.replace(hour=14, minute=13))[1] == (Stage.FILING, N)
    assert states(r, MON.replace(hour=14, minute=14))[1] == (Stage.FILING, W)
    assert states(r, MON.replace(hour=14, minute=19))[1] == (Stage.FILING, W)
    assert states(r, MON.replace(hour=14, minute=20))[1] == (Stage.FILING, O)
    early = History(2, at(0)).do(Action.ACCEPT, Role.OPERATOR, MON.replace(hour=17, minute=55))
    r = replay_of([early])
    assert states(r, MON.replace(hour=23))[2] == (Stage.FILING, N)      # 5 minutes used
    assert states(r, MON + DAY - timedelta(hours=1))[2] == (Stage.FILING, N)
    assert states(r, (MON + DAY).replace(hour=8, minute=19))[2] == (Stage.FILING, W)
    assert states(r, (MON + DAY).replace(hour=8, minute=25))[2] == (Stage.FILING, O)


def dispatched(case_id: int, **kw) -> History:
    return (History(case_id, at(0), **kw).do(Action.ACCEPT, Role.OPERATOR, at(1))
            .do(Action.FILE, Role.SHIFT_LEAD, at(2)).do(Action.DISPATCH, Role.DISPATCHER, at(3)))


def wm(start: datetime, minutes: float) -> datetime:
    """``minutes`` of working time after ``start``."""
    return POLICY.calendar.add_minutes(start, minutes)


def test_a_hold_stops_the_clock_and_the_resume_gives_back_what_was_left():
    # event:0101 has one working day (480 min) to handle; held 400 minutes in, for a day.
    d = at(3)
    h = (dispatched(1).do(Action.REQUEST_HOLD, Role.DEPARTMENT, wm(d, 350))
         .do(Action.APPROVE, Role.DISPATCHER, wm(d, 400)))
    resume = wm(d, 400) + DAY
    h.do(Action.RESUME, Role.DISPATCHER, resume)
    r = replay_of([h])
    assert states(r, wm(d, 383)) == {1: (Stage.HANDLING, N)}
    assert states(r, wm(d, 390)) == {1: (Stage.HANDLING, W)}   # amber from 384 minutes
    assert states(r, wm(d, 401)) == {1: (Stage.HELD, N)}       # no running clock: green
    assert states(r, wm(d, 480)) == {1: (Stage.HELD, N)}       # the old deadline: nothing
    # Back to handling with the 80 minutes left, counted from the resume (a new stage, so
    # the share restarts there): amber after 64 of them, red after 80.
    assert states(r, wm(resume, 1)) == {1: (Stage.HANDLING, N)}
    assert states(r, wm(resume, 63)) == {1: (Stage.HANDLING, N)}
    assert states(r, wm(resume, 64)) == {1: (Stage.HANDLING, W)}
    assert states(r, wm(resume, 80)) == {1: (Stage.HANDLING, O)}


def test_an_extension_moves_the_deadline_and_the_amber_instant_with_it():
    d = at(3)
    h = (dispatched(1).do(Action.REQUEST_EXTENSION, Role.DEPARTMENT, wm(d, 300),
                          extension=TimeLimit.parse("1wd"))
         .do(Action.APPROVE, Role.DISPATCHER, wm(d, 490)))
    r = replay_of([h])
    assert states(r, wm(d, 480)) == {1: (Stage.HANDLING, O)}   # the first deadline passed
    # 960 working minutes from the dispatch now: amber at 768 of them, red at 960
    assert states(r, wm(d, 490)) == {1: (Stage.HANDLING, N)}
    assert states(r, wm(d, 767)) == {1: (Stage.HANDLING, N)}
    assert states(r, wm(d, 768)) == {1: (Stage.HANDLING, W)}
    assert states(r, wm(d, 960)) == {1: (Stage.HANDLING, O)}


def test_a_failed_check_starts_the_handling_clock_again_and_a_return_goes_to_dispatch():
    rework = (dispatched(1).do(Action.HANDLE, Role.DEPARTMENT, at(470))
              .do(Action.CHECK_FAIL, Role.SUPERVISOR, at(490)))
    returned = (dispatched(2).do(Action.REQUEST_RETURN, Role.DEPARTMENT, at(100))
                .do(Action.APPROVE, Role.DISPATCHER, at(110)))
    r = replay_of([rework, returned])
    assert states(r, at(480)) == {1: (Stage.CHECK, N), 2: (Stage.DISPATCH, O)}
    assert states(r, at(491))[1] == (Stage.HANDLING, N)       # a full day again
    assert states(r, at(109))[2] == (Stage.HANDLING, N)
    assert states(r, at(110))[2] == (Stage.DISPATCH, N)       # 30 working minutes to dispatch
    assert states(r, at(140))[2] == (Stage.DISPATCH, O)


def test_natural_hour_limits_run_through_the_night():
    # Urgent 上水井盖: 2 natural hours to handle, dispatched at 17:30.
    h = (History(1, MON.replace(hour=17), class_key="component:0101", urgency=Urgency.URGENT)
         .do(Action.ACCEPT, Role.OPERATOR, MON.replace(hour=17, minute=5))
         .do(Action.FILE, Role.SHIFT_LEAD, MON.replace(hour=17, minute=10))
         .do(Action.DISPATCH, Role.DISPATCHER, MON.replace(hour=17, minute=30)))
    r = replay_of([h])
    assert states(r, MON.replace(hour=19, minute=5)) == {1: (Stage.HANDLING, N)}
    assert states(r, MON.replace(hour=19, minute=6)) == {1: (Stage.HANDLING, W)}
    assert states(r, MON.replace(hour=19, minute=30)) == {1: (Stage.HANDLING, O)}
    assert r.urgent.tolist() == [True]


def test_void_and_events_that_change_nothing_the_map_shows():
    voided = History(1, at(0)).do(Action.VOID, Role.OPERATOR, at(3))
    supervised = (dispatched(2).do(Action.SUPERVISE, Role.LEADER, at(10))
                  .do(Action.REQUEST_EXTENSION, Role.DEPARTMENT, at(20),
                      extension=TimeLimit.parse("1wd"))
                  .do(Action.REJECT, Role.DISPATCHER, at(30)))
    r = replay_of([voided, supervised])
    assert states(r, at(1.5)) == {1: (Stage.INTAKE, N), 2: (Stage.FILING, N)}
    assert states(r, at(3)) == {2: (Stage.HANDLING, N)}
    assert states(r, at(31)) == {2: (Stage.HANDLING, N)}
    assert r.intervals == 1 + 4  # intake of 1; intake, filing, dispatch, handling of 2


def test_the_cursor_sends_only_what_changed_and_everything_after_a_reset():
    a, b = dispatched(1), History(2, at(60))
    cursor = ReplayCursor(replay_of([a, b]))
    first = cursor.patch(at(10))
    assert first.full and first.changed.tolist() == [0, 1] and first.codes[1] == -1
    assert cursor.patch(at(11)).changed.tolist() == []
    assert cursor.patch(at(61)).changed.tolist() == [1]            # 2 reported
    assert cursor.patch(at(5)).changed.tolist() == [1]             # scrubbed back: 2 gone
    cursor.reset()
    assert cursor.patch(at(5)).full


# --- staff -------------------------------------------------------------------------------------

def walk(user: int, start: datetime, minutes: int, every_s: int = 30, on=True, lon0=116.4):
    steps = range(0, minutes * 60, every_s)
    return [(user, start + timedelta(seconds=s), lon0 + s * 1e-5, 39.9, on) for s in steps]


def test_staff_move_between_fixes_show_their_trail_and_leave_after_an_hour_unheard():
    fixes = Fixes.from_rows(walk(7, at(0), 30) + walk(8, at(0), 10, on=False, lon0=116.5)
                            + walk(9, at(40), 5, every_s=600))
    r = replay_of([], fixes)
    frame = r.staff_at(at(0) + timedelta(seconds=45))
    shown = dict(zip(r.people[frame.person].tolist(), range(len(frame.person))))
    assert sorted(shown) == [7, 8]
    k = shown[7]
    assert frame.lon[k] == pytest.approx(116.4 + 45e-5)            # half way between fixes
    assert (frame.trail_from[k], frame.trail_to[k]) == (0, 2)      # the fixes at 0 s and 30 s
    assert not frame.on_duty[shown[8]] and frame.trail_to[shown[8]] == frame.trail_from[shown[8]]
    later = r.staff_at(at(29.5) + timedelta(hours=1) - timedelta(seconds=1))
    assert r.people[later.person].tolist() == [7, 9]               # 8 unheard for an hour
    # 9 reports every 10 minutes: too far apart to move between, so it stays put
    gap = r.staff_at(at(45))
    assert gap.lon[list(r.people[gap.person]).index(9)] == pytest.approx(116.4)


def test_trails_start_no_earlier_than_trail_since():
    fixes = Fixes.from_rows(walk(7, at(0), 30))
    r = replay_of([], fixes, trail_since=at(10))
    frame = r.staff_at(at(20))
    assert (frame.trail_from[0], frame.trail_to[0]) == (20, 41)
    lon, _lat = r.trail_points(0)
    assert lon[20] == pytest.approx(116.4 + 600e-5)


# --- the property: the same as walking every event ---------------------------------------------

def naive_states(histories, t: datetime) -> dict:
    """Each case's stage and light at ``t`` from scratch: the last event up to ``t``, the
    last stage change before it, lit by the live map's CountdownClock."""
    clock, result = CountdownClock(POLICY), {}
    for h in histories:
        done = [e for e in h.steps() if e.at <= t]
        if not done or not done[-1].to_stage.is_open:
            continue
        last = done[-1]
        began = next(e.at for e in reversed(done) if e.from_stage is not e.to_stage)
        case = SimpleNamespace(id=h.case.id, stage=last.to_stage, stage_started_at=began,
                               deadline=last.deadline, class_key=h.case.class_key,
                               urgency=h.case.urgency)
        light = clock.light(case, t)
        result[h.case.id] = (last.to_stage, light or Countdown.NORMAL)
    return result


CLASSES = ["event:0101", "component:0101", "component:0104", "event:0301"]
gaps = st.integers(min_value=0, max_value=3 * 24 * 60)  # minutes, nights and weekends too


@st.composite
def histories(draw):
    result = []
    for case_id in range(1, draw(st.integers(1, 5)) + 1):
        t = MON + timedelta(minutes=draw(st.integers(0, 5 * 24 * 60)))
        h = History(case_id, t, class_key=draw(st.sampled_from(CLASSES)),
                    urgency=draw(st.sampled_from(list(Urgency))),
                    source=draw(st.sampled_from([Source.SUPERVISOR, Source.HOTLINE])))
        for _ in range(draw(st.integers(0, 12))):
            t += timedelta(minutes=draw(gaps), seconds=draw(st.integers(0, 59)))
            # A merge or an assignment needs another case or a supervisor: not drawn here.
            options = [(a, role) for role, actor in ACTORS.items()
                       for a in allowed_actions(h.case, actor, t) if a not in TARGETED]
            if not options:
                break
            action, role = draw(st.sampled_from(options))
            h.do(action, role, t, extension=TimeLimit.parse(draw(st.sampled_from(
                ["2wh", "1wd", "24h"]))))
        result.append(h)
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.lists(st.integers(-60, 40 * 24 * 60), min_size=1, max_size=8))
def test_every_frame_equals_the_naive_reconstruction(cases, minutes):
    r = replay_of(cases)
    cursor = ReplayCursor(r)
    shown: dict[int, int] = {}
    for m in sorted(minutes) + minutes:      # forwards, then scrubbing about
        t = MON + timedelta(minutes=m, seconds=m % 7)
        assert states(r, t) == naive_states(cases, t)
        patch = cursor.patch(t)               # the patches add up to the frame
        shown.update(zip(patch.changed.tolist(), patch.codes.tolist()))
        assert [shown[i] for i in range(len(cases))] == r.frame(t).codes.tolist()


def naive_staff(rows, t: datetime, trail=timedelta(hours=1)) -> dict:
    result = {}
    for user in sorted({r[0] for r in rows}):
        mine = sorted((r for r in rows if r[0] == user), key=lambda r: r[1])
        before = [r for r in mine if r[1] <= t]
        if not before or t - before[-1][1] > trail:
            continue
        trail_pts = [r for r in mine if t - trail <= r[1] <= t and r[4]] if before[-1][4] else []
        result[user] = (before[-1][2], before[-1][4], len(trail_pts))
    return result


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(0, 4 * 3600), st.booleans()),
                max_size=40),
       st.lists(st.integers(-600, 6 * 3600), min_size=1, max_size=6))
def test_staff_frames_equal_a_scan_of_every_fix(raw, seconds):
    rows = [(u, MON + timedelta(seconds=s), 116.4 + s * 1e-6 + u, 39.9, on)
            for u, s, on in {(u, s): (u, s, on) for u, s, on in raw}.values()]
    r = replay_of([], Fixes.from_rows(rows), max_gap=timedelta(0))  # no moving in between
    for s in seconds:
        t = MON + timedelta(seconds=s)
        frame = r.staff_at(t)
        got = {int(r.people[p]): (lon, bool(d), int(b - a)) for p, lon, d, a, b in zip(
            frame.person, frame.lon, frame.on_duty, frame.trail_from, frame.trail_to)}
        want = naive_staff(rows, t)
        assert got.keys() == want.keys()
        for user, (lon, duty, points) in want.items():
            assert got[user][0] == pytest.approx(lon) and got[user][1:] == (duty, points)
        for p, a, b in zip(frame.person, frame.trail_from, frame.trail_to):
            lon, _ = r.trail_points(int(p))
            assert np.all(np.diff(lon[a:b]) >= 0)   # in time order (lon grows with time)
