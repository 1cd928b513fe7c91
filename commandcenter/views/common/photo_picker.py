"""Photos chosen from files, for a report or a department's result: a short list with
add and remove; the files are read (and checked) on a worker when the action is taken."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QListWidget, QPushButton,
                               QVBoxLayout, QWidget)


class PhotoPicker(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(objectName="photoList")
        self.list.setMaximumHeight(5 * self.fontMetrics().height())
        row = QHBoxLayout()
        row.addWidget(QPushButton(self.tr("添加照片…"), clicked=self._on_add))
        row.addWidget(QPushButton(self.tr("移除"), clicked=self._on_remove))
        row.addStretch(1)
        layout.addWidget(self.list)
        layout.addLayout(row)

    def _on_add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择照片"), "", self.tr("图片 (*.jpg *.jpeg *.png *.webp *.gif *.bmp)"))
        self.add_photos(paths)

    def add_photos(self, paths) -> None:
        known = set(self.paths())
        for path in paths:
            if path and path not in known:
                self.list.addItem(Path(path).name)
                self.list.item(self.list.count() - 1).setData(Qt.ItemDataRole.UserRole, path)
                known.add(path)

    def _on_remove(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def paths(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def clear(self) -> None:
        self.list.clear()
