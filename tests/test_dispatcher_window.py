"""The assembled dispatcher window, end to end with the real map and a second writer."""
from __future__ import annotations

from datetime import datetime

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency
from commandcenter.store.accounts import find_actor
from commandcenter.store.queries import get_case
from commandcenter.store.service import CaseService, local_now
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.common.workstation import Workstation
from commandcenter.views.dispatcher.window import DispatcherWindow

from .conftest import GRID_A

pytestmark = pytest.mark.slow


def report(service: CaseService, at: datetime | None = None) -> int:
    draft = CaseDraft(Source.SUPERVISOR, CaseKind.EVENT, "event:0101", Urgency.NORMAL,
                      116.4005, 39.9105, GRID_A, "人行道暴露垃圾")
    case = service.report(service.actor("sup1"), draft, at=at or local_now())
    service.act(service.actor("op1"), case.id, Action.ACCEPT)
    service.act(service.actor("lead1"), case.id, Action.FILE)
    return case.id


def queue_count(window: DispatcherWindow, key: str) -> int:
    index = [spec.key for spec in window.queues.specs].index(key)
    return window.queues.models[index].rowCount()


@pytest.fixture
def window(qtbot, world_db):
    runner = TaskRunner()
    ws = Workstation.open(world_db, find_actor(world_db, "disp1", Role.DISPATCHER), runner)
    win = DispatcherWindow(ws, remember_layout=False)
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    yield win
    win.close()
    # The map's web page must go before the application does, or QtWebEngine crashes
    # at exit; delete the window now rather than at garbage collection.
    shiboken6.delete(win)
    runner.wait()


def test_the_window_loads_follows_another_desk_and_restyles_the_map(qtbot, window, world_db):
    service = window.ws.service
    first = report(service)
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    qtbot.waitUntil(lambda: window.map.painted_seq >= window.last_map_seq, timeout=30_000)
    assert queue_count(window, "dispatch") == 1
    assert set(window.map.markers()) == {first}
    qtbot.waitUntil(lambda: window.live is not None and window.live.online, timeout=10_000)

    # Another desk reports and dispatches: both arrive through the change feed.
    second = report(service)
    qtbot.waitUntil(lambda: queue_count(window, "dispatch") == 2, timeout=10_000)
    assert set(window.map.markers()) == {first, second}
    service.act(service.actor("disp2"), first, Action.DISPATCH, department_code="D02")
    qtbot.waitUntil(lambda: queue_count(window, "dispatch") == 1, timeout=10_000)
    assert queue_count(window, "handling") == 1
    assert window.map.markers()[first].stage == Stage.HANDLING.value
    assert window.cases[first].department_code == "D02"


def test_a_lost_database_shows_the_banner_keeps_the_picture_and_refuses_actions(qtbot, window):
    case_id = report(window.ws.service)
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    from commandcenter.store.feed import FeedState
    qtbot.waitUntil(lambda: window.live.online, timeout=10_000)  # the feed's own first word
    window.live.sig_state.emit(FeedState.RECONNECTING)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    assert "重新连接" in window.banner.text()
    assert queue_count(window, "dispatch") == 1  # the last picture stays readable
    # An action while offline is refused at once and never replayed later.
    case = window.cases[case_id]
    window.departments.sig_dispatch_requested.emit(case_id, case.version, "D02")
    assert "操作未执行" in window.message.text()
    with qtbot.waitSignal(window.detail.sig_case_shown, timeout=10_000):
        window.detail.show_case(case_id)
    window.detail._on_action_clicked(Action.VOID)
    assert "操作未执行" in window.detail.message_label.text()
    assert not window.dispatch.busy()
    assert get_case(window.ws.db, case_id).stage is Stage.DISPATCH
    window.live.sig_state.emit(FeedState.LIVE)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=5000)


def test_search_finds_cases_and_components_and_the_shortcut_dispatches(qtbot, window):
    service = window.ws.service
    case_id = report(service)
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    number = window.cases[case_id].number
    window.search.setText(number)
    window._on_search()
    qtbot.waitUntil(lambda: window.detail.case_id == case_id, timeout=10_000)
    window.search.setText("1101010101000001")
    window._on_search()
    qtbot.waitUntil(lambda: "上水井盖" in window.message.text(), timeout=10_000)
    window.search.setText("'; DROP TABLE cases; --")
    window._on_search()
    qtbot.waitUntil(lambda: "没有找到" in window.message.text(), timeout=10_000)
    with qtbot.waitSignal(window.dispatch.sig_dispatched, timeout=10_000):
        window.dispatch_to_suggestion()
    suggestion = window.ws.router.suggest("event", "01", "01", GRID_A)[0].department_code
    qtbot.waitUntil(lambda: window.cases[case_id].department_code == suggestion, timeout=10_000)


