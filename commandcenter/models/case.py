"""The case as the rules see it: immutable records of a case and of its events."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Mapping

from .enums import CaseKind, Role, Source, Stage, Urgency


class Action(StrEnum):
    """Every step a person (or the center's automation) can take on a case."""

    REPORT = "report"                    # 上报
    ACCEPT = "accept"                    # 受理
    VERIFY = "verify"                    # 核实
    FILE = "file"                        # 立案
    DISPATCH = "dispatch"                # 派遣
    REQUEST_RETURN = "return"            # 申请回退
    REQUEST_EXTENSION = "extend"         # 申请延期
    REQUEST_HOLD = "hold"                # 申请挂账
    APPROVE = "approve"                  # 批准申请
    REJECT = "reject"                    # 驳回申请
    RESUME = "resume"                    # 恢复处置
    HANDLE = "handle"                    # 处置反馈
    CHECK_PASS = "check-pass"            # 核查通过
    CHECK_FAIL = "check-fail"            # 核查不通过 (返工)
    CLOSE = "close"                      # 结案
    VOID = "void"                        # 作废/不予立案
    SUPERVISE = "supervise"              # 督办
    ESCALATE = "escalate"                # 超期升级
    RECALL = "recall"                    # 撤回派遣 (undo a dispatch within its grace period)
    MERGE = "merge"                      # 合并 (a duplicate report ends, pointing to its parent)
    DUPLICATE = "duplicate"              # 并入重复案件: recorded on the parent of a merge
    ASSIGN = "assign"                    # 指派监督员 (a verify/check task to another supervisor)
    ACKNOWLEDGE = "acknowledge"          # 接单 (the supervisor has started the field task)

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.REPORT: "上报", Action.ACCEPT: "受理", Action.VERIFY: "核实", Action.FILE: "立案",
    Action.DISPATCH: "派遣", Action.REQUEST_RETURN: "申请回退", Action.REQUEST_EXTENSION: "申请延期",
    Action.REQUEST_HOLD: "申请挂账", Action.APPROVE: "批准申请", Action.REJECT: "驳回申请",
    Action.RESUME: "恢复处置", Action.HANDLE: "处置反馈", Action.CHECK_PASS: "核查通过",
    Action.CHECK_FAIL: "核查不通过", Action.CLOSE: "结案", Action.VOID: "作废",
    Action.SUPERVISE: "督办", Action.ESCALATE: "超期升级", Action.RECALL: "撤回派遣",
    Action.MERGE: "合并", Action.DUPLICATE: "并入重复案件", Action.ASSIGN: "指派监督员",
    Action.ACKNOWLEDGE: "接单",
}


class RequestKind(StrEnum):
    """Requests that wait on a case for the center's approval: a department's, or a field
    supervisor's report of a case already handled on the spot (the column holds 10 characters)."""

    RETURN = "return"        # 回退
    EXTENSION = "extension"  # 延期
    HOLD = "hold"            # 挂账
    SELF_HANDLED = "self"    # 自处理: handled on the spot by the supervisor who reports it

    @property
    def label(self) -> str:
        return {"return": "回退", "extension": "延期", "hold": "挂账",
                "self": "自处理"}[self.value]


@dataclass(frozen=True)
class Actor:
    """Who acts: a user name, the role they act in and, for handlers, their department."""

    username: str
    role: Role
    department_code: str | None = None
    display_name: str = ""


@dataclass(frozen=True)
class CaseDraft:
    """What a report carries before the case exists."""

    source: Source
    kind: CaseKind
    class_key: str            # "event:0101" — kind, major and minor class
    urgency: Urgency
    lon: float
    lat: float
    grid_code: str
    description: str
    address: str = ""
    component_code: str | None = None
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_id_no: str = ""
    photos: tuple[str, ...] = ()
    # Reported as already handled on the spot (自处理): waits for the shift lead's approval.
    self_handled: bool = False


@dataclass(frozen=True)
class CaseRecord:
    """A case's full current state. ``deadline`` is the running stage's deadline
    (``None`` while the clock is stopped or the case has ended); ``handle_deadline``
    stays for the whole handling cycle because reviews judge on-time handling by it.

    ``merged_into`` is the id of the case a duplicate was merged into (it is then void);
    ``duplicate_count`` how many were merged into this one. ``assignee`` is the field
    supervisor holding the case's verify or check task (None outside those stages, or when
    nobody could be chosen), ``assigned_at`` when they got it and ``task_started_at`` when
    they took it (接单). ``self_handled``: closed on approval of a report handled on the spot."""

    id: int | None
    number: str
    source: Source
    kind: CaseKind
    class_key: str
    urgency: Urgency
    lon: float
    lat: float
    grid_code: str
    description: str
    address: str
    component_code: str | None
    reporter_name: str
    reporter_phone: str
    reporter_id_no: str
    photos: tuple[str, ...]
    stage: Stage
    department_code: str | None
    reported_at: datetime
    stage_started_at: datetime
    deadline: datetime | None
    handle_started_at: datetime | None = None
    handle_deadline: datetime | None = None
    hold_started_at: datetime | None = None
    pending_request: RequestKind | None = None
    pending_payload: Mapping[str, Any] = field(default_factory=dict)
    supervision_level: int = 0
    escalation_level: int = 0
    rework_count: int = 0
    return_count: int = 0
    extension_count: int = 0
    hold_count: int = 0
    closed_at: datetime | None = None
    version: int = 0
    updated_by: str = ""
    updated_at: datetime | None = None
    merged_into: int | None = None
    duplicate_count: int = 0
    self_handled: bool = False
    assignee: str | None = None
    assigned_at: datetime | None = None
    task_started_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.stage.is_open

    def is_overdue(self, now: datetime) -> bool:
        return self.deadline is not None and now >= self.deadline


@dataclass(frozen=True)
class CaseEvent:
    """One immutable line of a case's history."""

    case_id: int | None
    seq: int
    action: Action
    actor: str
    role: Role
    at: datetime
    from_stage: Stage | None
    to_stage: Stage
    reason: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)
