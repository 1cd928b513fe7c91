"""Vocabulary shared by every layer: roles, stages, sources, urgencies.

Values are stable English identifiers (stored in the database and used on the
command line); ``label`` gives the Chinese term the interface shows.
"""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SUPERVISOR = "supervisor"    # 监督员/网格员: reports, verifies, checks in the field
    OPERATOR = "operator"        # 受理员: takes reports in
    SHIFT_LEAD = "shift_lead"    # 值班长: files, closes, voids, approves
    DISPATCHER = "dispatcher"    # 派遣员: dispatches, approves department requests
    DEPARTMENT = "department"    # 专业部门处置员: handles and asks for return/extension/hold
    LEADER = "leader"            # 领导/监督: reviews and issues supervision orders (督办)
    SYSTEM = "system"            # the center's own automation (escalation of overdue cases)
    VIEWER = "viewer"            # 大屏: the command hall's wall display, reads and acts on nothing

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.SUPERVISOR: "监督员",
    Role.OPERATOR: "受理员",
    Role.SHIFT_LEAD: "值班长",
    Role.DISPATCHER: "派遣员",
    Role.DEPARTMENT: "专业部门",
    Role.LEADER: "领导",
    Role.SYSTEM: "系统",
    Role.VIEWER: "大屏",
}


class Stage(StrEnum):
    INTAKE = "intake"          # 待受理
    VERIFY = "verify"          # 待核实
    FILING = "filing"          # 待立案
    DISPATCH = "dispatch"      # 待派遣
    HANDLING = "handling"      # 处置中
    HELD = "held"              # 挂账 (clock stopped)
    CHECK = "check"            # 待核查
    CLOSING = "closing"        # 待结案
    CLOSED = "closed"          # 已结案
    VOID = "void"              # 作废

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in (Stage.CLOSED, Stage.VOID)


_STAGE_LABELS = {
    Stage.INTAKE: "待受理",
    Stage.VERIFY: "待核实",
    Stage.FILING: "待立案",
    Stage.DISPATCH: "待派遣",
    Stage.HANDLING: "处置中",
    Stage.HELD: "挂账",
    Stage.CHECK: "待核查",
    Stage.CLOSING: "待结案",
    Stage.CLOSED: "已结案",
    Stage.VOID: "作废",
}

OPEN_STAGES: tuple[Stage, ...] = tuple(s for s in Stage if s.is_open)


class Source(StrEnum):
    SUPERVISOR = "supervisor"  # 监督员上报
    HOTLINE = "hotline"        # 12345 热线
    PUBLIC = "public"          # 公众举报 (app, web)
    VIDEO = "video"            # 视频监控发现
    HANDED_DOWN = "handed_down"  # 上级交办

    @property
    def label(self) -> str:
        return {"supervisor": "监督员上报", "hotline": "热线", "public": "公众举报",
                "video": "视频发现", "handed_down": "上级交办"}[self.value]

    @property
    def needs_verification(self) -> bool:
        """Reports not seen by our own staff are verified on site before filing."""
        return self in (Source.HOTLINE, Source.PUBLIC)


class Urgency(StrEnum):
    NORMAL = "normal"  # 一般
    URGENT = "urgent"  # 紧急

    @property
    def label(self) -> str:
        return "紧急" if self is Urgency.URGENT else "一般"


class CaseKind(StrEnum):
    COMPONENT = "component"  # 部件
    EVENT = "event"          # 事件

    @property
    def label(self) -> str:
        return "部件" if self is CaseKind.COMPONENT else "事件"


class Countdown(StrEnum):
    NORMAL = "normal"
    WARNING = "warning"
    OVERDUE = "overdue"
