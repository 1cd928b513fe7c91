"""A field supervisor's own task list: each verify or check task with when it should be
taken (接单) and done, the late ones flagged in red; a click shows the case."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from commandcenter.store.fieldtasks import FieldTask

from ..common.i18n import domain_text


class TaskList(QWidget):
    sig_case_chosen = Signal(int)

    def __init__(self, class_name, parent: QWidget | None = None):
        super().__init__(parent)
        self._class_name = class_name
        layout = QVBoxLayout(self)
        self.summary = QLabel(objectName="taskSummary", wordWrap=True)
        self.list = QListWidget(objectName="tasks")
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._on_item)
        self.list.itemActivated.connect(self._on_item)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def show_tasks(self, tasks: list[FieldTask]) -> None:
        self.list.clear()
        late = sum(t.late_to_start for t in tasks)
        self.summary.setText(self.tr("共 {n} 项任务，{late} 项超时未接单").format(
            n=len(tasks), late=late) if tasks else self.tr("当前没有任务"))
        self.summary.setStyleSheet("color:#c62828;font-weight:bold;" if late else "")
        for task in tasks:
            if task.started_at is not None:
                state = self.tr("已接单 {time}").format(time=f"{task.started_at:%H:%M}")
            elif task.late_to_start:
                state = self.tr("超时未接单（应于 {time} 前接单）").format(
                    time=f"{task.start_due:%H:%M}")
            else:
                state = self.tr("待接单，{time} 前").format(
                    time=f"{task.start_due:%H:%M}" if task.start_due else "—")
            due = f"{task.deadline:%m-%d %H:%M}" if task.deadline else "—"
            text = self.tr("{stage} 案件 {number} · {cls}\n{address}\n{state}；时限 {due}").format(
                stage=domain_text(task.stage.label), number=task.number,
                cls=domain_text(self._class_name(task.class_key)), address=task.address,
                state=state, due=due)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, task.case_id)
            if task.late_to_start or task.overdue:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)

    def _on_item(self, item: QListWidgetItem) -> None:
        self.sig_case_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
