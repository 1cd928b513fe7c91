"""Which desks a role works at: the first is where its user lands after login; the others
are the other duties the same login may take (a shift lead also registers calls and
dispatches, as the workflow's rules allow them to)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from commandcenter.models.case import Actor
from commandcenter.models.enums import Role

DESK_TITLES = {
    "intake": QT_TRANSLATE_NOOP("Desks", "受理台"),
    "shiftlead": QT_TRANSLATE_NOOP("Desks", "值班长台"),
    "dispatcher": QT_TRANSLATE_NOOP("Desks", "调度台"),
    "department": QT_TRANSLATE_NOOP("Desks", "专业部门处置台"),
    "leader": QT_TRANSLATE_NOOP("Desks", "领导台"),
    "field": QT_TRANSLATE_NOOP("Desks", "监督员任务台"),
}
_DESKS_OF = {
    Role.OPERATOR: ("intake",),
    Role.SHIFT_LEAD: ("shiftlead", "dispatcher", "intake"),
    Role.DISPATCHER: ("dispatcher",),
    Role.DEPARTMENT: ("department",),
    Role.LEADER: ("leader",),
    Role.SUPERVISOR: ("field",),
}


def desks_for(actor: Actor) -> tuple[str, ...]:
    """The desks ``actor`` may open, their own first (roles with none get the dispatcher's
    picture, read-only through the rules)."""
    return _DESKS_OF.get(actor.role, ("dispatcher",))


def desk_title(key: str) -> str:
    return QCoreApplication.translate("Desks", DESK_TITLES[key])
