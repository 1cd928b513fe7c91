"""What every screen of a logged-in workstation shares, and the data it loads at start."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commandcenter.map.delivery import prepare_geography
from commandcenter.models.case import Actor
from commandcenter.models.catalog import Catalog
from commandcenter.models.policy import Policy
from commandcenter.models.routing import Router
from commandcenter.store import board
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import Database
from commandcenter.store.geography import Geography, load_geography, place_names
from commandcenter.store.queries import GridLoad, grid_load, last_change_seq
from commandcenter.store.service import CaseService

from .i18n import place_outlines, set_place_names
from .settings import Settings
from .tasks import TaskRunner


@dataclass
class Workstation:
    db: Database
    actor: Actor
    policy: Policy
    router: Router
    settings: Settings
    runner: TaskRunner

    @property
    def catalog(self) -> Catalog:
        return self.policy.catalog

    @property
    def service(self) -> CaseService:
        return CaseService(self.db, self.policy)

    @classmethod
    def open(cls, db: Database, actor: Actor, runner: TaskRunner,
             settings: Settings | None = None) -> Workstation:
        """Reads the policy and routing rules: call it off the GUI thread."""
        settings = settings or Settings()
        policy = load_policy(db, warn_share=settings.warn_share)
        set_place_names(place_names(db))
        return cls(db, actor, policy, board.load_router(db, policy.catalog), settings, runner)


@dataclass(frozen=True)
class Snapshot:
    """The whole picture at start-up; ``seq`` is the change-log position read *before*
    it, so following the log from there misses nothing (repeats are harmless upserts)."""

    seq: int
    geography: Geography
    cases: list[board.BoardCase]
    grid_loads: list[GridLoad]
    departments: list[board.DepartmentLoad]
    taken_at: datetime


def load_snapshot(db: Database, now: datetime) -> Snapshot:
    seq = last_change_seq(db)
    return Snapshot(seq, load_geography(db), board.open_board(db), grid_load(db, now),
                    board.department_loads(db, now), now)


def prepare_map(db: Database) -> None:
    """Off the GUI thread while the login waits: the place names and the geography's map
    text, which the first desk's picture would otherwise build (~150 ms of CPU holding the
    interpreter lock) while the GUI thread paints."""
    set_place_names(place_names(db))
    geography = load_geography(db)
    prepare_geography(place_outlines(geography), geography.grids)
