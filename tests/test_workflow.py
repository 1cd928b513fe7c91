"""The closed-loop state machine: every allowed and every forbidden transition."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from commandcenter.models import workflow
from commandcenter.models.case import Action, Actor, CaseDraft, RequestKind
from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.workflow import ForbiddenTransition, InvalidRequest
from commandcenter.models.worktime import TimeLimit

POLICY = default_policy()
MON = datetime(2026, 11, 23, 9, 0)  # a Monday, a working day
DEPT = "D02"
ACTORS = {role: Actor(f"{role.value}1", role, DEPT if role is Role.DEPARTMENT else None)
          for role in Role}

S, A, R = Stage, Action, Role
# Written out from DESIGN §3, independently of workflow.RULES: who may act from where.
EXPECTED: dict[tuple[Action, Role], set[Stage]] = {
    (A.ACCEPT, R.OPERATOR): {S.INTAKE},
    (A.ACCEPT, R.SHIFT_LEAD): {S.INTAKE},
    (A.VERIFY, R.SUPERVISOR): {S.VERIFY},
    (A.FILE, R.SHIFT_LEAD): {S.FILING},
    (A.DISPATCH, R.DISPATCHER): {S.DISPATCH},
    (A.DISPATCH, R.SHIFT_LEAD): {S.DISPATCH},
    (A.REQUEST_RETURN, R.DEPARTMENT): {S.HANDLING},
    (A.REQUEST_EXTENSION, R.DEPARTMENT): {S.HANDLING},
    (A.REQUEST_HOLD, R.DEPARTMENT): {S.HANDLING},
    (A.APPROVE, R.DISPATCHER): {S.HANDLING},
    (A.APPROVE, R.SHIFT_LEAD): {S.HANDLING, S.INTAKE},  # intake: a report handled on the spot
    (A.REJECT, R.DISPATCHER): {S.HANDLING},
    (A.REJECT, R.SHIFT_LEAD): {S.HANDLING, S.INTAKE},
    (A.RESUME, R.DISPATCHER): {S.HELD},
    (A.RESUME, R.SHIFT_LEAD): {S.HELD},
    (A.HANDLE, R.DEPARTMENT): {S.HANDLING},
    (A.CHECK_PASS, R.SUPERVISOR): {S.CHECK},
    (A.CHECK_FAIL, R.SUPERVISOR): {S.CHECK},
    (A.CLOSE, R.SHIFT_LEAD): {S.CLOSING},
    (A.RECALL, R.DISPATCHER): {S.HANDLING},
    (A.RECALL, R.SHIFT_LEAD): {S.HANDLING},
    (A.VOID, R.OPERATOR): {S.INTAKE},
    (A.VOID, R.SHIFT_LEAD): {S.INTAKE, S.VERIFY, S.FILING, S.DISPATCH},
    (A.MERGE, R.OPERATOR): {S.INTAKE},
    (A.MERGE, R.SHIFT_LEAD): {S.INTAKE, S.VERIFY, S.FILING, S.DISPATCH},
    **{(A.ASSIGN, r): {S.VERIFY, S.CHECK} for r in (R.OPERATOR, R.DISPATCHER, R.SHIFT_LEAD)},
    (A.ACKNOWLEDGE, R.SUPERVISOR): {S.VERIFY, S.CHECK},
    # A.DUPLICATE is written by a merge on its parent: nobody takes it anywhere.
    **{(A.SUPERVISE, r): {s for s in S if s.is_open} for r in (R.LEADER, R.SHIFT_LEAD)},
    **{(A.ESCALATE, r): {s for s in S if s.is_open} for r in (R.SYSTEM, R.SHIFT_LEAD, R.LEADER)},
}
NEEDS_PENDING = {A.APPROVE, A.REJECT}


def draft(source=Source.SUPERVISOR, urgency=Urgency.NORMAL) -> CaseDraft:
    return CaseDraft(source=source, kind=CaseKind.EVENT, class_key="event:0101", urgency=urgency,
                     lon=116.40, lat=39.91, grid_code="110101001001001", description="暴露垃圾一堆")


def new_case(source=Source.SUPERVISOR):
    case, _ = workflow.open_case(draft(source), ACTORS[R.SUPERVISOR], "2026112300001", MON, POLICY)
    return replace(case, id=1)


def in_stage(stage: Stage, *, pending: RequestKind | None = None, overdue: bool = False):
    deadline = datetime(2026, 11, 20, 9) if overdue else datetime(2026, 12, 20, 9)
    return replace(new_case(), stage=stage, department_code=DEPT, deadline=deadline,
                   handle_deadline=deadline, hold_started_at=MON if stage is S.HELD else None,
                   pending_request=pending,
                   pending_payload={"extension": "1wd"} if pending else {})


def conditions_met(action: Action, stage: Stage, role: Role | None = None):
    pending = None
    if action in NEEDS_PENDING:
        pending = RequestKind.SELF_HANDLED if stage is S.INTAKE else RequestKind.EXTENSION
    case = in_stage(stage, pending=pending, overdue=action is A.ESCALATE)
    if action is A.RECALL and role is not None:  # just dispatched by this very actor
        case = replace(case, updated_by=ACTORS[role].username, updated_at=MON,
                       handle_started_at=MON)
    return case


# An open case duplicates are merged into.
PARENT = replace(new_case(), id=2, number="2026112300002")
CASES = [(a, r, s) for a in Action if a is not A.REPORT for r in Role for s in Stage]


@pytest.mark.parametrize("action,role,stage", CASES,
                         ids=[f"{a.value}-{r.value}-{s.value}" for a, r, s in CASES])
def test_every_transition_is_allowed_exactly_where_the_design_says(action, role, stage):
    case = conditions_met(action, stage, role)
    allowed = stage in EXPECTED.get((action, role), set())
    reason = "" if action not in workflow.REASON_REQUIRED else "原因"
    kwargs = dict(reason=reason, department_code="D03" if action is A.DISPATCH else None,
                  extension=TimeLimit.parse("1wd") if action is A.REQUEST_EXTENSION else None,
                  merge_into=PARENT if action is A.MERGE else None,
                  assignee="supervisor2" if action is A.ASSIGN else None)
    if allowed:
        new, event = workflow.apply(case, action, ACTORS[role], MON, POLICY, event_seq=9, **kwargs)
        assert new.version == case.version + 1
        assert (event.action, event.role, event.from_stage, event.to_stage) == (
            action, role, stage, new.stage)
    else:
        with pytest.raises(ForbiddenTransition) as err:
            workflow.apply(case, action, ACTORS[role], MON, POLICY, **kwargs)
        assert action.value in str(err.value) or stage.value in str(err.value) \
            or "case" in str(err.value)


def test_allowed_actions_lists_what_apply_accepts():
    case = in_stage(S.HANDLING)
    assert workflow.allowed_actions(case, ACTORS[R.DEPARTMENT], MON) == [
        A.REQUEST_RETURN, A.REQUEST_EXTENSION, A.REQUEST_HOLD, A.HANDLE]
    assert workflow.allowed_actions(case, ACTORS[R.DISPATCHER], MON) == []
    assert workflow.allowed_actions(case, ACTORS[R.LEADER], MON) == [A.SUPERVISE]


@pytest.mark.parametrize("role", [r for r in Role if r not in workflow.REPORTING_ROLES])
def test_only_reporting_roles_report(role):
    with pytest.raises(ForbiddenTransition, match="may not report"):
        workflow.open_case(draft(), ACTORS[role], "2026112300001", MON, POLICY)


def test_a_department_acts_only_on_its_own_cases():
    other = Actor("h_other", R.DEPARTMENT, "D09")
    with pytest.raises(ForbiddenTransition, match="assigned to department D02"):
        workflow.apply(in_stage(S.HANDLING), A.HANDLE, other, MON, POLICY)


def test_requests_wait_for_approval_before_handling_continues():
    case = in_stage(S.HANDLING, pending=RequestKind.RETURN)
    with pytest.raises(ForbiddenTransition, match="awaits approval"):
        workflow.apply(case, A.HANDLE, ACTORS[R.DEPARTMENT], MON, POLICY)
    with pytest.raises(ForbiddenTransition, match="no request awaits"):
        workflow.apply(in_stage(S.HANDLING), A.APPROVE, ACTORS[R.DISPATCHER], MON, POLICY)


def test_escalation_needs_an_overdue_case():
    with pytest.raises(ForbiddenTransition, match="not overdue"):
        workflow.apply(in_stage(S.HANDLING), A.ESCALATE, ACTORS[R.SYSTEM], MON, POLICY)


@pytest.mark.parametrize("action", sorted(workflow.REASON_REQUIRED))
def test_actions_that_need_a_reason_refuse_without_one(action):
    role, stages = next((r, s) for (a, r), s in EXPECTED.items() if a is action)
    case = conditions_met(action, sorted(stages)[0])
    with pytest.raises(InvalidRequest, match="needs a reason"):
        workflow.apply(case, action, ACTORS[role], MON, POLICY, reason="  ",
                       extension=TimeLimit.parse("1wd"))


def test_bad_reports_are_refused():
    with pytest.raises(InvalidRequest, match="unknown class"):
        workflow.open_case(replace(draft(), class_key="event:9999"), ACTORS[R.SUPERVISOR], "n",
                           MON, POLICY)
    with pytest.raises(InvalidRequest, match="not a component class"):
        workflow.open_case(replace(draft(), kind=CaseKind.COMPONENT), ACTORS[R.SUPERVISOR], "n",
                           MON, POLICY)
    with pytest.raises(InvalidRequest, match="needs a department"):
        workflow.apply(in_stage(S.DISPATCH), A.DISPATCH, ACTORS[R.DISPATCHER], MON, POLICY)


def run(case, steps):
    """Apply (action, role, at, kwargs) steps; return the final case and all events."""
    events = []
    for action, role, at, kw in steps:
        case, event = workflow.apply(case, action, ACTORS[role], at, POLICY,
                                     event_seq=case.version + 1, **kw)
        events.append(event)
    return case, events


def t(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute)


def test_full_loop_of_a_public_report_logs_every_step_with_working_time_deadlines():
    case = new_case(Source.PUBLIC)
    assert case.deadline == t(23, 9, 10)  # intake: 10 working minutes
    case, events = run(case, [
        (A.ACCEPT, R.OPERATOR, t(23, 9, 5), {}),
        (A.VERIFY, R.SUPERVISOR, t(23, 9, 40), {}),
        (A.FILE, R.SHIFT_LEAD, t(23, 11, 50), {}),
        (A.DISPATCH, R.DISPATCHER, t(23, 17, 0), {"department_code": DEPT}),
        (A.HANDLE, R.DEPARTMENT, t(24, 16, 0), {}),
        (A.CHECK_PASS, R.SUPERVISOR, t(24, 17, 0), {}),
        (A.CLOSE, R.SHIFT_LEAD, t(25, 8, 30), {}),
    ])
    path = [(e.from_stage, e.to_stage) for e in events]
    assert path == [(S.INTAKE, S.VERIFY), (S.VERIFY, S.FILING), (S.FILING, S.DISPATCH),
                    (S.DISPATCH, S.HANDLING), (S.HANDLING, S.CHECK), (S.CHECK, S.CLOSING),
                    (S.CLOSING, S.CLOSED)]
    assert [e.seq for e in events] == [2, 3, 4, 5, 6, 7, 8]
    # filing at 11:50 gets 30 working minutes: 10 before lunch, 20 after 14:00
    assert events[2].payload["deadline"] == "2026-11-23T14:20:00"
    # 暴露垃圾 is one working day: dispatched Mon 17:00 → Tue 17:00
    assert case.handle_deadline == t(24, 17, 0)
    assert events[4].payload["on_time"] is True
    assert case.stage is S.CLOSED and case.deadline is None and case.closed_at == t(25, 8, 30)
    assert case.version == 8


def test_supervisor_reports_skip_verification():
    case, events = run(new_case(Source.SUPERVISOR), [(A.ACCEPT, R.OPERATOR, t(23, 9, 5), {})])
    assert case.stage is S.FILING


def test_return_goes_back_to_dispatch_without_department():
    case, _ = run(in_stage(S.HANDLING), [
        (A.REQUEST_RETURN, R.DEPARTMENT, t(23, 10), {"reason": "不属于本单位职责"}),
        (A.APPROVE, R.DISPATCHER, t(23, 10, 30), {}),
    ])
    assert (case.stage, case.department_code, case.return_count) == (S.DISPATCH, None, 1)
    assert case.pending_request is None


def test_extension_moves_the_handling_deadline_in_working_time():
    case = replace(in_stage(S.HANDLING), handle_deadline=t(27, 17), deadline=t(27, 17))  # Friday
    case, events = run(case, [
        (A.REQUEST_EXTENSION, R.DEPARTMENT, t(27, 9), {"reason": "需协调", "extension": TimeLimit.parse("2wh")}),
        (A.APPROVE, R.SHIFT_LEAD, t(27, 10), {}),
    ])
    assert case.handle_deadline == case.deadline == datetime(2026, 11, 30, 9, 0)  # Monday
    assert case.extension_count == 1 and events[1].payload["extension"] == "2wh"


def test_rejected_request_leaves_the_deadline():
    case = in_stage(S.HANDLING)
    new, _ = run(case, [
        (A.REQUEST_EXTENSION, R.DEPARTMENT, t(23, 9), {"reason": "x", "extension": TimeLimit.parse("1wd")}),
        (A.REJECT, R.DISPATCHER, t(23, 10), {"reason": "理由不充分"}),
    ])
    assert new.deadline == case.deadline and new.pending_request is None
    assert new.extension_count == 0


def test_hold_stops_the_clock_and_resume_restarts_it():
    case = replace(in_stage(S.HANDLING), handle_deadline=t(23, 16), deadline=t(23, 16))
    case, _ = run(case, [
        (A.REQUEST_HOLD, R.DEPARTMENT, t(23, 9), {"reason": "需市级审批"}),
        (A.APPROVE, R.DISPATCHER, t(23, 10), {}),
    ])
    assert case.stage is S.HELD and case.deadline is None and case.hold_count == 1
    case, _ = run(case, [(A.RESUME, R.DISPATCHER, t(25, 9), {})])
    # 4 working hours remained at the 10:00 hold (10–12, 14–16) → Wed 9:00 + 4 wh = 15:00
    assert case.stage is S.HANDLING and case.deadline == case.handle_deadline == t(25, 15)


def test_failed_check_sends_the_case_back_for_rework_with_a_fresh_deadline():
    case = replace(in_stage(S.CHECK), rework_count=0)
    case, events = run(case, [(A.CHECK_FAIL, R.SUPERVISOR, t(24, 10), {"reason": "垃圾未清完"})])
    assert case.stage is S.HANDLING and case.department_code == DEPT
    assert case.rework_count == 1 and case.handle_deadline == t(25, 10)
    assert events[0].payload == {"rework": 1, "department": DEPT,
                                 "deadline": "2026-11-25T10:00:00"}


def test_supervision_and_escalation_count_levels_without_moving_the_stage():
    case, events = run(in_stage(S.HANDLING, overdue=True), [
        (A.SUPERVISE, R.LEADER, t(23, 9), {"reason": "群众反映强烈"}),
        (A.ESCALATE, R.SYSTEM, t(23, 9, 1), {}),
    ])
    assert case.stage is S.HANDLING
    assert (case.supervision_level, case.escalation_level) == (1, 1)
    assert events[1].payload["overdue_minutes"] > 0


def test_void_ends_the_case():
    case, _ = run(new_case(), [(A.VOID, R.OPERATOR, t(23, 9, 2), {"reason": "重复上报"})])
    assert case.stage is S.VOID and not case.is_open and case.deadline is None


def test_a_dispatch_is_recalled_only_by_its_dispatcher_within_the_grace_period():
    me, other = ACTORS[R.DISPATCHER], Actor("disp9", R.DISPATCHER)
    case, _ = workflow.apply(in_stage(S.DISPATCH, ), A.DISPATCH, me, MON, POLICY,
                             department_code="D03")
    back, event = workflow.apply(case, A.RECALL, me, MON.replace(minute=1), POLICY)
    assert (back.stage, back.department_code, back.handle_deadline) == (S.DISPATCH, None, None)
    assert (event.action, event.from_stage, event.to_stage) == (A.RECALL, S.HANDLING, S.DISPATCH)
    assert event.payload["recalled_from"] == "D03" and back.deadline is not None
    with pytest.raises(ForbiddenTransition, match="only its dispatcher"):
        workflow.apply(case, A.RECALL, other, MON, POLICY)
    with pytest.raises(ForbiddenTransition, match="within 2 minutes"):
        workflow.apply(case, A.RECALL, me, MON.replace(minute=3), POLICY)
    later, _ = workflow.apply(case, A.SUPERVISE, ACTORS[R.LEADER], MON, POLICY, reason="快")
    with pytest.raises(ForbiddenTransition, match="before anything else"):
        workflow.apply(later, A.RECALL, me, MON, POLICY)
