"""The pieces under ``MapView``: where the page file is, the page that only shows itself,
its words in the interface language, and the worker that builds payload text off the GUI
thread."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import as_file
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile

from commandcenter.models.enums import Stage
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


def page_strings(language: str) -> dict[str, Any]:
    """The page's own words, translated with the translators installed on the application
    (context "MapPage"; stage names in the domain layer's context "domain")."""
    translate = QCoreApplication.translate
    return {
        "lang": language.replace("_", "-"),
        "states": [translate("MapPage", "正常"), translate("MapPage", "预警"),
                   translate("MapPage", "超期")],
        "urgent": translate("MapPage", "紧急"),
        "offDuty": translate("MapPage", "{name}（未在岗）"),
        "synthetic": translate("MapPage", "街道、社区、网格边界为合成示意"),
        "countdownTitle": translate("MapPage", "案件倒计时"),
        "loadTitle": translate("MapPage", "网格在办案件"),
        "lateGrids": translate("MapPage", "超期 ≥ {n} 件"),
        "legendTitle": translate("MapPage", "图例"),
        "ring": translate("MapPage", "圈内数字：该处案件数（放大后分开）"),
        "staffTitle": translate("MapPage", "监督员"),
        "staffOnDuty": translate("MapPage", "在岗位置"),
        "staffTrail": translate("MapPage", "近1小时轨迹"),
        "staffOffDuty": translate("MapPage", "未在岗"),
        "staffPick": translate("MapPage", "点击指派"),
        "staffRank": translate("MapPage", "候选第 {n} 位"),
        "staffCandidate": translate("MapPage", "指派候选"),
        "replay": translate("MapPage", "回放 {time}"),
        "stages": {stage.value: QCoreApplication.translate("domain", stage.label)
                   for stage in Stage},
    }


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
