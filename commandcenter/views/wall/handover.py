"""The display's side of its talk with the ``wall`` supervisor
(:mod:`commandcenter.cli.wall_supervisor`).

The display says, one line each on its standard output: ``ready`` once its first picture is
on screen, and ``renew <reason>`` when a fresh display should take over. The supervisor
says, on the display's standard input: ``show`` (stop waiting hidden: the display on screen
has gone) and ``leave`` (a fresh display has taken over: end). Pipes work alike on Linux
and Windows, where a terminate signal would kill the display without letting it end.
"""
from __future__ import annotations

import logging
import threading
from typing import TextIO

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

PREFIX = "commandcenter-wall: "   # marks the display's lines to the supervisor


def say(word: str, detail: str = "") -> bool:
    """Tell the supervisor; False when it is gone (the display carries on regardless)."""
    try:
        print(PREFIX + word + (f" {detail}" if detail else ""), flush=True)
    except (OSError, ValueError):
        log.warning("wall: the supervisor does not listen (%s)", word)
        return False
    return True


class SupervisorLink(QObject):
    """Reads the supervisor's requests on a thread of its own and hands them to the GUI
    thread as signals (queued across threads)."""

    sig_show = Signal()
    sig_leave = Signal()

    def __init__(self, stream: TextIO | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._stream = stream
        self._thread = threading.Thread(target=self._read, name="supervisor-link", daemon=True)

    def start(self) -> None:
        if self._stream is not None:   # None: a windowed program given no pipes
            self._thread.start()

    def _read(self) -> None:
        try:
            for line in self._stream:
                word = line.strip()
                if word == "show":
                    self.sig_show.emit()
                elif word == "leave":
                    self.sig_leave.emit()
                    return
        except (OSError, ValueError):
            pass   # the supervisor is gone: the display stays, on its own
