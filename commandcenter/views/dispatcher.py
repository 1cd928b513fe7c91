"""The dispatcher's workstation: a thin window that assembles the map, the queues, the
departments panel and the case detail, and keeps them in step with the shared database."""
from __future__ import annotations

import gc
import time
from dataclasses import replace
from functools import partial
from datetime import datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QLabel, QLineEdit, QMainWindow,
                               QMessageBox, QPushButton, QToolBar, QVBoxLayout, QWidget)

from commandcenter.map.geojson import Marker, marker_from_row
from commandcenter.map.view import LAYERS, MapView
from commandcenter.models.enums import Role, Stage
from commandcenter.store import board
from commandcenter.store.feed import FeedState
from commandcenter.store.queries import find_component, grid_load
from commandcenter.store.search import search_cases
from commandcenter.store.service import local_now

from .case_detail import CaseDetailPanel
from .common.replay_bar import install_replay
from .departments import DepartmentPanel
from .dispatch import DispatchController, storage_advice, storage_cause
from .exchange import open_import_dialog
from .i18n import domain_text
from .live import LiveUpdates
from .queues import QueueTabs
from .review.window import review_action
from .settings import Settings
from .staff import StaffTracker, follow_fixes
from .search_results import SearchResults, stage_text
from .settings_dialog import SettingsDialog
from .tasks import TaskRunner
from .wall.config_dialog import add_wall_config_action
from .workstation import Snapshot, Workstation, load_snapshot

TIME_WINDOWS = {"1h": timedelta(hours=1), "today": None, "7d": timedelta(days=7)}
_LAYER_LABELS = {"grids": QT_TRANSLATE_NOOP("DispatcherWindow", "单元网格"),
                 "load": QT_TRANSLATE_NOOP("DispatcherWindow", "网格案件分布"),
                 "outlines": QT_TRANSLATE_NOOP("DispatcherWindow", "街道社区边界"),
                 "labels": QT_TRANSLATE_NOOP("DispatcherWindow", "名称标注"),
                 "markers": QT_TRANSLATE_NOOP("DispatcherWindow", "案件"),
                 "staff": QT_TRANSLATE_NOOP("DispatcherWindow", "监督员位置"),
                 "basemap": QT_TRANSLATE_NOOP("DispatcherWindow", "底图")}
_HOME_QUEUE = {Role.OPERATOR: "intake", Role.SHIFT_LEAD: "filing", Role.DISPATCHER: "dispatch",
               Role.SUPERVISOR: "check", Role.LEADER: "overdue"}
# Department and grid totals follow changes at most this often, and at least this soon
# after the first change: a read starts AGGREGATE_DELAY_MS after the previous one started
# (or at once if that is past), never pushed back by a later change.
AGGREGATE_DELAY_MS = 700
STAFF_DELAY_MS = 2000
UNDO_SECONDS = 30  # how long 撤销派遣 is offered after a dispatch
SNAPSHOT_PIECE = 150  # start-up cases put into the queues per turn of the event loop
TILE_PIECE = 6  # department tiles made per turn at start-up (each is styled when shown)


