"""Login: the user's name and password, checked off the GUI thread."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings, Qt
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
        # Without a window manager's title bar (a kiosk, a remote desk) the dialog still
        # says what it signs in to, and where: the shared server or a file on this desk.
        self.heading = QLabel(self.tr("网格化管理监督指挥中心"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.where = QLabel(self.tr("数据库：{where}").format(where=database_place(db)))
        self.where.setStyleSheet("color: #607d8b;")
        self.where.setWordWrap(True)
        for field in (self.username, self.password):
            field.setMinimumWidth(field.fontMetrics().averageCharWidth() * 28)
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
        layout.addWidget(self.heading)
        layout.addWidget(self.where)
        layout.addSpacing(self.fontMetrics().height() // 2)
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
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)  # type it again at once
        if isinstance(exc, DomainError):
            self.message.setText(self.tr("用户名或密码错误"))
            self.message.setToolTip("")
        else:  # plain words; the driver's text for whoever looks into it
            self.message.setText(self.tr("无法连接数据库（{where}），未登录。请检查网络，"
                                         "稍后重试或联系系统管理员。").format(
                                             where=database_place(self.db)))
            self.message.setToolTip(str(exc))


def database_place(db: Database | None) -> str:
    """Where ``db`` lives, for people: the server and database, or the file (no password)."""
    if db is None:
        return "—"
    kind, where = db.place()
    return QCoreApplication.translate("LoginDialog", "本机文件 {name}").format(name=where) \
        if kind == "file" else where
