"""The one state machine of the closed loop.

Every rule about who may do what to a case, in which stage, lives here. The store
calls :func:`apply` inside a transaction and persists what it returns; the
interface calls :func:`allowed_actions` to decide which buttons to show.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from . import worktime
from .case import Action, Actor, CaseDraft, CaseEvent, CaseRecord, RequestKind
from .enums import OPEN_STAGES, Role, Stage, Urgency
from .worktime import TimeLimit, WorkCalendar


class DomainError(Exception):
    """A request the rules refuse; the message is meant for the person who asked."""


class ForbiddenTransition(DomainError):
    def __init__(self, message: str, *, action: Action, stage: Stage | None, role: Role):
        super().__init__(message)
        self.action, self.stage, self.role = action, stage, role


class InvalidRequest(DomainError):
    """The action is allowed but its arguments are not (no department, no reason…)."""


class DeadlinePolicy(Protocol):
    """Where time limits come from: the calendar and the limit of each stage."""

    calendar: WorkCalendar

    def stage_limit(self, stage: Stage, urgency: Urgency, class_key: str) -> TimeLimit | None: ...


@dataclass(frozen=True)
class Permission:
    roles: frozenset[Role]
    stages: frozenset[Stage]


def _perm(roles: tuple[Role, ...], stages: tuple[Stage, ...]) -> Permission:
    return Permission(frozenset(roles), frozenset(stages))


R = Role
S = Stage
CENTER = (R.DISPATCHER, R.SHIFT_LEAD)

# Who may take each action, and from which stages. The wall display's role (viewer) is
# named nowhere, so it may take no action at all. Several entries per action let a
# role act from fewer stages than another (an operator voids only at intake).
RULES: dict[Action, tuple[Permission, ...]] = {
    Action.ACCEPT: (_perm((R.OPERATOR, R.SHIFT_LEAD), (S.INTAKE,)),),
    Action.VERIFY: (_perm((R.SUPERVISOR,), (S.VERIFY,)),),
    Action.FILE: (_perm((R.SHIFT_LEAD,), (S.FILING,)),),
    Action.DISPATCH: (_perm(CENTER, (S.DISPATCH,)),),
    Action.REQUEST_RETURN: (_perm((R.DEPARTMENT,), (S.HANDLING,)),),
    Action.REQUEST_EXTENSION: (_perm((R.DEPARTMENT,), (S.HANDLING,)),),
    Action.REQUEST_HOLD: (_perm((R.DEPARTMENT,), (S.HANDLING,)),),
    Action.APPROVE: (_perm(CENTER, (S.HANDLING,)),),
    Action.REJECT: (_perm(CENTER, (S.HANDLING,)),),
    Action.RESUME: (_perm(CENTER, (S.HELD,)),),
    Action.HANDLE: (_perm((R.DEPARTMENT,), (S.HANDLING,)),),
    Action.CHECK_PASS: (_perm((R.SUPERVISOR,), (S.CHECK,)),),
    Action.CHECK_FAIL: (_perm((R.SUPERVISOR,), (S.CHECK,)),),
    Action.CLOSE: (_perm((R.SHIFT_LEAD,), (S.CLOSING,)),),
    Action.VOID: (
        _perm((R.OPERATOR,), (S.INTAKE,)),
        _perm((R.SHIFT_LEAD,), (S.INTAKE, S.VERIFY, S.FILING, S.DISPATCH)),
    ),
    Action.SUPERVISE: (_perm((R.LEADER, R.SHIFT_LEAD), OPEN_STAGES),),
    Action.ESCALATE: (_perm((R.SYSTEM, R.SHIFT_LEAD, R.LEADER), OPEN_STAGES),),
    Action.RECALL: (_perm(CENTER, (S.HANDLING,)),),
}
# A dispatch may be taken back by the one who made it, before anything else happened to
# the case and within this time: an undo for a drop on the wrong tile, not a second routing.
RECALL_GRACE = timedelta(minutes=2)

REPORTING_ROLES = frozenset({R.SUPERVISOR, R.OPERATOR, R.SHIFT_LEAD, R.SYSTEM})
REASON_REQUIRED = frozenset({
    Action.REQUEST_RETURN, Action.REQUEST_EXTENSION, Action.REQUEST_HOLD, Action.REJECT,
    Action.CHECK_FAIL, Action.VOID, Action.SUPERVISE,
})
_REQUEST_OF = {
    Action.REQUEST_RETURN: RequestKind.RETURN,
    Action.REQUEST_EXTENSION: RequestKind.EXTENSION,
    Action.REQUEST_HOLD: RequestKind.HOLD,
}


def _who(actor: Actor) -> str:
    return f"{actor.role.value} ({actor.role.label}) '{actor.username}'"


def check_role(action: Action, actor: Actor, stage: Stage | None = None) -> None:
    """Refuse a role that may never take ``action``, before anything about the case is told."""
    if action is Action.REPORT:
        raise ForbiddenTransition("a case is reported only once", action=action,
                                  stage=stage, role=actor.role)
    perms = RULES[action]
    if not any(actor.role in p.roles for p in perms):
        roles = sorted({r.value for p in perms for r in p.roles})
        raise ForbiddenTransition(
            f"{_who(actor)} may not {action.value} ({action.label}); only {', '.join(roles)} may",
            action=action, stage=stage, role=actor.role)


def stage_allows(action: Action, role: Role, stage: Stage) -> bool:
    """Whether ``role`` may take ``action`` on a case in ``stage`` (other conditions aside)."""
    return any(role in p.roles and stage in p.stages for p in RULES.get(action, ()))


def check(case: CaseRecord, action: Action, actor: Actor, now: datetime) -> None:
    """Raise :class:`ForbiddenTransition` unless ``actor`` may take ``action`` now."""
    check_role(action, actor, case.stage)
    perms = RULES[action]
    if not any(actor.role in p.roles and case.stage in p.stages for p in perms):
        stages = sorted({s.value for p in perms if actor.role in p.roles for s in p.stages})
        raise ForbiddenTransition(
            f"case {case.number} is in stage {case.stage.value} ({case.stage.label}); "
            f"{action.value} ({action.label}) needs stage {' or '.join(stages)}",
            action=action, stage=case.stage, role=actor.role)
    reason = _condition_refusal(case, action, actor, now)
    if reason:
        raise ForbiddenTransition(f"case {case.number}: {reason}", action=action,
                                  stage=case.stage, role=actor.role)


def _condition_refusal(case: CaseRecord, action: Action, actor: Actor, now: datetime) -> str:
    """Conditions beyond role and stage; an empty string means none is violated."""
    if actor.role is Role.DEPARTMENT and case.department_code != actor.department_code:
        return (f"it is assigned to department {case.department_code}, "
                f"not to {actor.department_code} of '{actor.username}'")
    if action in _REQUEST_OF or action is Action.HANDLE:
        if case.pending_request is not None:
            return f"a {case.pending_request.value} request ({case.pending_request.label}) awaits approval"
    if action in (Action.APPROVE, Action.REJECT) and case.pending_request is None:
        return "no request awaits approval"
    if action is Action.ESCALATE and not case.is_overdue(now):
        return "it is not overdue"
    if action is Action.RECALL:
        if case.updated_by != actor.username or case.handle_started_at != case.updated_at:
            return "only its dispatcher may recall it, and only before anything else happened"
        if now - case.handle_started_at > RECALL_GRACE:
            return f"a dispatch can be recalled only within {RECALL_GRACE.seconds // 60} minutes"
    return ""


def allowed_actions(case: CaseRecord, actor: Actor, now: datetime) -> list[Action]:
    """The actions ``actor`` may take on ``case`` now, in workflow order."""
    result = []
    for action in RULES:
        try:
            check(case, action, actor, now)
        except ForbiddenTransition:
            continue
        result.append(action)
    return result


def _stage_deadline(policy: DeadlinePolicy, stage: Stage, case: CaseRecord,
                    start: datetime) -> datetime | None:
    limit = policy.stage_limit(stage, case.urgency, case.class_key)
    return policy.calendar.add(start, limit) if limit is not None else None


def open_case(draft: CaseDraft, actor: Actor, number: str, now: datetime,
              policy: DeadlinePolicy) -> tuple[CaseRecord, CaseEvent]:
    """Create a case from a report; it waits for intake."""
    if actor.role not in REPORTING_ROLES:
        raise ForbiddenTransition(
            f"{_who(actor)} may not report cases; only "
            f"{', '.join(sorted(r.value for r in REPORTING_ROLES))} may",
            action=Action.REPORT, stage=None, role=actor.role)
    if not draft.description.strip():
        raise InvalidRequest("a report needs a description")
    if not draft.class_key.startswith(f"{draft.kind.value}:"):
        raise InvalidRequest(f"class {draft.class_key} is not a {draft.kind.value} class")
    try:
        policy.stage_limit(Stage.HANDLING, draft.urgency, draft.class_key)
    except KeyError:
        raise InvalidRequest(f"unknown class {draft.class_key}") from None
    case = CaseRecord(
        id=None, number=number, source=draft.source, kind=draft.kind, class_key=draft.class_key,
        urgency=draft.urgency, lon=draft.lon, lat=draft.lat, grid_code=draft.grid_code,
        description=draft.description, address=draft.address, component_code=draft.component_code,
        reporter_name=draft.reporter_name, reporter_phone=draft.reporter_phone,
        reporter_id_no=draft.reporter_id_no, photos=draft.photos, stage=Stage.INTAKE,
        department_code=None, reported_at=now, stage_started_at=now, deadline=None,
        version=1, updated_by=actor.username, updated_at=now)
    case = replace(case, deadline=_stage_deadline(policy, Stage.INTAKE, case, now))
    event = CaseEvent(None, 1, Action.REPORT, actor.username, actor.role, now, None, Stage.INTAKE,
                      "", {"source": draft.source.value, "deadline": _iso(case.deadline)})
    return case, event


def apply(case: CaseRecord, action: Action, actor: Actor, now: datetime, policy: DeadlinePolicy,
          *, reason: str = "", department_code: str | None = None,
          extension: TimeLimit | None = None, photos: tuple[str, ...] = (),
          event_seq: int = 0) -> tuple[CaseRecord, CaseEvent]:
    """Take ``action`` on ``case``; return the new case and the event to append.

    ``photos`` are references to pictures that go with the action (a department's result,
    a field check); the event lists them. ``event_seq`` is the sequence number the new
    event gets within the case's history.
    """
    check(case, action, actor, now)
    if action in REASON_REQUIRED and not reason.strip():
        raise InvalidRequest(f"{action.value} ({action.label}) needs a reason")
    changes, payload = _EFFECTS[action](case, now, policy,
                                        department_code=department_code, extension=extension)
    new_stage = changes.get("stage", case.stage)
    if new_stage is not case.stage:
        changes.setdefault("stage_started_at", now)
        changes.setdefault("deadline", _stage_deadline(policy, new_stage, case, now))
        if not new_stage.is_open:
            changes["deadline"] = None
    new = replace(case, **changes, version=case.version + 1, updated_by=actor.username,
                  updated_at=now)
    payload = {**payload, "deadline": _iso(new.deadline)}
    if photos:
        payload["photos"] = list(photos)
    event = CaseEvent(case.id, event_seq, action, actor.username, actor.role, now, case.stage,
                      new.stage, reason.strip(), payload)
    return new, event


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


# --- effects of each action: (changes to the case, extra event payload) -------------

Effect = tuple[dict[str, Any], dict[str, Any]]


def _accept(case: CaseRecord, now, policy, **_) -> Effect:
    return {"stage": Stage.VERIFY if case.source.needs_verification else Stage.FILING}, {}


def _to(stage: Stage):
    def effect(case, now, policy, **_) -> Effect:
        return {"stage": stage}, {}
    return effect


def _dispatch(case: CaseRecord, now, policy, *, department_code=None, **_) -> Effect:
    if not department_code:
        raise InvalidRequest("dispatch needs a department")
    return _start_handling(case, now, policy, department_code=department_code), {
        "department": department_code}


def _start_handling(case: CaseRecord, now, policy, **extra) -> dict[str, Any]:
    deadline = _stage_deadline(policy, Stage.HANDLING, case, now)
    return {"stage": Stage.HANDLING, "handle_started_at": now, "handle_deadline": deadline,
            "deadline": deadline, **extra}


def _request(case: CaseRecord, now, policy, *, extension=None, action: Action, **_) -> Effect:
    payload: dict[str, Any] = {}
    if action is Action.REQUEST_EXTENSION:
        if extension is None:
            raise InvalidRequest("an extension request needs the time asked for")
        payload["extension"] = str(extension)
    elif action is Action.REQUEST_HOLD and extension is not None:
        payload["hold_limit"] = str(extension)  # how long the department expects to wait
    return {"pending_request": _REQUEST_OF[action], "pending_payload": payload}, {
        "request": _REQUEST_OF[action].value, **payload}


def _approve(case: CaseRecord, now, policy, **_) -> Effect:
    kind = case.pending_request
    cleared = {"pending_request": None, "pending_payload": {}}
    if kind is RequestKind.RETURN:
        return {**cleared, "stage": Stage.DISPATCH, "department_code": None,
                "handle_started_at": None, "handle_deadline": None,
                "return_count": case.return_count + 1}, {
            "request": kind.value, "returned_by": case.department_code}
    if kind is RequestKind.EXTENSION:
        limit = TimeLimit.parse(case.pending_payload["extension"])
        moved = worktime.extend(policy.calendar, case.handle_deadline, limit)
        return {**cleared, "handle_deadline": moved, "deadline": moved,
                "extension_count": case.extension_count + 1}, {
            "request": kind.value, "extension": str(limit)}
    return {**cleared, "stage": Stage.HELD, "hold_started_at": now, "deadline": None,
            "hold_count": case.hold_count + 1}, {"request": kind.value}


def _reject(case: CaseRecord, now, policy, **_) -> Effect:
    return {"pending_request": None, "pending_payload": {}}, {
        "request": case.pending_request.value}


def _resume(case: CaseRecord, now, policy, **_) -> Effect:
    moved = worktime.shift_for_hold(policy.calendar, case.handle_deadline,
                                    case.hold_started_at, now)
    return {"stage": Stage.HANDLING, "hold_started_at": None, "handle_deadline": moved,
            "deadline": moved}, {"held_since": _iso(case.hold_started_at)}


def _handle(case: CaseRecord, now, policy, **_) -> Effect:
    on_time = case.handle_deadline is None or now <= case.handle_deadline
    return {"stage": Stage.CHECK}, {"on_time": on_time}


def _check_fail(case: CaseRecord, now, policy, **_) -> Effect:
    changes = _start_handling(case, now, policy)
    changes["rework_count"] = case.rework_count + 1
    return changes, {"rework": case.rework_count + 1, "department": case.department_code}


def _recall(case: CaseRecord, now, policy, **_) -> Effect:
    return {"stage": Stage.DISPATCH, "department_code": None, "handle_started_at": None,
            "handle_deadline": None}, {"recalled_from": case.department_code}


def _close(case: CaseRecord, now, policy, **_) -> Effect:
    return {"stage": Stage.CLOSED, "closed_at": now}, {}


def _void(case: CaseRecord, now, policy, **_) -> Effect:
    return {"stage": Stage.VOID, "closed_at": now}, {}


def _supervise(case: CaseRecord, now, policy, **_) -> Effect:
    return {"supervision_level": case.supervision_level + 1}, {
        "level": case.supervision_level + 1}


def _escalate(case: CaseRecord, now, policy, **_) -> Effect:
    return {"escalation_level": case.escalation_level + 1}, {
        "level": case.escalation_level + 1,
        "overdue_minutes": round(worktime.remaining_minutes(policy.calendar, case.deadline, now) * -1)}


def _requester(action: Action):
    def effect(case, now, policy, **kw) -> Effect:
        return _request(case, now, policy, action=action, **kw)
    return effect


_EFFECTS = {
    Action.ACCEPT: _accept,
    Action.VERIFY: _to(Stage.FILING),
    Action.FILE: _to(Stage.DISPATCH),
    Action.DISPATCH: _dispatch,
    Action.REQUEST_RETURN: _requester(Action.REQUEST_RETURN),
    Action.REQUEST_EXTENSION: _requester(Action.REQUEST_EXTENSION),
    Action.REQUEST_HOLD: _requester(Action.REQUEST_HOLD),
    Action.APPROVE: _approve,
    Action.REJECT: _reject,
    Action.RESUME: _resume,
    Action.HANDLE: _handle,
    Action.CHECK_PASS: _to(Stage.CLOSING),
    Action.CHECK_FAIL: _check_fail,
    Action.RECALL: _recall,
    Action.CLOSE: _close,
    Action.VOID: _void,
    Action.SUPERVISE: _supervise,
    Action.ESCALATE: _escalate,
}
