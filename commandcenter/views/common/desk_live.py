"""How a desk follows the shared database: the start-up picture put on screen in short
steps, changed cases read as they arrive, totals and staff positions at a calm pace, the
feed's state on a banner, and the cases on the map (a mixin of :class:`DeskWindow`)."""
from __future__ import annotations

import gc
import time
from datetime import datetime, timedelta
from functools import partial

from PySide6.QtCore import QTimer

from commandcenter.map.geojson import Marker, marker_from_row
from commandcenter.store import board
from commandcenter.store.feed import FeedState
from commandcenter.store.queries import grid_load
from commandcenter.store.service import local_now

from .i18n import place_outlines
from .live import LiveUpdates
from .staff import follow_fixes
from .workstation import Snapshot, load_snapshot

TIME_WINDOWS = {"1h": timedelta(hours=1), "today": None, "7d": timedelta(days=7)}
# Grid totals (and a desk's own totals) follow changes at most this often, and at least
# this soon after the first change: a read starts AGGREGATE_DELAY_MS after the previous one
# started (or at once if that is past), never pushed back by a later change.
AGGREGATE_DELAY_MS = 700
STAFF_DELAY_MS = 2000
SNAPSHOT_PIECE = 150  # start-up cases put into the queues per turn of the event loop
# Between two start-up steps: room for the repaint the first asked for (Qt delivers a
# window's update request ~5 ms after it is asked), so steps and paints take turns instead
# of adding up into one long stop of the GUI thread.
STEP_GAP_MS = 8


class LiveDesk:
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
        steps = [partial(self._show_geography, snap), *self.snapshot_steps(snap),
                 partial(self._start_queues, cases)]
        steps += [partial(self.queues.apply_changes, cases[i:i + SNAPSHOT_PIECE], ())
                  for i in range(SNAPSHOT_PIECE, len(cases), SNAPSHOT_PIECE)]
        steps.append(partial(self._snapshot_shown, snap))
        self._next_step(self._snapshot_gen, steps)

    def _next_step(self, generation: int, steps: list) -> None:
        if self._closed or generation != self._snapshot_gen:
            return
        steps.pop(0)()
        if steps:
            QTimer.singleShot(STEP_GAP_MS, self, partial(self._next_step, generation, steps))

    def _show_geography(self, snap: Snapshot) -> None:
        geo = snap.geography
        self.map.set_outlines(*place_outlines(geo))
        self.map.set_grids(geo.grids)
        self.map.set_grid_load(snap.grid_loads)

    def _start_queues(self, cases: list) -> None:
        self.cases.clear()  # panels look cases up in this very dict
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
        previous = {c.id: self.cases.get(c.id) for c in upserts}
        previous.update({i: self.cases.get(i) for i in removed})
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
        self.cases_changed(list(upserts), list(removed), previous)
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
        db, read_totals = self.ws.db, self.read_totals
        self.live_runner.submit(lambda: (grid_load(db, local_now()),
                                         read_totals(db, local_now())),
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
        loads, totals = result
        self.map.set_grid_load(loads)
        self.show_totals(totals)
        self.aggregates_applied += 1

    def offline_reason(self) -> str:
        return self.tr("数据库连接中断，操作未执行；连接恢复后请重新操作。")

    def is_offline(self) -> bool:
        return self.live is not None and not self.live.online

    def _on_feed_state(self, state: FeedState) -> None:
        self.detail.set_offline("" if state is FeedState.LIVE else self.offline_reason())
        if state is FeedState.LIVE:
            self.banner.hide()
            return
        self.banner.setText(self.tr("数据库连接中断，正在重新连接… 画面显示的是断开前的数据，"
                                    "此时的操作不会执行。") if state is FeedState.RECONNECTING
                            else self.tr("数据库离线：画面显示的是断开前的数据，操作暂停。"))
        self.banner.show()

    # --- map markers ------------------------------------------------------------------------
    def shows_on_map(self, case: board.BoardCase) -> bool:
        """Whether the map shows ``case`` at this desk (all open cases by default)."""
        return True

    def _in_window(self, case: board.BoardCase, now: datetime) -> bool:
        if not self.shows_on_map(case):
            return False
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

