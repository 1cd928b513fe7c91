"""Opens the database off the GUI thread; on a first start builds the demo district.

A shared PostgreSQL database may need a password: it comes from the URL, else the
system keyring, else this dialog asks for it (and can keep it in the keyring)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QVBoxLayout)

from commandcenter.store.credentials import (complete_url, keyring_usable, save_db_password,
                                             strip_password, with_password)
from commandcenter.store.db import Database, open_database, resolve_url
from commandcenter.store.queries import has_district

from .tasks import TaskRunner

FIRST_RUN_DAYS = 14


def open_or_build(url: str | None, progress, days: int = FIRST_RUN_DAYS,
                  password: str | None = None) -> Database:
    """Open (and migrate) the database; an empty one gets the demo district."""
    url = resolve_url(url)
    url = with_password(url, password) if password else complete_url(url)
    db = open_database(url)
    if not has_district(db):
        from commandcenter.demo.builder import build_demo
        progress(QCoreApplication.translate("StartupDialog", "首次启动：正在生成东城区演示数据…"))
        build_demo(db, days=days, seed=2026, progress=progress)
        build_district_basemap(db, progress)
    return db


def build_district_basemap(db: Database, progress) -> None:
    """Draw the new district's basemap now, so the map has it from the first picture; a
    failure only costs the basemap (the map asks again, and says why)."""
    from commandcenter.demo.basemap import ensure_district_basemap
    progress(QCoreApplication.translate("StartupDialog", "首次启动：正在绘制区划底图…"))
    try:
        ensure_district_basemap(db)
    except Exception:  # noqa: BLE001 (Pillow, fonts, disk: none may stop the start)
        logging.getLogger(__name__).exception("basemap: drawing the district's basemap failed")


class StartupDialog(QDialog):
    def __init__(self, url: str | None, runner: TaskRunner):
        super().__init__()
        self.url, self.runner = url, runner
        self.setWindowTitle(self.tr("网格化管理监督指挥中心"))
        self.database: Database | None = None
        self.message = QLabel(self.tr("正在连接数据库…"), alignment=Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password,
                                  placeholderText=self.tr("数据库密码"))
        self.remember = QCheckBox(self.tr("保存到系统密钥环"))
        self.connect_button = QPushButton(self.tr("连接"))
        self.connect_button.clicked.connect(self._on_connect_clicked)
        self.password.returnPressed.connect(self._on_connect_clicked)
        row = QHBoxLayout()
        for widget in (self.password, self.remember, self.connect_button):
            row.addWidget(widget)
            widget.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        self.resize(560, 140)
        self._open()

    def _open(self, password: str | None = None) -> None:
        url = self.url
        self.bar.show()
        self.runner.submit(lambda progress: open_or_build(url, progress, password=password),
                           self._on_ready, self._on_failed, self.message.setText)

    def _on_connect_clicked(self) -> None:
        self.connect_button.setEnabled(False)
        self.message.setText(self.tr("正在连接数据库…"))
        self._open(self.password.text())

    def _on_ready(self, db: Database) -> None:
        if self.password.text() and self.remember.isChecked():
            save_db_password(strip_password(db.url)[0], self.password.text())
        self.database = db
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.bar.hide()
        self.message.setText(self.tr("无法打开数据库：{error}").format(error=str(exc).splitlines()[0]))
        try:
            shared = resolve_url(self.url).startswith("postgresql")
        except ValueError:  # a bad URL or site preset: the message says which line
            shared = False
        if shared:
            # Perhaps a password is missing or wrong: ask for it, never store it in settings.
            self.password.show()
            self.connect_button.show()
            self.connect_button.setEnabled(True)
            self.remember.setVisible(keyring_usable())
