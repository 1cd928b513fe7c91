"""Every desk by its key: which window a login opens, and which ones ``screenshot --view``
renders. The role decides the first desk (views/common/duties.py)."""
from __future__ import annotations

from importlib import import_module

from commandcenter.models.case import Actor

from .common.duties import DESK_TITLES, desks_for

_CLASSES = {
    "dispatcher": ("dispatcher.window", "DispatcherWindow"),
    "intake": ("intake.window", "IntakeDesk"),
    "shiftlead": ("shiftlead.window", "ShiftLeadDesk"),
    "department": ("department.window", "DepartmentDesk"),
    "leader": ("leader.window", "LeaderDesk"),
    "field": ("field.window", "FieldDesk"),
}
DESK_KEYS = tuple(k for k in DESK_TITLES if k in _CLASSES)


def desk_class(key: str):
    module, name = _CLASSES[key]
    return getattr(import_module(f"{__package__}.{module}"), name)


def first_desk(actor: Actor) -> str:
    return desks_for(actor)[0]
