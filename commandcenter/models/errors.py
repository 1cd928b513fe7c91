"""What the rules answer when they refuse: the message is meant for the person who asked."""
from __future__ import annotations

from .case import Action
from .enums import Role, Stage


class DomainError(Exception):
    """A request the rules refuse; the message is meant for the person who asked."""


class ForbiddenTransition(DomainError):
    def __init__(self, message: str, *, action: Action, stage: Stage | None, role: Role):
        super().__init__(message)
        self.action, self.stage, self.role = action, stage, role


class InvalidRequest(DomainError):
    """The action is allowed but its arguments are not (no department, no reason…)."""
