"""What every desk of the center is: a thin window around the live map, the case queues
and the case detail, kept in step with the shared database.

A desk (dispatcher, intake, shift lead, department, leader, field supervisor) subclasses
:class:`DeskWindow` and says which queues it shows, which docks it adds and which reads it
needs besides the cases; loading, live changes, staff positions, search, settings, layout
and leaving are the same everywhere, so they live here once (a supervisor picked on
the map for the case shown too).
"""
from __future__ import annotations

import gc
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from commandcenter.map.view import LAYERS, MapView
from commandcenter.store import board

from .basemap import BasemapControl
from .case_detail import CaseDetailPanel
from .desk_live import AGGREGATE_DELAY_MS, STAFF_DELAY_MS, LiveDesk
from .desk_pick import StaffPick
from .desk_search import DeskSearch
from .duties import desk_title, desks_for
from .i18n import domain_text
from .live import LiveUpdates
from .messages import storage_advice, storage_cause
from .queues import QUEUES, QueueSpec, QueueTabs
from .replay_bar import install_replay
from .search_results import SearchResults
from .settings import Settings
from .settings_dialog import SettingsDialog
from .staff import StaffTracker
from .tasks import TaskRunner
from .workstation import Snapshot, Workstation

_LAYER_LABELS = {"grids": QT_TRANSLATE_NOOP("DeskWindow", "单元网格"),
                 "load": QT_TRANSLATE_NOOP("DeskWindow", "网格案件分布"),
                 "outlines": QT_TRANSLATE_NOOP("DeskWindow", "街道社区边界"),
                 "labels": QT_TRANSLATE_NOOP("DeskWindow", "名称标注"),
                 "markers": QT_TRANSLATE_NOOP("DeskWindow", "案件"),
                 "staff": QT_TRANSLATE_NOOP("DeskWindow", "监督员位置"),
                 "basemap": QT_TRANSLATE_NOOP("DeskWindow", "底图")}


