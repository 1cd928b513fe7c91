"""The department handler's desk: the shared desk with queues of their own department's
cases (all departments on request) and a panel of the center's decisions on their requests.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar

from commandcenter.models.enums import Countdown, Stage
from commandcenter.store.board import BoardCase
from commandcenter.store.decisions import decisions_for

from ..common.desk import DeskWindow
from ..common.queues import QueueSpec
from .decisions import DecisionsPanel


class DepartmentDesk(DeskWindow):
    desk_key = "department"
    home_queue = "mine"

    def __init__(self, ws, **kw):
        self.department_code = ws.actor.department_code
        self.all_departments = False
        self.decided_up_to = 0  # the last decision event shown (read by the totals' worker)
        super().__init__(ws, **kw)

    def _ours(self, case: BoardCase) -> bool:
        return self.all_departments or case.department_code == self.department_code

    def queue_specs(self) -> tuple[QueueSpec, ...]:
        ours = self._ours
        return (
            QueueSpec("mine", QT_TRANSLATE_NOOP("QueueTabs", "待处置"), lambda c, _l: ours(c)
                      and c.stage is Stage.HANDLING and c.pending_request is None),
            QueueSpec("due_soon", QT_TRANSLATE_NOOP("QueueTabs", "即将超期"), lambda c, light:
                      ours(c) and light is Countdown.WARNING),
            QueueSpec("overdue", QT_TRANSLATE_NOOP("QueueTabs", "已超期"), lambda c, light:
                      ours(c) and light is Countdown.OVERDUE),
            QueueSpec("asked", QT_TRANSLATE_NOOP("QueueTabs", "申请待批"), lambda c, _l: ours(c)
                      and c.pending_request is not None),
            QueueSpec("held", QT_TRANSLATE_NOOP("QueueTabs", "挂账"), lambda c, _l: ours(c)
                      and c.stage is Stage.HELD),
            QueueSpec("check", QT_TRANSLATE_NOOP("QueueTabs", "待核查"), lambda c, _l: ours(c)
                      and c.stage is Stage.CHECK),
        )

    def build_panels(self) -> None:
        self.decisions = DecisionsPanel()
        self.decisions.sig_case_chosen.connect(self.select_case)
        self.add_side_panel(self.tr("审批结果"), "decisions", self.decisions)

    def build_actions(self, bar: QToolBar) -> None:
        self.all_action = QAction(self.tr("全部部门"), self, checkable=True, checked=False,
                                  toolTip=self.tr("也显示其他部门的案件（只读）"),
                                  toggled=self.show_all_departments)
        self.all_action.setObjectName("allDepartments")
        bar.addAction(self.all_action)

    def show_all_departments(self, on: bool) -> None:
        """Own department only (the default), or every department's cases to look at."""
        self.all_departments = on
        self.queues.set_cases(list(self.cases.values()))
        self._publish_markers()

    def shows_on_map(self, case: BoardCase) -> bool:
        return self._ours(case)

    def snapshot_steps(self, snap) -> list:
        return [self._refresh_aggregates]  # the day's decisions at once

    def read_totals(self, db, now):
        """Decisions on this department's requests since the last ones shown (today's at
        start: a handler who logs in later still sees them)."""
        day = now.replace(hour=0, minute=0, second=0)
        return decisions_for(db, self.department_code, after_id=self.decided_up_to,
                             since=day)

    def show_totals(self, decisions) -> None:
        for found in decisions:
            self.show_message(self.decisions.add(found))
            self.decided_up_to = max(self.decided_up_to, found.event_id)