def test_a_row_dropped_on_a_department_dispatches_and_restyles_the_marker(qtbot, window):
    """The drag is replayed as the enter and drop events Qt would deliver: QDrag.exec is a
    modal loop driven by a real pointer, which an offscreen test does not have."""
    case_id = report(window.ws.service)
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    qtbot.waitUntil(lambda: window.map.painted_seq >= window.last_map_seq, timeout=30_000)
    assert window.map.markers()[case_id].stage == Stage.DISPATCH.value
    # Drops are refused until the change feed is up (actions are never queued offline).
    qtbot.waitUntil(lambda: window.live is not None and window.live.online, timeout=10_000)
    model = window.queues.models[[s.key for s in window.queues.specs].index("dispatch")]
    mime = model.mimeData([model.index(model.row_of(case_id), 0)])
    suggested = window._suggestions(window.cases[case_id])[0].department_code
    tile = window.departments.tile(suggested)  # suggested: no question asked
    for event in (QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                                  Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
                  QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                             Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)):
        QApplication.sendEvent(tile, event)
        assert event.isAccepted()
    qtbot.waitUntil(lambda: window.map.markers()[case_id].stage == Stage.HANDLING.value,
                    timeout=10_000)
    stored = get_case(window.ws.db, case_id)
    assert (stored.stage, stored.department_code, stored.updated_by) == (
        Stage.HANDLING, suggested, "disp1")
    assert "已派遣至" in window.message.text()


def test_department_and_grid_totals_follow_continuous_traffic(qtbot, window):
    """A dispatch every 300 ms, faster than the totals' delay: the tile keeps up anyway."""
    from PySide6.QtCore import QTimer
    service = window.ws.service
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    qtbot.waitUntil(lambda: window.live is not None and window.live.online, timeout=10_000)
    tile = window.departments.tile("D02")
    start, written = tile.load.open, []

    def dispatch_one() -> None:
        case_id = report(service)
        service.act(service.actor("disp2"), case_id, Action.DISPATCH, department_code="D02")
        written.append(case_id)

    writer = QTimer(window, interval=300, timeout=dispatch_one)
    writer.start()
    try:
        qtbot.waitUntil(lambda: tile.load.open >= start + 3, timeout=15_000)
        assert writer.isActive()  # the traffic never paused while the tile caught up
    finally:
        writer.stop()


def test_the_first_picture_makes_every_department_tile_at_once_and_paints_them(qtbot, window):
    """Tiles of rich-text labels held the GUI thread for tens of ms each time they were laid
    out; made a few per turn, the growing panel was repainted every turn. Painted tiles have
    no child widgets to lay out, so the first picture makes them all in one turn."""
    panel, calls = window.departments, []
    original = panel.set_loads
    panel.set_loads = lambda loads: (calls.append(len(loads)), original(loads))
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    assert calls[:1] == [len(panel.tiles())] and len(panel.tiles()) > 10
    for tile in panel.tiles():
        assert not tile.findChildren(QWidget)
        assert f"{tile.load.open}" in tile.counts_text()


def test_the_map_text_built_while_the_login_waits_is_what_the_first_picture_sends(
        qtbot, window, monkeypatch):
    """The application builds the district's map text during the login (prepare_map); the
    desk's first picture must find it rather than build it again while the GUI paints."""
    from collections import OrderedDict

    from commandcenter.map import delivery, geojson
    from commandcenter.views.common.workstation import prepare_map
    monkeypatch.setattr(delivery, "_kept", OrderedDict())
    builds = []
    for name in ("grids_payload_parts", "outlines_payload"):
        original = getattr(geojson, name)
        monkeypatch.setattr(geojson, name, lambda *a, _f=original, _n=name, **kw: (
            builds.append(_n), _f(*a, **kw))[1])
    prepare_map(window.ws.db)
    assert sorted(builds) == ["grids_payload_parts", "outlines_payload"]
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    qtbot.waitUntil(lambda: window.map.painted_seq >= window.last_map_seq, timeout=20_000)
    assert len(builds) == 2  # nothing built again


