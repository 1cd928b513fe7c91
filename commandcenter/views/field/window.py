"""The field supervisor's desk: the shared desk with the supervisor's own verify and check
tasks, and a report form for what they find, handled on the spot where the class allows."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import QScrollArea

from commandcenter.models.enums import Source, Stage
from commandcenter.store.board import BoardCase, class_name
from commandcenter.store.fieldtasks import tasks_for

from ..common.desk import DeskWindow
from ..common.queues import QueueSpec
from ..intake.form import Registration, RegistrationForm
from ..intake.reporting import ReportFormDesk
from .tasks_panel import TaskList

FIELD_STAGES = (Stage.VERIFY, Stage.CHECK)
TASKS_REFRESH_MS = 60_000  # a task turns late with time alone: look again each minute


class FieldDesk(ReportFormDesk, DeskWindow):
    desk_key = "field"
    home_queue = "verify"
    side_share, side_em = 0.24, (22, 36)

    def queue_specs(self) -> tuple[QueueSpec, ...]:
        me = self.ws.actor.username

        def mine(stage: Stage):
            return lambda c, _l: c.stage is stage and c.assignee == me
        return (
            QueueSpec("verify", QT_TRANSLATE_NOOP("QueueTabs", "我的核实"), mine(Stage.VERIFY)),
            QueueSpec("check", QT_TRANSLATE_NOOP("QueueTabs", "我的核查"), mine(Stage.CHECK)),
            QueueSpec("untaken", QT_TRANSLATE_NOOP("QueueTabs", "未接单"), lambda c, _l:
                      c.stage in FIELD_STAGES and c.assignee == me and c.task_started_at is None),
            QueueSpec("unassigned", QT_TRANSLATE_NOOP("QueueTabs", "无人认领"), lambda c, _l:
                      c.stage in FIELD_STAGES and c.assignee is None),
        )

    def build_panels(self) -> None:
        catalog = self.ws.catalog
        self.tasks = TaskList(lambda key: class_name(catalog, key))
        self.tasks.sig_case_chosen.connect(self.select_case)
        tasks_dock = self.add_side_panel(self.tr("我的任务"), "tasks", self.tasks)
        self.form = RegistrationForm(catalog, sources=(Source.SUPERVISOR,), field=True)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.form)
        report_dock = self._dock(self.tr("现场上报"), "report", scroll,
                                 Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(tasks_dock, report_dock)
        tasks_dock.raise_()
        self.map.sig_point_clicked.connect(self._on_map_point)
        self.form.sig_place_chosen.connect(
            lambda p: self.map.focus(point=(p.lon, p.lat), zoom=18, label=p.grid_code))
        self.form.sig_submit_requested.connect(self.report)
        self._tasks_timer = QTimer(self, interval=TASKS_REFRESH_MS,
                                   timeout=self._refresh_aggregates)

    def shows_on_map(self, case: BoardCase) -> bool:
        """The supervisor's own tasks, and the tasks nobody holds yet."""
        return case.stage in FIELD_STAGES and case.assignee in (None, self.ws.actor.username)

    def snapshot_steps(self, snap) -> list:
        return [self._refresh_aggregates, self._tasks_timer.start]

    def read_totals(self, db, now):
        return tasks_for(db, self.ws.actor.username, now, self.ws.policy.calendar)

    def show_totals(self, tasks) -> None:
        self.tasks.show_tasks(tasks)

    def stop(self) -> None:
        self._tasks_timer.stop()

    # --- reporting from the field ----------------------------------------------------------
    def report(self, registration: Registration) -> None:
        self.save_report(registration)

    def saved_text(self, case) -> str:
        return self.tr("已上报：案件 {number}{note}").format(
            number=case.number, note=self.tr("（自处理，待值班长审核）")
            if case.pending_request is not None else "")

    def refused_text(self, why: str) -> str:
        return self.tr("上报未保存：{why}").format(why=why)
