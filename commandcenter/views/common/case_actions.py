"""The case detail's action buttons: the actions the rules allow the person looking, each
asked for what it needs, taken on a worker and its result told whatever the panel shows
by then (a mixin of :class:`CaseDetailPanel`)."""
from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPushButton

from commandcenter.models import workflow
from commandcenter.models.case import Action, CaseRecord
from commandcenter.models.enums import Stage
from commandcenter.models.fieldtasks import Candidate

from .action_dialog import ActionDialog
from .case_header import tint
from .case_jobs import ActionOutcome, act_on_case
from .i18n import domain_text
from .messages import refusal_message


def clear_layout(layout: QHBoxLayout) -> None:
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget is not None:
            widget.deleteLater()


class CaseActions:
    def _show_actions(self, case: CaseRecord, now: datetime) -> None:
        clear_layout(self.actions_row)
        self.action_buttons = {}
        for action in workflow.allowed_actions(case, self.actor, now):
            button = QPushButton(domain_text(action.label), objectName=f"action-{action.value}")
            button.setProperty("action", action.value)
            # A bound method, not a partial: PySide holds bound methods weakly, and a
            # partial would keep the panel alive from inside its own child button, so
            # deleting the button could destroy the panel in the middle of that deletion.
            button.clicked.connect(self._on_action_button)
            button.setEnabled(not self._busy)
            self.action_buttons[action] = button
            self.actions_row.addWidget(button)
        if not self.action_buttons:
            idle = QLabel(self.tr("当前没有您可执行的操作"))
            tint(idle, "#757575")
            self.actions_row.addWidget(idle)
        self.actions_row.addStretch(1)

    def _on_action_button(self) -> None:
        self._on_action_clicked(Action(self.sender().property("action")))

    def set_offline(self, reason: str) -> None:
        """While ``reason`` is set, actions are refused with it (never queued for later)."""
        self.offline_reason = reason

    def assign_to(self, picked: Candidate) -> None:
        """Ask to give the shown case's field task to ``picked`` (a supervisor chosen on
        the map): the 指派 dialog, naming the case, with them chosen."""
        if Action.ASSIGN in self.action_buttons:
            self._on_action_clicked(Action.ASSIGN, picked)

    def _on_action_clicked(self, action: Action, picked: Candidate | None = None) -> None:
        case = self._case
        if case is None or self._busy:
            return
        # The second click of a double click lands on the buttons drawn after the first
        # action's result: one action per double-click interval.
        if self._last_click.isValid() and (
                self._last_click.elapsed() < QApplication.doubleClickInterval()):
            return
        self._last_click.start()
        if self.offline_reason:
            self.show_message(self.offline_reason, error=True)
            return
        self._picked = picked
        try:
            inputs = self._ask(action, case)
        finally:
            self._picked = None
        if inputs is None:
            return
        self._last_click.start()  # counted from the dialog's 确定, not from the button
        self._busy = True
        for button in self.action_buttons.values():
            button.setEnabled(False)
        self.runner.submit(partial(act_on_case, self.service, self.actor, case, action, dict(inputs)),
                           self._on_acted)

    def _ask(self, action: Action, case: CaseRecord) -> dict | None:
        """What ``action`` needs from the person (reason, department, extension), or None
        if they cancelled. Actions that need nothing are taken at once."""
        if not ActionDialog.asks(action):
            return {}
        dialog = ActionDialog(action, self._departments, self._suggestions, self,
                              related=self._related, picked=self._picked,
                              number=case.number, summary=self.class_label.text().split("　")[0])
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _on_acted(self, outcome: ActionOutcome) -> None:
        """Every result reaches the person who asked, whatever the panel shows by now."""
        self._busy = False
        if outcome.error is None:
            text = self.tr("已{action}：案件 {number} 当前状态：{stage}").format(
                action=domain_text(outcome.action.label), number=outcome.result.number,
                stage=domain_text(outcome.result.stage.label))
            text += self._outcome_detail(outcome.result)
        else:
            text = self._refusal(outcome.action, outcome.error)
            if outcome.case_id != self._case_id and outcome.number not in text:
                text = self.tr("案件 {number}：{text}").format(number=outcome.number, text=text)
        self.show_message(text, error=outcome.error is not None)
        if outcome.case_id == self._case_id:
            self.show_case(outcome.case_id)  # shows what the case looks like now
        else:
            for button in self.action_buttons.values():  # the case shown is free again
                button.setEnabled(True)
        if outcome.error is None:
            self.sig_case_changed.emit(outcome.case_id)

    def _outcome_detail(self, case: CaseRecord) -> str:
        if case.stage is Stage.HANDLING and case.department_code:
            return self.tr("，处置部门：{dept}").format(dept=self._department_name(case.department_code))
        return ""

    def _refusal(self, action: Action, error: Exception) -> str:
        return refusal_message(error, action=action, now=self.service.clock(),
                               department_names={c: n[1] for c, n in self._departments.items()})
