"""The dispatcher's board: open cases for queues and markers, department loads, and the
countdown clock that colours them without touching the database.

Everything returned is a frozen dataclass built from selected columns (never ORM
entities), so nothing can lazily hit the database later on the GUI thread. The
reporter's personal data is never read here.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case as when, func, select

from commandcenter.models.case import Action, CaseRecord, RequestKind
from commandcenter.models.catalog import Catalog, load_catalog
from commandcenter.models.catalog import Department as DepartmentInfo
from commandcenter.models.enums import CaseKind, Countdown, Source, Stage, Urgency
from commandcenter.models.policy import Policy
from commandcenter.models.routing import Router
from commandcenter.models.worktime import NATURAL_CALENDAR, LimitUnit, TimeLimit, WorkCalendar

from .db import Database
from .routing import load_rules
from .schema import OPEN, Case, CaseEventRow, Component, Department, User

DESCRIPTION_CHARS = 60
_ID_CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit

# Stages in which a case waits on its department: the department's own workload.
# Cases in check or closing keep their department but wait on the field and the center.
ASSIGNED_STAGES: tuple[Stage, ...] = (Stage.HANDLING, Stage.HELD)


@dataclass(frozen=True)
class BoardCase:
    """One open case as the queues, the map markers and the department panel see it."""

    id: int
    number: str
    stage: Stage
    class_key: str
    class_name: str              # Chinese minor class name from the catalog
    kind: CaseKind
    urgency: Urgency
    grid_code: str
    address: str
    description: str             # the first DESCRIPTION_CHARS characters
    department_code: str | None
    stage_started_at: datetime
    deadline: datetime | None
    handle_deadline: datetime | None
    pending_request: RequestKind | None
    supervision_level: int
    escalation_level: int
    rework_count: int
    lon: float
    lat: float
    version: int
    updated_by: str
    updated_at: datetime | None
    reported_at: datetime
    source: Source
    component_code: str | None = None
    component_owner: str | None = None  # owner department of the component, for routing
    assignee: str | None = None          # the supervisor holding a verify/check task
    task_started_at: datetime | None = None  # when they took it (接单)

    @property
    def major_code(self) -> str:
        return self.class_key.partition(":")[2][:2]

    @property
    def minor_code(self) -> str:
        return self.class_key.partition(":")[2][2:4]


@dataclass(frozen=True)
class DepartmentLoad:
    code: str
    name: str
    short_name: str
    type: str
    open: int                        # cases waiting on the department (handling or held)
    overdue: int                     # of those, past their running deadline
    on_time_rate_month: float | None  # on-time share of this month's HANDLE events
    handled_month: int               # HANDLE events this month


_BOARD_COLUMNS = (
    Case.id, Case.number, Case.stage, Case.class_key, Case.kind, Case.urgency, Case.grid_code,
    Case.address, func.substr(Case.description, 1, DESCRIPTION_CHARS),
    Case.department_code, Case.stage_started_at, Case.deadline, Case.handle_deadline,
    Case.pending_request, Case.supervision_level, Case.escalation_level, Case.rework_count,
    Case.lon, Case.lat, Case.version, Case.updated_by, Case.updated_at, Case.reported_at,
    Case.source, Case.component_code, Component.owner_department, Case.assignee,
    Case.task_started_at, Case.is_open)


def _board_select():
    return (select(*_BOARD_COLUMNS)
            .outerjoin(Component, Component.code == Case.component_code))


def class_name(catalog: Catalog, class_key: str) -> str:
    """The minor class's Chinese name; the raw key for a class the catalog lacks."""
    try:
        return catalog.by_key(class_key).name
    except KeyError:
        return class_key


def _board_case(row, catalog: Catalog) -> BoardCase:
    (id_, number, stage, class_key, kind, urgency, grid_code, address, description,
     department_code, stage_started_at, deadline, handle_deadline, pending_request,
     supervision_level, escalation_level, rework_count, lon, lat, version, updated_by,
     updated_at, reported_at, source, component_code, component_owner, assignee,
     task_started_at, _open) = row
    return BoardCase(
        id=id_, number=number, stage=Stage(stage), class_key=class_key,
        class_name=class_name(catalog, class_key), kind=CaseKind(kind), urgency=Urgency(urgency),
        grid_code=grid_code, address=address or "", description=description or "",
        department_code=department_code, stage_started_at=stage_started_at, deadline=deadline,
        handle_deadline=handle_deadline,
        pending_request=RequestKind(pending_request) if pending_request else None,
        supervision_level=supervision_level, escalation_level=escalation_level,
        rework_count=rework_count, lon=lon, lat=lat, version=version, updated_by=updated_by,
        updated_at=updated_at, reported_at=reported_at, source=Source(source),
        component_code=component_code, component_owner=component_owner, assignee=assignee,
        task_started_at=task_started_at)


