"""The questions an action asks before it is taken: a department, an extension, a reason."""
from __future__ import annotations

from typing import Any, Mapping

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QPlainTextEdit, QWidget)

from commandcenter.models import workflow
from commandcenter.models.case import Action
from commandcenter.models.routing import Suggestion
from commandcenter.models.worktime import TimeLimit

from .i18n import domain_text, limit_text, reason_text

EXTENSION_CHOICES = ("2wh", "4wh", "1wd", "3wd", "5wd")


class ActionDialog(QDialog):
    """Asks for what an action needs: a department, an extension and/or a reason."""

    def __init__(self, action: Action, departments: Mapping[str, tuple[str, str]],
                 suggestions: tuple[Suggestion, ...], parent: QWidget | None = None, *,
                 number: str = "", summary: str = ""):
        super().__init__(parent)
        self.action = action
        self.setWindowTitle(self.tr("{action} · 案件 {number}").format(
            action=domain_text(action.label), number=number) if number
            else domain_text(action.label))
        form = QFormLayout(self)
        if number:  # which case this acts on, in the dialog itself
            self.case_label = QLabel(self.tr("<b>案件 {number}</b>　{summary}").format(
                number=number, summary=summary), wordWrap=True)
            form.addRow(self.case_label)
        self.department = self.extension = self.reason = None
        if action is Action.DISPATCH:
            self.department = QComboBox()
            suggested = [s.department_code for s in suggestions]
            for s in suggestions:
                name = departments.get(s.department_code, (s.department_code,))[0]
                self.department.addItem(self.tr("{name}（建议：{why}）").format(
                    name=domain_text(name), why=reason_text(s.reason)), s.department_code)
            if suggestions:
                self.department.insertSeparator(self.department.count())
            for code, (name, _short_name) in departments.items():
                if code not in suggested:
                    self.department.addItem(domain_text(name), code)
            form.addRow(self.tr("处置部门"), self.department)
        if action is Action.REQUEST_EXTENSION:
            self.extension = QComboBox()
            for text in EXTENSION_CHOICES:
                limit = TimeLimit.parse(text)
                self.extension.addItem(limit_text(limit), limit)
            form.addRow(self.tr("延期时长"), self.extension)
        if action in workflow.REASON_REQUIRED:
            self.reason = QPlainTextEdit()
            self.reason.setPlaceholderText(self.tr("请填写原因"))
            form.addRow(self.tr("原因"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.reason is not None:
            self.reason.textChanged.connect(self._on_reason_changed)
            self._on_reason_changed()

    def _on_reason_changed(self) -> None:
        self.ok.setEnabled(bool(self.reason.toPlainText().strip()))

    def values(self) -> dict:
        result: dict[str, Any] = {}
        if self.department is not None:
            result["department_code"] = self.department.currentData()
        if self.extension is not None:
            result["extension"] = self.extension.currentData()
        if self.reason is not None:
            result["reason"] = self.reason.toPlainText().strip()
        return result
