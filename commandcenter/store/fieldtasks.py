"""Field tasks in the database: whom the service gives a verify/check task to, the
candidates a desk may offer instead, and each supervisor's list.

The choice itself is :func:`commandcenter.models.fieldtasks.choose_supervisor`; this module
only gathers what it needs — the grid's own supervisors, the newest fresh GPS fix of each
supervisor, and how many open tasks each holds — in a few set-based queries.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import Session

from commandcenter.models.case import CaseRecord
from commandcenter.models.enums import Role, Stage
from commandcenter.models.fieldtasks import (Assignment, Candidate, FieldTaskRules, Supervisor,
                                             candidate_of, choose_supervisor, late_to_start)
from commandcenter.models.workflow import FIELD_STAGES
from commandcenter.models.worktime import WorkCalendar

from .db import Database
from .mapping import case_record
from .schema import OPEN, Case, StaffGrid, StaffPosition, User

_FIELD = [s.value for s in FIELD_STAGES]
_SUPERVISOR = and_(User.active, User.role == Role.SUPERVISOR.value)
# Statements built once (the service asks on every case entering a field stage); the
# load is a correlated count over the open cases' (assignee, deadline) index. Open cases
# are selected by the partial indexes' own text (OPEN): SQLite would not match
# ``Case.is_open``, rendered ``is_open = 1``, to them.
_LOAD = (select(func.count()).select_from(Case)
         .where(Case.assignee == User.username, OPEN, Case.stage.in_(_FIELD))
         .correlate(User).scalar_subquery())
_OWNERS = (select(User.username, _LOAD).join(StaffGrid, StaffGrid.user_id == User.id)
           .where(StaffGrid.grid_code == bindparam("grid"), _SUPERVISOR))
_WINDOW = and_(StaffPosition.at >= bindparam("since"), StaffPosition.at <= bindparam("now"))
_ANY_FIX = select(StaffPosition.id).where(_WINDOW).limit(1)
# Ordered by time alone, so the newest is the first entry of a backward walk of the
# (user_id, at) index: no sort of the window's fixes per person.
_NEWEST = (select(StaffPosition.id).where(StaffPosition.user_id == User.id, _WINDOW)
           .order_by(StaffPosition.at.desc()).limit(1).correlate(User).scalar_subquery())
_FIXES = (select(User.username, StaffPosition.lon, StaffPosition.lat, StaffPosition.on_duty,
                 _LOAD)
          .join(StaffPosition, StaffPosition.id == _NEWEST).where(_SUPERVISOR))
_LOADS = (select(Case.assignee, func.count())
          .where(OPEN, Case.assignee.is_not(None), Case.stage.in_(_FIELD))
          .group_by(Case.assignee))


def task_loads(session: Session, usernames: Iterable[str] | None = None) -> dict[str, int]:
    """Open field tasks held per supervisor (those holding none are left out)."""
    stmt = _LOADS
    if usernames is not None:
        stmt = stmt.where(Case.assignee.in_(sorted(set(usernames))))
    return {name: n for name, n in session.execute(stmt)}


def supervisors_for(session: Session, grid_code: str, now: datetime,
                    rules: FieldTaskRules) -> list[Supervisor]:
    """The grid's own supervisors and everyone with a fresh GPS fix (the newest of the
    last ``rules.fresh_fix``), with their loads, as the choice sees them. The time index
    is probed first: with no fresh fix at all (no phones, or a replayed past) the
    per-person probes are skipped."""
    owners = dict(session.execute(_OWNERS, {"grid": grid_code}).all())
    window = {"since": now - rules.fresh_fix, "now": now}
    fixes = {}
    if session.scalar(_ANY_FIX, window) is not None:
        fixes = {name: (lon, lat, on_duty, load)
                 for name, lon, lat, on_duty, load in session.execute(_FIXES, window)}
    staff = []
    for name in sorted(owners.keys() | fixes.keys()):
        lon, lat, on_duty, load = fixes.get(name, (None, None, False, owners.get(name, 0)))
        staff.append(Supervisor(name, name in owners, load, on_duty, lon, lat))
    return staff


def choose_for(session: Session, case: CaseRecord, now: datetime,
               rules: FieldTaskRules) -> Assignment:
    """Whom a case entering a field stage is given to (inside the workflow's transaction)."""
    return choose_supervisor(case.lon, case.lat,
                             supervisors_for(session, case.grid_code, now, rules), rules)


def candidates_for(db: Database, case_ref: int | str, now: datetime,
                   rules: FieldTaskRules = FieldTaskRules()) -> Assignment:
    """The supervisors a desk may give a case's field task to, best first, with their
    distance and load (``username`` is whom the service would choose now)."""
    from .service import NotFound
    column = Case.number if isinstance(case_ref, str) else Case.id
    with db.session() as session:
        row = session.execute(select(Case.lon, Case.lat, Case.grid_code)
                              .where(column == case_ref)).first()
        if row is None:
            raise NotFound(f"no case {case_ref}")
        return choose_supervisor(row.lon, row.lat,
                                 supervisors_for(session, row.grid_code, now, rules), rules)


def picked_candidate(db: Database, case_id: int, user_id: int, now: datetime,
                     rules: FieldTaskRules = FieldTaskRules()) -> Candidate | None:
    """The person with ``user_id`` (picked on the map) as a candidate for the case's field
    task, ranked or not, with their distance and load; None if they are no active field
    supervisor."""
    from .service import NotFound
    with db.session() as session:
        case = session.execute(select(Case.lon, Case.lat, Case.grid_code)
                               .where(Case.id == case_id)).first()
        if case is None:
            raise NotFound(f"no case {case_id}")
        username = session.scalar(select(User.username).where(User.id == user_id, _SUPERVISOR))
        if username is None:
            return None
        own = session.scalar(select(StaffGrid.user_id).where(
            StaffGrid.user_id == user_id, StaffGrid.grid_code == case.grid_code)) is not None
        load = task_loads(session, [username]).get(username, 0)
        fix = session.execute(
            select(StaffPosition.lon, StaffPosition.lat, StaffPosition.on_duty)
            .where(StaffPosition.user_id == user_id, StaffPosition.at >= now - rules.fresh_fix,
                   StaffPosition.at <= now)
            .order_by(StaffPosition.at.desc()).limit(1)).first()
    lon, lat, on_duty = fix if fix is not None else (None, None, False)
    return candidate_of(case.lon, case.lat, Supervisor(username, own, load, on_duty, lon, lat),
                        rules)


def supervisor_ids(db: Database, usernames: Iterable[str]) -> dict[str, int]:
    """User ids by username, for marking candidates among the staff on the map."""
    names = sorted(set(usernames))
    if not names:
        return {}
    with db.session() as session:
        return dict(session.execute(select(User.username, User.id)
                                    .where(User.username.in_(names))).all())


@dataclass(frozen=True)
class FieldTask:
    """An open verify or check task as a supervisor's list shows it."""

    case_id: int
    number: str
    stage: Stage
    class_key: str
    address: str
    lon: float
    lat: float
    assignee: str | None
    assigned_at: datetime | None
    started_at: datetime | None
    start_due: datetime | None     # when it should have been taken (接单) at the latest
    deadline: datetime | None      # the verify/check stage's deadline
    late_to_start: bool            # not taken by start_due
    overdue: bool                  # the stage's deadline has passed


def _tasks(db: Database, where, now: datetime, calendar: WorkCalendar,
           rules: FieldTaskRules) -> list[FieldTask]:
    stmt = (select(Case).where(OPEN, Case.stage.in_(_FIELD), where)
            .order_by(Case.deadline.is_(None), Case.deadline, Case.id))
    with db.session() as session:
        cases = [case_record(row) for row in session.scalars(stmt)]
    return [FieldTask(
        c.id, c.number, c.stage, c.class_key, c.address, c.lon, c.lat, c.assignee,
        c.assigned_at, c.task_started_at,
        rules.start_due(calendar, c.assigned_at) if c.assigned_at else None, c.deadline,
        late_to_start(c.assigned_at, c.task_started_at, now, calendar, rules),
        c.is_overdue(now)) for c in cases]


def tasks_for(db: Database, username: str, now: datetime, calendar: WorkCalendar,
              rules: FieldTaskRules = FieldTaskRules()) -> list[FieldTask]:
    """``username``'s open field tasks, the most urgent deadline first."""
    return _tasks(db, Case.assignee == username, now, calendar, rules)


def unassigned_tasks(db: Database, now: datetime, calendar: WorkCalendar,
                     rules: FieldTaskRules = FieldTaskRules()) -> list[FieldTask]:
    """Open field tasks nobody holds (any supervisor may take them)."""
    return _tasks(db, Case.assignee.is_(None), now, calendar, rules)


def late_tasks(db: Database, now: datetime, calendar: WorkCalendar,
               rules: FieldTaskRules = FieldTaskRules()) -> list[FieldTask]:
    """Held tasks not taken within their limit: what a desk flags to the center."""
    return [t for t in _tasks(db, and_(Case.assignee.is_not(None),
                                       Case.task_started_at.is_(None)), now, calendar, rules)
            if t.late_to_start]
