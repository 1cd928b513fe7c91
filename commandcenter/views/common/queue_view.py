"""A queue's table: rows hold still under the pointer, and a dragged case is a small tag
with its number."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QCursor, QDrag
from PySide6.QtWidgets import QLabel, QTableView


def drag_label(number: str) -> QLabel:
    """What a dragged case looks like: its number on a small tag, not the whole row."""
    label = QLabel(f"  {number}  ")
    label.setStyleSheet("background:#1565c0;color:white;border-radius:3px;padding:2px;")
    label.adjustSize()
    return label


class CaseTableView(QTableView):
    """A queue's table. Rows hold still under the pointer: while it is over the table, new
    and changed rows are not sorted into place (they are once it leaves), so the row aimed
    at is the row pressed. A drag shows a small label of the case, to the right of and
    below the pointer, so the department under it stays readable."""

    sig_drag = Signal(bool)     # a drag from the table started (True) or ended
    sig_pointer = Signal(bool)  # the pointer came over the table (True) or left it

    def enterEvent(self, event) -> None:  # noqa: N802
        super().enterEvent(event)
        self.model().setDynamicSortFilter(False)
        self.sig_pointer.emit(True)

    def leaveEvent(self, event) -> None:  # noqa: N802
        super().leaveEvent(event)
        self.model().setDynamicSortFilter(True)  # sorts again what came in meanwhile
        self.sig_pointer.emit(False)

    def pointer_inside(self) -> bool:
        return self.isVisible() and self.rect().contains(self.mapFromGlobal(QCursor.pos()))

    def startDrag(self, actions) -> None:  # noqa: N802
        indexes = self.selectionModel().selectedRows()
        mime = self.model().mimeData(indexes) if indexes else None
        if mime is None:
            return
        number = indexes[0].data(Qt.ItemDataRole.DisplayRole)
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(drag_label(str(number)).grab())
        drag.setHotSpot(QPoint(-12, -12))  # the label sits beside the pointer, not over it
        self.sig_drag.emit(True)
        try:
            drag.exec(Qt.DropAction.CopyAction)
        finally:
            self.sig_drag.emit(False)
