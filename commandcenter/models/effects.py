"""What each action does to a case: the changes to write and the event's extra payload.

Only :func:`commandcenter.models.workflow.apply` calls these, after the rules have said
the action may be taken; an effect refuses only arguments it cannot use.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from . import worktime
from .case import Action, Actor, CaseRecord, RequestKind
from .enums import Stage, Urgency
from .errors import InvalidRequest
from .worktime import TimeLimit, WorkCalendar


class DeadlinePolicy(Protocol):
    """Where time limits come from: the calendar and the limit of each stage."""

    calendar: WorkCalendar

    def stage_limit(self, stage: Stage, urgency: Urgency, class_key: str) -> TimeLimit | None: ...


REQUEST_OF = {
    Action.REQUEST_RETURN: RequestKind.RETURN,
    Action.REQUEST_EXTENSION: RequestKind.EXTENSION,
    Action.REQUEST_HOLD: RequestKind.HOLD,
}


def stage_deadline(policy: DeadlinePolicy, stage: Stage, case: CaseRecord,
                   start: datetime) -> datetime | None:
    limit = policy.stage_limit(stage, case.urgency, case.class_key)
    return policy.calendar.add(start, limit) if limit is not None else None


def iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


# (changes to the case, extra event payload)

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
    deadline = stage_deadline(policy, Stage.HANDLING, case, now)
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
    return {"pending_request": REQUEST_OF[action], "pending_payload": payload}, {
        "request": REQUEST_OF[action].value, **payload}


def _approve(case: CaseRecord, now, policy, **_) -> Effect:
    kind = case.pending_request
    cleared = {"pending_request": None, "pending_payload": {}}
    if kind is RequestKind.SELF_HANDLED:
        return {**cleared, "stage": Stage.CLOSED, "closed_at": now, "self_handled": True}, {
            "request": kind.value}
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
    cleared = {"pending_request": None, "pending_payload": {}}
    if case.pending_request is RequestKind.SELF_HANDLED:
        # Not accepted as handled: the report goes on as if taken in at intake.
        return {**cleared, **_accept(case, now, policy)[0]}, {"request": case.pending_request.value}
    return cleared, {"request": case.pending_request.value}


def _resume(case: CaseRecord, now, policy, **_) -> Effect:
    moved = worktime.shift_for_hold(policy.calendar, case.handle_deadline,
                                    case.hold_started_at, now)
    return {"stage": Stage.HANDLING, "hold_started_at": None, "handle_deadline": moved,
            "deadline": moved}, {"held_since": iso(case.hold_started_at)}


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
    return {"stage": Stage.VOID, "closed_at": now, "pending_request": None,
            "pending_payload": {}}, {}


def _merge(case: CaseRecord, now, policy, *, merge_into: CaseRecord, **_) -> Effect:
    # Void with a pointer: every count of void cases counts a merged duplicate once.
    changes, _ = _void(case, now, policy)
    return {**changes, "merged_into": merge_into.id}, {
        "into": merge_into.number, "into_id": merge_into.id}


def _assign(case: CaseRecord, now, policy, *, assignee: str | None = None, **_) -> Effect:
    if not assignee:
        raise InvalidRequest("an assignment needs the supervisor to give the task to")
    if assignee == case.assignee:
        raise InvalidRequest(f"the task is already assigned to '{assignee}'")
    return {"assignee": assignee, "assigned_at": now, "task_started_at": None}, {
        "assignee": assignee, "previous": case.assignee}


def _acknowledge(case: CaseRecord, now, policy, *, actor: Actor, **_) -> Effect:
    # Taking an unassigned task makes it one's own.
    return {"assignee": actor.username, "assigned_at": case.assigned_at or now,
            "task_started_at": now}, {"assignee": actor.username}


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


EFFECTS = {
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
    Action.MERGE: _merge,
    Action.ASSIGN: _assign,
    Action.ACKNOWLEDGE: _acknowledge,
}
