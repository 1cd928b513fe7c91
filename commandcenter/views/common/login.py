"""Login: the user's name and password, checked off the GUI thread."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from commandcenter.models.case import Actor
from commandcenter.models.workflow import DomainError
from commandcenter.store.accounts import authenticate
from commandcenter.store.db import Database

from .tasks import TaskRunner


class LoginDialog(QDialog):
    def __init__(self, db: Database, runner: TaskRunner, parent=None):
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("登录 · 网格化管理监督指挥中心"))
        self.username = QLineEdit(QSettings().value("login/username", "", str))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel("", wordWrap=True)
        self.message.setStyleSheet("color: #c62828;")
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if self.username.text() else self.username).setFocus(
            Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在验证…"))
        db = self.db
        self.runner.submit(lambda: authenticate(db, username, password), self._on_actor,
                           self._on_failed)

    def _on_actor(self, actor: Actor) -> None:
        self.actor = actor
        QSettings().setValue("login/username", actor.username)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        if isinstance(exc, DomainError):
            self.message.setText(self.tr("用户名或密码错误"))
        else:
            self.message.setText(self.tr("数据库不可用：{error}").format(error=exc))
