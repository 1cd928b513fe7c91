"""The dispatcher's board read from real SQLite and PostgreSQL, cases driven through the service."""
from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timedelta

import pytest

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store.board import (BoardCase, board_cases, department_loads, from_record,
                                       load_router, open_board)
from commandcenter.store.service import CaseService

from .conftest import GRID_A

NOW = datetime(2026, 11, 25, 10, 0)  # a Wednesday
MON = datetime(2026, 11, 23, 9, 0)
LONG_TEXT = "暴露垃圾堆放在人行道上，" * 10


@pytest.fixture
def service(world_db):
    return CaseService(world_db, default_policy(), clock=lambda: NOW)


def report(service, at, class_key="event:0101", **kw):
    kind = CaseKind(class_key.split(":")[0])
    draft = CaseDraft(source=Source.SUPERVISOR, kind=kind, class_key=class_key,
                      urgency=kw.pop("urgency", Urgency.NORMAL), lon=116.4005, lat=39.9105,
                      grid_code=GRID_A, description=kw.pop("description", "暴露垃圾"),
                      address="东华门大街1号", **kw)
    return service.report(service.actor("sup1"), draft, at=at)


def act(service, user, number, action, at, **kw):
    return service.act(service.actor(user), number, action, at=at, **kw)


def dispatched(service, at, department="D09", **kw):
    """A case reported, accepted, filed and dispatched, the dispatch at ``at``."""
    case = report(service, at - timedelta(minutes=30), **kw)
    act(service, "op1", case.number, Action.ACCEPT, at - timedelta(minutes=20))
    act(service, "lead1", case.number, Action.FILE, at - timedelta(minutes=10))
    return act(service, "disp1", case.number, Action.DISPATCH, at, department_code=department)


def test_open_board_lists_open_cases_only_without_personal_data(service, world_db):
    waiting = report(service, NOW - timedelta(hours=1), description=LONG_TEXT,
                     reporter_name="张三", reporter_phone="13800000000",
                     reporter_id_no="110101199001011234")
    handling = dispatched(service, MON)
    component = dispatched(service, MON, department="D10", class_key="component:0101",
                           component_code="1101010101000001", urgency=Urgency.URGENT)
    closed = dispatched(service, MON)
    act(service, "h_d09", closed.number, Action.HANDLE, MON + timedelta(hours=1))
    act(service, "sup1", closed.number, Action.CHECK_PASS, MON + timedelta(hours=2))
    act(service, "lead1", closed.number, Action.CLOSE, MON + timedelta(hours=3))
    voided = report(service, MON)
    act(service, "op1", voided.number, Action.VOID, MON, reason="重复上报")

    board = open_board(world_db)

    assert {c.id for c in board} == {waiting.id, handling.id, component.id}
    assert all(type(c) is BoardCase for c in board)
    assert not [f.name for f in fields(BoardCase) if f.name.startswith("reporter")]
    assert "13800000000" not in repr(board) and "张三" not in repr(board)
    deadlines = [c.deadline for c in board]
    assert deadlines == sorted(deadlines)  # most urgent first
    by_id = {c.id: c for c in board}
    row = by_id[waiting.id]
    assert row.stage is Stage.INTAKE and row.class_name == "暴露垃圾"
    assert row.description == LONG_TEXT[:60] and row.address == "东华门大街1号"
    assert row.source is Source.SUPERVISOR and row.kind is CaseKind.EVENT
    assert (row.version, row.updated_by, row.reported_at) == (1, "sup1", NOW - timedelta(hours=1))
    row = by_id[handling.id]
    assert (row.stage, row.department_code, row.version) == (Stage.HANDLING, "D09", 4)
    assert row.deadline == row.handle_deadline == datetime(2026, 11, 24, 9, 0)
    assert row == from_record(handling)  # the service's answer converts to the same row
    row = by_id[component.id]
    assert (row.class_name, row.urgency, row.component_owner) == ("上水井盖", Urgency.URGENT, "D10")
    assert row.deadline == MON + timedelta(hours=2)  # urgent manhole cover: 2 natural hours


