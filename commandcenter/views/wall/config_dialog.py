"""The shift lead's editor of the wall's configuration file, from the desktop app.

The text is checked with the wall's own validator before it is saved: a bad configuration
is never written (the line and reason are shown and the cursor goes there). Reading and
writing the file run on the worker pool.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QFont, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from commandcenter.models.enums import Role
from commandcenter.models.wall import DEFAULT_CONFIG_TOML, ConfigError, parse_config

from ..common.tasks import TaskRunner


def default_config_path() -> Path:
    """Where the wall looks for its configuration when no --config is given."""
    from platformdirs import user_config_dir
    return Path(user_config_dir("commandcenter")) / "wall.toml"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else DEFAULT_CONFIG_TOML


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".new")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # the wall never reads half a file
    return path


class WallConfigDialog(QDialog):
    def __init__(self, path: Path, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.path, self.runner = path, runner
        self.setWindowTitle(self.tr("大屏配置"))
        self.resize(760, 720)
        self.where = QLabel(self.tr("文件：{path}（大屏下次启动或重启时生效）").format(path=path))
        self.where.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont(["Noto Sans Mono CJK SC", "Consolas", "monospace"]))
        self.editor.setEnabled(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.editor.setPlainText(DEFAULT_CONFIG_TOML))
        layout = QVBoxLayout(self)
        for widget in (self.where, self.editor, self.message, self.buttons):
            layout.addWidget(widget)
        self.saved: Path | None = None
        runner.submit(lambda: _read(path), self._on_read, self._on_failed)

    def _on_read(self, text: str) -> None:
        self.editor.setPlainText(text)
        self.editor.setEnabled(True)

    def check(self) -> bool:
        """Validate the text; on a refusal show it and put the cursor on its line."""
        try:
            parse_config(self.editor.toPlainText(), "json" if self.path.suffix == ".json"
                         else "toml")
        except ConfigError as exc:
            self.message.setText(self.tr("未保存：第 {line} 行：{reason}").format(
                line=exc.line, reason=exc.reason))
            self.message.setStyleSheet("color:#c62828;")
            if exc.line:
                block = self.editor.document().findBlockByLineNumber(exc.line - 1)
                cursor = QTextCursor(block)
                cursor.select(QTextCursor.SelectionType.LineUnderCursor)
                self.editor.setTextCursor(cursor)
                self.editor.setFocus()
            return False
        return True

    def save(self) -> None:
        if not self.check():
            return
        path, text = self.path, self.editor.toPlainText()
        self.buttons.setEnabled(False)
        self.runner.submit(lambda: _write(path, text), self._on_saved, self._on_failed)

    def _on_saved(self, path: Path) -> None:
        self.saved = path
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(self.tr("无法读写配置文件：{error}").format(error=exc))


def add_wall_config_action(window, bar: QToolBar) -> None:
    """The dispatcher window's entry (shift leads only): one call from its toolbar."""
    if window.ws.actor.role is not Role.SHIFT_LEAD:
        return
    action = QAction(QCoreApplication.translate("WallConfigDialog", "大屏配置…"), window)
    action.setObjectName("wallConfigAction")
    action.triggered.connect(
        lambda: WallConfigDialog(default_config_path(), window.ws.runner, window).exec())
    bar.addAction(action)
