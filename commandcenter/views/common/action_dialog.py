"""The questions an action asks before it is taken: a department, a time asked for, a
reason or a result with photos, and a plain confirmation for what cannot be taken back."""
from __future__ import annotations

from typing import Any, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from commandcenter.models import workflow
from commandcenter.models.case import Action
from commandcenter.models.fieldtasks import Candidate
from commandcenter.models.routing import Suggestion
from commandcenter.models.worktime import TimeLimit

from .i18n import domain_text, limit_text, reason_text
from .photo_picker import PhotoPicker
from .related import Related, candidate_text, duplicate_text, picked_text

EXTENSION_CHOICES = ("2wh", "4wh", "1wd", "3wd", "5wd")
HOLD_CHOICES = ("1wd", "3wd", "5wd", "10wd", "20wd")
# Actions whose effect stays once taken (a dispatch has its own undo; a supervision order
# and a return request ask their own questions): each asks "are you sure" in words that
# say what will happen.
IRREVERSIBLE = {
    Action.FILE: QT_TRANSLATE_NOOP("ActionDialog", "立案后案件进入派遣，不能退回受理。"),
    Action.CLOSE: QT_TRANSLATE_NOOP("ActionDialog", "结案后案件办结，不能再办理。"),
    Action.VOID: QT_TRANSLATE_NOOP("ActionDialog", "作废后案件终止，计为作废，不能恢复。"),
    Action.APPROVE: QT_TRANSLATE_NOOP("ActionDialog", "批准后申请立即生效，不能撤回。"),
    Action.REJECT: QT_TRANSLATE_NOOP("ActionDialog", "驳回后部门须按原时限继续处置。"),
    Action.HANDLE: QT_TRANSLATE_NOOP("ActionDialog", "提交后案件转入核查，处置结果不能修改。"),
    Action.CHECK_PASS: QT_TRANSLATE_NOOP("ActionDialog", "核查通过后案件转入结案。"),
    Action.CHECK_FAIL: QT_TRANSLATE_NOOP("ActionDialog", "核查不通过，案件返工给原部门。"),
    Action.MERGE: QT_TRANSLATE_NOOP("ActionDialog", "合并后本案件终止并指向所选案件，只计一次。"),
}
_REASON_CAPTION = {
    Action.HANDLE: QT_TRANSLATE_NOOP("ActionDialog", "处置结果"),
    Action.SUPERVISE: QT_TRANSLATE_NOOP("ActionDialog", "督办意见"),
}
_REASON_HINT = {
    Action.HANDLE: QT_TRANSLATE_NOOP("ActionDialog", "说明处置了什么、怎样处置、现场现状"),
    Action.SUPERVISE: QT_TRANSLATE_NOOP("ActionDialog", "督办的要求：办什么、何时办结"),
}
REASON_CAPTION = QT_TRANSLATE_NOOP("ActionDialog", "原因")
REASON_HINT = QT_TRANSLATE_NOOP("ActionDialog", "请填写原因")


class ActionDialog(QDialog):
    """Asks for what an action needs; ``values()`` are the service call's arguments."""

    @staticmethod
    def asks(action: Action) -> bool:
        """Whether ``action`` asks anything before it is taken."""
        return (action in workflow.REASON_REQUIRED or action in IRREVERSIBLE
                or action in (Action.DISPATCH, Action.REQUEST_HOLD, Action.ASSIGN))

    def __init__(self, action: Action, departments: Mapping[str, tuple[str, str]],
                 suggestions: tuple[Suggestion, ...], parent: QWidget | None = None, *,
                 number: str = "", summary: str = "", related: Related = Related(),
                 picked: Candidate | None = None):
        super().__init__(parent)
        self.action = action
        self.setObjectName(f"actionDialog-{action.value}")
        self.setWindowTitle(self.tr("{action} · 案件 {number}").format(
            action=domain_text(action.label), number=number) if number
            else domain_text(action.label))
        # Wide enough for the case line and the warning to read as sentences, not columns.
        self.setMinimumWidth(28 * self.fontMetrics().height())
        form = QFormLayout(self)
        if number:  # which case this acts on, in the dialog itself
            self.case_label = QLabel(self.tr("<b>案件 {number}</b>　{summary}").format(
                number=number, summary=summary), wordWrap=True)
            form.addRow(self.case_label)
        self.department = self.extension = self.reason = self.photos = None
        self.target = self.assignee = None
        if action is Action.MERGE:
            self.target = QComboBox(objectName="mergeTarget")
            for d in related.duplicates:
                self.target.addItem(duplicate_text(d), d.case_id)
            form.addRow(self.tr("并入案件"), self.target)
            if not related.duplicates:
                form.addRow(QLabel(self.tr("附近没有可能重复的在办案件。")))
        if action is Action.ASSIGN:
            self.assignee = QComboBox(objectName="assignee")
            candidates = related.assignment.candidates if related.assignment else ()
            for c in candidates:
                self.assignee.addItem(candidate_text(c), c.username)
            if picked is not None:  # chosen on the map: ranked or not, chosen here too
                index = self.assignee.findData(picked.username)
                if index < 0:
                    self.assignee.addItem(picked_text(picked), picked.username)
                    index = self.assignee.count() - 1
                else:  # the ranked line, with what the map adds
                    self.assignee.setItemText(index, picked_text(candidates[index]))
                self.assignee.setCurrentIndex(index)
            form.addRow(self.tr("指派给"), self.assignee)
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
        if action in (Action.REQUEST_EXTENSION, Action.REQUEST_HOLD):
            self.extension = QComboBox()
            for text in (EXTENSION_CHOICES if action is Action.REQUEST_EXTENSION
                         else HOLD_CHOICES):
                limit = TimeLimit.parse(text)
                self.extension.addItem(limit_text(limit), limit)
            form.addRow(self.tr("延期时长") if action is Action.REQUEST_EXTENSION
                        else self.tr("预计挂账时长"), self.extension)
        if action in workflow.REASON_REQUIRED or action is Action.HANDLE:
            self.reason = QPlainTextEdit()
            self.reason.setPlaceholderText(self.tr(_REASON_HINT.get(action, REASON_HINT)))
            form.addRow(self.tr(_REASON_CAPTION.get(action, REASON_CAPTION)), self.reason)
        if action is Action.HANDLE:
            self.photos = PhotoPicker(self)
            form.addRow(self.tr("现场照片"), self.photos)
        if action in IRREVERSIBLE:
            warning = QLabel(self.tr(IRREVERSIBLE[action]), objectName="irreversible",
                             wordWrap=True)
            warning.setStyleSheet("color:#b71c1c;font-weight:bold;")
            form.addRow(warning)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # The button says what it does: "确认结案", not "OK".
        self.ok.setText(self.tr("确认{action}").format(action=domain_text(action.label)))
        # Nothing that cannot be undone on a stray Return: the safe button is the default.
        self.ok.setAutoDefault(False)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        if self.reason is not None:
            self.reason.textChanged.connect(self._on_reason_changed)
            self._on_reason_changed()
        for choice in (self.target, self.assignee):  # nothing to choose: nothing to confirm
            if choice is not None and choice.count() == 0:
                self.ok.setEnabled(False)

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
        if self.target is not None:
            result["merge_into"] = self.target.currentData()
        if self.assignee is not None:
            result["assignee"] = self.assignee.currentData()
        if self.photos is not None and self.photos.paths():
            result["photo_paths"] = self.photos.paths()
        return result