def test_a_narrow_tile_drops_the_rate_word_and_keeps_every_figure(qtbot, window):
    """At 1280 px in English the rate was cut to "On …": the figure is what matters."""
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    tile = window.departments.tiles()[0]
    tile.resize(600, tile.height())
    assert tile.shown_runs() == tile.count_runs
    tile.setMinimumWidth(0)  # as narrow as English words make it at 1280 px
    tile.resize(110, tile.height())
    shown = "".join(text for text, _colour, _bold in tile.shown_runs())
    assert tile.tr("按期") not in shown and str(tile.load.open) in shown
    rate = tile.load.on_time_rate_month
    assert shown.strip().endswith("—" if rate is None else f"{rate:.0%}")


def test_the_collector_never_walks_what_existed_before_the_load(qtbot, window):
    """A full collection set off by the start-up's allocations on a worker walked every
    object of the process (modules, widgets) with the interpreter lock held: a 100–200 ms
    stop of the GUI thread, which waits for that lock to paint."""
    import gc
    tracked = gc.get_objects()  # the generations a collection walks, not the frozen ones
    assert not any(o is window or o is window.map or o is window.queues for o in tracked)
    assert gc.get_freeze_count() > 10_000
    case_id = report(window.ws.service)
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    case = window.cases[case_id]  # nor, once it is in, the start-up picture
    assert gc.is_tracked(case) and not any(o is case for o in gc.get_objects())


def test_changes_and_totals_are_read_while_the_shared_pool_is_busy(qtbot, window):
    """Slow reads on the shared workers (trails, details) never hold the live figures."""
    import threading
    service = window.ws.service
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    qtbot.waitUntil(lambda: window.live is not None and window.live.online, timeout=10_000)
    tile = window.departments.tile("D02")
    start = tile.load.open
    release = threading.Event()
    for _ in range(window.ws.runner.pool._max_workers):
        window.ws.runner.submit(lambda: release.wait(30), lambda _: None)
    try:
        case_id = report(service)
        service.act(service.actor("disp2"), case_id, Action.DISPATCH, department_code="D02")
        qtbot.waitUntil(lambda: tile.load.open == start + 1 and case_id in window.cases,
                        timeout=15_000)
    finally:
        release.set()


def test_the_acted_case_stays_on_screen_when_it_leaves_its_queue(qtbot, window):
    service = window.ws.service
    first, second = report(service), report(service)
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    with qtbot.waitSignal(window.detail.sig_case_shown, timeout=10_000):
        window.select_case(first)
    with qtbot.waitSignal(window.dispatch.sig_dispatched, timeout=10_000):
        window.dispatch_to_suggestion()
    qtbot.waitUntil(lambda: queue_count(window, "dispatch") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.detail.case is not None
                    and window.detail.case.stage is Stage.HANDLING, timeout=10_000)
    assert window.detail.case_id == first  # not the neighbour that moved up
    index = [spec.key for spec in window.queues.specs].index("dispatch")
    assert window.queues.views[index].selectionModel().selectedRows() == []
    assert second in window.cases


