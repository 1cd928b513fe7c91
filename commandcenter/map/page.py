"""The pieces under ``MapView``: where the page file is, the page that only shows itself,
and the worker that builds payload text off the GUI thread."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import as_file
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile

from commandcenter.resources import resource

log = logging.getLogger(__name__)


@contextlib.contextmanager
def page_file():
    """The map page as a real file with its assets beside it, wherever the package lives."""
    folder = resource("map")
    if isinstance(folder, Path):
        yield folder / "map.html"
    else:  # zipped: Python 3.12+ extracts the whole folder
        with as_file(folder) as extracted:
            yield Path(extracted) / "map.html"


class MapPage(QWebEnginePage):
    """Only the map page itself may be shown; links, pop-ups and redirects go nowhere."""

    def __init__(self, profile: QWebEngineProfile, page_url: QUrl, parent: QObject):
        super().__init__(profile, parent)
        self._page_file = page_url.toLocalFile()

    def acceptNavigationRequest(self, url: QUrl, nav_type, is_main_frame: bool) -> bool:  # noqa: N802
        if url.isLocalFile() and url.toLocalFile() == self._page_file:
            return True
        log.warning("map: blocked navigation to %s", url.toString())
        return False

    def createWindow(self, window_type):  # noqa: N802
        return None

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802
        log.debug("map console %s:%s: %s", source, line, message)


class PayloadBuilder(QObject):
    """Builds payload text on one worker thread; results come back on the GUI thread in the
    order they were asked for (one worker, queued signal). A build returns one message or a
    list of messages that together make the update."""

    built = Signal(object)  # (generation, kind, seq, text | [text, …])

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="map-payload")
        self._closed = False

    def submit(self, generation: int, kind: str, seq: int,
               build: Callable[[], str | list[str]]) -> None:
        def run() -> None:
            try:
                text = build()
            except Exception:  # a bad payload must not stop the ones after it
                log.exception("map: building the %s update failed", kind)
                return
            if self._closed:  # the view is going: nobody to tell
                return
            with contextlib.suppress(RuntimeError):  # the view went away meanwhile
                self.built.emit((generation, kind, seq, text))

        self._executor.submit(run)

    def close(self) -> None:
        """Called as the view is destroyed, before this child object is: the build under
        way is waited for, so it never signals an object already deleted (a crash)."""
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
