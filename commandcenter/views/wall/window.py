"""``WallWindow``: the unattended big screen. It connects (retrying for ever, full screen,
never a dialog), rotates its pages by the playlist, follows the change feed, shows when its
figures are stale, shifts against burn-in, hides the cursor and leaves only for a shift lead."""
from __future__ import annotations

import gc
import logging
import time
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from commandcenter.models.enums import Role
from commandcenter.models.wall import WallConfig
from commandcenter.models.wall_display import Rotation, Sizing, burn_in_offset
from commandcenter.store.accounts import AuthenticationError, authenticate
from commandcenter.store.feed import FeedState
from commandcenter.store.service import local_now

from ..common.live import LiveUpdates
from ..common.tasks import TaskRunner
from .base import WallPage, page_title
from .connect import WallSession, failure_reason
from .mapfeed import WallMap
from .memory import MemoryGuard
from .overdue import OverduePage
from .overlays import ConnectingPage, DimOverlay, ExitPrompt
from .overview import OverviewPage
from .ranking import RankingPage
from .staff import StaffPage
from .theme import Metrics, PageStrip, stylesheet
from .trends import TrendsPage

log = logging.getLogger(__name__)

RETRY_S = 5
REFRESH_S = 30            # every page's figures, even when nothing is reported changed
CHANGE_DEBOUNCE_MS = 4000
CURSOR_HIDE_S = 3
EXIT_CHORD = QKeySequence("Ctrl+Alt+Q")


