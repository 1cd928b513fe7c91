"""The dispatcher's workstation: a thin window that assembles the map, the queues, the
departments panel and the case detail, and keeps them in step with the shared database."""
from __future__ import annotations

import gc
from datetime import datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QLabel, QLineEdit, QMainWindow,
                               QToolBar, QVBoxLayout, QWidget)

from commandcenter.map.geojson import Marker, marker_from_row
from commandcenter.map.view import LAYERS, MapView
from commandcenter.models.enums import Role, Stage
from commandcenter.store import board
from commandcenter.store.feed import FeedState
from commandcenter.store.queries import find_component, grid_load
from commandcenter.store.search import search_cases
from commandcenter.store.service import local_now

from .case_detail import CaseDetailPanel
from .departments import DepartmentPanel
from .dispatch import DispatchController
from .i18n import domain_text
from .live import LiveUpdates
from .queues import QueueTabs
from .settings import Settings
from .staff import StaffTracker, fetch_fixes
from .settings_dialog import SettingsDialog
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
AGGREGATE_DELAY_MS = 1500
STAFF_DELAY_MS = 2000  # department and grid totals follow changes at most this often


class DispatcherWindow(QMainWindow):
    sig_loaded = Signal()  # the start-up picture is in the queues, panel and map posts

    def __init__(self, ws: Workstation, remember_layout: bool = True):
        super().__init__()
        self.ws, self.remember_layout = ws, remember_layout
        self.cases: dict[int, board.BoardCase] = {}
        self.live: LiveUpdates | None = None
        self.last_map_seq = 0
        self._closed = False
        self._refreshing, self._pending_ids = False, set()
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
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        # First-run proportions; afterwards the saved layout wins (_restore_layout).
        self.resizeDocks([queues], [300], Qt.Orientation.Vertical)
        self.resizeDocks([detail, departments], [620, 400], Qt.Orientation.Horizontal)
        self.queues.show_queue(_HOME_QUEUE.get(ws.actor.role, "dispatch"))
        self._build_toolbar()
        self.message = QLabel()
        self.statusBar().addWidget(self.message, 1)
        self._aggregates = QTimer(self, singleShot=True, interval=AGGREGATE_DELAY_MS,
                                  timeout=self._refresh_aggregates)
        self.staff = StaffTracker()
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
        bar.addSeparator()
        bar.addAction(QAction(self.tr("设置"), self, shortcut=QKeySequence("Ctrl+,"),
                              triggered=self.edit_settings))
        add_wall_config_action(self, bar)  # shift leads edit the wall display's playlist
        find = QAction(self, shortcut=QKeySequence.StandardKey.Find,
                       triggered=lambda: self.search.setFocus())
        refresh = QAction(self, shortcut=QKeySequence("F5"), triggered=self.reload)
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
        if self._closed:  # a late answer to a window being closed
            return
        geo = snap.geography
        self.map.set_outlines(geo.district, geo.streets, geo.communities)
        self.map.set_grids(geo.grids)
        self.map.set_grid_load(snap.grid_loads)
        self.cases.clear()  # the departments panel looks cases up in this very dict
        self.cases.update((c.id, c) for c in snap.cases)
        self.queues.set_cases(snap.cases)
        self.departments.set_loads(snap.departments)
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
        db, last_id, known = self.ws.db, self.staff.last_id, self.staff.known_ids
        self.ws.runner.submit(lambda: fetch_fixes(db, last_id, known, local_now()),
                              self._on_fixes, self._on_staff_failed)

    def _on_fixes(self, result) -> None:
        self._staff_busy = False
        if self._closed:
            return
        rows, names = result
        self.staff.apply(rows, names)
        self.map.set_staff(self.staff.positions(local_now()))

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
        self.ws.runner.submit(lambda: board.board_cases(db, batch), self._apply_cases,
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
        self._aggregates.start()

    def _refresh_aggregates(self) -> None:
        db = self.ws.db
        self.ws.runner.submit(lambda: (grid_load(db, local_now()),
                                       board.department_loads(db, local_now())),
                              self._on_aggregates, self._on_failed)

    def _on_aggregates(self, result) -> None:
        if self._closed:  # a late answer to a window being closed
            return
        loads, departments = result
        self.map.set_grid_load(loads)
        self.departments.set_loads(departments)

    def _offline_reason(self) -> str:
        return self.tr("数据库连接中断，操作未执行；连接恢复后请重新操作。")

    def _on_dispatch_requested(self, case_id: int, version: int, department_code: str) -> None:
        if self.live is not None and not self.live.online:
            self.show_message(self._offline_reason())  # refused now, never replayed later
            return
        self.dispatch.request(case_id, version, department_code)

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
    def select_case(self, case_id: int) -> None:
        if case_id not in self.cases:
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
        if rows:
            self.select_case(rows[0].id)
            self.show_message(self.tr("找到 {n} 个案件").format(n=len(rows)))
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
        suggestions = self.ws.router.suggest(case.kind, case.major_code, case.minor_code,
                                             case.grid_code, case.component_owner)
        if not suggestions:
            self.show_message(self.tr("没有派遣建议，请拖到部门上派遣"))
            return
        self.dispatch.request(case.id, case.version, suggestions[0].department_code)

    def _on_dispatched(self, case) -> None:
        self.show_message(self.tr("案件 {number} 已派遣").format(number=case.number))
        self._refresh_cases([case.id])

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _on_failed(self, exc: Exception) -> None:
        self.show_message(self.tr("数据库不可用：{error}").format(error=exc))

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.ws.settings, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.settings(self.ws.settings))

    def apply_settings(self, settings: Settings) -> None:
        """Keep ``settings`` and apply what takes effect at once (the basemap)."""
        self.ws.settings = settings
        settings.save()
        self.map.set_basemap(settings.basemap_url or None, settings.basemap_datum)

    # --- layout ---------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("dispatcher/geometry", QByteArray())
        state = settings.value("dispatcher/state", QByteArray())
        if geometry:
            self.restoreGeometry(geometry)
        if state:
            self.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: N802
        self._closed = True
        self._aggregates.stop()
        self._staff_timer.stop()
        self._staff_ageing.stop()
        if self.remember_layout:
            settings = QSettings()
            settings.setValue("dispatcher/geometry", self.saveGeometry())
            settings.setValue("dispatcher/state", self.saveState())
        if self.live is not None:
            self.live.stop()
        super().closeEvent(event)