class DispatcherWindow(QMainWindow):
    sig_loaded = Signal()  # the start-up picture is in the queues, panel and map posts
    sig_finished = Signal(str)
    """The window closed; what comes next: "quit", "logout" or "relaunch" (new language)."""

    def __init__(self, ws: Workstation, remember_layout: bool = True, confirm_close: bool = False):
        super().__init__()
        self.ws, self.remember_layout, self.confirm_close = ws, remember_layout, confirm_close
        self.next_step = "quit"
        self.cases: dict[int, board.BoardCase] = {}
        self.live: LiveUpdates | None = None
        self.last_map_seq = 0
        self._closed = False
        self._refreshing, self._pending_ids = False, set()
        self._snapshot_gen = 0
        self.setObjectName("DispatcherWindow")
        self.setWindowTitle(self.tr("网格化管理监督指挥中心 · 调度台 · {name}（{role}）").format(
            name=ws.actor.display_name or ws.actor.username, role=domain_text(ws.actor.role.label)))
        self.map = MapView(self, language=ws.settings.language)
        if ws.settings.basemap_url:
            self.map.set_basemap(ws.settings.basemap_url, ws.settings.basemap_datum)
        self.banner = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.banner.setObjectName("offlineBanner")
        self.banner.setStyleSheet("background:#c62828;color:white;font-size:14pt;padding:6px;")
        self.banner.hide()
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.map, 1)
        self.replay_bar = install_replay(self, layout)  # under the map, shown by 回放 (Ctrl+R)
        self.setCentralWidget(centre)

        self.queues = QueueTabs(ws.policy)
        self.departments = DepartmentPanel(ws.policy, ws.router, case_lookup=self.cases.get)
        self.detail = CaseDetailPanel(ws.db, ws.service, ws.actor, ws.runner, ws.router)
        self.dispatch = DispatchController(ws.service, ws.actor, ws.runner)
        queues = self._dock(self.tr("案件队列"), "queues", self.queues,
                            Qt.DockWidgetArea.BottomDockWidgetArea)
        departments = self._dock(self.tr("专业部门"), "departments", self.departments,
                                 Qt.DockWidgetArea.RightDockWidgetArea)
        detail = self._dock(self.tr("案件详情"), "detail", self.detail,
                            Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        # The queues run under the map and the departments: wide enough for their columns.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._docks = (detail, departments, queues)
        self._proportioned = False
        self.queues.show_queue(_HOME_QUEUE.get(ws.actor.role, "dispatch"))
        self._build_toolbar()
        self.message = QLabel()
        self.statusBar().addWidget(self.message, 1)
        # Undo for the last dispatch, for a short while (the domain allows RECALL_GRACE).
        self._undoable = None
        self.undo_button = QPushButton(objectName="undoDispatch", clicked=self.undo_dispatch)
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000,
                                  timeout=self._on_undo_expired)
        self._aggregates_busy = self._aggregates_again = False
        self._aggregates_started = 0.0  # monotonic time the last totals read started
        # The live reads (changed cases, totals) have their own two workers, one each at a
        # time, so they never queue behind the shared pool's slow reads (trails, details).
        # Without a parent: a read still running at close keeps it alive until it returns.
        self.live_runner = TaskRunner(threads=2)
        self.aggregates_applied = 0  # how many times the totals were drawn (benches, tests)
        self._aggregates = QTimer(self, singleShot=True, interval=AGGREGATE_DELAY_MS,
                                  timeout=self._refresh_aggregates)
        self.staff = StaffTracker()
        self._staff_positions: list = []
        self._staff_busy = False
        # Fixes arrive every second from hundreds of people: follow them at a calm pace,
        # and age the trails even when nobody moves.
        self._staff_timer = QTimer(self, singleShot=True, interval=STAFF_DELAY_MS,
                                   timeout=self._refresh_staff)
        self._staff_ageing = QTimer(self, interval=30_000, timeout=self._refresh_staff)
        self._connect()
        if remember_layout:
            self._restore_layout()

    # --- assembly ------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("工具栏"), self)
        bar.setObjectName("toolbar")
        self.addToolBar(bar)
        self.search = QLineEdit(placeholderText=self.tr("搜索 案件号 / 网格编码 / 部件编码 / 地址"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.search.returnPressed.connect(self._on_search)
        bar.addWidget(self.search)
        self.search_results = SearchResults(self.search, self._describe_found)
        self.search_results.sig_case_chosen.connect(self.select_case)
        self.window_filter = QComboBox()
        for key, label in (("1h", self.tr("近1小时")), ("today", self.tr("今日")),
                           ("7d", self.tr("近7天"))):
            self.window_filter.addItem(label, key)
        self.window_filter.setCurrentIndex(max(0, self.window_filter.findData(
            self.ws.settings.time_window)))
        self.window_filter.currentIndexChanged.connect(self._on_time_window)
        bar.addWidget(QLabel(self.tr(" 上报时间 ")))
        bar.addWidget(self.window_filter)
        bar.addSeparator()
        for layer in LAYERS:
            action = QAction(self.tr(_LAYER_LABELS.get(layer, layer)), self, checkable=True,
                             checked=layer != "basemap")
            action.setData(layer)
            action.toggled.connect(self._on_layer_toggled)
            bar.addAction(action)
        self.off_duty_action = QAction(self.tr("含未在岗"), self, checkable=True, checked=False,
                                       toolTip=self.tr("地图上也显示未在岗的监督员（灰色）"),
                                       toggled=lambda _on: self._draw_staff())
        bar.addAction(self.off_duty_action)
        bar.addSeparator()
        bar.addAction(QAction(self.tr("数据导入"), self, triggered=lambda: open_import_dialog(self)))
        bar.addAction(QAction(self.tr("设置"), self, shortcut=QKeySequence("Ctrl+,"),
                              triggered=self.edit_settings))
        bar.addAction(review_action(self, self.ws))
        bar.addAction(self.replay_bar.toggle_action)
        self.off_duty_action.toggled.connect(self.replay_bar.controller.set_off_duty)
        add_wall_config_action(self, bar)  # shift leads edit the wall display's playlist
        bar.addAction(QAction(self.tr("注销"), self, triggered=self.logout,
                              toolTip=self.tr("退出当前账号，回到登录")))
        bar.addAction(QAction(self.tr("退出"), self, shortcut=QKeySequence("Ctrl+Q"),
                              triggered=self.close, toolTip=self.tr("退出（Ctrl+Q）")))
        find = QAction(self, shortcut=QKeySequence.StandardKey.Find,
                       triggered=lambda: self.search.setFocus())
        refresh = QAction(self, shortcut=QKeySequence("F5"), triggered=self.reload)
        full = QAction(self, shortcut=QKeySequence("F11"), triggered=self.toggle_full_screen)
        self.addAction(full)
        suggest = QAction(self, shortcut=QKeySequence("Ctrl+Return"),
                          triggered=self.dispatch_to_suggestion)
        self.addActions([find, refresh, suggest])
        for i in range(min(9, len(self.queues.specs))):  # Ctrl+1 … Ctrl+9: the queues
            action = QAction(self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            action.setData(i)
            action.triggered.connect(self._on_queue_shortcut)
            self.addAction(action)

    def _connect(self) -> None:
        self.map.sig_case_clicked.connect(self.select_case)
        self.map.sig_case_drag_started.connect(self._on_map_drag)
        self.queues.sig_case_selected.connect(self.select_case)
        self.departments.sig_dispatch_requested.connect(self._on_dispatch_requested)
        self.dispatch.sig_dispatched.connect(self._on_dispatched)
        self.dispatch.sig_refused.connect(self.show_message)
        self.dispatch.sig_recalled.connect(self._on_recalled)
        self.detail.sig_case_changed.connect(self._on_case_changed)
        self.detail.sig_message.connect(self.show_message)

    def _on_queue_shortcut(self) -> None:
        self.queues.setCurrentIndex(self.sender().data())

    def _on_layer_toggled(self, visible: bool) -> None:
        self.map.set_layer_visible(self.sender().data(), visible)

    def _on_case_changed(self, case_id: int) -> None:
        self._refresh_cases([case_id])

    # --- loading and live updates -----------------------------------------------------------
    def reload(self) -> None:
        db = self.ws.db
        self.ws.runner.submit(lambda: load_snapshot(db, local_now()), self._on_snapshot,
                              self._on_failed)

    def _on_snapshot(self, snap: Snapshot) -> None:
        """Put the start-up picture on screen in short steps, one per turn of the event
        loop, so the GUI thread never stalls on it (a newer snapshot stops an older one)."""
        if self._closed:  # a late answer to a window being closed
            return
        self._snapshot_gen += 1
        cases = list(snap.cases)
        steps = [partial(self._show_geography, snap)]
        loads = list(snap.departments)
        if self.departments.tiles():
            steps.append(partial(self.departments.set_loads, loads))
        else:  # first time: the tiles are made and styled a few at a time
            steps += [partial(self.departments.set_loads, loads[:i + TILE_PIECE])
                      for i in range(0, len(loads), TILE_PIECE)] or [
                partial(self.departments.set_loads, loads)]
        steps.append(partial(self._start_queues, cases))
        steps += [partial(self.queues.apply_changes, cases[i:i + SNAPSHOT_PIECE], ())
                  for i in range(SNAPSHOT_PIECE, len(cases), SNAPSHOT_PIECE)]
        steps.append(partial(self._snapshot_shown, snap))
        self._next_step(self._snapshot_gen, steps)

    def _next_step(self, generation: int, steps: list) -> None:
        if self._closed or generation != self._snapshot_gen:
            return
        steps.pop(0)()
        if steps:
            QTimer.singleShot(0, self, partial(self._next_step, generation, steps))

    def _show_geography(self, snap: Snapshot) -> None:
        geo = snap.geography
        # Street names in the interface language (the department list knows each street's
        # name in English); community names have no translation and stay as they are.
        streets = [replace(a, name=domain_text(a.short_name)) for a in geo.streets]
        self.map.set_outlines(geo.district, streets, geo.communities)
        self.map.set_grids(geo.grids)
        self.map.set_grid_load(snap.grid_loads)

    def _start_queues(self, cases: list) -> None:
        self.cases.clear()  # the departments panel looks cases up in this very dict
        self.cases.update((c.id, c) for c in cases)
        self.queues.set_cases(cases[:SNAPSHOT_PIECE])  # the rest in the next steps

    def _snapshot_shown(self, snap: Snapshot) -> None:
        self.last_map_seq = self._publish_markers()
        # The start-up picture lives as long as the window: keep it out of the garbage
        # collector's full passes, which otherwise stop the GUI thread for tens of ms.
        gc.freeze()
        self._refresh_staff()
        self._staff_ageing.start()
        self.sig_loaded.emit()
        if self.live is None:
            self.live = LiveUpdates(self.ws.db, after_seq=snap.seq, parent=self)
            self.live.sig_changes.connect(self._on_changes)
            self.live.sig_state.connect(self._on_feed_state)
            self.live.start()

    def _on_changes(self, changes: list) -> None:
        if self._closed:  # a late answer to a window being closed
            return
        ids = sorted({int(c.entity_id) for c in changes if c.entity == "case"})
        if ids:
            self._refresh_cases(ids)
        if any(c.entity == "staff" for c in changes) and not self._staff_timer.isActive():
            self._staff_timer.start()

    def _refresh_staff(self) -> None:
        if self._staff_busy:
            return
        self._staff_busy = True
        db, tracker = self.ws.db, self.staff
        self.ws.runner.submit(lambda: follow_fixes(tracker, db, local_now()),
                              self._on_fixes, self._on_staff_failed)

    def _on_fixes(self, result) -> None:
        self._staff_busy = False
        if self._closed:
            return
        positions, more = result
        self._staff_positions = positions
        self._draw_staff()
        if more:  # a backlog (a start-up after a day of fixes): the next piece at once
            self._refresh_staff()

    def _draw_staff(self) -> None:
        """On-duty staff only unless asked: hundreds of grey dots of people off duty
        would bury the case rings and the street names."""
        shown = self._staff_positions if self.off_duty_action.isChecked() else [
            p for p in self._staff_positions if p.on_duty]
        self.map.set_staff(shown)

    def _on_staff_failed(self, exc: Exception) -> None:
        self._staff_busy = False
        self._on_failed(exc)

    def _refresh_cases(self, ids: list[int]) -> None:
        """One refresh at a time, so answers arrive in order; ids that come in meanwhile
        are read together as soon as it returns."""
        self._pending_ids.update(ids)
        if self._refreshing or not self._pending_ids:
            return
        self._refreshing = True
        db, batch = self.ws.db, sorted(self._pending_ids)
        self._pending_ids.clear()
        self.live_runner.submit(lambda: board.board_cases(db, batch), self._apply_cases,
                                self._on_refresh_failed)

    def _on_refresh_failed(self, exc: Exception) -> None:
        self._refreshing = False
        self._on_failed(exc)

    def _apply_cases(self, result) -> None:
        self._refreshing = False
        if self._closed:  # a late answer to a window being closed
            return
        self._refresh_cases([])  # what arrived while this one was running
        upserts, removed = result
        for case in upserts:
            self.cases[case.id] = case
        for case_id in removed:
            self.cases.pop(case_id, None)
        self.queues.apply_changes(upserts, removed)
        now = local_now()
        visible = [c for c in upserts if self._in_window(c, now)]
        hidden = [c.id for c in upserts if not self._in_window(c, now)]
        self.map.patch_markers([self._marker(c, now) for c in visible], [*removed, *hidden])
        if self.detail.case_id in {c.id for c in upserts} | set(removed):
            self.detail.show_case(self.detail.case_id)
        self._aggregates_due()

    def _aggregates_due(self) -> None:
        if self._aggregates.isActive():  # never pushed back by a later change
            return
        if self._aggregates_busy:  # one read at a time; another follows when it returns
            self._aggregates_again = True
            return
        since = (time.monotonic() - self._aggregates_started) * 1000
        self._aggregates.start(max(0, int(AGGREGATE_DELAY_MS - since)))

    def _refresh_aggregates(self) -> None:
        if self._aggregates_busy:
            self._aggregates_again = True
            return
        self._aggregates_busy, self._aggregates_again = True, False
        self._aggregates_started = time.monotonic()
        db = self.ws.db
        self.live_runner.submit(lambda: (grid_load(db, local_now()),
                                         board.department_loads(db, local_now())),
                                self._on_aggregates, self._on_aggregates_failed)

    def _on_aggregates_failed(self, exc: Exception) -> None:
        self._aggregates_busy = False
        self._on_failed(exc)

    def _on_aggregates(self, result) -> None:
        self._aggregates_busy = False
        if self._closed:  # a late answer to a window being closed
            return
        if self._aggregates_again:
            self._aggregates_due()
        loads, departments = result
        self.map.set_grid_load(loads)
        self.departments.set_loads(departments)
        self.aggregates_applied += 1

    def _offline_reason(self) -> str:
        return self.tr("数据库连接中断，操作未执行；连接恢复后请重新操作。")

    def _on_dispatch_requested(self, case_id: int, version: int, department_code: str) -> None:
        if self.live is not None and not self.live.online:
            self.show_message(self._offline_reason())  # refused now, never replayed later
            return
        case = self.cases.get(case_id)
        if case is not None and case.stage is Stage.DISPATCH:
            suggestions = self._suggestions(case)
            if department_code not in [s.department_code for s in suggestions]:
                if not self.confirm_unsuggested(case, department_code, suggestions):
                    self.show_message(self.tr("案件 {number} 未派遣").format(number=case.number))
                    return
        self.dispatch.request(case_id, version, department_code)

    def _suggestions(self, case: board.BoardCase):
        return self.ws.router.suggest(case.kind, case.major_code, case.minor_code,
                                      case.grid_code, case.component_owner)

    def _department_name(self, code: str | None) -> str:
        return domain_text(self.dispatch.department_names.get(code, code or ""))

    def confirm_unsuggested(self, case: board.BoardCase, code: str, suggestions) -> bool:
        """Ask before a dispatch the routing did not suggest, naming what it suggests."""
        if suggestions:
            advice = self.tr("派遣建议是 {names}。").format(names=self.tr("、").join(
                self._department_name(s.department_code) for s in suggestions[:3]))
        else:
            advice = self.tr("该案件没有派遣建议。")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("确认派遣"), self.tr(
            "案件 {number}（{cls}）不在 {department} 的建议范围内。{advice}\n"
            "仍然派往 {department}？").format(
                number=case.number, cls=domain_text(case.class_name),
                department=self._department_name(code), advice=advice), parent=self)
        go = box.addButton(self.tr("派往 {department}").format(
            department=self._department_name(code)), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole))
        box.setObjectName("confirmUnsuggested")
        box.exec()
        return box.clickedButton() is go

    def _on_feed_state(self, state: FeedState) -> None:
        self.detail.set_offline("" if state is FeedState.LIVE else self._offline_reason())
        if state is FeedState.LIVE:
            self.banner.hide()
            return
        self.banner.setText(self.tr("数据库连接中断，正在重新连接… 画面显示的是断开前的数据，"
                                    "此时的操作不会执行。") if state is FeedState.RECONNECTING
                            else self.tr("数据库离线：画面显示的是断开前的数据，操作暂停。"))
        self.banner.show()

    # --- map markers ------------------------------------------------------------------------
    def _in_window(self, case: board.BoardCase, now: datetime) -> bool:
        span = TIME_WINDOWS.get(self.window_filter.currentData())
        if span is None:  # today: everything still open, however old
            return True
        return case.reported_at >= now - span

    def _marker(self, case: board.BoardCase, now: datetime) -> Marker:
        light = self.queues.clock.light(case, now)  # the same light the queues show
        return marker_from_row(case, light.value if light else "normal")

    def _on_time_window(self) -> None:
        self.ws.settings.time_window = self.window_filter.currentData()
        self.ws.settings.save()
        self._publish_markers()

    def _publish_markers(self) -> int:
        now = local_now()
        return self.map.replace_markers([self._marker(c, now) for c in self.cases.values()
                                  if self._in_window(c, now)])

    # --- selection, search, dispatch ---------------------------------------------------------
    def _describe_found(self, row) -> str:
        board_case = self.cases.get(row.id)
        place = board_case.address if board_case is not None else ""
        name = domain_text(board_case.class_name) if board_case is not None else row.class_key
        return "  ·  ".join(t for t in (row.number, stage_text(row), name, row.grid_code, place)
                            if t)

    def select_case(self, case_id: int) -> None:
        if case_id not in self.cases:  # closed or void: only the detail can show it
            if self.detail.case_id != case_id:
                self.detail.show_case(case_id)
            return
        self.queues.select_case(case_id)
        self.map.focus(case_id=case_id)
        if self.detail.case_id != case_id:
            self.detail.show_case(case_id)

    def _on_map_drag(self, case_id: int) -> None:
        case = self.cases.get(case_id)
        if case is not None:
            self.queues.start_drag(case)

    def _on_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        db = self.ws.db
        if text.isdigit() and len(text) == 16:  # a component code: show the component itself
            self.ws.runner.submit(lambda: find_component(db, text), self._on_component,
                                  self._on_failed)
            return
        self.ws.runner.submit(lambda: search_cases(db, text, limit=20), self._on_found,
                              self._on_failed)

    def _on_component(self, component) -> None:
        if self._closed:  # a late answer to a window being closed
            return
        if component is None:
            self.show_message(self.tr("没有编码为 {code} 的部件").format(code=self.search.text()))
            return
        self.map.focus(point=(component.lon, component.lat), zoom=18,
                       label=self.tr("{name} {code}（{state}）").format(
                           name=domain_text(component.name), code=component.code,
                           state=domain_text(component.state)))
        self.show_message(self.tr("部件 {code}：{name}，{state}，网格 {grid}").format(
            code=component.code, name=domain_text(component.name),
            state=domain_text(component.state),
            grid=component.grid_code))

    def _on_found(self, rows) -> None:
        if self._closed:  # a late answer to a window being closed
            return
        text = self.search.text().strip()
        if len(rows) == 1:
            self.select_case(rows[0].id)
            self.show_message(self.tr("找到 1 个案件：{number}").format(number=rows[0].number))
        elif rows:  # the whole list, to choose from; Return again shows it again
            self.search_results.show_rows(rows)
            self.show_message(self.tr("找到 {n} 个案件，请在列表中选择").format(n=len(rows)))
        elif text.isdigit() and len(text) == 15:
            self.map.focus(grid_code=text)
            self.show_message(self.tr("网格 {code} 没有在办案件").format(code=text))
        else:
            self.show_message(self.tr("没有找到“{text}”").format(text=text))

    def dispatch_to_suggestion(self) -> None:
        """Send the case shown in the detail to the routing's first suggestion."""
        case = self.cases.get(self.detail.case_id)
        if case is None or case.stage is not Stage.DISPATCH:
            self.show_message(self.tr("请先选择一个待派遣的案件"))
            return
        suggestions = self._suggestions(case)
        if not suggestions:
            self.show_message(self.tr("没有派遣建议，请拖到部门上派遣"))
            return
        self.dispatch.request(case.id, case.version, suggestions[0].department_code)

    def _on_dispatched(self, case) -> None:
        self.show_message(self.tr("案件 {number} 已派遣至 {department}，处置截止 {deadline}").format(
            number=case.number, department=self._department_name(case.department_code),
            deadline=f"{case.deadline:%m-%d %H:%M}" if case.deadline else "—"))
        self._undoable = case
        self.undo_button.setText(self.tr("撤销派遣"))
        self.undo_button.show()
        self._undo_timer.start()
        self._refresh_cases([case.id])

    def undo_dispatch(self) -> None:
        case, self._undoable = self._undoable, None
        self._undo_timer.stop()
        self.undo_button.hide()
        if case is not None:
            self.dispatch.recall(case)

    def _on_undo_expired(self) -> None:
        self._undoable = None
        self.undo_button.hide()

    def _on_recalled(self, case) -> None:
        self.show_message(self.tr("已撤销：案件 {number} 回到待派遣").format(number=case.number))
        self._refresh_cases([case.id])

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _on_failed(self, exc: Exception) -> None:
        # A read failed: nothing was written, the picture is the last one read.
        self.show_message(self.tr("读取数据失败：{cause}。画面显示的是上次读到的数据。{advice}").format(
            cause=storage_cause(exc), advice=storage_advice(exc)))

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.ws.settings, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.settings(self.ws.settings))

    def apply_settings(self, settings: Settings) -> None:
        """Keep ``settings`` and apply them: the basemap at once; a new language by
        building the window again in it (same user, no restart, no new login)."""
        language_changed = settings.language != self.ws.settings.language
        self.ws.settings = settings
        settings.save()
        self.map.set_basemap(settings.basemap_url or None, settings.basemap_datum)
        if language_changed:
            self.next_step = "relaunch"
            self.close()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def logout(self) -> None:
        self.next_step = "logout"
        self.close()

    # --- layout ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._proportioned:  # unless a saved layout was restored
            self._proportioned = True
            self.proportion_docks()

    def proportion_docks(self) -> None:
        """Give the map most of the room: the detail and departments take a share of the
        width within bounds that keep their text readable, the queues a share of the height."""
        detail, departments, queues = self._docks
        em = self.fontMetrics().height()
        width, height = self.width(), self.height()
        self.resizeDocks([detail, departments],
                         [max(22 * em, min(36 * em, int(width * 0.27))),
                          max(14 * em, min(24 * em, int(width * 0.17)))],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([queues], [max(9 * em, min(22 * em, int(height * 0.3)))],
                         Qt.Orientation.Vertical)

    @property
    def _layout_key(self) -> str:
        """Each user's own window layout (a shared workstation has several dispatchers)."""
        return f"dispatcher/{self.ws.actor.username}"

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value(f"{self._layout_key}/geometry", QByteArray())
        state = settings.value(f"{self._layout_key}/state", QByteArray())
        if geometry:
            self.restoreGeometry(geometry)
        if state:
            self._proportioned = self.restoreState(state)

    def _really_quit(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("退出"),
                          self.tr("退出调度台？"), parent=self)
        box.setObjectName("confirmQuit")
        leave = box.addButton(self.tr("退出"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is leave

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._closed:
            return super().closeEvent(event)
        if self.confirm_close and self.next_step == "quit" and not self._really_quit():
            event.ignore()
            return
        self._closed = True
        self._aggregates.stop()
        self.live_runner.pool.shutdown(wait=False)
        self._staff_timer.stop()
        self._staff_ageing.stop()
        if self.remember_layout:
            settings = QSettings()
            settings.setValue(f"{self._layout_key}/geometry", self.saveGeometry())
            settings.setValue(f"{self._layout_key}/state", self.saveState())
        if self.live is not None:
            self.live.stop()
        super().closeEvent(event)
        self.sig_finished.emit(self.next_step)
