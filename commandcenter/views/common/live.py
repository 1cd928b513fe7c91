"""Follows the shared change log on a background thread and reports on the GUI thread."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from commandcenter.store.db import Database
from commandcenter.store.feed import FeedState, LiveFeed


class LiveUpdates(QObject):
    """Qt face of :class:`LiveFeed`: the feed runs on its own thread (it blocks on the
    notification socket); its callbacks emit signals, which Qt queues to the GUI thread."""

    sig_changes = Signal(list)     # list[queries.Change], in log order, each once
    sig_state = Signal(object)     # FeedState

    def __init__(self, db: Database, after_seq: int | None = None,
                 parent: QObject | None = None, **feed_options):
        super().__init__(parent)
        self.state = FeedState.RECONNECTING
        self._feed = LiveFeed(db, after_seq=after_seq, **feed_options)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="change-feed", daemon=True)
        self.sig_state.connect(self._remember)

    @property
    def online(self) -> bool:
        return self.state is FeedState.LIVE

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)

    def _run(self) -> None:
        self._feed.run(self._stop, self.sig_changes.emit, self.sig_state.emit)

    def _remember(self, state: FeedState) -> None:
        self.state = state
