"""The one state machine of the closed loop.

Every rule about who may do what to a case, in which stage, lives here (what each
action then changes is in :mod:`.effects`). The store calls :func:`apply` inside a
transaction and persists what it returns; the interface calls :func:`allowed_actions`
to decide which buttons to show.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .case import Action, Actor, CaseDraft, CaseEvent, CaseRecord, RequestKind
from .effects import EFFECTS, REQUEST_OF, DeadlinePolicy, iso, stage_deadline
from .enums import OPEN_STAGES, Role, Stage
from .errors import DomainError, ForbiddenTransition, InvalidRequest
from .worktime import TimeLimit

# The errors and the policy protocol are defined beside the effects and named here too.
__all__ = ["DeadlinePolicy", "DomainError", "FIELD_STAGES", "ForbiddenTransition",
           "InvalidRequest", "Permission", "REASON_REQUIRED", "RECALL_GRACE", "RECORDED_ONLY",
           "REPORTING_ROLES", "RULES", "TARGETED", "allowed_actions", "apply", "check",
           "check_role", "duplicate_event", "open_case", "stage_allows", "with_assignment"]


@dataclass(frozen=True)
class Permission:
    roles: frozenset[Role]
    stages: frozenset[Stage]


def _perm(roles: tuple[Role, ...], stages: tuple[Stage, ...]) -> Permission:
    return Permission(frozenset(roles), frozenset(stages))


R = Role
S = Stage
CENTER = (R.DISPATCHER, R.SHIFT_LEAD)
# The stages a field supervisor works in: each is one task held by one supervisor.
FIELD_STAGES = (S.VERIFY, S.CHECK)

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
    # A department's request is decided by the center; a report handled on the spot
    # (自处理, waiting at intake) by the shift lead only.
    Action.APPROVE: (_perm(CENTER, (S.HANDLING,)), _perm((R.SHIFT_LEAD,), (S.INTAKE,))),
    Action.REJECT: (_perm(CENTER, (S.HANDLING,)), _perm((R.SHIFT_LEAD,), (S.INTAKE,))),
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
    # Merging a duplicate ends it like a void, from the same stages and by the same roles.
    Action.MERGE: (
        _perm((R.OPERATOR,), (S.INTAKE,)),
        _perm((R.SHIFT_LEAD,), (S.INTAKE, S.VERIFY, S.FILING, S.DISPATCH)),
    ),
    Action.ASSIGN: (_perm((R.OPERATOR, R.DISPATCHER, R.SHIFT_LEAD), FIELD_STAGES),),
    Action.ACKNOWLEDGE: (_perm((R.SUPERVISOR,), FIELD_STAGES),),
}
# Actions nobody takes by asking: a report opens a case, and a merge records itself on
# its parent as a ``duplicate`` event.
RECORDED_ONLY = frozenset({Action.REPORT, Action.DUPLICATE})
# Actions that need another case (merge) or a supervisor (assign) chosen: a screen offers
# them only where it can ask for that choice.
TARGETED = frozenset({Action.MERGE, Action.ASSIGN})
# Only the supervisor holding a field task may work on it; an unassigned task is anyone's.
_FIELD_WORK = frozenset({Action.VERIFY, Action.CHECK_PASS, Action.CHECK_FAIL,
                         Action.ACKNOWLEDGE})
# A dispatch may be taken back by the one who made it, before anything else happened to
# the case and within this time: an undo for a drop on the wrong tile, not a second routing.
RECALL_GRACE = timedelta(minutes=2)

REPORTING_ROLES = frozenset({R.SUPERVISOR, R.OPERATOR, R.SHIFT_LEAD, R.SYSTEM})
REASON_REQUIRED = frozenset({
    Action.REQUEST_RETURN, Action.REQUEST_EXTENSION, Action.REQUEST_HOLD, Action.REJECT,
    Action.CHECK_FAIL, Action.VOID, Action.SUPERVISE,
})


def _who(actor: Actor) -> str:
    return f"{actor.role.value} ({actor.role.label}) '{actor.username}'"


def check_role(action: Action, actor: Actor, stage: Stage | None = None) -> None:
    """Refuse a role that may never take ``action``, before anything about the case is told."""
    if action is Action.REPORT:
        raise ForbiddenTransition("a case is reported only once", action=action,
                                  stage=stage, role=actor.role)
    if action in RECORDED_ONLY:
        raise ForbiddenTransition(f"{action.value} ({action.label}) is recorded by a merge, "
                                  "not taken", action=action, stage=stage, role=actor.role)
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
    if action in REQUEST_OF or action in (Action.HANDLE, Action.ACCEPT):
        if case.pending_request is not None:
            return f"a {case.pending_request.value} request ({case.pending_request.label}) awaits approval"
    if action in (Action.APPROVE, Action.REJECT):
        if case.pending_request is None:
            return "no request awaits approval"
        if (case.stage is Stage.INTAKE) != (case.pending_request is RequestKind.SELF_HANDLED):
            return f"a {case.pending_request.value} request is not decided in stage {case.stage.value}"
    if action in _FIELD_WORK and case.assignee and case.assignee != actor.username:
        return (f"its {case.stage.value} task is assigned to '{case.assignee}', "
                f"not to '{actor.username}'")
    if action is Action.ACKNOWLEDGE and case.task_started_at is not None:
        return f"'{case.assignee}' took its task (接单) at {case.task_started_at:%Y-%m-%d %H:%M}"
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
    if draft.self_handled:
        _check_self_handled(draft, actor, policy)
    case = CaseRecord(
        id=None, number=number, source=draft.source, kind=draft.kind, class_key=draft.class_key,
        urgency=draft.urgency, lon=draft.lon, lat=draft.lat, grid_code=draft.grid_code,
        description=draft.description, address=draft.address, component_code=draft.component_code,
        reporter_name=draft.reporter_name, reporter_phone=draft.reporter_phone,
        reporter_id_no=draft.reporter_id_no, photos=draft.photos, stage=Stage.INTAKE,
        department_code=None, reported_at=now, stage_started_at=now, deadline=None,
        version=1, updated_by=actor.username, updated_at=now,
        pending_request=RequestKind.SELF_HANDLED if draft.self_handled else None)
    case = replace(case, deadline=stage_deadline(policy, Stage.INTAKE, case, now))
    payload = {"source": draft.source.value, "deadline": iso(case.deadline)}
    if draft.self_handled:
        payload["self_handled"] = True
    event = CaseEvent(None, 1, Action.REPORT, actor.username, actor.role, now, None, Stage.INTAKE,
                      "", payload)
    return case, event


def _check_self_handled(draft: CaseDraft, actor: Actor, policy: DeadlinePolicy) -> None:
    """A report of a problem already handled on the spot (自处理): only a field supervisor's,
    only in a class the catalog allows it for, and with the photos that show it."""
    if actor.role is not Role.SUPERVISOR:
        raise ForbiddenTransition(
            f"{_who(actor)} may not report a case as handled on the spot; only supervisor may",
            action=Action.REPORT, stage=None, role=actor.role)
    catalog = getattr(policy, "catalog", None)
    if catalog is None or not catalog.allows_self_handling(draft.class_key):
        name = catalog.by_key(draft.class_key).name if catalog is not None else ""
        raise InvalidRequest(f"class {draft.class_key} {name} may not be handled on the spot "
                             "(the catalog's self_handling column)".replace("  ", " "))
    if not draft.photos:
        raise InvalidRequest("a case handled on the spot needs at least one photo")


def apply(case: CaseRecord, action: Action, actor: Actor, now: datetime, policy: DeadlinePolicy,
          *, reason: str = "", department_code: str | None = None,
          extension: TimeLimit | None = None, merge_into: CaseRecord | None = None,
          assignee: str | None = None, photos: tuple[str, ...] = (),
          event_seq: int = 0) -> tuple[CaseRecord, CaseEvent]:
    """Take ``action`` on ``case``; return the new case and the event to append.

    ``merge_into`` is the parent of a merge (record it there with :func:`duplicate_event`),
    ``assignee`` the supervisor an assign action gives the field task to. ``photos`` are
    references to pictures that go with the action (a department's result, a field check);
    the event lists them. ``event_seq`` is the sequence number the new event gets within
    the case's history.
    """
    check(case, action, actor, now)
    if action in REASON_REQUIRED and not reason.strip():
        raise InvalidRequest(f"{action.value} ({action.label}) needs a reason")
    if action is Action.MERGE:
        _check_merge(case, merge_into, actor)
    changes, payload = EFFECTS[action](case, now, policy, actor=actor,
                                        department_code=department_code, extension=extension,
                                        merge_into=merge_into, assignee=assignee)
    new_stage = changes.get("stage", case.stage)
    if new_stage is not case.stage:
        changes.setdefault("stage_started_at", now)
        changes.setdefault("deadline", stage_deadline(policy, new_stage, case, now))
        if not new_stage.is_open:
            changes["deadline"] = None
        if case.stage in FIELD_STAGES:  # the field task is done (or given up)
            changes.update(assignee=None, assigned_at=None, task_started_at=None)
    new = replace(case, **changes, version=case.version + 1, updated_by=actor.username,
                  updated_at=now)
    payload = {**payload, "deadline": iso(new.deadline)}
    if photos:
        payload["photos"] = list(photos)
    event = CaseEvent(case.id, event_seq, action, actor.username, actor.role, now, case.stage,
                      new.stage, reason.strip(), payload)
    return new, event


def _check_merge(case: CaseRecord, parent: CaseRecord | None, actor: Actor) -> None:
    if parent is None:
        raise InvalidRequest("a merge needs the case to merge into")

    def refuse(why: str) -> None:
        raise ForbiddenTransition(f"case {case.number} cannot be merged into {parent.number}: "
                                  f"{why}", action=Action.MERGE, stage=case.stage, role=actor.role)

    if parent.id == case.id or parent.number == case.number:
        refuse("a case is not a duplicate of itself")
    if parent.merged_into is not None:
        refuse("that case is itself merged into another; merge into that one")
    if not parent.is_open:
        refuse(f"it is {parent.stage.value} ({parent.stage.label})")
    if case.duplicate_count:
        refuse(f"{case.duplicate_count} duplicate(s) are merged into {case.number}; "
               f"merge {parent.number} into {case.number} instead")


def duplicate_event(parent: CaseRecord, child: CaseRecord, actor: Actor, now: datetime,
                    event_seq: int, reason: str = "") -> CaseEvent:
    """The line a merge leaves in its parent's history (the parent's stage does not move)."""
    return CaseEvent(parent.id, event_seq, Action.DUPLICATE, actor.username, actor.role, now,
                     parent.stage, parent.stage, reason.strip(),
                     {"duplicate": child.number, "duplicate_id": child.id})


def with_assignment(case: CaseRecord, event: CaseEvent, assignee: str | None, how: str,
                    now: datetime) -> tuple[CaseRecord, CaseEvent]:
    """A case that has just entered a field stage, given to ``assignee`` (None: nobody could
    be chosen, so any supervisor may take it); ``how`` says why them, for the history."""
    new = replace(case, assignee=assignee, assigned_at=now if assignee else None,
                  task_started_at=None)
    return new, replace(event, payload={**event.payload, "assignee": assignee,
                                        "assigned_by": how})