def open_board(db: Database, catalog: Catalog | None = None) -> list[BoardCase]:
    """Every open case, most urgent deadline first (cases without a running clock last)."""
    catalog = catalog or load_catalog()
    stmt = (_board_select().where(OPEN)
            .order_by(Case.deadline.is_(None), Case.deadline, Case.id))
    with db.session() as session:
        return [_board_case(row, catalog) for row in session.execute(stmt)]


def board_cases(db: Database, ids: Iterable[int],
                catalog: Catalog | None = None) -> tuple[list[BoardCase], list[int]]:
    """Fresh rows for the cases a change feed named: (open ones to upsert, ids to remove).

    An id is to be removed when its case has closed, was voided or no longer exists.
    """
    catalog = catalog or load_catalog()
    wanted = sorted({int(i) for i in ids})
    found: dict[int, BoardCase] = {}
    closed: list[int] = []
    with db.session() as session:
        for start in range(0, len(wanted), _ID_CHUNK):
            chunk = wanted[start:start + _ID_CHUNK]
            for row in session.execute(_board_select().where(Case.id.in_(chunk))):
                if row[-1]:
                    found[row[0]] = _board_case(row, catalog)
                else:
                    closed.append(row[0])
    missing = [i for i in wanted if i not in found and i not in closed]
    return [found[i] for i in wanted if i in found], sorted(closed + missing)


def from_record(record: CaseRecord, catalog: Catalog | None = None,
                component_owner: str | None = None) -> BoardCase:
    """A board row from a case the service just returned (no query needed)."""
    catalog = catalog or load_catalog()
    return BoardCase(
        id=record.id, number=record.number, stage=record.stage, class_key=record.class_key,
        class_name=class_name(catalog, record.class_key), kind=record.kind,
        urgency=record.urgency, grid_code=record.grid_code, address=record.address,
        description=record.description[:DESCRIPTION_CHARS],
        department_code=record.department_code, stage_started_at=record.stage_started_at,
        deadline=record.deadline, handle_deadline=record.handle_deadline,
        pending_request=record.pending_request, supervision_level=record.supervision_level,
        escalation_level=record.escalation_level, rework_count=record.rework_count,
        lon=record.lon, lat=record.lat, version=record.version, updated_by=record.updated_by,
        updated_at=record.updated_at, reported_at=record.reported_at, source=record.source,
        component_code=record.component_code, component_owner=component_owner,
        assignee=record.assignee, task_started_at=record.task_started_at)