class WallWindow(QWidget):
    sig_ready = Signal()          # connected, pages built, the map's first picture posted
    sig_page_shown = Signal(str)
    sig_connect_failed = Signal(str)
    sig_state = Signal(object)    # FeedState
    sig_left = Signal()           # a shift lead ended the wall

    def __init__(self, config: WallConfig, connector: Callable[[], WallSession],
                 runner: TaskRunner, *, mitigation: bool = True,
                 guard_options: dict | None = None,   # MemoryGuard's bounds and intervals
                 physical_height_mm: float | None = None,
                 mono: Callable[[], float] = time.monotonic, retry_s: float = RETRY_S):
        super().__init__()
        self.setObjectName("WallWindow")
        self.setWindowTitle(self.tr("网格化管理监督指挥中心 · 大屏"))
        self.config, self.connector, self.runner = config, connector, runner
        self.mitigation, self.mono, self.retry_s = mitigation, mono, retry_s
        self.guard_options = guard_options or {}
        self.physical_height_mm = physical_height_mm or (
            config.wall_height_m * 1000 if config.wall_height_m else None)
        self.session: WallSession | None = None
        self.pages: dict[str, WallPage] = {}
        self.map: WallMap | None = None
        self.live: LiveUpdates | None = None
        self.guard: MemoryGuard | None = None
        self.rotation = Rotation(config)
        self.state: FeedState | None = None
        self.offline_since: datetime | None = None
        self.attempts = 0
        self.metrics: Metrics | None = None
        self._started = mono()
        self._may_close = False
        self._closed = False  # answers still on their way after shutdown are dropped
        self._loading: set[str] = set()
        self._last_move = mono()
        self._cursor_hidden = False

        self.strip = PageStrip()
        self.stack = QStackedWidget()
        self.content = QWidget(self)
        layout = QVBoxLayout(self.content)
        layout.addWidget(self.strip)
        layout.addWidget(self.stack, 1)
        self.connecting = ConnectingPage(self)
        self.dim = DimOverlay(self)
        self.exit_prompt = ExitPrompt(self)
        self.exit_prompt.hide()
        self.exit_prompt.sig_submitted.connect(self._on_exit_submitted)
        self.exit_prompt.sig_cancelled.connect(self.setFocus)
        self._add_shortcuts()
        if config.warning:
            self.connecting.config_note.setText(self.tr("配置文件有误，使用默认轮播：{reason}")
                                                .format(reason=config.warning))
        self._tick = QTimer(self, interval=1000, timeout=self._on_tick)
        self._refresh_all = QTimer(self, interval=REFRESH_S * 1000,
                                   timeout=self.refresh_when_quiet)
        self._changed = QTimer(self, singleShot=True, interval=CHANGE_DEBOUNCE_MS,
                               timeout=self.refresh_when_quiet)
        self._quiet = QTimer(self, singleShot=True, timeout=self.refresh_when_quiet)
        self._retry = QTimer(self, singleShot=True, timeout=self._attempt)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)

    # --- connecting ----------------------------------------------------------------------------
    def start(self) -> None:
        self.strip.show_clock(local_now())  # not blank for the first second
        self._tick.start()
        self._attempt()

    def _attempt(self) -> None:
        self.runner.submit(self.connector, self._on_connected, self._on_connect_failed)

    def _on_connect_failed(self, exc: Exception) -> None:
        if self._closed:
            return
        self.attempts += 1
        reason = failure_reason(exc, self.config.user)
        log.warning("wall: cannot start (attempt %d): %s", self.attempts, reason)
        self.connecting.show_attempt(reason, self.attempts, int(self.retry_s))
        self.connecting.show()
        self.connecting.raise_()
        self.sig_connect_failed.emit(reason)
        self._retry.start(int(self.retry_s * 1000))

    def _on_connected(self, session: WallSession) -> None:
        if self._closed:
            session.db.dispose()
            return
        self.session = session
        log.info("wall: logged in as %s", session.actor.username)
        calendar = session.policy.calendar
        # One page per event-loop turn: each (the trends page's plots above all) takes tens
        # of ms to build, and the heartbeat of the start-up should not wait for all five.
        self._build_pages([OverviewPage, TrendsPage, RankingPage,
                           lambda: OverduePage(calendar), StaffPage], {})

    def _build_pages(self, factories: list, built: dict) -> None:
        if self._closed:
            return
        if factories:
            page = factories[0]()
            built[page.name] = page
            self.stack.addWidget(page)
            QTimer.singleShot(0, lambda: self._build_pages(factories[1:], built))
            return
        self.pages.update(built)  # the pages count from here, all five at once
        session = self.session
        self.map = WallMap(session.db, session.policy, self.runner, self.config.language, self)
        self.map.sig_loaded.connect(self._on_map_loaded)
        self.map.sig_failed.connect(self._on_load_failed)
        if self.metrics is not None:
            self._apply_metrics()
        self.show_page(self.rotation.start(self.mono(), local_now().time()))
        self.map.reload()
        self.refresh()
        self._refresh_all.start()
        self.guard = MemoryGuard(lambda: self.map.view.collect_garbage(), self.map.recreate,
                                 self._map_visible, **self.guard_options, parent=self)
        if self.mitigation:
            self.guard.start()

    def _on_map_loaded(self) -> None:
        if self._closed:
            return
        # The start-up picture lives as long as the wall: keep it out of the collector's
        # full passes, which otherwise stop the GUI thread for tens of milliseconds.
        gc.freeze()
        self.connecting.hide()
        if self.live is None:
            self.live = LiveUpdates(self.session.db, after_seq=self.map.snapshot.seq, parent=self)
            self.live.sig_changes.connect(self._on_changes)
            self.live.sig_state.connect(self._on_feed_state)
            self.live.start()
        self.sig_ready.emit()

    # --- data ----------------------------------------------------------------------------------
    def refresh_when_quiet(self) -> None:
        """Refresh every page's figures, but not around a page switch: a worker building
        figures holds the interpreter lock that the GUI thread needs to repaint the wall,
        and a switch repaints all of it. The figures wait at most a couple of seconds."""
        wait = self.rotation.quiet_in(self.mono()) if self.pages else 0.0
        if wait > 0:
            if not self._quiet.isActive():
                self._quiet.start(int(wait * 1000) + 1)
            return
        self.refresh()

    def refresh(self, names: list[str] | None = None) -> None:
        """Reload the pages' figures, the one on screen first; a page already loading waits."""
        if self.session is None:
            return
        current = self.current_page()
        order = sorted(names or self.pages, key=lambda n: n != current)
        db = self.session.db
        for name in order:
            if name in self._loading:
                continue
            self._loading.add(name)
            page, now = self.pages[name], local_now()
            self.runner.submit(lambda p=page, t=now: p.load(db, t),
                               lambda data, p=page, t=now: self._on_page_data(p, data, t),
                               lambda exc, p=page: self._on_page_failed(p, exc))

    def _on_page_data(self, page: WallPage, data, at: datetime) -> None:
        self._loading.discard(page.name)
        if self._closed:
            return
        page.receive(data, at)
        if page.name == self.current_page():
            # The clock ticks once a second: set now, it never reads earlier than "更新于".
            self.strip.show_clock(local_now())
            self._show_state()

    def _on_page_failed(self, page: WallPage, exc: Exception) -> None:
        self._loading.discard(page.name)
        if self._closed:
            return
        self._on_load_failed(exc)

    def _on_load_failed(self, exc: Exception) -> None:
        if self._closed:
            return
        log.warning("wall: a read failed, the last figures stay: %s", exc)
        if self.offline_since is None:
            self.offline_since = local_now()
        self._show_state()

    def _on_changes(self, changes: list) -> None:
        if self._closed:
            return
        self.map.on_changes(changes)
        if any(c.entity == "case" for c in changes) and not self._changed.isActive():
            self._changed.start()

    def _on_feed_state(self, state: FeedState) -> None:
        if self._closed:
            return
        was_live, self.state = self.state is FeedState.LIVE, state
        if state is FeedState.LIVE:
            self.offline_since = None
            if not was_live:  # the feed catches up the changes; the figures are read again
                self.refresh_when_quiet()
        elif self.offline_since is None:
            self.offline_since = local_now()
        self._show_state()
        self.sig_state.emit(state)

    @property
    def is_live(self) -> bool:
        return self.state is FeedState.LIVE and self.offline_since is None

    def _show_state(self) -> None:
        page = self.pages.get(self.current_page())
        self.strip.show_state(self.is_live, self.offline_since, page.updated_at if page else None)

    # --- pages ---------------------------------------------------------------------------------
    def current_page(self) -> str:
        widget = self.stack.currentWidget()
        return widget.name if isinstance(widget, WallPage) else ""

    def show_page(self, name: str) -> None:
        page = self.pages[name]
        if page.uses_map and self.map is not None:
            self.map.place(page.map_slot, name)
        self.stack.setCurrentWidget(page)
        entries = self.rotation.schedule.entries
        self.strip.show_page(page_title(name), self.rotation.index, len(entries),
                             self.rotation.paused)
        self.dim.set_level(self.rotation.schedule.dim)
        self._show_state()
        if self.guard is not None and self.mitigation:
            self.guard.page_changed()
        self.sig_page_shown.emit(name)

    def _map_visible(self) -> bool:
        page = self.pages.get(self.current_page())
        return bool(page and page.uses_map)

    def step(self, delta: int) -> None:
        if self.pages:
            self.rotation.step(delta, self.mono())
            self.show_page(self.rotation.page)

    def toggle_pause(self) -> None:
        if self.pages:
            self.rotation.toggle_pause(self.mono())
            self.show_page(self.rotation.page)

    def _on_tick(self) -> None:
        now, mono = local_now(), self.mono()
        self.strip.show_clock(now)
        if self.pages:
            if self.rotation.update(mono, now.time()):
                self.show_page(self.rotation.page)
            self.pages[self.current_page()].tick(now)
            self._show_state()
        self._shift(mono)
        if not self._cursor_hidden and mono - self._last_move >= CURSOR_HIDE_S:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self._cursor_hidden = True

    # --- sizes, burn-in ------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        dpr = self.devicePixelRatioF()
        sizing = Sizing.for_picture(round(self.width() * dpr), round(self.height() * dpr),
                                    self.config.viewing_distance_m, self.physical_height_mm,
                                    self.config.splice)
        self.metrics = Metrics(sizing, dpr)
        self._apply_metrics()

    def _apply_metrics(self) -> None:
        m = self.metrics
        self.setStyleSheet(stylesheet(m))
        self.content.layout().setSpacing(m.px(0.3))
        self.strip.set_spacing(m)
        for page in self.pages.values():
            page.apply_metrics(m)
        if self.map is not None:
            # the map's labels are 12–14 px: larger, but not so large that they hide the map
            self.map.set_scale(min(3.0, max(1.0, m.unit / 28)))
        for widget in (self.connecting, self.dim):
            widget.setGeometry(self.rect())
        self.exit_prompt.place(m, self)
        self._shift(self.mono(), force=True)

    def _shift(self, mono: float, force: bool = False) -> None:
        """Move everything by a few pixels now and then, so no static edge burns in."""
        if self.metrics is None:
            return
        dx, dy = burn_in_offset(mono - self._started, self.config.burn_in_interval_s,
                                self.config.burn_in_px)
        margin = self.metrics.px(0.5)
        rect = self.rect().adjusted(margin + dx, margin + dy, -margin + dx, -margin + dy)
        if force or rect != self.content.geometry():
            self.content.setGeometry(rect)

    # --- input and leaving ---------------------------------------------------------------------
    def _add_shortcuts(self) -> None:
        """Window-wide keys: they work whichever child has the focus (a click on the map
        gives it to the web view), and stand aside while the exit prompt is open."""
        self._shortcuts = []
        for keys, slot in ((EXIT_CHORD, self.exit_prompt.open),
                           (QKeySequence(Qt.Key.Key_Left), lambda: self.step(-1)),
                           (QKeySequence(Qt.Key.Key_Right), lambda: self.step(1)),
                           (QKeySequence(Qt.Key.Key_Space), self.toggle_pause)):
            shortcut = QShortcut(keys, self, context=Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)
        self.exit_prompt.sig_shown.connect(lambda shown: [s.setEnabled(not shown)
                                                          for s in self._shortcuts])

    def keyPressEvent(self, event) -> None:  # noqa: N802
        event.accept()  # Esc and every other key: nothing (no accidental exit)

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.MouseMove, QEvent.Type.HoverMove):
            self._last_move = self.mono()
            if self._cursor_hidden:
                QGuiApplication.restoreOverrideCursor()
                self._cursor_hidden = False
        return super().event(event)

    def _on_exit_submitted(self, user: str, password: str) -> None:
        if self.session is None:
            self.exit_prompt.refuse(self.tr("数据库未连接，无法核对密码"))
            return
        db = self.session.db

        def check():
            actor = authenticate(db, user, password)
            if actor.role is not Role.SHIFT_LEAD:
                raise AuthenticationError("not a shift lead")
            return actor
        self.runner.submit(check, self._on_exit_allowed, self._on_exit_refused)

    def _on_exit_allowed(self, actor) -> None:
        if self._closed:
            return
        log.warning("wall: ended by shift lead %s", actor.username)
        self._may_close = True
        self.sig_left.emit()
        self.close()

    def _on_exit_refused(self, exc: Exception) -> None:
        if self._closed:
            return
        self.exit_prompt.refuse(self.tr("只有值班长可以退出大屏；用户名或密码不对"))

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self._may_close:
            event.ignore()  # Alt+F4 and the like: the wall stays
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop timers and the feed (tests and a permitted exit)."""
        self._may_close = self._closed = True
        for timer in (self._tick, self._refresh_all, self._changed, self._retry, self._quiet):
            timer.stop()
        if self.guard is not None:
            self.guard.stop()
        if self.map is not None:
            self.map.stop()
        if self.live is not None:
            self.live.stop()
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False