def answer_confirmation(qtbot, accept: bool, seen: list) -> None:
    """Answer the next confirmation box as soon as it is up, keeping its text."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        role = QMessageBox.ButtonRole.AcceptRole if accept else QMessageBox.ButtonRole.RejectRole
        next(b for b in box.buttons() if box.buttonRole(b) is role).click()
    QTimer.singleShot(0, answer)


def test_a_drop_off_the_suggestions_asks_first_names_the_result_and_can_be_undone(
        qtbot, window, world_db):
    from commandcenter.store.queries import case_history
    case_id = report(window.ws.service)
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    qtbot.waitUntil(lambda: window.live is not None and window.live.online, timeout=10_000)
    case = window.cases[case_id]
    suggested = [s.department_code for s in window._suggestions(case)]
    assert suggested and "D02" not in suggested
    seen: list[str] = []
    answer_confirmation(qtbot, False, seen)
    window.departments.sig_dispatch_requested.emit(case_id, case.version, "D02")
    assert window._department_name(suggested[0]) in seen[0] and "D02" not in seen[0]
    assert "未派遣" in window.message.text() and not window.dispatch.busy()
    assert get_case(world_db, case_id).stage is Stage.DISPATCH

    answer_confirmation(qtbot, True, seen)
    with qtbot.waitSignal(window.dispatch.sig_dispatched, timeout=10_000):
        window.departments.sig_dispatch_requested.emit(case_id, case.version, "D02")
    assert window._department_name("D02") in window.message.text()
    assert get_case(world_db, case_id).department_code == "D02"
    assert window.undo_button.isVisible()

    with qtbot.waitSignal(window.dispatch.sig_recalled, timeout=10_000):
        window.undo_button.click()
    stored = get_case(world_db, case_id)
    assert (stored.stage, stored.department_code) == (Stage.DISPATCH, None)
    actions = [e.action for e in case_history(world_db, case_id)]
    assert actions[-2:] == [Action.DISPATCH, Action.RECALL]  # the undo is its own event
    assert "撤销" in window.message.text() and not window.undo_button.isVisible()


def test_a_drop_on_a_suggested_department_dispatches_without_asking(qtbot, window, world_db):
    case_id = report(window.ws.service)
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    qtbot.waitUntil(lambda: window.live is not None and window.live.online, timeout=10_000)
    case = window.cases[case_id]
    first = window._suggestions(case)[0].department_code
    with qtbot.waitSignal(window.dispatch.sig_dispatched, timeout=10_000):
        window.departments.sig_dispatch_requested.emit(case_id, case.version, first)
    assert get_case(world_db, case_id).department_code == first


def test_a_search_finding_several_cases_lists_them_all(qtbot, window):
    service = window.ws.service
    ids = [report(service) for _ in range(3)]  # all at 人行道暴露垃圾
    with qtbot.waitSignal(window.sig_loaded, timeout=20_000):
        window.reload()
    window.search.setText("人行道暴露垃圾")
    window._on_search()
    results = window.search_results
    qtbot.waitUntil(results.isVisible, timeout=10_000)
    assert sorted(results.case_ids()) == sorted(ids)
    assert "3" in window.message.text()
    chosen = results.case_ids()[1]
    rect = results.visualItemRect(results.item(1))
    with qtbot.waitSignal(window.detail.sig_case_shown, timeout=10_000):
        qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.detail.case_id == chosen and not results.isVisible()
    window._on_search()  # Return again: the list again, not the first case again
    qtbot.waitUntil(results.isVisible, timeout=10_000)
    assert window.detail.case_id == chosen


def test_logout_language_change_and_quit_close_the_window_saying_what_next(
        qtbot, window, monkeypatch):
    from dataclasses import replace as changed

    from commandcenter.views.common.settings import Settings
    monkeypatch.setattr(Settings, "save", lambda self, store=None: None)  # no user files
    with qtbot.waitSignal(window.sig_finished, timeout=5000) as finished:
        window.apply_settings(changed(window.ws.settings, language="en"))
    assert finished.args == ["relaunch"] and not window.isVisible()

    window.show()
    window._closed, window.next_step = False, "quit"
    with qtbot.waitSignal(window.sig_finished, timeout=5000) as finished:
        window.logout()
    assert finished.args == ["logout"]


def test_ctrl_q_asks_before_quitting(qtbot, window):
    from PySide6.QtGui import QAction, QKeySequence
    window.confirm_close = True
    quit_action = next(a for a in window.findChildren(QAction)
                       if a.shortcut() == QKeySequence("Ctrl+Q"))
    seen: list[str] = []
    answer_confirmation(qtbot, False, seen)
    quit_action.trigger()
    assert seen == ["退出调度台？"] and window.isVisible()
    answer_confirmation(qtbot, True, seen)
    with qtbot.waitSignal(window.sig_finished, timeout=5000) as finished:
        quit_action.trigger()
    assert finished.args == ["quit"] and not window.isVisible()


def test_the_map_shows_on_duty_staff_unless_asked_for_everyone(qtbot, window):
    from commandcenter.map.geojson import StaffPosition
    drawn = []
    window.map.set_staff = lambda staff: drawn.append([p.staff_id for p in staff]) or 0
    window._staff_positions = [StaffPosition(1, "a", 116.4, 39.9, (), on_duty=True),
                               StaffPosition(2, "b", 116.4, 39.9, (), on_duty=False)]
    window._draw_staff()
    window.off_duty_action.setChecked(True)
    assert drawn == [[1], [1, 2]]


def test_the_layout_gives_the_map_most_of_the_room_and_keeps_the_countdown_visible(qtbot, window):
    from commandcenter.views.common.queues import COL_COUNTDOWN
    for width, height in ((1280, 720), (1920, 1080)):
        window.resize(width, height)
        window.proportion_docks()
        qtbot.waitUntil(lambda: window.map.width() > 0.4 * width, timeout=5000)
        view = window.queues.views[window.queues.currentIndex()]
        assert view.horizontalHeader().visualIndex(COL_COUNTDOWN) == 1
        assert view.columnViewportPosition(COL_COUNTDOWN) + view.columnWidth(COL_COUNTDOWN) \
            <= view.viewport().width()
