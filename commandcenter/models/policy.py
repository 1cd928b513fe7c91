"""Where a case's time limits come from: the working calendar, the class catalog
(handling limits per minor class × urgency) and the per-stage defaults; and the local
rules of field tasks and of the duplicate search."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from .catalog import Catalog, StageLimits, load_catalog
from .duplicates import DuplicateRules
from .enums import Stage, Urgency
from .fieldtasks import FieldTaskRules
from .worktime import TimeLimit, WorkCalendar


@dataclass(frozen=True)
class Policy:
    catalog: Catalog
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    stage_limits: StageLimits = field(default_factory=StageLimits.default)
    warn_share: float = 0.8
    field_tasks: FieldTaskRules = field(default_factory=FieldTaskRules)
    duplicates: DuplicateRules = field(default_factory=DuplicateRules)

    def stage_limit(self, stage: Stage, urgency: Urgency, class_key: str) -> TimeLimit | None:
        return self.catalog.stage_limit(stage, urgency, class_key, self.stage_limits)


def default_policy(overrides: Mapping[date, bool] | None = None) -> Policy:
    """The standard policy, with the local working-day overrides stored in the database."""
    return Policy(load_catalog(), WorkCalendar(overrides=overrides))
