"""The replay bar in the assembled dispatcher window: its date and slider drive the map
(checked through what the page reports to the bridge), play moves the time on, and going
back to live restores the live picture."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.store.accounts import find_actor
from commandcenter.store.calendar import load_policy
from commandcenter.store.positions import Fix, record_fixes
from commandcenter.store.service import CaseService, local_now
from commandcenter.views.desks import desk_class
from commandcenter.views.dispatcher import DispatcherWindow
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.common.workstation import Workstation

from .conftest import GRID_A
from .test_replay_store import user_id

pytestmark = pytest.mark.slow
TIMEOUT = 30_000


def report(service, at: datetime, lon: float = 116.4005) -> object:
    draft = CaseDraft(Source.SUPERVISOR, CaseKind.EVENT, "event:0101", Urgency.NORMAL,
                      lon, 39.9105, GRID_A, "人行道暴露垃圾")
    return service.report(service.actor("sup1"), draft, at=at)


def act(service, user, case, action, at, **kw):
    return service.act(service.actor(user), case.id, action, at=at, **kw)


@pytest.fixture
def day(world_db):
    """Yesterday's cases and fixes, and one case reported now (the live picture)."""
    policy = load_policy(world_db)
    service = CaseService(world_db, policy)
    day = datetime.combine(local_now().date() - timedelta(days=1), datetime.min.time())
    while not policy.calendar.is_working_day(day.date()):  # the last working day before
        day -= timedelta(days=1)
    at = lambda h, m=0: day + timedelta(hours=h, minutes=m)  # noqa: E731
    filing = report(service, at(9))
    act(service, "op1", filing, Action.ACCEPT, at(9, 1))       # 30 working minutes to file
    closed = report(service, at(8), lon=116.4009)
    act(service, "op1", closed, Action.VOID, at(10), reason="重复上报")
    live = report(service, local_now(), lon=116.4012)
    sup = user_id(world_db, "sup1")
    record_fixes(world_db, [Fix(sup, at(9) + timedelta(seconds=30 * i), 116.4001 + i * 1e-6,
                                39.9101) for i in range(240)])
    return {"day": day, "at": at, "filing": filing.id, "closed": closed.id, "live": live.id}


@pytest.fixture
def window(qtbot, world_db):
    runner = TaskRunner()
    ws = Workstation.open(world_db, find_actor(world_db, "disp1", Role.DISPATCHER), runner)
    win = DispatcherWindow(ws, remember_layout=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    yield win
    win.close()
    shiboken6.delete(win)
    runner.wait()


def replayed(window) -> dict | None:
    return window.map.bridge.last_paint.get("replay")


def shows(qtbot, window, hhmm: str) -> dict:
    qtbot.waitUntil(lambda: (replayed(window) or {}).get("t", "").endswith(hhmm + ":00"),
                    timeout=TIMEOUT)
    return replayed(window)


def page_markers(qtbot, window) -> dict[int, str]:
    box = []
    window.map.web_view.page().runJavaScript("JSON.stringify(ccMap.markers())", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return {m["id"]: m["countdown"] for m in json.loads(box[0])}


def test_the_bar_scrubs_plays_and_goes_back_to_live(qtbot, window, day):
    with qtbot.waitSignal(window.sig_loaded, timeout=TIMEOUT):
        window.reload()
    qtbot.waitUntil(lambda: window.map.painted_seq >= window.last_map_seq, timeout=TIMEOUT)
    live = {day["filing"], day["live"]}               # still open now, and today's
    assert set(page_markers(qtbot, window)) == live
    bar = window.replay_bar

    window.replay_bar.toggle_action.trigger()          # what Ctrl+R does
    assert bar.isVisible() and window.replay_bar.toggle_action.isChecked()
    d = day["day"].date()
    bar.date.setDate(QDate(d.year, d.month, d.day))    # the day before
    qtbot.waitUntil(lambda: bar.controller.replay is not None
                    and bar.controller.replay.start == day["day"]
                    and bar.slider.isEnabled(), timeout=TIMEOUT)
    assert "2 件案件" in bar.status.text()

    bar.slider.setValue(9 * 3600 + 20 * 60)            # 09:20
    report = shows(qtbot, window, "09:20")
    assert bar.clock.text() == "09:20:00"
    assert report["cases"] == 2 and report["staff"] == 1 and report["trailPoints"] == 41
    assert page_markers(qtbot, window) == {day["filing"]: "normal", day["closed"]: "overdue"}

    bar.slider.setValue(9 * 3600 + 26 * 60)            # amber after 24 working minutes
    shows(qtbot, window, "09:26")
    assert page_markers(qtbot, window)[day["filing"]] == "warning"
    bar.slider.setValue(10 * 3600 + 30 * 60)           # voided at 10:00: gone
    shows(qtbot, window, "10:30")
    assert page_markers(qtbot, window) == {day["filing"]: "overdue"}

    bar.speed.setCurrentIndex(bar.speed.findData(600))
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert bar.controller.playing and bar.play_button.text() == "暂停"
    qtbot.waitUntil(lambda: replayed(window)["t"] >= f"{day['at'](10, 35):%Y-%m-%d %H:%M}",
                    timeout=TIMEOUT)
    assert bar.slider.value() > 10 * 3600 + 30 * 60    # the slider follows
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert not bar.controller.playing

    qtbot.mouseClick(bar.live_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible() and not window.replay_bar.toggle_action.isChecked()
    qtbot.waitUntil(lambda: replayed(window) is None, timeout=TIMEOUT)
    assert set(page_markers(qtbot, window)) == live


@pytest.mark.parametrize("desk, user, role", [("shiftlead", "lead1", Role.SHIFT_LEAD),
                                              ("leader", "leader1", Role.LEADER)])
def test_the_desks_that_watch_the_day_replay_it_too(qtbot, world_db, day, desk, user, role):
    runner = TaskRunner()
    ws = Workstation.open(world_db, find_actor(world_db, user, role), runner)
    win = desk_class(desk)(ws, remember_layout=False)
    win.resize(1400, 900)
    win.show()
    try:
        with qtbot.waitSignal(win.sig_loaded, timeout=TIMEOUT):
            win.reload()
        assert win.replay_bar.toggle_action in win.toolbar.actions()
        win.replay_bar.toggle_action.trigger()
        bar = win.replay_bar
        d = day["day"].date()
        bar.date.setDate(QDate(d.year, d.month, d.day))
        qtbot.waitUntil(lambda: bar.slider.isEnabled() and bar.controller.replay is not None
                        and bar.controller.replay.start == day["day"], timeout=TIMEOUT)
        bar.slider.setValue(9 * 3600 + 20 * 60)
        assert shows(qtbot, win, "09:20")["cases"] == 2
    finally:
        win.close()
        shiboken6.delete(win)
        runner.wait()


@pytest.mark.parametrize("desk, role", [("intake", Role.OPERATOR),
                                        ("department", Role.DEPARTMENT),
                                        ("field", Role.SUPERVISOR)])
def test_the_desks_of_one_case_at_a_time_have_no_replay(qtbot, world_db, desk, role):
    runner = TaskRunner()
    win = desk_class(desk)(Workstation.open(world_db, find_actor(world_db, None, role), runner),
                           remember_layout=False)
    try:
        assert win.replay_bar is None
        assert "replayAction" not in {a.objectName() for a in win.toolbar.actions()}
    finally:
        win.close()
        shiboken6.delete(win)
        runner.wait()
