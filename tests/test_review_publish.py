"""The review window's 固化 button: only shift leads and leaders see it; it asks first,
publishes off the GUI thread, and the window then shows the period as frozen."""
from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox

from commandcenter.models.case import Actor
from commandcenter.models.enums import Role
from commandcenter.review.periods import parse_period
from commandcenter.store.review import count_publications
from commandcenter.views.review.window import ReviewWindow
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.common.workstation import Workstation

from .review_world import play_november
from .test_review_window import small_scheme


@pytest.fixture
def open_window(qtbot, world_db):
    play_november(world_db)
    runner = TaskRunner()
    made = []

    def make(username, role):
        ws = Workstation.open(world_db, Actor(username, role), runner)
        win = ReviewWindow(ws, small_scheme(), parse_period("2026-11"), "department",
                           with_map=False)
        qtbot.addWidget(win)
        win.show()
        made.append(win)
        return win
    yield make
    for win in made:
        win.close()
        shiboken6.delete(win)
    runner.wait()


def test_a_shift_lead_publishes_after_confirming(qtbot, open_window, world_db, monkeypatch):
    win = open_window("lead1", Role.SHIFT_LEAD)
    assert win.publish_button.isVisible()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    win.publish_button.click()
    assert "2026-11" in asked[0] and count_publications(world_db) == 0   # said no
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    win.computed = None
    win.publish_button.click()
    assert not win.publish_button.isEnabled()       # working on the pool, not on this thread
    qtbot.waitUntil(lambda: win.computed is not None and win.computed.frozen_at is not None,
                    timeout=60_000)
    assert count_publications(world_db) == 1 and win.publish_button.isEnabled()
    assert "固化" in win.status.text()
    assert win.computed.frozen_at == win.publish_button.published_at


def test_other_roles_have_no_button(open_window):
    for username, role in (("disp1", Role.DISPATCHER), ("op1", Role.OPERATOR)):
        assert open_window(username, role).publish_button.isHidden()
    assert open_window("leader1", Role.LEADER).publish_button.isVisible()


def test_a_refusal_below_the_window_is_shown(qtbot, open_window, world_db, monkeypatch):
    """A dispatcher's window given the button anyway: the job refuses, the status says so."""
    win = open_window("disp1", Role.DISPATCHER)
    win.publish_button.publish(parse_period("2026-11"))
    qtbot.waitUntil(lambda: "固化失败" in win.status.text(), timeout=30_000)
    assert "only shift leads and leaders" in win.status.text()
    assert count_publications(world_db) == 0
