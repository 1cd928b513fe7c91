"""What every wall page is: a widget with a name, a loader that runs off the GUI thread, and
the last data it was given (kept on screen when the database goes away)."""
from __future__ import annotations

from dataclasses import is_dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from commandcenter.store.db import Database

from .theme import Metrics

TITLES = {"overview": QT_TRANSLATE_NOOP("WallPage", "态势总览"),
          "trends": QT_TRANSLATE_NOOP("WallPage", "趋势"),
          "ranking": QT_TRANSLATE_NOOP("WallPage", "排行"),
          "overdue": QT_TRANSLATE_NOOP("WallPage", "超期督办"),
          "staff": QT_TRANSLATE_NOOP("WallPage", "监督员在岗")}


def page_title(name: str) -> str:
    return QCoreApplication.translate("WallPage", TITLES[name])


def _shown(data: Any) -> Any:
    """``data`` without the time it was read at."""
    if is_dataclass(data) and hasattr(data, "taken_at"):
        return replace(data, taken_at=None)
    return data


class WallPage(QWidget):
    """Subclasses set ``name``, implement ``load`` (worker thread: store calls only) and
    ``show_data`` (GUI thread), and lay themselves out in ``apply_metrics``."""

    name = ""
    uses_map = False

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"page_{self.name}")
        self.data: Any = None
        self.updated_at: datetime | None = None
        self.metrics: Metrics | None = None

    @staticmethod
    def load(db: Database, now: datetime) -> Any:
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        raise NotImplementedError

    def receive(self, data: Any, at: datetime) -> None:
        """New figures; the widgets are rebuilt only when something shown changed (the GUI
        thread's time is the wall's smoothness)."""
        same = self.data is not None and _shown(data) == _shown(self.data)
        self.data, self.updated_at = data, at
        if not same:
            self.show_data(data)

    def apply_metrics(self, m: Metrics) -> None:
        self.metrics = m

    def tick(self, now: datetime) -> None:
        """Once a second while shown (countdowns, scrolling)."""
