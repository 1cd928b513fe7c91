"""Plays a past stretch of time on a ``MapView``: loads it off the GUI thread, keeps the
replay clock (play, pause, speed, seek, loop) and hands the map one frame at a time.

Frames are paced by the page: the next one is posted only once the page has painted the
one before, for the newest instant asked for meanwhile. A fast scrub or a high speed
therefore never queues frames up; the page simply skips instants it had no time to draw.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.map.view import MapView
from commandcenter.models.policy import Policy
from commandcenter.models.replay import TRAIL, Replay
from commandcenter.store.db import Database
from commandcenter.store.replay import load_replay

SPEEDS = (1, 10, 60, 600)
FRAME_MS = 40          # the replay clock's tick: at most 25 frames a second
STALL_S = 2.0          # a frame not reported painted by then no longer holds the next one


def build_replay(db: Database, policy: Policy, start: datetime, end: datetime, *,
                 trail: timedelta = TRAIL, trail_since: datetime | None = None) -> Replay:
    """Worker-thread half of a load: read the stretch and precompute it."""
    data = load_replay(db, start, end, trail=trail)
    return Replay(data, policy, trail=trail, trail_since=trail_since)


class ReplayController(QObject):
    sig_loading = Signal()
    """A load started (the picture on the map stays until it is done)."""
    sig_loaded = Signal(object)
    """A stretch is loaded and on the map (``Replay``)."""
    sig_failed = Signal(object)
    """Loading failed (the exception); what was shown stays."""
    sig_time = Signal(object)
    """The instant of the frame just handed to the map (``datetime``)."""
    sig_playing = Signal(bool)
    sig_finished = Signal()
    """Playing reached the end of the stretch (and stopped, unless looping)."""
    sig_stopped = Signal()
    """The replay ended; the map shows the live picture again."""

    def __init__(self, view: MapView, db: Database, policy: Policy, runner, *,
                 trail: timedelta = TRAIL, loop: bool = False, frame_ms: int = FRAME_MS,
                 parent: QObject | None = None):
        """``runner`` is the views' ``TaskRunner``; with ``loop`` playing starts over at
        the end; ``frame_ms`` is the clock's tick while playing."""
        super().__init__(parent)
        self.db, self.policy, self.runner = db, policy, runner
        self.trail, self.loop = trail, loop
        self.replay: Replay | None = None
        self.speed = SPEEDS[2]
        self._view: MapView | None = None
        self._generation = 0
        self._target: datetime | None = None   # the instant to show next
        self._posted: datetime | None = None   # the instant of the last frame posted
        self._frame_seq = 0
        self._waiting_since: float | None = None
        self._last_tick = 0.0
        self._clock = QTimer(self, interval=frame_ms, timeout=self._on_clock_tick)
        self._loading = False
        self.frames = 0  # frames posted (tests, benches)
        self.view = view

    # --- the map ---------------------------------------------------------------------------
    @property
    def view(self) -> MapView:
        return self._view

    @view.setter
    def view(self, view: MapView) -> None:
        """Play on another map (the wall replaces its map page now and then)."""
        if self._view is not None and shiboken6.isValid(self._view):  # may be deleted already
            self._view.sig_painted.disconnect(self._on_painted)
        self._view = view
        view.sig_painted.connect(self._on_painted)
        self._waiting_since = None
        if self.replay is not None:
            self._frame_seq = view.replay.start(self.replay, self._posted or self.replay.start)

    # --- state -----------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def playing(self) -> bool:
        return self._clock.isActive()

    @property
    def time(self) -> datetime | None:
        """The instant shown (or about to be)."""
        return self._target

    # --- loading ---------------------------------------------------------------------------
    def load(self, start: datetime, end: datetime, at: datetime | None = None,
             trail_since: datetime | None = None) -> None:
        """Read [start, end) off the GUI thread, then show it at ``at`` (default ``start``);
        a newer load supersedes one still running."""
        self._generation += 1
        generation, db, policy, trail = self._generation, self.db, self.policy, self.trail
        self._loading = True
        self.sig_loading.emit()
        self.runner.submit(lambda: build_replay(db, policy, start, end, trail=trail,
                                                trail_since=trail_since),
                           lambda replay: self._on_loaded(generation, replay, at),
                           lambda exc: self._on_failed(generation, exc), receiver=self)

    def _on_loaded(self, generation: int, replay: Replay, at: datetime | None) -> None:
        if generation != self._generation:
            return  # superseded, or stopped meanwhile
        self._loading = False
        self.replay = replay
        t = self._clamp(at or replay.start)
        self._target = self._posted = t
        self._frame_seq = self._view.replay.start(replay, t)
        self._waiting_since = time.monotonic()
        self.frames += 1
        self.sig_loaded.emit(replay)
        self.sig_time.emit(t)

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self._loading = False
            self.sig_failed.emit(exc)

    # --- playing -----------------------------------------------------------------------------
    def seek(self, t: datetime) -> None:
        """Show instant ``t`` (clamped to the stretch) as soon as the page is ready for it."""
        if self.replay is None:
            return
        self._target = self._clamp(t)
        self._post_next()

    def play(self) -> None:
        if self.replay is None or self.playing:
            return
        if self._target is not None and self._target >= self._last_instant():
            self.seek(self.replay.start)  # played to the end: from the beginning again
        self._last_tick = time.monotonic()
        self._clock.start()
        self.sig_playing.emit(True)

    def pause(self) -> None:
        if self.playing:
            self._clock.stop()
            self.sig_playing.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: float) -> None:
        self.speed = speed

    def set_off_duty(self, shown: bool) -> None:
        """Draw people off duty too (grey), as the live map's 含未在岗 does."""
        self._view.replay.off_duty = shown
        if self.replay is not None and self._posted is not None:
            self._frame_seq = self._view.replay.seek(self._posted)

    def stop(self) -> None:
        """End the replay: the map shows the live picture again."""
        self._generation += 1
        self._loading = False
        self.pause()
        if self.replay is not None:
            self.replay = None
            self._target = self._posted = None
            self._view.replay.stop()
        self.sig_stopped.emit()

    def _last_instant(self) -> datetime:
        return self.replay.end - timedelta(seconds=1)

    def _clamp(self, t: datetime) -> datetime:
        return min(max(t, self.replay.start), self._last_instant())

    def _on_clock_tick(self) -> None:
        now = time.monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        if self.replay is None or self._target is None:
            return
        target = self._target + timedelta(seconds=elapsed * self.speed)
        if target >= self._last_instant():
            self.seek(self._last_instant())
            if self.loop:
                self.seek(self.replay.start)
            else:
                self.pause()
            self.sig_finished.emit()
            return
        self.seek(target)

    def _post_next(self) -> None:
        waiting = self._waiting_since is not None \
            and time.monotonic() - self._waiting_since < STALL_S
        if waiting or self._target is None or self._target == self._posted:
            return
        self._posted = self._target
        self._frame_seq = self._view.replay.seek(self._target)
        self._waiting_since = time.monotonic()
        self.frames += 1
        self.sig_time.emit(self._target)

    def _on_painted(self, seq: int) -> None:
        if self._waiting_since is not None and seq >= self._frame_seq:
            self._waiting_since = None
            self._post_next()
