"""The wall's store queries on a small real history (SQLite and PostgreSQL): counters and
on-time rates against the previous period, trends, the 红黑榜, overdue and supervised cases
with who issued each 督办 order, staff on duty per street."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store import wall
from commandcenter.store.positions import Fix, record_fixes
from commandcenter.store.schema import StaffGrid, User
from commandcenter.store.service import CaseService

from .conftest import GRID_A

MON = datetime(2026, 11, 23, 9, 0)


def draft(grid=GRID_A, source=Source.SUPERVISOR, key="event:0101"):
    return CaseDraft(source=source, kind=CaseKind.EVENT, class_key=key, urgency=Urgency.NORMAL,
                     lon=116.4005, lat=39.9105, grid_code=grid, description="暴露垃圾")


def closed_case(service, at, late=False, grid=GRID_A):
    """Reported, filed, dispatched to D02, handled (late or not), checked and closed."""
    sup, op, lead, disp, dept = (service.actor(u) for u in ("sup1", "op1", "lead1", "disp1", "h_d02"))
    case = service.report(sup, draft(grid), at=at)
    service.act(op, case.number, Action.ACCEPT, at=at)
    service.act(lead, case.number, Action.FILE, at=at)
    case = service.act(disp, case.number, Action.DISPATCH, at=at, department_code="D02")
    handled = case.handle_deadline + timedelta(minutes=5) if late else at + timedelta(minutes=10)
    service.act(dept, case.number, Action.HANDLE, at=handled)
    service.act(sup, case.number, Action.CHECK_PASS, at=handled)
    return service.act(lead, case.number, Action.CLOSE, at=handled + timedelta(minutes=1))


@pytest.fixture
def service(world_db):
    return CaseService(world_db, default_policy(), clock=lambda: MON)


def test_counters_count_todays_steps_and_compare_on_time_rates(service, world_db):
    closed_case(service, MON - timedelta(days=10), late=True)  # earlier this month, late
    closed_case(service, MON - timedelta(days=3))               # last week, on time
    closed_case(service, MON)                                    # today, on time
    service.report(service.actor("sup1"), draft(), at=MON + timedelta(minutes=30))
    now = MON + timedelta(hours=2)
    c = wall.today_counters(world_db, now)
    assert (c.reported, c.accepted, c.filed, c.dispatched, c.handled, c.closed) == (2, 1, 1, 1, 1, 1)
    assert c.on_time_today.value == 1.0 and c.on_time_today.previous is None
    # November so far: 2 of 3 on time; October: nothing closed
    assert c.on_time_month.value == pytest.approx(2 / 3) and c.on_time_month.trend == 0


def test_an_overdue_open_case_is_counted_and_listed_with_its_supervision_order(service, world_db):
    case = service.report(service.actor("sup1"), draft(), at=MON)
    service.act(service.actor("op1"), case.number, Action.ACCEPT, at=MON)
    service.act(service.actor("lead1"), case.number, Action.FILE, at=MON)
    case = service.act(service.actor("disp1"), case.number, Action.DISPATCH, at=MON,
                       department_code="D02")
    later = case.deadline + timedelta(hours=1)
    service.act(service.actor("leader1"), case.number, Action.SUPERVISE, at=later,
                reason="请加快处置")
    assert wall.today_counters(world_db, later).overdue_open == 1
    (watched,) = wall.watched_cases(world_db, later)
    assert watched.number == case.number and watched.supervision_level == 1
    assert watched.department  # the department's short name
    (order,) = watched.orders
    assert (order.issued_by, order.reason) == ("leader1", "请加快处置")


def test_trends_bucket_reports_by_hour_and_steps_by_day(service, world_db):
    service.report(service.actor("sup1"), draft(source=Source.HOTLINE), at=MON)
    service.report(service.actor("sup1"), draft(), at=MON + timedelta(hours=2))
    service.report(service.actor("sup1"), draft(), at=MON - timedelta(days=7, hours=-1))
    closed_case(service, MON - timedelta(days=2))
    t = wall.trends(world_db, MON + timedelta(hours=3))
    assert t.hours_today[9] == 1 and t.hours_today[11] == 1 and sum(t.hours_today) == 2
    assert t.hours_last_week[10] == 1
    assert len(t.days) == 30 and t.days[-1] == MON.date()
    assert t.filed_per_day[-3] == 1 and t.closed_per_day[-3] == 1
    assert dict(t.by_source)[Source.HOTLINE] == 1 and t.by_source[0][0] is Source.SUPERVISOR
    assert t.top_classes == ((t.top_classes[0][0], 2),)  # this week's two, one minor class


def test_ranking_orders_units_and_leaves_small_ones_unranked(service, world_db):
    for _ in range(2):
        closed_case(service, MON, grid=GRID_A)
    closed_case(service, MON - timedelta(days=10), late=True)
    r = wall.rankings(world_db, MON + timedelta(days=1), min_cases=2)
    (street,) = r.streets
    assert street.code == GRID_A[:9] and street.dispatched == 3
    assert street.on_time_share == pytest.approx(2 / 3) and street.handled_share == 1.0
    (dept,) = r.departments
    assert dept.code == "D02" and dept.closed == 3
    assert wall.rankings(world_db, MON + timedelta(days=1), min_cases=5).unranked_streets == 1


def test_staff_on_duty_per_street(world_db):
    with world_db.session() as s:
        sup = s.scalar(select(User).where(User.username == "sup1"))
        s.add(StaffGrid(user_id=sup.id, grid_code=GRID_A))
        sup_id = sup.id
    record_fixes(world_db, [Fix(sup_id, MON, 116.4005, 39.9105, True)], at=MON)
    (street,) = wall.staff_by_street(world_db, MON + timedelta(minutes=1))
    assert (street.code, street.registered, street.on_duty) == (GRID_A[:9], 1, 1)
    (later,) = wall.staff_by_street(world_db, MON + timedelta(hours=1))
    assert later.on_duty == 0  # not heard from for an hour: not on duty
