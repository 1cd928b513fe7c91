"""Before a call is saved: the open cases of the same class close by that it may repeat.
The operator merges the call into one of them (it is kept, closed, pointing there, and
counted once) or registers it as a new case."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from commandcenter.models.duplicates import DuplicateMatch

from ..common.related import duplicate_text


class DuplicateChoice(QGroupBox):
    sig_merge_requested = Signal(int)
    """Merge the call into this case (its id)."""
    sig_register_requested = Signal()
    """Register the call as a new case all the same."""
    sig_case_highlighted = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicateChoice")
        self.setTitle(self.tr("可能重复"))
        self.setStyleSheet("QGroupBox#duplicateChoice { border: 2px solid #ef6c00; }")
        layout = QVBoxLayout(self)
        self.note = QLabel(wordWrap=True)
        self.list = QListWidget(objectName="duplicateList")
        self.list.setMaximumHeight(7 * self.fontMetrics().height())
        self.list.currentItemChanged.connect(self._on_current)
        self.merge = QPushButton(self.tr("并入所选案件"), objectName="mergeIntoSelected",
                                 clicked=self._on_merge)
        self.register = QPushButton(self.tr("仍登记为新案件"), objectName="registerAnyway",
                                    clicked=self.sig_register_requested)
        for button in (self.merge, self.register):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge)
        buttons.addWidget(self.register)
        layout.addWidget(self.note)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.hide()

    def offer(self, matches: list[DuplicateMatch]) -> None:
        self.list.clear()
        for d in matches:
            item = QListWidgetItem(duplicate_text(d))
            item.setData(Qt.ItemDataRole.UserRole, d.case_id)
            self.list.addItem(item)
        self.note.setText(self.tr("附近已有 {n} 件同类在办案件，可能是同一问题：").format(
            n=len(matches)))
        self.list.setCurrentRow(0)
        self.show()

    def _on_current(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.sig_case_highlighted.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_merge(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.sig_merge_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
