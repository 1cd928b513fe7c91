"""What covers the wall's pages: the full-screen "connecting…" page, the shift lead's exit
prompt and the night-time dimming. None of them is a modal dialog: the wall keeps running
(and retrying) underneath."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from .theme import Metrics


class ConnectingPage(QWidget):
    """Shown until the wall has its database and its login; says why and when it retries."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("connecting")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(self.tr("正在连接…"), objectName="pageTitle")
        self.reason = QLabel(objectName="notice", wordWrap=True)
        self.retry = QLabel(objectName="muted")
        self.config_note = QLabel(objectName="muted", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title, self.reason, self.retry, self.config_note):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)

    def show_attempt(self, reason: str, attempt: int, retry_in_s: int) -> None:
        self.reason.setText(reason)
        self.retry.setText(self.tr("第 {n} 次尝试未成功，{s} 秒后重试").format(
            n=attempt, s=retry_in_s))


class ExitPrompt(QWidget):
    """Ctrl+Alt+Q brings it up: a shift lead's user name and password close the wall."""

    sig_submitted = Signal(str, str)
    sig_cancelled = Signal()
    sig_shown = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(self.tr("退出大屏需要值班长密码"), objectName="heading")
        self.user = QLineEdit(placeholderText=self.tr("值班长用户名"))
        self.password = QLineEdit(placeholderText=self.tr("密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="notice")
        layout = QVBoxLayout(self)
        for widget in (self.title, self.user, self.password, self.message):
            layout.addWidget(widget)
        self.user.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)

    def open(self) -> None:
        self.user.clear()
        self.password.clear()
        self.message.clear()
        self.show()
        self.raise_()
        self.user.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802
        self.sig_shown.emit(True)

    def hideEvent(self, event) -> None:  # noqa: N802
        self.sig_shown.emit(False)

    def _submit(self) -> None:
        self.message.setText(self.tr("正在核对…"))
        self.sig_submitted.emit(self.user.text().strip(), self.password.text())

    def refuse(self, reason: str) -> None:
        self.password.clear()
        self.message.setText(reason)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.sig_cancelled.emit()
            return
        super().keyPressEvent(event)

    def place(self, m: Metrics, area: QWidget) -> None:
        w, h = min(area.width(), m.px(18)), m.px(8)
        self.setGeometry((area.width() - w) // 2, (area.height() - h) // 2, w, h)


class DimOverlay(QWidget):
    """Darkens everything under it (the night schedule's ``dim``); clicks pass through."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.level = 1.0

    def set_level(self, level: float) -> None:
        self.level = level
        self.setVisible(level < 1.0)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        colour = QColor(0, 0, 0, round(255 * (1.0 - self.level)))
        painter.fillRect(self.rect(), colour)
        painter.end()