class DeskWindow(LiveDesk, DeskSearch, StaffPick, QMainWindow):
    sig_loaded = Signal()  # the start-up picture is in the queues, panels and map posts
    sig_finished = Signal(str)
    """The window closed; what comes next: "quit", "logout", "relaunch" (new language) or
    "desk:<key>" (the same user at another of their desks)."""

    desk_key = "dispatcher"  # a key of duties.DESK_TITLES
    home_queue = ""
    # The right-hand panel's share of the width, and its bounds in lines of text.
    side_share, side_em = 0.17, (14, 24)
    replays = False  # a replay bar under the map (回放, Ctrl+R): the desks that watch the day

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
        self.setObjectName(type(self).__name__)
        self.setWindowTitle(self.tr("网格化管理监督指挥中心 · {desk} · {name}（{role}）").format(
            desk=desk_title(self.desk_key), name=ws.actor.display_name or ws.actor.username,
            role=domain_text(ws.actor.role.label)))
        self.map = MapView(self, language=ws.settings.language)
        self.basemap = BasemapControl(self.map, ws.runner, ws.db, self)
        self.basemap.sig_problem.connect(self.show_message)
        self.basemap.apply(ws.settings)
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

        self.queues = QueueTabs(ws.policy, specs=self.queue_specs())
        self.detail = CaseDetailPanel(ws.db, ws.service, ws.actor, ws.runner, ws.router)
        self.queues_dock = self._dock(self.tr("案件队列"), "queues", self.queues,
                                      Qt.DockWidgetArea.BottomDockWidgetArea)
        self.detail_dock = self._dock(self.tr("案件详情"), "detail", self.detail,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        # The queues run under the map and the right-hand panel: room for their columns.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.side_dock: QDockWidget | None = None
        self._proportioned = False
        self.build_panels()
        # Under the map, shown by 回放 (Ctrl+R) on the toolbar.
        self.replay_bar = install_replay(self, layout) if self.replays else None
        keys = [s.key for s in self.queues.specs]
        if self.home_queue in keys:
            self.queues.show_queue(self.home_queue)
        self.message = QLabel()
        self.statusBar().addWidget(self.message, 1)
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
        self._build_toolbar()
        self._connect()
        if remember_layout:
            self._restore_layout()
        # What exists now (modules, the window) lives as long as the window: keep it out of
        # the collector's full passes. The start-up's allocations (snapshot, map payloads)
        # otherwise set one off on a worker, walking every object for 100-200 ms with the
        # interpreter lock held, and the GUI thread waits for that lock to paint.
        gc.freeze()

    # --- what a desk says about itself ----------------------------------------------------
    def queue_specs(self) -> tuple[QueueSpec, ...]:
        """The queues this desk shows, in tab order."""
        return QUEUES

    def build_panels(self) -> None:
        """Add the desk's own docks (the right-hand panel goes in :attr:`side_dock`)."""

    def build_actions(self, bar: QToolBar) -> None:
        """Add the desk's own toolbar actions (after the map's, before settings)."""

    def snapshot_steps(self, snap: Snapshot) -> list:
        """Extra start-up steps (each a callable run in its own turn of the event loop)."""
        return []

    def read_totals(self, db, now: datetime):
        """A desk's own totals beside the grid load, read on a worker (None: nothing)."""
        return None

    def show_totals(self, totals) -> None:
        """Put :meth:`read_totals`' answer on screen (GUI thread)."""

    def cases_changed(self, upserts: list, removed: list, previous: dict) -> None:
        """Changed cases arrived and are in the queues and on the map; ``previous`` holds
        what the desk showed of each before (None for a case new to it)."""

    # --- assembly ---------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def add_side_panel(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        self.side_dock = self._dock(title, name, widget, Qt.DockWidgetArea.RightDockWidgetArea)
        return self.side_dock

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("工具栏"), self)
        bar.setObjectName("toolbar")
        self.addToolBar(bar)
        self.toolbar = bar
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
                             checked=True)  # as the page starts: every layer shown
            action.setData(layer)
            action.toggled.connect(self._on_layer_toggled)
            bar.addAction(action)
        self.off_duty_action = QAction(self.tr("含未在岗"), self, checkable=True, checked=False,
                                       toolTip=self.tr("地图上也显示未在岗的监督员（灰色）"),
                                       toggled=lambda _on: self._draw_staff())
        bar.addAction(self.off_duty_action)
        bar.addSeparator()
        self.build_actions(bar)
        if self.replay_bar is not None:
            bar.addAction(self.replay_bar.toggle_action)
            self.off_duty_action.toggled.connect(self.replay_bar.controller.set_off_duty)
        self._add_desk_switch(bar)
        bar.addAction(QAction(self.tr("设置"), self, shortcut=QKeySequence("Ctrl+,"),
                              triggered=self.edit_settings))
        bar.addAction(QAction(self.tr("注销"), self, triggered=self.logout,
                              toolTip=self.tr("退出当前账号，回到登录")))
        bar.addAction(QAction(self.tr("退出"), self, shortcut=QKeySequence("Ctrl+Q"),
                              triggered=self.close, toolTip=self.tr("退出（Ctrl+Q）")))
        find = QAction(self, shortcut=QKeySequence.StandardKey.Find,
                       triggered=lambda: self.search.setFocus())
        refresh = QAction(self, shortcut=QKeySequence("F5"), triggered=self.reload)
        full = QAction(self, shortcut=QKeySequence("F11"), triggered=self.toggle_full_screen)
        self.addActions([find, refresh, full])
        for i in range(min(9, len(self.queues.specs))):  # Ctrl+1 … Ctrl+9: the queues
            action = QAction(self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            action.setData(i)
            action.triggered.connect(self._on_queue_shortcut)
            self.addAction(action)

    def _add_desk_switch(self, bar: QToolBar) -> None:
        """A user with several duties moves between their desks (same login)."""
        keys = desks_for(self.ws.actor)
        self.desk_choice = None
        if len(keys) < 2:
            return
        self.desk_choice = QComboBox(objectName="deskChoice")
        for key in keys:
            self.desk_choice.addItem(desk_title(key), key)
        self.desk_choice.setCurrentIndex(max(0, keys.index(self.desk_key)
                                             if self.desk_key in keys else 0))
        self.desk_choice.setToolTip(self.tr("切换工作台"))
        self.desk_choice.activated.connect(self._on_desk_chosen)
        bar.addWidget(self.desk_choice)

    def _on_desk_chosen(self, index: int) -> None:
        key = self.desk_choice.itemData(index)
        if key != self.desk_key:
            self.switch_desk(key)

    def switch_desk(self, key: str) -> None:
        self.next_step = f"desk:{key}"
        self.close()

    def _connect(self) -> None:
        self.map.sig_case_clicked.connect(self.select_case)
        self.queues.sig_case_selected.connect(self.select_case)
        self.detail.sig_case_changed.connect(self._on_case_changed)
        self.detail.sig_message.connect(self.show_message)
        self.detail.sig_case_requested.connect(self.select_case)
        self._connect_pick()

    def _on_queue_shortcut(self) -> None:
        self.queues.setCurrentIndex(self.sender().data())

    def _on_layer_toggled(self, visible: bool) -> None:
        self.map.set_layer_visible(self.sender().data(), visible)

    def _on_case_changed(self, case_id: int) -> None:
        self._refresh_cases([case_id])

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _on_failed(self, exc: Exception) -> None:
        # A read failed: nothing was written, the picture is the last one read.
        self.show_message(self.tr("读取数据失败：{cause}。画面显示的是上次读到的数据。{advice}").format(
            cause=storage_cause(exc), advice=storage_advice(exc)))

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.ws.settings, self, runner=self.ws.runner)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.settings(self.ws.settings))

    def apply_settings(self, settings: Settings) -> None:
        """Keep ``settings`` and apply them: the basemap at once; a new language by
        building the window again in it (same user, no restart, no new login)."""
        language_changed = settings.language != self.ws.settings.language
        self.ws.settings = settings
        settings.save()
        self.basemap.apply(settings)
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
        """Give the map most of the room: the detail and the side panel take a share of
        the width within bounds that keep their text readable, the queues a share of the
        height."""
        em = self.fontMetrics().height()
        width, height = self.width(), self.height()
        docks = [self.detail_dock]
        sizes = [max(22 * em, min(36 * em, int(width * 0.27)))]
        if self.side_dock is not None:
            docks.append(self.side_dock)
            low, high = self.side_em
            sizes.append(max(low * em, min(high * em, int(width * self.side_share))))
        self.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)
        self.resizeDocks([self.queues_dock], [max(9 * em, min(22 * em, int(height * 0.3)))],
                         Qt.Orientation.Vertical)

    @property
    def _layout_key(self) -> str:
        """Each user's own layout of each desk (a shared workstation has several users)."""
        return f"{self.desk_key}/{self.ws.actor.username}"

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
                          self.tr("退出{desk}？").format(desk=desk_title(self.desk_key)),
                          parent=self)
        box.setObjectName("confirmQuit")
        leave = box.addButton(self.tr("退出"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is leave

    def stop(self) -> None:
        """Stop the desk's own timers and workers (called once, at close)."""

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
        self.stop()
        if self.remember_layout:
            settings = QSettings()
            settings.setValue(f"{self._layout_key}/geometry", self.saveGeometry())
            settings.setValue(f"{self._layout_key}/state", self.saveState())
        if self.live is not None:
            self.live.stop()
        super().closeEvent(event)
        self.sig_finished.emit(self.next_step)
