"""Dragging a case from a queue onto a department dispatches it, on SQLite and PostgreSQL.

QDrag.exec() runs a modal, platform-driven event loop that needs a real pointer, so it
cannot run headless. The drag is replayed as the target widget sees it instead: the MIME
data the model builds for the row, delivered as a QDragEnterEvent and then a QDropEvent
to the department tile through QApplication.sendEvent.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from commandcenter.models.case import Action, Actor, CaseDraft
from commandcenter.models.catalog import load_departments
from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.routing import Router
from commandcenter.store import queries
from commandcenter.store.board import (
    BoardCase,
    DepartmentLoad,
    department_loads,
    load_router,
    open_board,
)
from commandcenter.store.db import Database, make_engine
from commandcenter.store.service import CaseService
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.dispatcher.departments import DepartmentPanel, router_suggester
from commandcenter.views.dispatcher.dispatch import DispatchController
from commandcenter.views.common.queues import QUEUES, QueueTabs

from .conftest import GRID_A

T = datetime(2026, 11, 23, 10, 43)  # Monday


def wait_for(runner: TaskRunner) -> None:
    """Let the worker threads finish before the database goes away."""
    wait = getattr(runner, "wait", None)
    wait() if wait is not None else runner.pool.waitForDone()
KEYS = [s.key for s in QUEUES]


class Desk:
    """Queues, department panel and dispatch controller over one database, as wired in
    the dispatcher's window."""

    def __init__(self, qtbot, db: Database, actor: str = "disp1"):
        self.db, self.policy = db, default_policy()
        self.service = CaseService(db, self.policy, clock=lambda: T)
        self.runner = TaskRunner()
        self.tabs = QueueTabs(self.policy, now=lambda: T)
        self.panel = DepartmentPanel(self.policy, router_suggester(load_router(db)),
                                     case_lookup=self.tabs.case, now=lambda: T)
        self.controller = DispatchController(self.service, self.service.actor(actor),
                                             self.runner, now=lambda: T)
        self.panel.sig_dispatch_requested.connect(self.controller.request)
        for widget in (self.tabs, self.panel):
            qtbot.addWidget(widget)

    def load(self) -> None:  # what the window does off the GUI thread at start
        self.tabs.set_cases(open_board(self.db))
        self.panel.set_loads(department_loads(self.db, T))

    def report_to_dispatch(self) -> int:
        draft = CaseDraft(Source.SUPERVISOR, CaseKind.EVENT, "event:0101", Urgency.NORMAL,
                          116.4005, 39.9105, GRID_A, "暴露垃圾", address="东华门大街1号")
        service = self.service
        case = service.report(service.actor("sup1"), draft, at=T - timedelta(minutes=40))
        service.act(service.actor("op1"), case.id, Action.ACCEPT, at=T - timedelta(minutes=35))
        service.act(service.actor("lead1"), case.id, Action.FILE, at=T - timedelta(minutes=30))
        return case.id

    def drag_enter(self, queue: str, case_id: int, department: str):
        model = self.tabs.models[KEYS.index(queue)]
        mime = model.mimeData([model.index(model.row_of(case_id), 0)])
        enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.panel.tile(department), enter)
        assert enter.isAccepted()
        return mime

    def drop(self, queue: str, case_id: int, department: str) -> None:
        mime = self.drag_enter(queue, case_id, department)
        drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.panel.tile(department), drop)
        assert drop.isAccepted()

    def close(self) -> None:
        wait_for(self.runner)


@pytest.fixture
def desk(qtbot, world_db):
    desk = Desk(qtbot, world_db)
    yield desk
    desk.close()


def history(db, case_id):
    return queries.case_history(db, case_id)