class CountdownClock:
    """Countdown lights and remaining time of board cases, from their in-memory deadlines.

    A handling limit set in natural hours (the urgent limits of many component classes,
    e.g. "2h") is counted on the natural clock; every other limit on the policy's working
    calendar. The instant a case turns amber is computed once per deadline and cached, so
    a tick over thousands of cases is comparisons only.
    """

    def __init__(self, policy: Policy):
        self.policy = policy
        self._natural: dict[tuple, bool] = {}
        self._warn_at: dict[int, tuple[tuple, datetime]] = {}

    def is_natural(self, case: BoardCase) -> bool:
        if case.stage is not Stage.HANDLING:
            return False
        key = (case.class_key, case.urgency)
        if key not in self._natural:
            try:
                limit = self.policy.stage_limit(Stage.HANDLING, case.urgency, case.class_key)
            except KeyError:
                limit = None
            self._natural[key] = limit is not None and limit.unit is LimitUnit.NATURAL_HOURS
        return self._natural[key]

    def calendar_for(self, case: BoardCase) -> WorkCalendar:
        return NATURAL_CALENDAR if self.is_natural(case) else self.policy.calendar

    def light(self, case: BoardCase, now: datetime) -> Countdown | None:
        """None when the case has no running clock (held, or a stage without a limit)."""
        if case.deadline is None:
            return None
        if now >= case.deadline:
            return Countdown.OVERDUE
        return Countdown.WARNING if now >= self._warning_at(case) else Countdown.NORMAL

    def remaining_minutes(self, case: BoardCase, now: datetime) -> float | None:
        """Working (or natural) minutes left; negative once overdue."""
        if case.deadline is None:
            return None
        return self.calendar_for(case).working_minutes_between(now, case.deadline)

    def dispatch_deadline(self, case: BoardCase,
                          now: datetime) -> tuple[TimeLimit, datetime] | None:
        """The handling limit and deadline a dispatch at ``now`` would set."""
        try:
            limit = self.policy.stage_limit(Stage.HANDLING, case.urgency, case.class_key)
        except KeyError:
            return None
        return (limit, self.policy.calendar.add(now, limit)) if limit is not None else None

    def forget(self, ids: Iterable[int]) -> None:
        for case_id in ids:
            self._warn_at.pop(case_id, None)

    def _warning_at(self, case: BoardCase) -> datetime:
        # Same rule as worktime.countdown: amber once the elapsed working time reaches
        # warn_share of the limit; the earliest such instant is start + share × total.
        key = (case.stage, case.stage_started_at, case.deadline)
        cached = self._warn_at.get(case.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        calendar = self.calendar_for(case)
        total = calendar.working_minutes_between(case.stage_started_at, case.deadline)
        share = total * self.policy.warn_share
        at = calendar.add_minutes(case.stage_started_at, share) if share > 0 \
            else case.stage_started_at
        self._warn_at[case.id] = (key, at)
        return at


def _month_start(now: datetime) -> datetime:
    return datetime(now.year, now.month, 1)


def _next_month(start: datetime) -> datetime:
    return datetime(start.year + start.month // 12, start.month % 12 + 1, 1)


def department_loads(db: Database, now: datetime) -> list[DepartmentLoad]:
    """Each department's load now and its on-time handling this calendar month.

    ``open`` counts the cases waiting on the department (handling or held); ``overdue``
    those of them past their running deadline (a held case's clock is stopped). The
    on-time rate is the share of this month's HANDLE events whose payload says
    ``on_time``. The event is credited to the handler's department (the acting user's),
    falling back to the case's current department, so a case later returned and
    re-dispatched elsewhere does not move earlier work. The payload is JSON, read
    differently by SQLite and PostgreSQL, so rows are counted in Python — a month of
    HANDLE events is small.
    """
    month, next_month = _month_start(now), _next_month(_month_start(now))
    overdue = func.sum(when((Case.deadline < now, 1), else_=0))
    load_stmt = (select(Case.department_code, func.count(), overdue)
                 .where(OPEN, Case.department_code.is_not(None),
                        Case.stage.in_([s.value for s in ASSIGNED_STAGES]))
                 .group_by(Case.department_code))
    handled_stmt = (select(func.coalesce(User.department_code, Case.department_code),
                           CaseEventRow.payload)
                    .join(Case, Case.id == CaseEventRow.case_id)
                    .outerjoin(User, User.username == CaseEventRow.actor)
                    .where(CaseEventRow.action == Action.HANDLE.value,
                           CaseEventRow.at >= month, CaseEventRow.at < next_month))
    dept_stmt = select(Department.code, Department.name, Department.short_name,
                       Department.type).order_by(Department.code)
    with db.session() as session:
        loads = {code: (n, int(late or 0)) for code, n, late in session.execute(load_stmt)}
        handled: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [handled, on time]
        for code, payload in session.execute(handled_stmt):
            counts = handled[code]
            counts[0] += 1
            counts[1] += bool((payload or {}).get("on_time"))
        departments = session.execute(dept_stmt).all()
    result = []
    for code, name, short_name, type_ in departments:
        n_open, n_late = loads.get(code, (0, 0))
        n_handled, n_on_time = handled.get(code, (0, 0))
        result.append(DepartmentLoad(
            code=code, name=name, short_name=short_name, type=type_, open=n_open,
            overdue=n_late, on_time_rate_month=n_on_time / n_handled if n_handled else None,
            handled_month=n_handled))
    return result


def load_router(db: Database, catalog: Catalog | None = None) -> Router:
    """The router over the stored routing rules and the departments in the database."""
    catalog = catalog or load_catalog()
    with db.session() as session:
        departments = [DepartmentInfo(code, name, short, type_, street)
                       for code, name, short, type_, street in session.execute(
                           select(Department.code, Department.name, Department.short_name,
                                  Department.type, Department.street_code)
                           .order_by(Department.code))]
    return Router(load_rules(db), departments, catalog)
