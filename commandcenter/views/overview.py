"""The first screen: the district's case counts by stage, refreshed off the GUI thread."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QFrame, QGridLayout, QLabel, QMainWindow, QVBoxLayout, QWidget)

from commandcenter.models.enums import Stage
from commandcenter.store.db import Database
from commandcenter.store.queries import summary
from commandcenter.store.service import local_now

from .tasks import TaskRunner

REFRESH_MS = 5000
COLUMNS = 4


class _Card(QFrame):
    def __init__(self, title: str):
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        self.value = QLabel("–", alignment=Qt.AlignmentFlag.AlignCenter)
        self.value.setStyleSheet("font-size: 28pt; font-weight: 600;")
        caption = QLabel(title, alignment=Qt.AlignmentFlag.AlignCenter)
        caption.setStyleSheet("font-size: 12pt; color: #555;")
        layout.addWidget(self.value)
        layout.addWidget(caption)


class OverviewWindow(QMainWindow):
    def __init__(self, db: Database, runner: TaskRunner):
        super().__init__()
        self.db, self.runner = db, runner
        self.setWindowTitle(self.tr("网格化管理监督指挥中心"))
        body = QWidget()
        grid = QGridLayout(body)
        self.status = QLabel(self.tr("正在读取…"))
        self.status.setStyleSheet("font-size: 12pt; padding: 4px;")
        grid.addWidget(self.status, 0, 0, 1, COLUMNS)
        self.cards: dict[str, _Card] = {}
        titles = [("open", self.tr("在办")), ("overdue", self.tr("超期"))] + [
            (s.value, s.label) for s in Stage]
        for i, (key, title) in enumerate(titles):
            self.cards[key] = _Card(title)
            grid.addWidget(self.cards[key], 1 + i // COLUMNS, i % COLUMNS)
        self.cards["overdue"].value.setStyleSheet(self.cards["overdue"].value.styleSheet()
                                                  + "color: #c62828;")
        grid.setRowStretch(grid.rowCount(), 1)
        self.setCentralWidget(body)
        self._timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self._timer.start()
        self._busy = False
        self.refresh()

    def refresh(self) -> None:
        if self._busy:  # a slow database must not pile up requests
            return
        self._busy = True
        db = self.db
        self.runner.submit(lambda: summary(db, local_now()), self._on_summary, self._on_failed)

    def _on_summary(self, data: dict) -> None:
        self._busy = False
        cases = data["cases"]
        self.cards["open"].value.setText(str(cases["open"]))
        self.cards["overdue"].value.setText(str(cases["overdue"]))
        for stage, n in cases["by_stage"].items():
            self.cards[stage].value.setText(str(n))
        areas = data["areas"]
        self.status.setText(self.tr("{streets} 个街道 · {communities} 个社区 · {grids} 个单元网格 · "
                                    "{components} 个部件 · 数据库 {db}（街道、社区和网格边界为合成数据）").format(
            streets=areas["street"], communities=areas["community"], grids=areas["grid"],
            components=data["components"], db=data["database"]))

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        self.status.setText(self.tr("数据库不可用：{error}").format(error=exc))
