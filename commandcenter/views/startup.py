"""Opens the database off the GUI thread; on a first start builds the demo district."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout

from commandcenter.store.db import Database, open_database
from commandcenter.store.queries import summary
from commandcenter.store.service import local_now

from .tasks import TaskRunner

FIRST_RUN_DAYS = 14


def open_or_build(url: str | None, progress, days: int = FIRST_RUN_DAYS) -> Database:
    """Open (and migrate) the database; an empty one gets the demo district."""
    db = open_database(url)
    if summary(db, local_now())["areas"]["grid"] == 0:
        from commandcenter.demo.builder import build_demo
        progress("首次启动：正在生成东城区演示数据…")
        build_demo(db, days=days, seed=2026, progress=progress)
    return db


class StartupDialog(QDialog):
    def __init__(self, url: str | None, runner: TaskRunner):
        super().__init__()
        self.setWindowTitle(self.tr("网格化管理监督指挥中心"))
        self.database: Database | None = None
        layout = QVBoxLayout(self)
        self.message = QLabel(self.tr("正在连接数据库…"), alignment=Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        bar = QProgressBar()
        bar.setRange(0, 0)
        layout.addWidget(self.message)
        layout.addWidget(bar)
        self.resize(520, 120)
        runner.submit(lambda progress: open_or_build(url, progress), self._on_ready,
                      self._on_failed, self.message.setText)

    def _on_ready(self, db: Database) -> None:
        self.database = db
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.message.setText(self.tr("无法打开数据库：{error}").format(error=exc))
