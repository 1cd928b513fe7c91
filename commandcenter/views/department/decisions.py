"""The center's decisions on the department's requests, newest first: what was decided,
by whom and when, and the handling deadline it leaves; a click shows the case."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from commandcenter.models.case import RequestKind
from commandcenter.store.decisions import Decision

from ..common.i18n import domain_text

_TEXTS = {
    (RequestKind.RETURN, True): QT_TRANSLATE_NOOP("Decisions", "回退申请已批准，案件已退回派遣"),
    (RequestKind.EXTENSION, True): QT_TRANSLATE_NOOP("Decisions", "延期申请已批准，新的处置截止 {deadline}"),
    (RequestKind.HOLD, True): QT_TRANSLATE_NOOP("Decisions", "挂账申请已批准，计时暂停"),
    (RequestKind.RETURN, False): QT_TRANSLATE_NOOP("Decisions", "回退申请被驳回，请继续处置"),
    (RequestKind.EXTENSION, False): QT_TRANSLATE_NOOP("Decisions", "延期申请被驳回，处置截止不变 {deadline}"),
    (RequestKind.HOLD, False): QT_TRANSLATE_NOOP("Decisions", "挂账申请被驳回，请继续处置"),
}


def decision_text(d: Decision) -> str:
    deadline = f"{d.deadline:%m-%d %H:%M}" if d.deadline else "—"
    text = QCoreApplication.translate("Decisions", _TEXTS[(d.kind, d.approved)]).format(
        deadline=deadline)
    if d.reason:
        text += QCoreApplication.translate("Decisions", "。意见：{reason}").format(reason=d.reason)
    return text


class DecisionsPanel(QWidget):
    sig_case_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self.tr("中心对本部门申请的审批结果（今日起）显示在这里。"), wordWrap=True)
        self.hint.setStyleSheet("color:#757575;")
        self.list = QListWidget(objectName="decisions")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._on_item)
        self.list.itemClicked.connect(self._on_item)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        self.last_id = 0

    def add(self, d: Decision) -> str:
        """Show ``d`` on top (once) and return its line."""
        text = self.tr("{time} 案件 {number}：{what}（{who}）").format(
            time=f"{d.at:%H:%M}", number=d.number, what=decision_text(d), who=d.by)
        if d.event_id <= self.last_id:
            return text
        self.last_id = d.event_id
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, d.case_id)
        item.setForeground(Qt.GlobalColor.darkGreen if d.approved else Qt.GlobalColor.darkRed)
        item.setToolTip(domain_text(d.kind.label))
        self.list.insertItem(0, item)
        return text

    def _on_item(self, item: QListWidgetItem) -> None:
        self.sig_case_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
