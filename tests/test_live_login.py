"""Live updates reach the GUI thread; the login dialog checks passwords off it."""
from __future__ import annotations

from datetime import datetime

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store.feed import FeedState
from commandcenter.store.service import CaseService
from commandcenter.views.common.live import LiveUpdates
from commandcenter.views.common.login import LoginDialog
from commandcenter.views.common.tasks import TaskRunner

from .conftest import GRID_A, TEST_PASSWORD


def test_changes_from_another_writer_arrive_on_the_gui_thread(qtbot, world_db):
    live = LiveUpdates(world_db, poll_interval=0.05)
    received: list = []
    live.sig_changes.connect(received.extend)
    with qtbot.waitSignal(live.sig_state, timeout=5000):
        live.start()
    try:
        assert live.online
        service = CaseService(world_db, default_policy())
        draft = CaseDraft(Source.SUPERVISOR, CaseKind.EVENT, "event:0101", Urgency.NORMAL,
                          116.4005, 39.9105, GRID_A, "暴露垃圾")
        case = service.report(service.actor("sup1"), draft, at=datetime(2026, 11, 23, 9))
        service.act(service.actor("op1"), case.number, Action.ACCEPT)
        qtbot.waitUntil(lambda: len(received) == 2, timeout=5000)
        assert [(c.entity, c.entity_id, c.kind) for c in received] == [
            ("case", str(case.id), "report"), ("case", str(case.id), "accept")]
        assert live.state is FeedState.LIVE
    finally:
        live.stop()


def test_login_refuses_a_wrong_password_and_accepts_the_right_one(qtbot, world_db):
    dialog = LoginDialog(world_db, TaskRunner())
    qtbot.addWidget(dialog)
    dialog.username.setText("disp1")
    dialog.password.setText("wrong-password")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.text() == "用户名或密码错误", timeout=5000)
    assert dialog.actor is None and dialog.password.text() == ""
    dialog.password.setText(TEST_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.submit()
    assert (dialog.actor.username, dialog.actor.role) == ("disp1", Role.DISPATCHER)


def test_login_says_what_it_signs_in_to_and_where(qtbot, world_db):
    dialog = LoginDialog(world_db, TaskRunner())
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "网格化管理监督指挥中心"
    where = dialog.where.text()
    if world_db.dialect == "sqlite":
        assert "本机文件" in where
    else:
        assert "127.0.0.1:5432/" in where and "@" not in where


def test_a_database_that_cannot_be_reached_is_said_in_plain_words(qtbot):
    """Not the driver's text ("connection refused …"): what failed and what to do; the
    password field is ready to type again."""
    from commandcenter.store.db import Database, make_engine
    url = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"
    dialog = LoginDialog(Database(url, make_engine(url)), TaskRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("disp1")
    dialog.password.setText("x")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10_000)
    assert dialog.message.text().startswith("无法连接数据库（127.0.0.1:1/nowhere）")
    assert dialog.message.toolTip()  # the driver's own words, for whoever looks into it
    assert dialog.actor is None and dialog.password.text() == ""
