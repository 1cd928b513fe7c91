"""What every wall page is: a widget with a name, a loader that runs off the GUI thread, and
the last data it was given (kept on screen when the database goes away)."""
from __future__ import annotations

from dataclasses import is_dataclass, replace
from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from commandcenter.store.db import Database

from .theme import Metrics, style_as

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
        self._generation = 0

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

    def show_in_steps(self, steps: list[Callable[[], None]]) -> None:
        """Runs ``steps`` one per event-loop turn, so a big update never holds the GUI thread
        in one piece; newer figures drop the steps of older ones still waiting."""
        self._generation += 1
        generation = self._generation

        def run(rest: list[Callable[[], None]]) -> None:
            if generation != self._generation or not rest:
                return
            rest[0]()
            if rest[1:]:
                QTimer.singleShot(0, self, lambda: run(rest[1:]))
        run(steps)

    def apply_metrics(self, m: Metrics) -> None:
        self.metrics = m

    def tick(self, now: datetime) -> None:
        """Once a second while shown (countdowns, scrolling)."""


class ElidingLabel(QLabel):
    """A label that, given less room than its text, ends it with "…" rather than cutting a
    character in half (a clipped 道 reads as another character from across the hall)."""

    def paintEvent(self, event) -> None:  # noqa: N802
        rect = self.contentsRect()
        if self.fontMetrics().horizontalAdvance(self.text()) <= rect.width():
            super().paintEvent(event)
            return
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(),
                                  self.isEnabled(), text, self.foregroundRole())
        painter.end()


class CellGrid:
    """The labels of a grid layout, kept between updates: new figures change the texts of the
    labels already there instead of building new ones: every new label is polished against
    the wall's style sheet and laid out afresh on the GUI thread, dozens per update."""

    def __init__(self, grid: QGridLayout):
        self.grid = grid
        self._cells: dict[tuple[int, int], QLabel] = {}
        self._used: set[tuple[int, int]] = set()

    def begin(self) -> None:
        self._used = set()

    def put(self, row: int, col: int, text: str, name: str, align: Qt.AlignmentFlag,
            span: int = 1, ignored_width: bool = False) -> QLabel:
        key = (row, col)
        cell = self._cells.get(key)
        if cell is None or self.grid.getItemPosition(self.grid.indexOf(cell))[3] != span:
            if cell is not None:
                self.grid.removeWidget(cell)
                cell.deleteLater()
            cell = (ElidingLabel if ignored_width else QLabel)(objectName=name)
            if ignored_width:  # gives way (elided) before its neighbours do
                cell.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.grid.addWidget(cell, row, col, 1, span)
            self._cells[key] = cell
        else:
            style_as(cell, name)
        if cell.text() != text:
            cell.setText(text)
        if cell.alignment() != align:
            cell.setAlignment(align)
        cell.setVisible(True)
        self._used.add(key)
        return cell

    def end(self) -> None:
        """Hides the labels this update did not use (kept for the next one that does)."""
        for key, cell in self._cells.items():
            if key not in self._used:
                cell.setVisible(False)

    def labels(self) -> list[QLabel]:
        return [self._cells[k] for k in sorted(self._used)]

    def column_widths(self) -> list[int]:
        """The width each column's longest text needs, in its label's font."""
        widths: dict[int, int] = {}
        for (_row, col), cell in self._cells.items():
            if (_row, col) in self._used:
                cell.ensurePolished()
                need = cell.fontMetrics().horizontalAdvance(cell.text())
                widths[col] = max(widths.get(col, 0), need)
        return [widths[c] for c in sorted(widths)]