def test_dropping_a_queue_row_on_a_department_dispatches_the_case(qtbot, desk, world_db):
    case_id = desk.report_to_dispatch()
    desk.load()
    requested = []
    desk.panel.sig_dispatch_requested.connect(lambda *args: requested.append(args))

    desk.drag_enter("dispatch", case_id, "D09")
    # While dragging: the router's picks light up (事件先属地后属主) and the hint tells
    # the deadline a dispatch now would set (1 working day for 暴露垃圾).
    assert desk.panel.suggested_codes() == ["JD001", "D09"]
    assert desk.panel.tile("JD001").property("state") == "first"
    assert desk.panel.tile("D09").property("state") == "target"
    assert desk.panel.tile("D09").badge_text == "建议2"
    assert "截止 11-24 10:43" in desk.panel.hint.text()
    assert "11-24 10:43" in desk.panel.tile("D02").toolTip()

    with qtbot.waitSignal(desk.controller.sig_dispatched, timeout=10_000) as blocker:
        desk.drop("dispatch", case_id, "D09")

    assert requested == [(case_id, 3, "D09")]
    record = blocker.args[0]
    assert (record.id, record.stage, record.department_code, record.version) == (
        case_id, Stage.HANDLING, "D09", 4)
    stored = queries.get_case(world_db, case_id)
    assert (stored.stage, stored.department_code) == (Stage.HANDLING, "D09")
    assert stored.deadline == datetime(2026, 11, 24, 10, 43)
    last = history(world_db, case_id)[-1]
    assert (last.action, last.actor, last.payload["department"]) == (
        Action.DISPATCH, "disp1", "D09")
    assert desk.panel.suggested_codes() == [] and desk.panel.tile("JD001").property("state") == ""


def test_a_stale_drop_is_refused_naming_who_was_faster(qtbot, desk, world_db):
    case_id = desk.report_to_dispatch()
    desk.load()  # the board still shows version 3 …
    desk.service.act(desk.service.actor("disp2"), case_id, Action.DISPATCH, department_code="D02")
    before = history(world_db, case_id)

    with qtbot.waitSignal(desk.controller.sig_refused, timeout=10_000) as blocker:
        desk.drop("dispatch", case_id, "D09")  # … so this drop carries version 3

    message = blocker.args[0]
    assert "已由 disp2 于 10:43 派遣至 城管执法局" in message and "处置中" in message
    stored = queries.get_case(world_db, case_id)
    assert (stored.department_code, stored.version) == ("D02", 4)
    assert history(world_db, case_id) == before


def test_an_operator_may_not_dispatch(qtbot, world_db):
    desk = Desk(qtbot, world_db, actor="op1")
    try:
        case_id = desk.report_to_dispatch()
        desk.load()
        with qtbot.waitSignal(desk.controller.sig_refused, timeout=10_000) as blocker:
            desk.drop("dispatch", case_id, "D09")
        assert blocker.args[0] == "您的角色（受理员）无权派遣"
        stored = queries.get_case(world_db, case_id)
        assert (stored.stage, stored.department_code, stored.version) == (Stage.DISPATCH, None, 3)
        assert len(history(world_db, case_id)) == 3
    finally:
        desk.close()


def test_a_case_in_handling_cannot_be_dispatched_again(qtbot, desk, world_db):
    case_id = desk.report_to_dispatch()
    desk.service.act(desk.service.actor("disp2"), case_id, Action.DISPATCH, department_code="D02")
    desk.load()  # fresh version: the refusal is about the stage, and names who moved it there
    desk.drag_enter("handling", case_id, "D09")
    assert "不能派遣" in desk.panel.hint.text()

    with qtbot.waitSignal(desk.controller.sig_refused, timeout=10_000) as blocker:
        desk.drop("handling", case_id, "D09")

    number = queries.get_case(world_db, case_id).number
    assert blocker.args[0] == f"案件 {number} 已由 disp2 于 10:43 派遣至 城管执法局，当前状态：处置中"
    assert queries.get_case(world_db, case_id).department_code == "D02"


def test_an_unreachable_database_is_reported_in_plain_words(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'missing' / 'cc.db'}"  # the folder does not exist
    db = Database(url, make_engine(url))
    runner = TaskRunner()
    controller = DispatchController(CaseService(db, default_policy()),
                                    Actor("disp1", Role.DISPATCHER), runner)
    with qtbot.waitSignal(controller.sig_refused, timeout=10_000) as blocker:
        controller.request(1, 3, "D09")
    assert blocker.args[0] == ("派遣未保存：无法连接数据库。案件没有任何改变。"
                               "请检查网络；连接恢复后再试一次。"), blocker.args[0]
    wait_for(runner)
    db.dispose()


