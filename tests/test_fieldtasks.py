"""Field tasks (核实/核查): the choice of supervisor as a pure function (fixed cases and
hypothesis), the service giving each task to one supervisor on entry, reassignment,
taking a task (接单), and each supervisor's list with its late flags."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st
from sqlalchemy import select

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Stage, Urgency
from commandcenter.models.fieldtasks import (BY_GRID, BY_GRID_OFF_DUTY, BY_NEAREST, NOBODY,
                                             FieldTaskRules, Supervisor, candidate_of,
                                             choose_supervisor, late_to_start)
from commandcenter.models.policy import default_policy
from commandcenter.models.space import distance_m, metres_per_degree
from commandcenter.models.workflow import ForbiddenTransition, InvalidRequest
from commandcenter.models.worktime import TimeLimit, WorkCalendar
from commandcenter.store.fieldtasks import (candidates_for, late_tasks, picked_candidate,
                                            supervisor_ids, tasks_for, unassigned_tasks)
from commandcenter.store.positions import Fix, record_fixes
from commandcenter.store.queries import case_history, get_case
from commandcenter.store.schema import StaffGrid, User
from commandcenter.store.service import CaseService, NotFound

from .conftest import GRID_A, GRID_B

LON, LAT = 116.4005, 39.9105
KX, KY = metres_per_degree(LAT)
MON = datetime(2026, 11, 23, 9, 0)
RULES = FieldTaskRules()


def east(m: float) -> tuple[float, float]:
    return LON + m / KX, LAT


def on_duty(name, metres, load=0, own=False):
    lon, lat = east(metres)
    return Supervisor(name, own, load, True, lon, lat)


# --- the choice, fixed cases --------------------------------------------------------------

def test_the_grids_own_supervisor_on_duty_comes_first_however_far():
    staff = [on_duty("near", 20), on_duty("own", 900, load=3, own=True)]
    choice = choose_supervisor(LON, LAT, staff)
    assert (choice.username, choice.how) == ("own", BY_GRID)
    assert [c.username for c in choice.candidates] == ["own", "near"]
    own = choice.candidates[0]
    assert own.own_grid and own.on_duty and own.load == 3
    assert own.distance_m == pytest.approx(900) and own.cost_m == pytest.approx(1800)


def test_of_several_own_supervisors_the_least_loaded_then_the_nearest():
    staff = [on_duty("a", 50, load=2, own=True), on_duty("b", 400, load=1, own=True),
             on_duty("c", 300, load=1, own=True)]
    assert choose_supervisor(LON, LAT, staff).username == "c"


def test_otherwise_the_nearest_on_duty_counting_each_open_task_as_a_walk():
    # 100 m with two tasks costs 700 m at 300 m a task; 500 m with none costs 500 m.
    staff = [on_duty("busy", 100, load=2), on_duty("free", 500),
             Supervisor("own", True, 0, False, *east(10))]          # off duty: waits
    choice = choose_supervisor(LON, LAT, staff)
    assert (choice.username, choice.how) == ("free", BY_NEAREST)
    assert [(c.username, round(c.cost_m or 0)) for c in choice.candidates] == [
        ("free", 500), ("busy", 700), ("own", 0)]
    assert choice.candidates[2].distance_m is None and not choice.candidates[2].on_duty
    cheap = choose_supervisor(LON, LAT, staff, FieldTaskRules(load_penalty_m=100))
    assert cheap.username == "busy"


def test_nobody_on_duty_leaves_it_to_the_grids_supervisor_or_to_anyone():
    off = [Supervisor("own", True, 4), Supervisor("elsewhere", False, 0)]
    choice = choose_supervisor(LON, LAT, off)
    assert (choice.username, choice.how) == ("own", BY_GRID_OFF_DUTY)
    assert [c.username for c in choice.candidates] == ["own"]   # off duty elsewhere: no one
    nobody = choose_supervisor(LON, LAT, [Supervisor("elsewhere", False)])
    assert (nobody.username, nobody.how, nobody.candidates) == (None, NOBODY, ())
    # On duty by the flag but without a position: not placed, so not chosen as nearest.
    assert choose_supervisor(LON, LAT, [Supervisor("lost", False, 0, True)]).username is None
    with pytest.raises(ValueError, match="twice"):
        choose_supervisor(LON, LAT, [Supervisor("x", True), Supervisor("x", False)])


def test_a_task_is_late_when_not_taken_within_its_working_time_limit():
    calendar = WorkCalendar()
    given_at = datetime(2026, 11, 23, 11, 50)   # 10 minutes before lunch
    due = RULES.start_due(calendar, given_at)
    assert due == datetime(2026, 11, 23, 14, 20)  # 30 working minutes
    assert not late_to_start(given_at, None, due - timedelta(minutes=1), calendar)
    assert late_to_start(given_at, None, due, calendar)
    assert not late_to_start(given_at, due, due + timedelta(hours=5), calendar)
    assert not late_to_start(None, None, due, calendar)
    quick = FieldTaskRules(start_limit=TimeLimit.parse("5wm"))
    assert late_to_start(given_at, None, datetime(2026, 11, 23, 11, 55), calendar, quick)


# --- the choice, properties ---------------------------------------------------------------

_person = st.tuples(st.booleans(), st.integers(0, 6), st.booleans(),
                    st.one_of(st.none(), st.tuples(st.floats(-3000, 3000), st.floats(-3000, 3000))))


@st.composite
def _staff(draw):
    people = draw(st.lists(_person, max_size=12))
    staff = []
    for i, (own, load, duty, where) in enumerate(people):
        lon, lat = (LON + where[0] / KX, LAT + where[1] / KY) if where else (None, None)
        staff.append(Supervisor(f"s{i:02d}", own, load, duty, lon, lat))
    return staff


def _placed(s: Supervisor) -> bool:
    return s.on_duty and s.lon is not None


@settings(max_examples=300, deadline=None)
@given(staff=_staff(), penalty=st.floats(0, 1000), shuffle=st.randoms(use_true_random=False))
def test_the_choice_follows_its_rules_whatever_the_staff(staff, penalty, shuffle):
    rules = FieldTaskRules(load_penalty_m=penalty)
    choice = choose_supervisor(LON, LAT, staff, rules)
    mixed = list(staff)
    shuffle.shuffle(mixed)
    assert choose_supervisor(LON, LAT, mixed, rules) == choice   # order of input is no matter

    def cost(s):
        return distance_m(LON, LAT, s.lon, s.lat) + s.load * penalty

    own_on = [s for s in staff if s.own_grid and _placed(s)]
    others_on = [s for s in staff if not s.own_grid and _placed(s)]
    own_off = [s for s in staff if s.own_grid and not _placed(s)]
    by_name = {s.username: s for s in staff}
    # The candidates: everyone placed on duty, and the grid's own off duty; nobody twice.
    assert sorted(c.username for c in choice.candidates) == sorted(
        s.username for s in own_on + others_on + own_off)
    if choice.username is not None:
        assert choice.candidates[0].username == choice.username
    chosen = by_name.get(choice.username)
    if own_on:
        assert choice.how == BY_GRID and chosen in own_on
        assert chosen.load == min(s.load for s in own_on)
    elif others_on:
        assert choice.how == BY_NEAREST and chosen in others_on
        assert cost(chosen) <= min(cost(s) for s in others_on) + 1e-6
    elif own_off:
        assert choice.how == BY_GRID_OFF_DUTY and chosen in own_off
    else:
        assert (choice.username, choice.how, choice.candidates) == (None, NOBODY, ())
    for c in choice.candidates:
        person = by_name[c.username]
        assert (c.own_grid, c.load, c.on_duty) == (person.own_grid, person.load, _placed(person))
        if c.on_duty:
            assert c.distance_m == pytest.approx(distance_m(LON, LAT, person.lon, person.lat))
        else:
            assert c.distance_m is None and c.cost_m is None


@settings(max_examples=200, deadline=None)
@given(staff=_staff(), extra=st.integers(1, 5))
def test_more_load_never_wins_a_task(staff, extra):
    choice = choose_supervisor(LON, LAT, staff)
    for person in staff:
        if person.username == choice.username:
            continue
        heavier = [Supervisor(s.username, s.own_grid, s.load + extra, s.on_duty, s.lon, s.lat)
                   if s is person else s for s in staff]
        assert choose_supervisor(LON, LAT, heavier).username == choice.username


# --- the service ----------------------------------------------------------------------------

@pytest.fixture
def field(world_db):
    """sup1 patrols grid A; sup2 and sup3 patrol elsewhere; nobody patrols grid B."""
    with world_db.session() as s:
        s.add_all([User(username=u, display_name=u, role="supervisor", active=True)
                   for u in ("sup2", "sup3")])
        s.flush()
        ids = dict(s.execute(select(User.username, User.id)).all())
        s.add(StaffGrid(user_id=ids["sup1"], grid_code=GRID_A))
    service = CaseService(world_db, default_policy(), clock=lambda: MON)
    return world_db, service, ids


def fixes(db, ids, *people, at=MON - timedelta(minutes=3)):
    record_fixes(db, [Fix(ids[name], at, *east(metres), duty) for name, metres, duty in people])


def public_report(service, grid=GRID_A, lon=LON):
    draft = CaseDraft(source=Source.PUBLIC, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=lon, lat=LAT, grid_code=grid,
                      description="暴露垃圾")
    return service.report(service.actor("op1"), draft, at=MON)


def act(service, who, case, action, minutes=1, **kw):
    return service.act(service.actor(who), case.number, action,
                       at=MON + timedelta(minutes=minutes), **kw)


def accepted(service, grid=GRID_A):
    return act(service, "op1", public_report(service, grid), Action.ACCEPT)


def test_entering_verify_gives_the_task_to_the_grids_supervisor_on_duty(field):
    db, service, ids = field
    fixes(db, ids, ("sup1", 800, True), ("sup2", 10, True))
    case = accepted(service)
    assert (case.stage, case.assignee, case.assigned_at) == (Stage.VERIFY, "sup1",
                                                             MON + timedelta(minutes=1))
    event = case_history(db, case.id)[-1]
    assert (event.payload["assignee"], event.payload["assigned_by"]) == ("sup1", BY_GRID)
    assert get_case(db, case.id).assignee == "sup1"


def test_an_off_duty_grid_supervisor_gives_way_to_the_nearest_on_duty(field):
    db, service, ids = field
    fixes(db, ids, ("sup3", 5, True), at=MON - timedelta(minutes=30))   # too old to count
    fixes(db, ids, ("sup1", 5, False), ("sup2", 300, True), ("sup3", 120, True))
    case = accepted(service)
    assert case.assignee == "sup3"
    assert case_history(db, case.id)[-1].payload["assigned_by"] == BY_NEAREST
    # The desk's view: the candidates with distance and load, best first.
    choice = candidates_for(db, case.number, MON + timedelta(minutes=2))
    assert [(c.username, c.on_duty, round(c.distance_m or -1)) for c in choice.candidates] == [
        ("sup2", True, 300), ("sup3", True, 120), ("sup1", False, -1)]  # sup3: 120 + 300
    assert {c.username: c.load for c in choice.candidates} == {"sup2": 0, "sup3": 1, "sup1": 0}
    assert choice.username == "sup2"


def test_a_supervisor_picked_by_hand_is_a_candidate_ranked_or_not(field):
    db, service, ids = field
    fixes(db, ids, ("sup2", 300, True), ("sup3", 120, False))
    case = accepted(service)  # to sup2: the grid's sup1 has no fix, sup3 is off duty
    now = MON + timedelta(minutes=2)
    assert [c.username for c in candidates_for(db, case.id, now).candidates] == ["sup2", "sup1"]
    ranked = picked_candidate(db, case.id, ids["sup2"], now)
    assert ranked == candidates_for(db, case.id, now).candidates[0]  # as the ranking has them
    resting = picked_candidate(db, case.id, ids["sup3"], now)  # not ranked: off duty
    assert (resting.username, resting.on_duty, resting.load, resting.cost_m) == (
        "sup3", False, 0, None)
    assert resting.distance_m == pytest.approx(120, abs=0.5)  # where they are is known
    own = picked_candidate(db, case.id, ids["sup1"], now)
    assert (own.own_grid, own.on_duty, own.distance_m) == (True, False, None)
    assert picked_candidate(db, case.id, ids["disp1"], now) is None  # no field supervisor
    assert picked_candidate(db, case.id, 10_000, now) is None
    # A fix older than the freshness says nothing of where they are now.
    late = picked_candidate(db, case.id, ids["sup3"], now + RULES.fresh_fix)
    assert late.distance_m is None and not late.on_duty
    with pytest.raises(NotFound):
        picked_candidate(db, 10_000, ids["sup2"], now)
    assert supervisor_ids(db, ["sup2", "sup1", "ghost"]) == {"sup2": ids["sup2"],
                                                              "sup1": ids["sup1"]}


def test_a_candidate_by_hand_counts_as_the_choice_does():
    person = on_duty("a", 250, load=2)
    [ranked] = choose_supervisor(LON, LAT, [person]).candidates
    assert candidate_of(LON, LAT, person) == ranked
    resting = candidate_of(LON, LAT, Supervisor("b", False, 1, False, *east(80)))
    assert (resting.on_duty, resting.cost_m) == (False, None)
    assert resting.distance_m == pytest.approx(80)
    nowhere = candidate_of(LON, LAT, Supervisor("c", True, 0, True))
    assert (nowhere.on_duty, nowhere.distance_m, nowhere.cost_m) == (False, None, None)


def test_without_positions_the_grids_supervisor_or_nobody(field):
    db, service, _ = field
    assert accepted(service).assignee == "sup1"
    nobody = accepted(service, GRID_B)
    assert nobody.assignee is None
    assert case_history(db, nobody.id)[-1].payload == {
        "assignee": None, "assigned_by": NOBODY, "deadline": nobody.deadline.isoformat()}
    # Anyone may take an unassigned task; taking it makes it theirs.
    taken = act(service, "sup2", nobody, Action.ACKNOWLEDGE, minutes=5)
    assert (taken.assignee, taken.task_started_at) == ("sup2", MON + timedelta(minutes=5))
    with pytest.raises(ForbiddenTransition, match="assigned to 'sup2', not to 'sup3'"):
        act(service, "sup3", taken, Action.VERIFY)


def test_only_the_assigned_supervisor_may_work_on_the_task(field):
    db, service, _ = field
    case = accepted(service)
    before = get_case(db, case.id)
    for action in (Action.VERIFY, Action.ACKNOWLEDGE):
        with pytest.raises(ForbiddenTransition, match="assigned to 'sup1', not to 'sup2'"):
            act(service, "sup2", case, action)
    assert get_case(db, case.id) == before
    done = act(service, "sup1", case, Action.VERIFY, minutes=20)
    assert (done.stage, done.assignee, done.assigned_at) == (Stage.FILING, None, None)


def test_the_center_reassigns_and_the_history_says_who_had_it(field):
    db, service, _ = field
    case = accepted(service)
    act(service, "sup1", case, Action.ACKNOWLEDGE)
    moved = act(service, "disp1", case, Action.ASSIGN, minutes=3, assignee="sup2",
                reason="原监督员另有任务")
    assert (moved.assignee, moved.assigned_at, moved.task_started_at) == (
        "sup2", MON + timedelta(minutes=3), None)
    event = case_history(db, case.id)[-1]
    assert (event.action, event.actor, event.from_stage, event.to_stage) == (
        Action.ASSIGN, "disp1", Stage.VERIFY, Stage.VERIFY)
    assert (event.payload["assignee"], event.payload["previous"]) == ("sup2", "sup1")
    with pytest.raises(ForbiddenTransition, match="assigned to 'sup2'"):
        act(service, "sup1", case, Action.VERIFY)
    with pytest.raises(InvalidRequest, match="already assigned to 'sup2'"):
        act(service, "lead1", case, Action.ASSIGN, assignee="sup2")
    with pytest.raises(InvalidRequest, match="'disp2' is a dispatcher"):
        act(service, "op1", case, Action.ASSIGN, assignee="disp2")
    with pytest.raises(NotFound, match="no active user 'ghost'"):
        act(service, "op1", case, Action.ASSIGN, assignee="ghost")
    with pytest.raises(InvalidRequest, match="needs the supervisor"):
        act(service, "op1", case, Action.ASSIGN)
    assert act(service, "sup2", case, Action.VERIFY, minutes=30).stage is Stage.FILING


def test_a_check_is_a_new_task_each_time_the_case_comes_back(field):
    db, service, _ = field
    draft = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=LON, lat=LAT, grid_code=GRID_A,
                      description="暴露垃圾")
    case = service.report(service.actor("sup1"), draft, at=MON)
    for who, action, kw in (("op1", Action.ACCEPT, {}), ("lead1", Action.FILE, {}),
                            ("disp1", Action.DISPATCH, {"department_code": "D02"}),
                            ("h_d02", Action.HANDLE, {})):
        case = act(service, who, case, action, **kw)
    assert (case.stage, case.assignee) == (Stage.CHECK, "sup1")
    case = act(service, "sup1", case, Action.CHECK_FAIL, minutes=30, reason="未清理干净")
    assert (case.stage, case.assignee) == (Stage.HANDLING, None)
    case = act(service, "h_d02", case, Action.HANDLE, minutes=60)
    assert (case.stage, case.assignee, case.assigned_at) == (
        Stage.CHECK, "sup1", MON + timedelta(minutes=60))


def test_a_supervisors_list_flags_tasks_not_taken_in_time(field):
    db, service, _ = field
    calendar = default_policy().calendar
    first, second = accepted(service), accepted(service)   # both to sup1 at 09:01
    act(service, "sup1", second, Action.ACKNOWLEDGE, minutes=10)
    loose = accepted(service, GRID_B)
    at_930 = datetime(2026, 11, 23, 9, 30)
    listed = tasks_for(db, "sup1", at_930, calendar)
    assert [t.number for t in listed] == [first.number, second.number]
    assert [t.late_to_start for t in listed] == [False, False]
    assert listed[0].start_due == datetime(2026, 11, 23, 9, 31)
    later = tasks_for(db, "sup1", datetime(2026, 11, 23, 9, 31), calendar)
    assert [t.late_to_start for t in later] == [True, False]
    assert later[1].started_at == MON + timedelta(minutes=10)
    assert [t.number for t in late_tasks(db, datetime(2026, 11, 23, 9, 31), calendar)] == [
        first.number]
    assert [t.number for t in unassigned_tasks(db, at_930, calendar)] == [loose.number]
    assert tasks_for(db, "sup2", at_930, calendar) == []
    overdue = tasks_for(db, "sup1", datetime(2026, 11, 23, 10, 5), calendar)
    assert all(t.overdue for t in overdue)   # verify within 1 working hour
    with pytest.raises(ForbiddenTransition, match="took its task"):
        act(service, "sup1", second, Action.ACKNOWLEDGE, minutes=12)
