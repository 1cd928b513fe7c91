"""Keeping the wall's memory flat for weeks.

QtWebEngine 6.10–6.11 does not run V8's collector by itself in a page that updates all the
time, so the map's renderer process grows. The guard (1) asks the page to collect every
``gc_interval_s`` (the wall starts QtWebEngine with ``--js-flags=--expose-gc``), and (2)
measures the renderer processes and replaces the map page, which ends its process, once they
pass ``renderer_limit_mb`` — only while no page shows the map, so nobody sees it happen, and
``quiet_delay_s`` after a switch rather than in it, so the replacement (a new page, the
picture posted again) never adds to the work of a switch.

The default bound, 300 MB: in ten-minute soaks at 6 and 60 reports a minute the warm renderer
read 172–263 MB, so 300 MB replaces nothing needlessly and caps the renderer about 40 MB above
the highest warm reading; at the former 600 MB the renderer could grow by more than it weighs
before the bound did anything.

The application process keeps a high-water mark in glibc malloc's main heap (``[heap]``):
what the GUI thread has in use rose and fell by 70 MB in a loaded soak (the largest blocks
freed and reused there are the map's frames, copied the size of the view), and the heap
kept the pages after the burst, for good. So (3) every ``release_interval_s``, at the
quiet moment after a switch, the guard calls ``malloc_trim(0)``, which hands every free
page of malloc back, on a thread of its own (tens of ms for 100 MB of free pages).

What still grows (tens of MB an hour in loaded soaks: Python's and Qt's heaps, the thread
arenas) is bounded by (4) renewal: given ``renewal``, each reading asks it whether a fresh
display should take over (past a memory limit, or at a daily hour) and passes the reason to
``renew`` — at most once every ``RENEW_RETRY_S``, in case the fresh one cannot start.
"""
from __future__ import annotations

import ctypes
import logging
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable

import psutil
from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

DEFAULT_RENDERER_LIMIT_MB = 300.0
DEFAULT_RELEASE_INTERVAL_S = 300.0
RENEW_RETRY_S = 600.0
RENDERER_NAMES = ("QtWebEngineProcess", "QtWebEngineProcess.exe")
JS_GC_FLAG = "--expose-gc"


@dataclass(frozen=True)
class MemoryReading:
    app_mb: float
    renderers_mb: float
    renderers: int

    @property
    def total_mb(self) -> float:
        return self.app_mb + self.renderers_mb


def read_memory(pid: int | None = None) -> MemoryReading:
    """Resident memory of this process and of its QtWebEngine renderer processes.

    On Linux a renderer is forked from QtWebEngine's zygote without a new command line, so
    it is told apart as a QtWebEngineProcess whose parent is one too; on Windows renderers
    are started with ``--type=renderer``.
    """
    me = psutil.Process(pid)
    app = me.memory_info().rss
    renderers, count = 0, 0
    for child in me.children(recursive=True):
        try:
            if child.name() not in RENDERER_NAMES:
                continue
            parent = child.parent()
            forked = parent is not None and parent.name() in RENDERER_NAMES
            if forked or "--type=renderer" in child.cmdline():
                renderers += child.memory_info().rss
                count += 1
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return MemoryReading(app / 2**20, renderers / 2**20, count)


def _load_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim   # glibc only (not musl)
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_malloc_trim = _load_trim()


def release_memory(wait: bool = False) -> None:
    """Hand malloc's free pages back to the system, off the calling thread unless ``wait``.
    (Python's own full collections need no help: the wall runs several a minute.)"""
    if _malloc_trim is None:
        return
    trim = threading.Thread(target=_malloc_trim, args=(0,), name="malloc_trim", daemon=True)
    trim.start()
    if wait:
        trim.join()


class MemoryGuard(QObject):
    def __init__(self, collect: Callable[[], None], recreate: Callable[[], None],
                 map_visible: Callable[[], bool], *, gc_interval_s: float = 30,
                 check_interval_s: float = 60,
                 renderer_limit_mb: float = DEFAULT_RENDERER_LIMIT_MB,
                 quiet_delay_s: float = 3.0,
                 release_interval_s: float | None = DEFAULT_RELEASE_INTERVAL_S,
                 release: Callable[[], None] = release_memory,
                 renewal: Callable[[MemoryReading], str] | None = None,
                 renew: Callable[[str], None] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._collect, self._recreate, self._map_visible = collect, recreate, map_visible
        self._release = release
        self.limit_mb = renderer_limit_mb
        self.last: MemoryReading | None = None
        self.recreations = self.releases = 0
        self._renewal, self._renew = renewal, renew
        self._renew_asked: float | None = None   # monotonic time of the last request
        self._due = self._release_due = False
        self._gc = QTimer(self, interval=int(gc_interval_s * 1000), timeout=self._collect)
        self._check = QTimer(self, interval=int(check_interval_s * 1000), timeout=self.check)
        self._release_timer = QTimer(self, interval=int((release_interval_s or 0) * 1000),
                                     timeout=self._set_release_due)
        self._release_on = bool(release_interval_s)
        self._quiet = QTimer(self, singleShot=True, interval=int(quiet_delay_s * 1000),
                             timeout=self._on_quiet)

    def start(self) -> None:
        self._gc.start()
        self._check.start()
        if self._release_on:
            self._release_timer.start()

    def stop(self) -> None:
        for timer in (self._gc, self._check, self._release_timer, self._quiet):
            timer.stop()

    def _set_release_due(self) -> None:
        self._release_due = True

    def check(self) -> None:
        try:
            self.last = read_memory()
        except psutil.Error:
            return
        self._due = self._due or self.last.renderers_mb > self.limit_mb
        self.page_changed()
        self._ask_renewal(self.last)

    def _ask_renewal(self, reading: MemoryReading) -> None:
        if self._renewal is None or self._renew is None:
            return
        now = time.monotonic()
        if self._renew_asked is not None and now - self._renew_asked < RENEW_RETRY_S:
            return
        reason = self._renewal(reading)
        if reason:
            self._renew_asked = now
            log.warning("wall: asking for a fresh display: %s (app %.0f MB, map %.0f MB)",
                        reason, reading.app_mb, reading.renderers_mb)
            self._renew(reason)

    def page_changed(self) -> None:
        """Called on each page switch: a due release, and a due replacement while this page
        (one without the map) is on screen, are set for a quiet moment; a later switch sets
        them again."""
        self._quiet.stop()
        if self._release_due or (self._due and not self._map_visible()):
            self._quiet.start()

    def _on_quiet(self) -> None:
        if self._release_due:
            self._release_due = False
            self.releases += 1
            self._release()
        if not self._due or self._map_visible():
            return
        self._due = False
        self.recreations += 1
        log.warning("wall: map renderers at %.0f MB (limit %.0f MB): replacing the map page",
                    self.last.renderers_mb if self.last else -1, self.limit_mb)
        self._recreate()
