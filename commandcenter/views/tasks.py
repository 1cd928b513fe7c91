"""Run database work off the GUI thread and hand results back on it.

A task is a plain function; its result (or exception) arrives through Qt signals,
which Qt delivers on the receiver's thread — the GUI thread for widgets.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals, with_progress: bool):
        super().__init__()
        self.fn, self.signals, self.with_progress = fn, signals, with_progress

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit) if self.with_progress else self.fn()
        except Exception as exc:  # reported to the GUI, which decides what to show
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class TaskRunner(QObject):
    """A small pool for database reads; each call returns immediately."""

    def __init__(self, parent: QObject | None = None, threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._live: set[_Signals] = set()

    def submit(self, fn: Callable[..., Any], on_done: Callable[[Any], None],
               on_failed: Callable[[Exception], None] | None = None,
               on_progress: Callable[[str], None] | None = None) -> None:
        signals = _Signals()
        self._live.add(signals)  # keep the QObject alive until the task reports
        signals.done.connect(on_done)
        if on_failed:
            signals.failed.connect(on_failed)
        if on_progress:
            signals.progress.connect(on_progress)
        signals.done.connect(lambda _r: self._live.discard(signals))
        signals.failed.connect(lambda _e: self._live.discard(signals))
        self.pool.start(_Task(fn, signals, on_progress is not None))
