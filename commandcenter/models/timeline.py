"""The closed loop of one case, derived from its event log.

:func:`stage_spans` turns the append-only events into the stretches of time the case
spent in each stage, in order; a stage entered again (a rework cycle, a re-dispatch
after a return, handling resumed after a hold) gives a new span. :func:`loop_progress`
folds the spans onto the canonical loop 上报 → 受理 → 核实 → 立案 → 派遣 → 处置 → 核查 → 结案
for drawing, with the backward jumps (返工, 回退) counted.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Iterable, Sequence

from .case import Action, CaseEvent
from .enums import Role, Stage


@dataclass(frozen=True)
class StageSpan:
    """One stay of the case in one stage.

    ``deadline`` is the stage's deadline as the event that entered the stage set it,
    moved by approved extensions within the span; ``first_deadline`` keeps the one it
    was entered with. ``left_*`` say who moved the case out, in which role and how;
    they are ``None`` for the stage the case is in now.
    """

    stage: Stage
    entered_at: datetime
    entered_by: str
    entered_role: Role
    entered_action: Action
    left_at: datetime | None = None
    left_by: str | None = None
    left_role: Role | None = None
    left_action: Action | None = None
    deadline: datetime | None = None
    first_deadline: datetime | None = None
    department: str | None = None
    extensions: int = 0
    overran: bool = False

    @property
    def is_current(self) -> bool:
        return self.left_at is None


def _deadline(event: CaseEvent) -> datetime | None:
    text = event.payload.get("deadline")
    return datetime.fromisoformat(text) if text else None


def _overran(deadline: datetime | None, left_at: datetime | None, now: datetime) -> bool:
    if deadline is None:
        return False
    return (left_at if left_at is not None else now) > deadline


def stage_spans(events: Iterable[CaseEvent], now: datetime) -> list[StageSpan]:
    """The stages the case passed through, oldest first; the last one is where it is now
    (an ended case's last span is 已结案 or 作废, which nothing leaves)."""
    ordered = sorted(events, key=lambda e: (e.seq, e.at))
    spans: list[StageSpan] = []
    department: str | None = None
    for event in ordered:
        if "department" in event.payload:
            department = event.payload["department"]
        current = spans[-1] if spans else None
        inside = current is not None and event.from_stage is current.stage
        if inside and event.to_stage is current.stage:
            # Something happened inside the stage: an approved extension moves the deadline.
            if event.action is Action.APPROVE and event.payload.get("request") == "extension":
                spans[-1] = replace(current, deadline=_deadline(event),
                                    extensions=current.extensions + 1)
            continue
        if current is not None:
            spans[-1] = replace(current, left_at=event.at, left_by=event.actor,
                                left_role=event.role, left_action=event.action)
        if event.action is Action.APPROVE and event.payload.get("request") == "return":
            department = None
        deadline = _deadline(event)
        spans.append(StageSpan(
            stage=event.to_stage, entered_at=event.at, entered_by=event.actor,
            entered_role=event.role, entered_action=event.action, deadline=deadline,
            first_deadline=deadline,
            department=department if event.to_stage in (Stage.HANDLING, Stage.HELD) else None))
    return [replace(s, overran=_overran(s.deadline, s.left_at, now)) for s in spans]


# --- the canonical loop ---------------------------------------------------------------

class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    PENDING = "pending"
    SKIPPED = "skipped"


# The canonical loop and the stages that count as each step. 上报 is the report itself.
LOOP_STEPS: tuple[tuple[str, str, tuple[Stage, ...]], ...] = (
    ("report", "上报", ()),
    ("intake", "受理", (Stage.INTAKE,)),
    ("verify", "核实", (Stage.VERIFY,)),
    ("filing", "立案", (Stage.FILING,)),
    ("dispatch", "派遣", (Stage.DISPATCH,)),
    ("handling", "处置", (Stage.HANDLING, Stage.HELD)),
    ("check", "核查", (Stage.CHECK,)),
    ("close", "结案", (Stage.CLOSING, Stage.CLOSED)),
)
_STEP_OF = {stage: i for i, (_, _, stages) in enumerate(LOOP_STEPS) for stage in stages}
_KEYS = [key for key, _, _ in LOOP_STEPS]


@dataclass(frozen=True)
class LoopStep:
    """One circle of the drawn loop.

    ``entered_at`` is when the step was last entered, ``left_at`` when it was last
    completed (``None`` while current or never done) and ``deadline`` the deadline of
    its latest span. ``overran`` says any of its spans overran, ``latest_overran`` that
    the latest did (for the current step: it is overdue now). ``visits`` counts separate
    stays (re-dispatch, rework); ``held`` says the case sits in this step with its clock
    stopped.
    """

    key: str
    label: str
    state: StepState
    spans: tuple[StageSpan, ...] = ()
    entered_at: datetime | None = None
    left_at: datetime | None = None
    deadline: datetime | None = None
    overran: bool = False
    latest_overran: bool = False
    visits: int = 0
    held: bool = False


@dataclass(frozen=True)
class LoopJump:
    """A backward jump of the loop, e.g. 核查 → 处置 (返工) or 处置 → 派遣 (回退)."""

    from_key: str
    to_key: str
    label: str
    count: int


@dataclass(frozen=True)
class LoopProgress:
    steps: tuple[LoopStep, ...]
    jumps: tuple[LoopJump, ...] = ()
    void_at: str | None = None  # the step a void case ended in

    @property
    def void(self) -> bool:
        return self.void_at is not None

    def step(self, key: str) -> LoopStep:
        return self.steps[_KEYS.index(key)]


_JUMP_LABELS = {Action.CHECK_FAIL: "返工", Action.APPROVE: "回退"}


def loop_progress(spans: Sequence[StageSpan]) -> LoopProgress:
    """The canonical loop's steps with their state, for drawing.

    Steps before the current one are done if the case passed them and skipped if not
    (核实 for reports our own staff made); steps after it are pending, even if a case
    sent back (rework, return) passed them before. A closed case has every step it
    passed done; a void case has the rest skipped.
    """
    if not spans:
        return LoopProgress(tuple(LoopStep(k, label, StepState.PENDING)
                                  for k, label, _ in LOOP_STEPS))
    last = spans[-1]
    void = last.stage is Stage.VOID
    closed = last.stage is Stage.CLOSED
    mapped = [s for s in spans if s.stage in _STEP_OF]
    by_step: dict[int, list[StageSpan]] = {}
    for span in mapped:
        by_step.setdefault(_STEP_OF[span.stage], []).append(span)
    if void:
        current = None
        reached = _STEP_OF[mapped[-1].stage] if mapped else 0
    elif closed:
        current, reached = None, len(LOOP_STEPS) - 1
    else:
        current = reached = _STEP_OF[last.stage]

    steps = [LoopStep("report", LOOP_STEPS[0][1], StepState.DONE, (),
                      spans[0].entered_at, spans[0].entered_at, None, False, 1)]
    previous_step = None
    visits: dict[int, int] = {}
    for span in mapped:
        i = _STEP_OF[span.stage]
        if i != previous_step:
            visits[i] = visits.get(i, 0) + 1
        previous_step = i
    for i in range(1, len(LOOP_STEPS)):
        key, label, _ = LOOP_STEPS[i]
        own = tuple(by_step.get(i, ()))
        if i == current:
            state = StepState.CURRENT
        elif i < reached or (i == reached and (closed or void)):
            state = StepState.DONE if own else StepState.SKIPPED
        else:
            state = StepState.SKIPPED if void else StepState.PENDING
        latest = own[-1] if own else None
        done_at = None
        if state is StepState.DONE and latest is not None:
            done_at = latest.left_at or latest.entered_at  # 已结案 is done when entered
        steps.append(LoopStep(
            key, label, state, own,
            entered_at=_entry_of_last_visit(spans, i) if own else None,
            left_at=done_at,
            deadline=next((s.deadline for s in reversed(own) if s.stage is not Stage.CLOSED),
                          None),
            overran=any(s.overran for s in own),
            latest_overran=latest is not None and latest.overran,
            visits=visits.get(i, 0),
            held=state is StepState.CURRENT and last.stage is Stage.HELD))
    return LoopProgress(tuple(steps), _jumps(spans), _KEYS[reached] if void else None)


def _entry_of_last_visit(spans: Sequence[StageSpan], step: int) -> datetime:
    """When the latest stay in a step began (a hold and its resumption are one stay)."""
    last = max(i for i, s in enumerate(spans) if _STEP_OF.get(s.stage) == step)
    first = last
    while first > 0 and _STEP_OF.get(spans[first - 1].stage) == step:
        first -= 1
    return spans[first].entered_at


def _jumps(spans: Sequence[StageSpan]) -> tuple[LoopJump, ...]:
    counts: dict[tuple[int, int, str], int] = {}
    for before, after in zip(spans, spans[1:]):
        if before.stage not in _STEP_OF or after.stage not in _STEP_OF:
            continue
        a, b = _STEP_OF[before.stage], _STEP_OF[after.stage]
        if b < a:
            label = _JUMP_LABELS.get(before.left_action, "退回")
            counts[(a, b, label)] = counts.get((a, b, label), 0) + 1
    return tuple(LoopJump(_KEYS[a], _KEYS[b], label, n) for (a, b, label), n in counts.items())
