"""The wall's one live map, shared by the pages that show it, and kept up to date from the
change feed: markers coloured by countdown, new cases pulsing, grid load, staff and trails.

One ``MapView`` (one QtWebEngine renderer) moves between the pages that show it, so the
wall's memory does not grow with its pages; :meth:`WallMap.recreate` replaces it, ending
its renderer process, when the memory guard asks.
"""
from __future__ import annotations

import logging
from datetime import datetime

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from commandcenter.map.geojson import marker_from_row
from commandcenter.map.view import MapView
from commandcenter.models.policy import Policy
from commandcenter.store import board
from commandcenter.store.db import Database
from commandcenter.store.queries import grid_load
from commandcenter.store.service import local_now

from ..common.i18n import place_outlines
from ..common.replay import ReplayController
from ..common.staff import TRAIL, StaffTracker, follow_fixes
from ..common.tasks import TaskRunner
from ..common.workstation import Snapshot, load_snapshot

log = logging.getLogger(__name__)

PULSE_SECONDS = 12
AGGREGATE_DELAY_MS = 3000
# Layers per page: the overview shows everything, the staff page people and trails.
PAGE_LAYERS = {"overview": {"markers": True, "load": True, "staff": True, "labels": True},
               "staff": {"markers": False, "load": False, "staff": True, "labels": True}}
# The staff page replays the last hour, over and over, its trails growing from the start
# of the hour: each round begins with the newest hour and ends on the live picture.
REPLAY_PAGES = frozenset({"staff"})
REPLAY_SPEED = 60      # the hour in a minute
REPLAY_FRAME_MS = 100  # ten frames a second are smooth enough from across the room


