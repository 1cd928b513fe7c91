"""The dispatcher's desk (派遣员): the shared desk with the departments panel as the drop
target of a dragged case, dispatch to the first suggestion, and an undo for a dispatch."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton, QToolBar

from commandcenter.models.enums import Role, Stage
from commandcenter.store import board

from ..common.desk import DeskWindow
from ..common.i18n import domain_text
from ..common.workstation import Snapshot
from ..exchange import open_import_dialog
from ..review.window import review_action
from ..wall.config_dialog import add_wall_config_action
from .departments import DepartmentPanel
from .dispatch import DispatchController

_HOME_QUEUE = {Role.OPERATOR: "intake", Role.SHIFT_LEAD: "filing", Role.DISPATCHER: "dispatch",
               Role.SUPERVISOR: "check", Role.LEADER: "overdue"}
UNDO_SECONDS = 30  # how long 撤销派遣 is offered after a dispatch


class DispatcherWindow(DeskWindow):
    desk_key = "dispatcher"
    replays = True

    def build_panels(self) -> None:
        ws = self.ws
        self.home_queue = _HOME_QUEUE.get(ws.actor.role, "dispatch")
        self.departments = DepartmentPanel(ws.policy, ws.router, case_lookup=self.cases.get)
        self.dispatch = DispatchController(ws.service, ws.actor, ws.runner)
        self.add_side_panel(self.tr("专业部门"), "departments", self.departments)
        # Undo for the last dispatch, for a short while (the domain allows RECALL_GRACE).
        self._undoable = None
        self.undo_button = QPushButton(objectName="undoDispatch", clicked=self.undo_dispatch)
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000,
                                  timeout=self._on_undo_expired)
        self.map.sig_case_drag_started.connect(self._on_map_drag)
        self.departments.sig_dispatch_requested.connect(self._on_dispatch_requested)
        self.dispatch.sig_dispatched.connect(self._on_dispatched)
        self.dispatch.sig_refused.connect(self.show_message)
        self.dispatch.sig_recalled.connect(self._on_recalled)

    def build_actions(self, bar: QToolBar) -> None:
        bar.addAction(QAction(self.tr("数据导入"), self, triggered=lambda: open_import_dialog(self)))
        bar.addAction(review_action(self, self.ws))
        add_wall_config_action(self, bar)  # shift leads edit the wall display's playlist
        self.addAction(QAction(self, shortcut=QKeySequence("Ctrl+Return"),
                               triggered=self.dispatch_to_suggestion))

    def snapshot_steps(self, snap: Snapshot) -> list:
        # All tiles in one turn: they are painted, not laid out, and each extra turn would
        # repaint the growing panel again.
        loads = list(snap.departments)
        return [lambda: self.departments.set_loads(loads)]

    def read_totals(self, db, now):
        return board.department_loads(db, now)

    def show_totals(self, totals) -> None:
        self.departments.set_loads(totals)

    def _on_dispatch_requested(self, case_id: int, version: int, department_code: str) -> None:
        if self.is_offline():
            self.show_message(self.offline_reason())  # refused now, never replayed later
            return
        case = self.cases.get(case_id)
        if case is not None and case.stage is Stage.DISPATCH:
            suggestions = self._suggestions(case)
            if department_code not in [s.department_code for s in suggestions]:
                if not self.confirm_unsuggested(case, department_code, suggestions):
                    self.show_message(self.tr("案件 {number} 未派遣").format(number=case.number))
                    return
        self.dispatch.request(case_id, version, department_code)

    def _suggestions(self, case: board.BoardCase):
        return self.ws.router.suggest(case.kind, case.major_code, case.minor_code,
                                      case.grid_code, case.component_owner)

    def _department_name(self, code: str | None) -> str:
        return domain_text(self.dispatch.department_names.get(code, code or ""))

    def confirm_unsuggested(self, case: board.BoardCase, code: str, suggestions) -> bool:
        """Ask before a dispatch the routing did not suggest, naming what it suggests."""
        if suggestions:
            advice = self.tr("派遣建议是 {names}。").format(names=self.tr("、").join(
                self._department_name(s.department_code) for s in suggestions[:3]))
        else:
            advice = self.tr("该案件没有派遣建议。")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("确认派遣"), self.tr(
            "案件 {number}（{cls}）不在 {department} 的建议范围内。{advice}\n"
            "仍然派往 {department}？").format(
                number=case.number, cls=domain_text(case.class_name),
                department=self._department_name(code), advice=advice), parent=self)
        go = box.addButton(self.tr("派往 {department}").format(
            department=self._department_name(code)), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole))
        box.setObjectName("confirmUnsuggested")
        box.exec()
        return box.clickedButton() is go

    def _on_map_drag(self, case_id: int) -> None:
        case = self.cases.get(case_id)
        if case is not None:
            self.queues.start_drag(case)

    def dispatch_to_suggestion(self) -> None:
        """Send the case shown in the detail to the routing's first suggestion."""
        case = self.cases.get(self.detail.case_id)
        if case is None or case.stage is not Stage.DISPATCH:
            self.show_message(self.tr("请先选择一个待派遣的案件"))
            return
        suggestions = self._suggestions(case)
        if not suggestions:
            self.show_message(self.tr("没有派遣建议，请拖到部门上派遣"))
            return
        self.dispatch.request(case.id, case.version, suggestions[0].department_code)

    def _on_dispatched(self, case) -> None:
        self.show_message(self.tr("案件 {number} 已派遣至 {department}，处置截止 {deadline}").format(
            number=case.number, department=self._department_name(case.department_code),
            deadline=f"{case.deadline:%m-%d %H:%M}" if case.deadline else "—"))
        self._undoable = case
        self.undo_button.setText(self.tr("撤销派遣"))
        self.undo_button.show()
        self._undo_timer.start()
        self._refresh_cases([case.id])

    def undo_dispatch(self) -> None:
        case, self._undoable = self._undoable, None
        self._undo_timer.stop()
        self.undo_button.hide()
        if case is not None:
            self.dispatch.recall(case)

    def _on_undo_expired(self) -> None:
        self._undoable = None
        self.undo_button.hide()

    def _on_recalled(self, case) -> None:
        self.show_message(self.tr("已撤销：案件 {number} 回到待派遣").format(number=case.number))
        self._refresh_cases([case.id])
