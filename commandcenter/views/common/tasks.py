"""Run database work off the GUI thread and hand results back on it.

A task is a plain function run on a worker thread; it must not touch widgets. Its result,
exception or progress travels back through one long-lived relay object that lives on the
GUI thread: Qt queues a signal emitted on another thread to the receiver's thread, so the
callbacks always run on the GUI thread.

The callbacks (usually bound methods of widgets) are kept here on the GUI thread and never
referenced by the worker, and the worker drops the task function before it reports. So
the last reference to a widget is never released on a worker thread, where freeing it
would destroy a Qt object from the wrong thread.

An answer whose receiver is gone (the widget was closed and deleted while the task ran)
is dropped here, once for every caller: calling into it would raise on its deleted children.
The receiver is the QObject a bound-method callback belongs to, or the one given.
"""
from __future__ import annotations

import itertools
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


@dataclass
class _Task:
    fn: Callable[..., Any] | None
    on_done: Callable[[Any], None]
    on_failed: Callable[[Exception], None] | None
    on_progress: Callable[[str], None] | None
    receiver: QObject | None


def _owner(callback: Callable | None) -> QObject | None:
    """The QObject a callback is a method of (through a functools.partial too), if any."""
    while isinstance(callback, partial):
        callback = callback.func
    owner = getattr(callback, "__self__", None)
    return owner if isinstance(owner, QObject) else None


def _gone(receiver: QObject | None) -> bool:
    return receiver is not None and not shiboken6.isValid(receiver)


class TaskRunner(QObject):
    """A small pool for database work; each call returns immediately."""

    _sig_finished = Signal(int, bool, object)  # token, succeeded, result or exception
    _sig_progress = Signal(int, str)

    def __init__(self, parent: QObject | None = None, threads: int = 2):
        super().__init__(parent)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="db")
        self._tokens = itertools.count(1)
        self._tasks: dict[int, _Task] = {}
        self._sig_finished.connect(self._finish)
        self._sig_progress.connect(self._progress)

    def submit(self, fn: Callable[..., Any], on_done: Callable[[Any], None],
               on_failed: Callable[[Exception], None] | None = None,
               on_progress: Callable[[str], None] | None = None,
               receiver: QObject | None = None) -> None:
        """Run ``fn`` on a worker; its answer goes to the callbacks unless ``receiver``
        (by default the object ``on_done`` is a method of) has been deleted by then."""
        token = next(self._tokens)
        self._tasks[token] = _Task(fn, on_done, on_failed, on_progress,
                                   receiver if receiver is not None else _owner(on_done))
        self.pool.submit(self._run, token, on_progress is not None)

    def wait(self) -> None:
        """Block until every submitted task has run (shutting the pool; tests and exit)."""
        self.pool.shutdown(wait=True)

    # --- worker thread ----------------------------------------------------------------------
    def _run(self, token: int, with_progress: bool) -> None:
        task = self._tasks[token]
        fn, task.fn = task.fn, None
        try:
            result = fn(partial(self._sig_progress.emit, token)) if with_progress else fn()
            succeeded = True
        except Exception as exc:  # reported to the GUI, which decides what to show
            log.debug("background task failed", exc_info=exc)
            # The traceback's frames hold the task's locals; they stay on this thread.
            result, succeeded = exc.with_traceback(None), False
        del fn, task
        self._sig_finished.emit(token, succeeded, result)

    # --- GUI thread ---------------------------------------------------------------------------
    def _finish(self, token: int, succeeded: bool, value: Any) -> None:
        task = self._tasks.pop(token)
        callback = task.on_done if succeeded else task.on_failed
        if _gone(task.receiver) or _gone(_owner(callback)):
            log.debug("answer dropped: its receiver is gone")
            return
        if callback is not None:
            callback(value)

    def _progress(self, token: int, message: str) -> None:
        task = self._tasks.get(token)
        if (task is not None and task.on_progress is not None
                and not _gone(task.receiver) and not _gone(_owner(task.on_progress))):
            task.on_progress(message)
