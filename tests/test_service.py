"""The workflow service on real SQLite and PostgreSQL: atomic writes, versions, change log."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.workflow import ForbiddenTransition, InvalidRequest
from commandcenter.store import queries
from commandcenter.store.schema import CaseEventRow, ChangeLog
from commandcenter.store.service import CaseService, NotFound, StaleCase

from .conftest import GRID_A

MON = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def service(world_db):
    return CaseService(world_db, default_policy(), clock=lambda: MON)


def report(service, at=MON, source=Source.SUPERVISOR, **kw):
    draft = CaseDraft(source=source, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID_A,
                      description="暴露垃圾", **kw)
    return service.report(service.actor("sup1"), draft, at=at)


def count(db, table):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def walk_to_handling(service, number):
    service.act(service.actor("op1"), number, Action.ACCEPT)
    service.act(service.actor("lead1"), number, Action.FILE)
    return service.act(service.actor("disp1"), number, Action.DISPATCH, department_code="D02")


def test_case_numbers_are_the_date_and_a_daily_serial(service):
    numbers = [report(service).number for _ in range(3)]
    numbers.append(report(service, at=datetime(2026, 11, 24, 9)).number)
    assert numbers == ["2026112300001", "2026112300002", "2026112300003", "2026112400001"]


def test_a_full_loop_writes_one_event_and_one_change_per_step(service, world_db):
    case = report(service)
    walk_to_handling(service, case.number)
    service.act(service.actor("h_d02"), case.number, Action.HANDLE)
    service.act(service.actor("sup1"), case.number, Action.CHECK_PASS)
    final = service.act(service.actor("lead1"), case.number, Action.CLOSE)
    history = queries.case_history(world_db, case.id)
    assert [e.action for e in history] == [Action.REPORT, Action.ACCEPT, Action.FILE,
                                           Action.DISPATCH, Action.HANDLE, Action.CHECK_PASS,
                                           Action.CLOSE]
    assert [e.actor for e in history] == ["sup1", "op1", "lead1", "disp1", "h_d02", "sup1", "lead1"]
    assert [e.seq for e in history] == list(range(1, 8)) and final.version == 7
    assert final.stage is Stage.CLOSED
    changes = queries.changes_since(world_db, 0)
    assert [(c.entity, c.entity_id, c.kind) for c in changes] == [
        ("case", str(case.id), e.action.value) for e in history]
    stored = queries.get_case(world_db, case.number)
    assert stored == final


def test_a_stale_version_is_refused_naming_who_changed_the_case(service, world_db):
    case = report(service)
    service.act(service.actor("op1"), case.number, Action.ACCEPT, expected_version=1)
    with pytest.raises(StaleCase, match="changed by 'op1'.*version 2, you had version 1") as err:
        service.act(service.actor("lead1"), case.number, Action.FILE, expected_version=1)
    assert err.value.current.stage is Stage.FILING
    assert count(world_db, CaseEventRow) == 2 and count(world_db, ChangeLog) == 2


def test_losing_the_race_between_read_and_write_leaves_one_winner(service, world_db):
    case = report(service)
    walk_to_handling(service, case.number)
    service.act(service.actor("h_d02"), case.number, Action.REQUEST_RETURN, reason="非本单位")
    with service.batch() as slow:
        seen = slow.get(case.number)  # desk A has read the case…
        assert seen.version == 5
        # …desk B approves the return and commits first
        service.act(service.actor("disp2"), case.number, Action.APPROVE)
        with pytest.raises(StaleCase, match="changed by 'disp2'"):
            slow.act(slow.actor("disp1"), case.number, Action.APPROVE, expected_version=5)
    events = queries.case_history(world_db, case.id)
    assert [e.actor for e in events if e.action is Action.APPROVE] == ["disp2"]
    assert queries.get_case(world_db, case.id).stage is Stage.DISPATCH


def test_a_failed_write_leaves_no_trace(service, world_db):
    case = report(service)
    with world_db.session() as s:  # occupy the event slot the next action would take
        s.execute(insert(CaseEventRow).values(case_id=case.id, seq=2, action="accept", actor="x",
                                              role="operator", at=MON, to_stage="filing",
                                              reason="", payload={}))
    with pytest.raises(IntegrityError):
        service.act(service.actor("op1"), case.number, Action.ACCEPT)
    assert queries.get_case(world_db, case.id).stage is Stage.INTAKE
    assert count(world_db, ChangeLog) == 1


def test_forbidden_and_invalid_actions_change_nothing(service, world_db):
    case = report(service)
    with pytest.raises(ForbiddenTransition, match="may not close"):
        service.act(service.actor("disp1"), case.number, Action.CLOSE)
    service.act(service.actor("op1"), case.number, Action.ACCEPT)
    service.act(service.actor("lead1"), case.number, Action.FILE)
    with pytest.raises(InvalidRequest, match="unknown department XX9"):
        service.act(service.actor("disp1"), case.number, Action.DISPATCH, department_code="XX9")
    assert queries.get_case(world_db, case.id).stage is Stage.DISPATCH
    assert count(world_db, CaseEventRow) == 3


def test_unknown_users_cases_and_grids_are_refused(service):
    with pytest.raises(NotFound, match="no active user 'nobody'"):
        service.actor("nobody")
    with pytest.raises(NotFound, match="no case 2099"):
        service.act(service.actor("op1"), "2099", Action.ACCEPT)
    draft = CaseDraft(source=Source.HOTLINE, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=1, lat=1, grid_code="110101001001999",
                      description="x")
    with pytest.raises(InvalidRequest, match="unknown grid"):
        service.report(service.actor("op1"), draft)


def test_open_queue_and_grid_load_answer_the_dispatcher(service, world_db):
    a, b, c = report(service), report(service), report(service)
    walk_to_handling(service, b.number)
    service.act(service.actor("op1"), c.number, Action.VOID, reason="重复上报")
    queue = queries.open_queue(world_db)
    assert {r.number for r in queue} == {a.number, b.number}
    assert [r.number for r in queries.open_queue(world_db, [Stage.HANDLING])] == [b.number]
    late = datetime(2026, 12, 31, 9)
    assert queries.grid_load(world_db, late) == [queries.GridLoad(GRID_A, 2, 2)]
    assert queries.grid_load(world_db, MON) == [queries.GridLoad(GRID_A, 2, 0)]
    info = queries.summary(world_db, late)
    assert info["cases"]["open"] == 2 and info["cases"]["by_stage"]["void"] == 1


def test_a_role_that_may_never_act_learns_nothing_about_who_changed_the_case(service):
    case = report(service)
    service.act(service.actor("op1"), case.number, Action.ACCEPT)
    with pytest.raises(ForbiddenTransition, match="may not close") as err:
        service.act(service.actor("h_d02"), case.number, Action.CLOSE, expected_version=1)
    assert "op1" not in str(err.value)
