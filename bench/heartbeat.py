"""The benches' measure of a responsive GUI thread: a 16 ms timer on it, and how late each
tick ran. A tick late by L ms means the GUI thread could not run anything (input, painting)
for about 16 + L ms. Also a watchdog that names what the GUI thread ran when it was late.

Times are ``time.perf_counter()``: CLOCK_MONOTONIC on Linux, the clock ``perf record -k mono``
stamps its samples with, so a late tick can be matched with native stacks sampled by perf.
"""
from __future__ import annotations

import collections
import sys
import threading
import time
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

INTERVAL_MS = 16


class Heartbeat(QObject):
    """``late`` holds (tick time, ms late) for every tick since :meth:`start`; give
    ``on_tick(now, late_ms)`` to sort the ticks as they come instead (or as well)."""

    def __init__(self, on_tick: Callable[[float, float], None] | None = None,
                 keep: bool = True):
        super().__init__()
        self.timer = QTimer(self, interval=INTERVAL_MS, timeout=self._tick)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.on_tick, self.keep = on_tick, keep
        self.late: list[tuple[float, float]] = []
        self.last = time.perf_counter()  # the last tick (read by the stall watchdog)

    def start(self) -> None:
        self.late, self.last = [], time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = max(0.0, (now - self.last) * 1000 - INTERVAL_MS)
        self.last = now
        if self.keep:
            self.late.append((now, late))
        if self.on_tick is not None:
            self.on_tick(now, late)

    def values(self, start: float = float("-inf"), end: float = float("inf")) -> list[float]:
        return [late for at, late in self.late if start <= at <= end]

    def worst(self, start: float = float("-inf"), end: float = float("inf")) -> float:
        return max(self.values(start, end), default=0.0)

    def stalls(self, over_ms: float, start: float = float("-inf"),
               end: float = float("inf")) -> list[tuple[float, float, float]]:
        """(from, to, ms late) of each tick more than ``over_ms`` late: the GUI thread ran
        something else from ``from`` (the tick before) to ``to``."""
        return [(at - (late + INTERVAL_MS) / 1000, at, late) for at, late in self.late
                if late > over_ms and start <= at <= end]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


class StallSampler:
    """A watchdog thread: while the heartbeat is more than ``overdue_ms`` overdue, it samples
    the GUI thread's Python stack every 10 ms, so a report names what ran instead of the
    heartbeat. A stack that ends in the event loop (``exec``) means Qt's own work: native
    code that only a native profiler (py-spy --native, perf) can name. The other threads'
    innermost frames of our own code are counted too (``workers``): what ran beside it."""

    def __init__(self, beat: Heartbeat, overdue_ms: float = 30, depth: int = 6):
        self.beat, self.counts = beat, collections.Counter()
        self.workers: collections.Counter = collections.Counter()
        self.gui = threading.get_ident()
        self.overdue, self.depth = (INTERVAL_MS + overdue_ms) / 1000, depth
        self.running = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while self.running:
            time.sleep(0.01)
            if time.perf_counter() - self.beat.last > self.overdue:
                frames = sys._current_frames()
                for ident, other in frames.items():
                    if ident not in (self.gui, threading.get_ident()):
                        self.workers[_own_frame(other)] += 1
                frame = frames.get(self.gui)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-self.depth:]
                    self.counts["\n    ".join(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno}"
                                              f" {f.name}" for f in stack)] += 1

    def stop(self) -> None:
        self.running = False

    def dump(self, out=sys.stderr, top: int = 12) -> None:
        self.running = False
        for stack, n in self.counts.most_common(top):
            print(f"# stall samples {n} (10 ms each):\n    {stack}", file=out, flush=True)
        for where, n in self.workers.most_common(top):
            print(f"# meanwhile on another thread, {n} samples: {where}", file=out, flush=True)


def _own_frame(frame) -> str:
    """The innermost frame of the project's code (else the innermost one)."""
    innermost = frame
    while frame is not None and "commandcenter" not in frame.f_code.co_filename:
        frame = frame.f_back
    frame = frame or innermost
    return f"{frame.f_code.co_filename.rsplit('/', 2)[-1]}:{frame.f_lineno} {frame.f_code.co_name}"


class GcWatch:
    """Every collection of Python's cyclic garbage collector while installed: when it
    started, how long it took (wall and the thread's CPU time: a busy machine stretches the
    one, not the other), which generation, on which thread. A collection holds the
    interpreter lock throughout, so a long one on any thread stops the GUI thread too."""

    def __init__(self):
        # start, wall ms, CPU ms, generation, thread
        self.runs: list[tuple[float, float, float, int, str]] = []
        self._began: dict[int, tuple[float, float]] = {}
        import gc
        self._gc = gc
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if phase == "start":
            self._began[threading.get_ident()] = (now, cpu)
        else:
            began, began_cpu = self._began.pop(threading.get_ident(), (now, cpu))
            self.runs.append((began, (now - began) * 1000, (cpu - began_cpu) * 1000,
                              info["generation"], threading.current_thread().name))

    def stop(self) -> None:
        if self._callback in self._gc.callbacks:
            self._gc.callbacks.remove(self._callback)

    def longest(self, start: float, end: float, top: int = 3) -> list[tuple]:
        """The ``top`` collections that took most CPU time between ``start`` and ``end``."""
        return sorted((r for r in self.runs if start <= r[0] <= end), key=lambda r: -r[2])[:top]
