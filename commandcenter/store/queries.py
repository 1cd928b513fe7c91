"""Read side: what the views and the command line ask of the database.

Everything returned is a frozen dataclass or a plain value, never a live ORM
object, so nothing can lazily hit the database later on the GUI thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

from sqlalchemy import case as when, func, select

from commandcenter.models.case import CaseEvent, CaseRecord
from commandcenter.models.enums import OPEN_STAGES, Stage

from .db import Database
from .mapping import case_record, event_record
from .schema import (OPEN, Area, Case, CaseEventRow, ChangeLog, Component, Department, Grid,
                     StaffGrid, User)


@dataclass(frozen=True)
class QueueRow:
    id: int
    number: str
    stage: Stage
    class_key: str
    urgency: str
    grid_code: str
    department_code: str | None
    stage_started_at: datetime
    deadline: datetime | None
    pending_request: str | None
    supervision_level: int
    lon: float
    lat: float
    version: int


@dataclass(frozen=True)
class GridLoad:
    grid_code: str
    open: int
    overdue: int


@dataclass(frozen=True)
class Change:
    seq: int
    entity: str
    entity_id: str
    kind: str
    at: datetime


_QUEUE_COLUMNS = (Case.id, Case.number, Case.stage, Case.class_key, Case.urgency, Case.grid_code,
                  Case.department_code, Case.stage_started_at, Case.deadline,
                  Case.pending_request, Case.supervision_level, Case.lon, Case.lat, Case.version)


def open_queue(db: Database, stages: Iterable[Stage] = OPEN_STAGES,
               limit: int | None = 500) -> list[QueueRow]:
    """Open cases in the given stages, most urgent deadline first (no deadline last)."""
    stmt = (select(*_QUEUE_COLUMNS)
            .where(OPEN, Case.stage.in_([s.value for s in stages]))
            .order_by(Case.deadline.is_(None), Case.deadline, Case.id).limit(limit))
    with db.session() as session:
        return [QueueRow(*row[:2], Stage(row[2]), *row[3:]) for row in session.execute(stmt)]


def grid_load(db: Database, now: datetime) -> list[GridLoad]:
    """Open and overdue case counts per grid (grids with no open case are left out)."""
    overdue = func.sum(when((Case.deadline < now, 1), else_=0))
    stmt = (select(Case.grid_code, func.count(), overdue)
            .where(OPEN).group_by(Case.grid_code))
    with db.session() as session:
        return [GridLoad(code, n, int(late or 0)) for code, n, late in session.execute(stmt)]


def get_case(db: Database, case_ref: int | str) -> CaseRecord | None:
    column = Case.number if isinstance(case_ref, str) else Case.id
    with db.session() as session:
        row = session.scalar(select(Case).where(column == case_ref))
        return case_record(row) if row else None


def case_history(db: Database, case_id: int) -> list[CaseEvent]:
    stmt = select(CaseEventRow).where(CaseEventRow.case_id == case_id).order_by(CaseEventRow.seq)
    with db.session() as session:
        return [event_record(row) for row in session.scalars(stmt)]


def changes_since(db: Database, seq: int, limit: int = 10_000) -> list[Change]:
    """Log rows after ``seq`` as committed now. To follow the log, use
    :class:`commandcenter.store.feed.ChangeFollower`: on PostgreSQL a lower sequence
    number can commit after a higher one, and a plain "after seq" reader skips it."""
    stmt = select(ChangeLog).where(ChangeLog.seq > seq).order_by(ChangeLog.seq).limit(limit)
    with db.session() as session:
        return [Change(c.seq, c.entity, c.entity_id, c.kind, c.at) for c in session.scalars(stmt)]


def last_change_seq(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0)))


def summary(db: Database, now: datetime) -> dict:
    """Counts for ``commandcenter info``: space, organisation, cases per stage, overdue."""
    with db.session() as session:
        def count(table, *where) -> int:
            return session.scalar(select(func.count()).select_from(table).where(*where))

        levels = dict(session.execute(select(Area.level, func.count()).group_by(Area.level)).all())
        stages = dict(session.execute(select(Case.stage, func.count()).group_by(Case.stage)).all())
        roles = dict(session.execute(select(User.role, func.count()).group_by(User.role)).all())
        return {
            "database": db.dialect,
            "areas": {"district": levels.get("district", 0), "street": levels.get("street", 0),
                      "community": levels.get("community", 0), "grid": count(Grid)},
            "components": count(Component),
            "departments": count(Department),
            "users": roles,
            "field_staff": session.scalar(select(func.count(func.distinct(StaffGrid.user_id)))),
            "cases": {"total": count(Case), "open": count(Case, OPEN),
                      "overdue": count(Case, OPEN, Case.deadline < now),
                      "by_stage": {s.value: stages.get(s.value, 0) for s in Stage}},
            "last_change": session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0))),
        }


def usernames_by_role(db: Database, role: str) -> Sequence[str]:
    with db.session() as session:
        return session.scalars(select(User.username).where(User.role == role, User.active)
                               .order_by(User.username)).all()


def department_names(db: Database) -> dict[str, tuple[str, str]]:
    """Department code → (name, short name)."""
    with db.session() as session:
        rows = session.execute(select(Department.code, Department.name, Department.short_name)
                               .order_by(Department.code))
        return {code: (name, short) for code, name, short in rows}


@dataclass(frozen=True)
class ComponentInfo:
    code: str
    name: str
    state: str
    grid_code: str
    owner_department: str
    lon: float
    lat: float


def has_district(db: Database) -> bool:
    """Whether a district has been loaded (the first start builds the demo otherwise)."""
    with db.session() as session:
        return session.scalar(select(Grid.code).limit(1)) is not None


def find_component(db: Database, code: str) -> ComponentInfo | None:
    with db.session() as session:
        c = session.get(Component, code)
        return ComponentInfo(c.code, c.name, c.state, c.grid_code, c.owner_department,
                             c.lon, c.lat) if c else None
