"""Where a large import spends its time: wall and CPU seconds per phase.

Phases run on two threads (reading and writing overlap), so their wall times add up to more
than the import took; CPU seconds are the thread's own (``time.thread_time``) and barely
change with the machine's load. ``server_clock``, when the caller can read it (the bench
reads the PostgreSQL backends' CPU from /proc), adds the database's CPU seconds to the
phases that wait on it.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class PhaseTime:
    wall: float = 0.0
    cpu: float = 0.0
    server: float | None = None


class Phases:
    def __init__(self, server_clock: Callable[[], float] | None = None):
        self.server_clock = server_clock
        self.times: dict[str, PhaseTime] = {}
        self._lock = threading.Lock()

    @contextmanager
    def __call__(self, name: str, server: bool = False) -> Iterator[None]:
        clock = self.server_clock if server else None
        s0 = clock() if clock else None
        w0, c0 = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            wall, cpu = time.perf_counter() - w0, time.thread_time() - c0
            used = clock() - s0 if clock else None
            with self._lock:
                t = self.times.setdefault(name, PhaseTime())
                t.wall += wall
                t.cpu += cpu
                if used is not None:
                    t.server = (t.server or 0.0) + used

    def lines(self) -> list[str]:
        return [f"{name:<16} {t.wall:7.1f} s wall {t.cpu:7.1f} s CPU"
                + (f" {t.server:7.1f} s database CPU" if t.server is not None else "")
                for name, t in self.times.items()]