class WallMap(QObject):
    sig_loaded = Signal()      # the first picture is posted to the map
    sig_failed = Signal(object)

    def __init__(self, db: Database, policy: Policy, runner: TaskRunner, language: str,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.db, self.runner, self.language = db, runner, language
        self.clock = board.CountdownClock(policy)
        self.cases: dict[int, board.BoardCase] = {}
        self.staff = StaffTracker()  # used by one worker task at a time, never here
        self._on_duty: list = []
        self.snapshot: Snapshot | None = None
        self.last_seq = 0              # the post that carries the whole picture
        self.recreated = 0
        self._scale, self._page = 1.0, "overview"
        self._busy = self._staff_busy = False
        self.closed = False  # after stop(), answers still on their way are dropped
        self._pending: set[int] = set()
        self._version = 0   # of ``cases``, counted up by every patch
        self._new: set[int] = set()
        self._aggregates = QTimer(self, singleShot=True, interval=AGGREGATE_DELAY_MS,
                                  timeout=self._refresh_aggregates)
        self._relight = QTimer(self, interval=60_000, timeout=self._relight_markers)
        self.view = self._new_view()
        self.replayer = ReplayController(self.view, db, policy, runner, loop=True,
                                         frame_ms=REPLAY_FRAME_MS, parent=self)
        self.replayer.set_speed(REPLAY_SPEED)
        self.replayer.sig_loaded.connect(lambda _replay: self.replayer.play())
        self.replayer.sig_finished.connect(self._replay_last_hour)

    def _new_view(self) -> MapView:
        view = MapView(language=self.language)
        view.setObjectName("wallMap")
        return view

    # --- placement ---------------------------------------------------------------------------
    def place(self, holder: QWidget, page: str) -> None:
        """Show the map inside ``holder`` (a page's slot) with that page's layers."""
        layout = holder.layout() or QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.view.parent() is not holder:
            layout.addWidget(self.view)
        self._page = page
        for name, visible in PAGE_LAYERS.get(page, {}).items():
            self.view.set_layer_visible(name, visible)
        self.view.show()
        if page in REPLAY_PAGES:
            self._replay_last_hour()
        elif self.replayer.replay is not None or self.replayer.loading:
            self.replayer.stop()

    def _replay_last_hour(self) -> None:
        if self.closed or self._page not in REPLAY_PAGES:
            return
        now = local_now()
        self.replayer.load(now - TRAIL, now, trail_since=now - TRAIL)

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self.view.set_emphasis(scale=scale, flash=True, pulse_seconds=PULSE_SECONDS)

    def recreate(self) -> None:
        """A new page and renderer process with the same picture (the old one's memory goes
        with its process; a reload alone would keep the same renderer)."""
        holder = self.view.parentWidget()
        old, self.view = self.view, self._new_view()
        old.hide()
        old.setParent(None)
        shiboken6.delete(old)
        self.recreated += 1
        log.info("wall map page recreated (%d so far)", self.recreated)
        self.replayer.view = self.view
        if holder is not None:
            self.place(holder, self._page)
        self.set_scale(self._scale)
        if self.snapshot is not None:
            self._post_picture()

    # --- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        db = self.db
        self.runner.submit(lambda: load_snapshot(db, local_now()), self._on_snapshot,
                           self._on_failed)

    def _on_snapshot(self, snap: Snapshot) -> None:
        if self.closed:
            return
        self.snapshot = snap
        self.cases = {c.id: c for c in snap.cases}
        self._post_picture()
        self._relight.start()
        self.refresh_staff()
        self.sig_loaded.emit()

    def _post_picture(self) -> None:
        geo = self.snapshot.geography
        self.view.set_outlines(*place_outlines(geo))
        self.view.set_grids(geo.grids)
        self.view.set_grid_load(self.snapshot.grid_loads)
        self.set_scale(self._scale)
        self.last_seq = self._publish_markers()
        if self._on_duty:
            self.view.set_staff(self._on_duty)

    def on_changes(self, changes: list) -> None:
        cases = {int(c.entity_id) for c in changes if c.entity == "case"}
        self._new |= {int(c.entity_id) for c in changes
                      if c.entity == "case" and c.kind == "report"}
        if cases:
            self._pending |= cases
            self._refresh_cases()
        if any(c.entity == "staff" for c in changes):
            self.refresh_staff()

    def _refresh_cases(self) -> None:
        if self._busy or not self._pending or self.snapshot is None:
            return
        self._busy = True
        db, ids = self.db, sorted(self._pending)
        self._pending.clear()
        self.runner.submit(lambda: board.board_cases(db, ids), self._on_cases, self._on_failed)

    def _on_cases(self, result) -> None:
        self._busy = False
        if self.closed:
            return
        upserts, removed = result
        self._version += 1
        now = local_now()
        for case in upserts:
            self.cases[case.id] = case
        for case_id in removed:
            self.cases.pop(case_id, None)
        self.view.patch_markers([self._marker(c, now) for c in upserts], removed)
        fresh = [c.id for c in upserts if c.id in self._new]
        self._new -= {c.id for c in upserts} | set(removed)
        if fresh:
            self.view.set_emphasis(pulse_ids=fresh)
        self._aggregates.start()
        self._refresh_cases()

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        if not self.closed:
            self.sig_failed.emit(exc)

    def _refresh_aggregates(self) -> None:
        db = self.db
        self.runner.submit(lambda: grid_load(db, local_now()), self._on_grid_load,
                           self._on_failed)

    def _on_grid_load(self, loads) -> None:
        if not self.closed:
            self.view.set_grid_load(loads)

    def refresh_staff(self) -> None:
        """Follow the fixes a bounded piece at a time, read and applied on a worker (the
        desks do the same): applying a minute of fixes from hundreds of people and building
        their trails held the GUI thread for tens of ms, in the middle of page switches."""
        if self._staff_busy:
            return
        self._staff_busy = True
        db, tracker = self.db, self.staff
        self.runner.submit(lambda: follow_fixes(tracker, db, local_now()),
                           self._on_fixes, self._on_staff_failed)

    def _on_fixes(self, result) -> None:
        self._staff_busy = False
        if self.closed:
            return
        positions, more = result
        # On duty only: off duty, people are no one's business on a wall seen by visitors.
        self._on_duty = [p for p in positions if p.on_duty]
        self.view.set_staff(self._on_duty)
        if more:  # a backlog (the start-up's hour of trails): the next piece at once
            self.refresh_staff()

    def on_duty(self) -> list:
        """People on duty as last drawn, with their last hour's trail."""
        return list(self._on_duty)

    def _on_staff_failed(self, exc: Exception) -> None:
        self._staff_busy = False
        if not self.closed:
            self.sig_failed.emit(exc)

    # --- markers -----------------------------------------------------------------------------
    def _marker(self, case: board.BoardCase, now: datetime):
        light = self.clock.light(case, now)
        return marker_from_row(case, light.value if light else "normal")

    def _publish_markers(self) -> int:
        now = local_now()
        return self.view.replace_markers([self._marker(c, now) for c in self.cases.values()])

    def _relight_markers(self) -> None:
        """All markers again, since countdowns move on with the clock even when nothing
        changes: their lights are worked out on a worker (some thousand cases, tens of ms),
        and only the finished markers reach the GUI thread."""
        cases, marker, version = tuple(self.cases.values()), self._marker, self._version
        self.runner.submit(lambda: [marker(c, local_now()) for c in cases],
                           lambda markers: self._on_relit(markers, version), self._on_failed)

    def _on_relit(self, markers: list, version: int) -> None:
        if self.closed:
            return
        if version != self._version:  # cases changed meanwhile: these markers are stale
            self._relight_markers()
            return
        self.view.replace_markers(markers)

    def stop(self) -> None:
        self.closed = True
        self._aggregates.stop()
        self._relight.stop()
        self.replayer.pause()