def test_board_cases_splits_fresh_rows_from_cases_to_remove(service, world_db):
    still_open = dispatched(service, MON)
    closed = report(service, MON)
    act(service, "op1", closed.number, Action.VOID, MON, reason="不属于受理范围")

    upserts, removed = board_cases(world_db, [closed.id, still_open.id, 99_999, still_open.id])

    assert [c.id for c in upserts] == [still_open.id] and upserts[0].version == 4
    assert removed == [closed.id, 99_999]
    # Long id lists are read in chunks (SQLite bounds the parameters of one statement).
    upserts, removed = board_cases(world_db, range(1, 1_201))
    assert [c.id for c in upserts] == [still_open.id]
    assert len(removed) == 1_199 and still_open.id not in removed
    assert board_cases(world_db, []) == ([], [])


def test_department_loads_count_open_overdue_and_this_months_on_time_rate(service, world_db):
    # October's work does not count in November.
    october = dispatched(service, datetime(2026, 10, 30, 9, 0))
    act(service, "h_d09", october.number, Action.HANDLE, datetime(2026, 10, 30, 10, 0))
    # Handled on time and handled late this month (deadline: one working day after dispatch).
    on_time = dispatched(service, MON)
    act(service, "h_d09", on_time.number, Action.HANDLE, MON + timedelta(hours=6))
    late = dispatched(service, MON)
    act(service, "h_d09", late.number, Action.HANDLE, datetime(2026, 11, 24, 10, 0))
    # Still with D09: one past its deadline, one within it, one held (clock stopped).
    overdue = dispatched(service, MON + timedelta(minutes=30))
    running = dispatched(service, datetime(2026, 11, 25, 9, 0))
    held = dispatched(service, MON)
    act(service, "h_d09", held.number, Action.REQUEST_HOLD, MON + timedelta(hours=1),
        reason="待管线迁改")
    act(service, "disp1", held.number, Action.APPROVE, MON + timedelta(hours=2))
    # Handled on time by D09, reworked, returned and re-dispatched to D02: the HANDLE
    # stays D09's although the case now belongs to D02 (and is overdue there).
    moved = dispatched(service, datetime(2026, 11, 23, 8, 30))
    act(service, "h_d09", moved.number, Action.HANDLE, datetime(2026, 11, 23, 11, 0))
    act(service, "sup1", moved.number, Action.CHECK_FAIL, datetime(2026, 11, 23, 14, 0),
        reason="垃圾未清运干净")
    act(service, "h_d09", moved.number, Action.REQUEST_RETURN, datetime(2026, 11, 23, 15, 0),
        reason="不属于本单位职责")
    act(service, "disp1", moved.number, Action.APPROVE, datetime(2026, 11, 23, 15, 10))
    act(service, "disp1", moved.number, Action.DISPATCH, datetime(2026, 11, 23, 15, 20),
        department_code="D02")
    # D02's own work this month, on time.
    d02 = dispatched(service, datetime(2026, 11, 24, 9, 0), department="D02")
    act(service, "h_d02", d02.number, Action.HANDLE, datetime(2026, 11, 24, 10, 0))

    loads = {load.code: load for load in department_loads(world_db, NOW)}

    assert list(loads) == sorted(loads) and len(loads) == 35
    d09 = loads["D09"]
    assert (d09.name, d09.short_name, d09.type) == ("东城区环境卫生服务中心", "环卫中心", "sanitation")
    assert (d09.open, d09.overdue) == (3, 1)  # overdue, running, held; handled ones wait on check
    assert d09.handled_month == 3 and d09.on_time_rate_month == pytest.approx(2 / 3)
    d02 = loads["D02"]
    assert (d02.open, d02.overdue, d02.handled_month, d02.on_time_rate_month) == (1, 1, 1, 1.0)
    d01 = loads["D01"]
    assert (d01.open, d01.overdue, d01.handled_month, d01.on_time_rate_month) == (0, 0, 0, None)
    # The same month seen from December's first day has nothing handled yet.
    december = {load.code: load for load in department_loads(world_db, datetime(2026, 12, 1, 9))}
    assert december["D09"].handled_month == 0 and december["D09"].on_time_rate_month is None
    assert {c.id for c in open_board(world_db)} >= {overdue.id, running.id, held.id, moved.id}


def test_load_router_uses_the_stored_departments(world_db):
    router = load_router(world_db)
    codes = [s.department_code for s in router.suggest(CaseKind.EVENT, "01", "01", GRID_A)]
    assert codes == ["JD001", "D09"]  # 事件先属地后属主: the street office, then sanitation
