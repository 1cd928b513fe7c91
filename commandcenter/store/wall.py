"""What the wall display's pages read: today's counters and rates, trends, the 红黑榜,
overdue and supervised cases with their 督办 orders, field staff on duty per street.

Every function takes the local ``now`` and returns frozen dataclasses. Nothing here reads
the reporter's personal data: the wall's account never sees it. Event payloads are JSON
(read differently by SQLite and PostgreSQL), so the few that matter are counted in Python;
a month of events is a few thousand rows.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select

from commandcenter.models.case import Action
from commandcenter.models.catalog import load_catalog
from commandcenter.models.enums import Source, Stage

from .board import class_name
from .db import Database
from .schema import (OPEN, Area, Case, CaseEventRow, Department, StaffGrid, StaffPosition,
                     User)

MIN_RANKED_CASES = 10  # a unit with fewer dispatched cases this month is listed, not ranked
OVERDUE_LIST_LIMIT = 200


def _day(now: datetime) -> datetime:
    return datetime(now.year, now.month, now.day)


def _month(now: datetime) -> datetime:
    return datetime(now.year, now.month, 1)


def _previous_month(start: datetime) -> datetime:
    return datetime(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)


# --- counters ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rate:
    """An on-time share now and in the previous period (None: nothing closed)."""

    value: float | None
    previous: float | None

    @property
    def trend(self) -> int:
        """+1 better than the previous period, -1 worse, 0 same or unknown."""
        if self.value is None or self.previous is None or abs(self.value - self.previous) < 1e-9:
            return 0
        return 1 if self.value > self.previous else -1


@dataclass(frozen=True)
class Counters:
    reported: int
    accepted: int
    filed: int
    dispatched: int
    handled: int
    closed: int
    overdue_open: int            # open cases past their running deadline (超期未处置)
    on_time_today: Rate          # 按期结案率: today against yesterday
    on_time_month: Rate          # this month against last month
    taken_at: datetime


_COUNTED = {Action.ACCEPT: "accepted", Action.FILE: "filed", Action.DISPATCH: "dispatched",
            Action.HANDLE: "handled", Action.CLOSE: "closed"}


def today_counters(db: Database, now: datetime) -> Counters:
    today = _day(now)
    counts = dict.fromkeys(_COUNTED.values(), 0)
    with db.session() as session:
        reported = session.scalar(select(func.count()).select_from(Case)
                                  .where(Case.reported_at >= today, Case.reported_at <= now))
        for action, n in session.execute(
                select(CaseEventRow.action, func.count())
                .where(CaseEventRow.at >= today, CaseEventRow.at <= now,
                       CaseEventRow.action.in_([a.value for a in _COUNTED]))
                .group_by(CaseEventRow.action)):
            counts[_COUNTED[Action(action)]] = n
        # Closed today: by the shift lead's 结案, and also by approving a report handled on
        # the spot (自处理), which closes it without a 结案 event.
        counts["closed"] = session.scalar(
            select(func.count()).select_from(CaseEventRow)
            .where(CaseEventRow.at >= today, CaseEventRow.at <= now,
                   CaseEventRow.to_stage == Stage.CLOSED.value,
                   CaseEventRow.from_stage != Stage.CLOSED.value))
        overdue = session.scalar(select(func.count()).select_from(Case)
                                 .where(OPEN, Case.deadline < now))
    month = _month(now)
    closes = closed_on_time(db, _previous_month(month), now)
    day_rate = _rate(closes, today, now, today - timedelta(days=1), today)
    month_rate = _rate(closes, month, now, _previous_month(month), month)
    return Counters(reported=reported, overdue_open=overdue, on_time_today=day_rate,
                    on_time_month=month_rate, taken_at=now, **counts)


def closed_on_time(db: Database, since: datetime, until: datetime) -> list[tuple[datetime, bool]]:
    """(closing time, on time) of each case closed in [since, until]: on time when its last
    handling before the close was within the handling deadline (the HANDLE event says)."""
    closes = (select(CaseEventRow.case_id)
              .where(CaseEventRow.action == Action.CLOSE.value,
                     CaseEventRow.at >= since, CaseEventRow.at <= until))
    stmt = (select(CaseEventRow.case_id, CaseEventRow.action, CaseEventRow.at,
                   CaseEventRow.payload)
            .where(CaseEventRow.case_id.in_(closes),
                   CaseEventRow.action.in_([Action.HANDLE.value, Action.CLOSE.value]))
            .order_by(CaseEventRow.case_id, CaseEventRow.seq))
    result, handled_on_time = [], {}
    with db.session() as session:
        for case_id, action, at, payload in session.execute(stmt):
            if action == Action.HANDLE.value:
                handled_on_time[case_id] = bool((payload or {}).get("on_time"))
            elif since <= at <= until:
                result.append((at, handled_on_time.get(case_id, True)))
    return result


def _rate(closes, start, end, prev_start, prev_end) -> Rate:
    def share(lo, hi):
        flags = [ok for at, ok in closes if lo <= at < hi or (hi == end and at == end)]
        return sum(flags) / len(flags) if flags else None
    return Rate(share(start, end), share(prev_start, prev_end))


# --- trends ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trends:
    hours_today: tuple[int, ...]       # reports per hour 0–23 today (up to now)
    hours_last_week: tuple[int, ...]   # the same weekday a week ago
    days: tuple[date, ...]             # the last 30 days, oldest first
    filed_per_day: tuple[int, ...]
    closed_per_day: tuple[int, ...]
    by_source: tuple[tuple[Source, int], ...]          # this month, largest first
    top_classes: tuple[tuple[str, int], ...]          # (Chinese minor class, count) this week
    taken_at: datetime


def trends(db: Database, now: datetime, days: int = 30) -> Trends:
    catalog = load_catalog()
    today = _day(now)
    week_ago = today - timedelta(days=7)
    first_day = today - timedelta(days=days - 1)
    monday = today - timedelta(days=today.weekday())
    hours_today, hours_before = [0] * 24, [0] * 24
    per_day = {a: Counter() for a in (Action.FILE.value, Action.CLOSE.value)}
    with db.session() as session:
        for (at,) in session.execute(select(Case.reported_at).where(
                or_(Case.reported_at.between(today, now),
                    Case.reported_at.between(week_ago, week_ago + timedelta(days=1))))):
            (hours_today if at >= today else hours_before)[at.hour] += 1
        for action, at in session.execute(
                select(CaseEventRow.action, CaseEventRow.at)
                .where(CaseEventRow.at >= first_day, CaseEventRow.at <= now,
                       CaseEventRow.action.in_(list(per_day)))):
            per_day[action][at.date()] += 1
        sources = session.execute(
            select(Case.source, func.count()).where(Case.reported_at >= _month(now),
                                                    Case.reported_at <= now)
            .group_by(Case.source).order_by(func.count().desc(), Case.source)).all()
        classes = session.execute(
            select(Case.class_key, func.count()).where(Case.reported_at >= monday,
                                                       Case.reported_at <= now)
            .group_by(Case.class_key).order_by(func.count().desc(), Case.class_key)
            .limit(10)).all()
    day_list = tuple((first_day + timedelta(days=i)).date() for i in range(days))
    return Trends(
        hours_today=tuple(hours_today), hours_last_week=tuple(hours_before), days=day_list,
        filed_per_day=tuple(per_day[Action.FILE.value][d] for d in day_list),
        closed_per_day=tuple(per_day[Action.CLOSE.value][d] for d in day_list),
        by_source=tuple((Source(s), n) for s, n in sources),
        top_classes=tuple((class_name(catalog, key), n) for key, n in classes), taken_at=now)


# --- 红黑榜 -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitScore:
    code: str
    name: str
    dispatched: int                # cases dispatched to (or in) the unit this month
    handled_share: float | None    # 处置率: of those, the share handled since
    on_time_share: float | None    # 按期结案率: of its cases closed this month, on time
    closed: int

    @property
    def key(self) -> tuple:
        return (self.on_time_share or 0.0, self.handled_share or 0.0, self.dispatched)


@dataclass(frozen=True)
class Ranking:
    streets: tuple[UnitScore, ...]       # ranked units, best first
    departments: tuple[UnitScore, ...]
    unranked_streets: int                # units below the minimum case count
    unranked_departments: int
    min_cases: int
    taken_at: datetime


def rankings(db: Database, now: datetime, min_cases: int = MIN_RANKED_CASES) -> Ranking:
    """Streets (by the case's grid) and departments (the case's department) ranked by this
    month's 按期结案率, then 处置率, over the cases dispatched this month. This is the only
    ranking query of the wall: the monthly review computes its own indicators."""
    month = _month(now)
    dispatched = (select(CaseEventRow.case_id)
                  .where(CaseEventRow.action == Action.DISPATCH.value,
                         CaseEventRow.at >= month, CaseEventRow.at <= now))
    stmt = (select(Case.id, Case.grid_code, Case.department_code, CaseEventRow.action,
                   CaseEventRow.at, CaseEventRow.payload)
            .join(CaseEventRow, CaseEventRow.case_id == Case.id)
            .where(Case.id.in_(dispatched), CaseEventRow.action.in_(
                [Action.DISPATCH.value, Action.HANDLE.value, Action.CLOSE.value]),
                CaseEventRow.at <= now)
            .order_by(Case.id, CaseEventRow.seq))
    facts: dict[int, dict] = {}
    with db.session() as session:
        for case_id, grid, dept, action, at, payload in session.execute(stmt):
            fact = facts.setdefault(case_id, {"street": grid[:9], "dept": dept, "handled": False,
                                              "on_time": True, "closed": False})
            payload = payload or {}
            if action == Action.DISPATCH.value:
                fact["dept"] = payload.get("department") or dept
                fact["handled"] = False
            elif action == Action.HANDLE.value:
                fact["handled"], fact["on_time"] = True, bool(payload.get("on_time"))
            elif at >= month:
                fact["closed"] = True
        streets = dict(session.execute(select(Area.code, Area.short_name)
                                       .where(Area.level == "street")).all())
        departments = dict(session.execute(select(Department.code, Department.short_name)).all())
    by_street, by_dept = defaultdict(list), defaultdict(list)
    for fact in facts.values():
        by_street[fact["street"]].append(fact)
        if fact["dept"]:
            by_dept[fact["dept"]].append(fact)
    street_scores = _scores(by_street, streets, min_cases)
    dept_scores = _scores(by_dept, departments, min_cases)
    return Ranking(street_scores[0], dept_scores[0], street_scores[1], dept_scores[1],
                   min_cases, now)


def _scores(groups: dict[str, list[dict]], names: dict[str, str], min_cases: int):
    ranked, unranked = [], 0
    for code, facts in groups.items():
        if len(facts) < min_cases:
            unranked += 1
            continue
        closed = [f for f in facts if f["closed"]]
        ranked.append(UnitScore(
            code, names.get(code, code), len(facts),
            sum(f["handled"] for f in facts) / len(facts),
            sum(f["on_time"] for f in closed) / len(closed) if closed else None, len(closed)))
    ranked.sort(key=lambda s: (s.key, s.code), reverse=True)
    return tuple(ranked), unranked


# --- overdue and supervised --------------------------------------------------------------------
@dataclass(frozen=True)
class SupervisionOrder:
    at: datetime
    issued_by: str           # the display name of who issued it
    reason: str


@dataclass(frozen=True)
class WatchedCase:
    id: int
    number: str
    class_name: str
    address: str
    stage: str
    department: str          # short name ("" before dispatch)
    deadline: datetime | None
    stage_started_at: datetime
    supervision_level: int
    orders: tuple[SupervisionOrder, ...]  # newest first


def watched_cases(db: Database, now: datetime,
                  limit: int = OVERDUE_LIST_LIMIT) -> list[WatchedCase]:
    """Open cases past their deadline or under supervision, the longest overdue first."""
    catalog = load_catalog()
    stmt = (select(Case.id, Case.number, Case.class_key, Case.address, Case.stage,
                   Department.short_name, Case.deadline, Case.stage_started_at,
                   Case.supervision_level)
            .outerjoin(Department, Department.code == Case.department_code)
            .where(OPEN, or_(Case.deadline < now, Case.supervision_level > 0))
            .order_by(Case.deadline.is_(None), Case.deadline, Case.id).limit(limit))
    with db.session() as session:
        rows = session.execute(stmt).all()
        orders: dict[int, list[SupervisionOrder]] = defaultdict(list)
        ids = [r[0] for r in rows]
        if ids:
            for case_id, at, actor, name, reason in session.execute(
                    select(CaseEventRow.case_id, CaseEventRow.at, CaseEventRow.actor,
                           User.display_name, CaseEventRow.reason)
                    .outerjoin(User, User.username == CaseEventRow.actor)
                    .where(CaseEventRow.case_id.in_(ids),
                           CaseEventRow.action == Action.SUPERVISE.value)
                    .order_by(CaseEventRow.at.desc())):
                orders[case_id].append(SupervisionOrder(at, name or actor, reason or ""))
    return [WatchedCase(id_, number, class_name(catalog, key), address or "", stage,
                        dept or "", deadline, started, level, tuple(orders.get(id_, ())))
            for id_, number, key, address, stage, dept, deadline, started, level in rows]


# --- staff on duty ------------------------------------------------------------------------------
@dataclass(frozen=True)
class StreetStaff:
    code: str
    name: str
    registered: int          # supervisors with grids in the street
    on_duty: int             # of them, reporting on duty within the last 10 minutes
    moving: int              # reporting at all within the last 10 minutes


STALE_AFTER = timedelta(minutes=10)


def staff_by_street(db: Database, now: datetime) -> list[StreetStaff]:
    since = now - STALE_AFTER
    newest = (select(StaffPosition.on_duty)
              .where(StaffPosition.user_id == User.id, StaffPosition.at >= since,
                     StaffPosition.at <= now)
              .order_by(StaffPosition.at.desc(), StaffPosition.id.desc())
              .limit(1).correlate(User).scalar_subquery())
    street_of = (select(func.min(func.substr(StaffGrid.grid_code, 1, 9)))
                 .where(StaffGrid.user_id == User.id).correlate(User).scalar_subquery())
    with db.session() as session:
        rows = session.execute(select(street_of, newest)
                               .where(User.role == "supervisor", User.active)).all()
        names = dict(session.execute(select(Area.code, Area.short_name)
                                     .where(Area.level == "street")).all())
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for street, on_duty in rows:
        if street is None:
            continue
        c = counts[street]
        c[0] += 1
        c[1] += bool(on_duty)
        c[2] += on_duty is not None
    return [StreetStaff(code, names.get(code, code), *counts[code]) for code in sorted(counts)]