def test_a_failed_write_while_reads_work_says_what_was_not_saved(qtbot, desk, world_db):
    """The database turns read-only (a full or failing disk does the same to SQLite):
    the dispatch is refused in plain words, without the driver's text."""
    from sqlalchemy import event
    case_id = desk.report_to_dispatch()
    if world_db.engine.dialect.name == "sqlite":
        pragma = "PRAGMA query_only = ON"
    else:
        pragma = "SET default_transaction_read_only = on"
    world_db.engine.dispose()
    event.listen(world_db.engine, "connect",
                 lambda conn, _record: conn.cursor().execute(pragma))
    assert queries.get_case(world_db, case_id).stage is Stage.DISPATCH  # reads still work
    with qtbot.waitSignal(desk.controller.sig_refused, timeout=10_000) as blocker:
        desk.controller.request(case_id, 3, "D09")
    assert blocker.args[0] == ("派遣未保存：数据库处于只读状态，无法写入。案件没有任何改变。"
                               "请联系系统管理员检查数据库。"), blocker.args[0]
    assert queries.get_case(world_db, case_id).stage is Stage.DISPATCH


def test_an_unknown_department_and_a_second_request_are_refused(qtbot, desk, world_db):
    case_id = desk.report_to_dispatch()
    with qtbot.waitSignal(desk.controller.sig_refused, timeout=10_000) as blocker:
        desk.controller.request(case_id, 3, "D99")
    assert blocker.args[0] == "部门 D99 不存在"
    refused = []
    desk.controller.sig_refused.connect(refused.append)
    with qtbot.waitSignal(desk.controller.sig_dispatched, timeout=10_000):
        desk.controller.request(case_id, 3, "D09")
        desk.controller.request(case_id, 3, "D02")  # a double drop while the first runs
    assert refused == ["该案件正在派遣，请稍候"]
    assert queries.get_case(world_db, case_id).department_code == "D09"


def test_suggestions_follow_the_drag_across_tiles_and_clear_when_it_leaves(qtbot):
    policy = default_policy()
    departments = load_departments()
    panel = DepartmentPanel(policy, Router([], departments, policy.catalog), now=lambda: T)
    qtbot.addWidget(panel)
    panel.set_loads([DepartmentLoad(d.code, d.name, d.short_name, d.type, 0, 0, None, 0)
                     for d in departments])
    tabs = QueueTabs(policy, now=lambda: T)
    qtbot.addWidget(tabs)
    waiting = BoardCase(
        id=7, number="2026112300007", stage=Stage.DISPATCH, class_key="event:0101",
        class_name="暴露垃圾", kind=CaseKind.EVENT, urgency=Urgency.NORMAL, grid_code=GRID_A,
        address="", description="暴露垃圾", department_code=None, stage_started_at=T,
        deadline=T + timedelta(minutes=30), handle_deadline=None, pending_request=None,
        supervision_level=0, escalation_level=0, rework_count=0, lon=116.4, lat=39.91,
        version=3, updated_by="lead1", updated_at=T, reported_at=T, source=Source.SUPERVISOR)
    tabs.set_cases([waiting])
    model = tabs.models[KEYS.index("dispatch")]
    mime = model.mimeData([model.index(0, 0)])

    def send(event_type, code):
        tile = panel.tile(code)
        if event_type == "enter":
            event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        else:
            event = QDragLeaveEvent()
        QApplication.sendEvent(tile, event)

    send("enter", "D01")  # no case lookup: the drag itself carries class and grid
    assert panel.suggested_codes() == ["JD001", "D09"]
    send("leave", "D01")
    send("enter", "D09")  # moving between tiles: leave and enter in one go
    assert not panel._left.isActive()  # the enter cancelled the pending "drag left"
    assert panel.suggested_codes() == ["JD001", "D09"]
    assert panel.tile("D09").property("state") == "target"
    assert panel.tile("D01").property("state") == ""
    send("leave", "D09")  # off the panel
    qtbot.waitUntil(lambda: panel.suggested_codes() == [], timeout=2000)
    assert panel.tile("JD001").property("state") == "" and not panel.tile("D09").badge_text
    assert panel.hint.text() == "把待派遣案件拖到部门上即可派遣"


def test_the_hint_keeps_its_height_when_a_drag_starts(qtbot, desk):
    case_id = desk.report_to_dispatch()
    desk.load()
    desk.panel.resize(420, 700)
    desk.panel.show()
    qtbot.waitExposed(desk.panel)
    height, top = desk.panel.hint.height(), desk.panel.tile("D02").mapTo(desk.panel, QPoint(0, 0))
    desk.drag_enter("dispatch", case_id, "D02")
    assert "案件" in desk.panel.hint.text() and desk.panel.hint.height() == height
    assert desk.panel.tile("D02").mapTo(desk.panel, QPoint(0, 0)) == top
