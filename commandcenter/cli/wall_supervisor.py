"""The ``wall`` command's watch over its display process.

It starts the display as a child process and starts it again (logged, with a growing
pause) whenever it ends without a shift lead having ended it (exit status 0): a crash of
Qt, QtWebEngine or the driver costs seconds.

It also renews the display: when the display asks (past its memory limit, or at the daily
hour: :func:`commandcenter.models.wall_display.renewal_due`), a fresh display starts hidden,
shows itself once its first picture is ready, and only then is the old one told to leave.
The wall never goes blank, and whatever memory the old process gathered goes with it. A
fresh display that is not ready in ``handover_timeout_s`` (the database away at that hour,
say) is ended and the running one stays; it asks again later.

The talk with the display runs over its standard input and output
(:mod:`commandcenter.views.wall.handover`).
"""
from __future__ import annotations

import logging
import queue
import signal
import subprocess
import sys
import threading
import time

from commandcenter.models.wall_display import STEADY_RUN_S, restart_delay

log = logging.getLogger("commandcenter.wall")

PREFIX = "commandcenter-wall: "   # the display's lines meant for this process
HANDOVER_TIMEOUT_S = 180.0
LEAVE_GRACE_S = 15.0              # a display told to leave is killed after this


class _Display:
    """One display process, its output read on a thread that posts events to ``events``:
    (display, "ready" | "renew" | "exit", detail)."""

    def __init__(self, command: list[str], events: queue.Queue, hidden: bool, began: float):
        self.began = began
        self.proc = subprocess.Popen(command + (["--take-over"] if hidden else []),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8", errors="replace")
        self._events = events
        threading.Thread(target=self._read, name=f"display-{self.proc.pid}", daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith(PREFIX):
                word, _, detail = line[len(PREFIX):].strip().partition(" ")
                self._events.put((self, word, detail))
            else:
                sys.stdout.write(line)
                sys.stdout.flush()
        self._events.put((self, "exit", self.proc.wait()))

    def tell(self, word: str) -> None:
        try:
            self.proc.stdin.write(word + "\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):
            pass   # it has ended already

    def leave(self) -> None:
        """Ask it to end; kill it if it has not within the grace time."""
        self.tell("leave")

        def enforce() -> None:
            try:
                self.proc.wait(LEAVE_GRACE_S)
            except subprocess.TimeoutExpired:
                log.error("wall: display %d did not leave; killing it", self.proc.pid)
                self.proc.kill()
        threading.Thread(target=enforce, daemon=True).start()

    def terminate(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()


def supervise(command: list[str], *, max_starts: int | None = None, sleep=time.sleep,
              clock=time.monotonic, handover_timeout_s: float = HANDOVER_TIMEOUT_S) -> int:
    """Run the display ``command`` until it exits with 0 (see the module's text).

    Returns 0 when the display was ended properly or this process was told to stop (SIGTERM
    or Ctrl-C end the displays too), or the last status when ``max_starts`` (tests) ran out.
    """
    events: queue.Queue = queue.Queue()
    stopping: list[bool] = []
    displays: list[_Display] = []

    def stop(_sig, _frame):
        stopping.append(True)
        for d in displays:
            d.terminate()

    previous = [signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)]
    starts, failures, status = 0, 0, 0

    def start(hidden: bool = False) -> _Display:
        nonlocal starts
        starts += 1
        log.info("wall: starting the display (start %d%s): %s", starts,
                 ", hidden until it takes over" if hidden else "", " ".join(command))
        display = _Display(command, events, hidden, clock())
        displays.append(display)
        return display

    current, fresh = start(), None
    try:
        while True:
            try:
                display, word, detail = events.get(timeout=0.5)
            except queue.Empty:
                if stopping:
                    return 0
                if fresh is not None and clock() - fresh.began > handover_timeout_s:
                    log.error("wall: the fresh display was not ready in %.0f s; ending it, "
                              "the running display stays", handover_timeout_s)
                    fresh.terminate()
                    fresh = None
                continue
            if word == "renew" and display is current and fresh is None and not stopping:
                if max_starts is not None and starts >= max_starts:
                    continue
                log.warning("wall: renewing the display (%s)", detail)
                fresh = start(hidden=True)
            elif word == "ready" and display is fresh:
                log.info("wall: the fresh display took over after %.1f s; the old one "
                         "(%d) leaves", clock() - fresh.began, current.proc.pid)
                current.leave()
                current, fresh = fresh, None
            elif word == "exit":
                displays.remove(display)
                if display is fresh:
                    log.error("wall: the fresh display ended (status %s) before taking over; "
                              "the running display stays", detail)
                    fresh = None
                elif display is not current:
                    log.info("wall: display %d, no longer shown, ended (status %s)",
                             display.proc.pid, detail)
                elif fresh is not None:
                    log.error("wall: the display ended (status %s) while a fresh one was "
                              "starting: showing the fresh one now", detail)
                    current, fresh = fresh, None
                    current.tell("show")
                else:
                    status = detail
                    ran = clock() - display.began
                    if status == 0 or stopping:
                        log.info("wall: the display ended (status %s)", status)
                        return 0
                    if max_starts is not None and starts >= max_starts:
                        return status
                    failures = 1 if ran >= STEADY_RUN_S else failures + 1
                    delay = restart_delay(failures)
                    log.error("wall: the display process ended with status %s after %.0f s; "
                              "restarting in %.0f s (failure %d in a row)", status, ran, delay,
                              failures)
                    sleep(delay)
                    if stopping:
                        return 0
                    current = start()
    finally:
        for d in displays:
            d.terminate()
        for s, handler in zip((signal.SIGINT, signal.SIGTERM), previous):
            signal.signal(s, handler)
