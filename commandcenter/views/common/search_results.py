"""The list of cases a search found, under the search box: every hit, not only the first."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from commandcenter.store.queries import QueueRow

from .i18n import domain_text


class SearchResults(QListWidget):
    """A drop-down list of found cases; choosing one (click or Return) emits its id."""

    sig_case_chosen = Signal(int)

    def __init__(self, anchor: QWidget, describe: Callable[[QueueRow], str]):
        super().__init__(anchor.window())
        self.anchor, self.describe = anchor, describe
        self.setObjectName("searchResults")
        self.setWindowFlags(Qt.WindowType.Popup)  # closes on a click elsewhere or Escape
        self.setUniformItemSizes(True)
        self.itemActivated.connect(self._on_activated)
        self.itemClicked.connect(self._on_activated)

    def show_rows(self, rows: Sequence[QueueRow]) -> None:
        self.clear()
        for row in rows:
            item = QListWidgetItem(self.describe(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.addItem(item)
        self.setCurrentRow(0)
        line = self.sizeHintForRow(0) if rows else self.fontMetrics().height()
        width = max(self.anchor.width(), min(900, self.sizeHintForColumn(0) + 32))
        self.resize(width, line * min(len(rows), 12) + 2 * self.frameWidth() + 4)
        self.move(self.anchor.mapToGlobal(QPoint(0, self.anchor.height())))
        self.show()
        self.setFocus()

    def case_ids(self) -> list[int]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.hide()
        self.sig_case_chosen.emit(item.data(Qt.ItemDataRole.UserRole))


def stage_text(row: QueueRow) -> str:
    return domain_text(row.stage.label)
