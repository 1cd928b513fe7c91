"""The shift lead's desk: the shared desk with the shift lead's queues, today's counters,
and the entries only a shift lead has (data import, the wall's playlist, the review)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar

from commandcenter.models.case import RequestKind
from commandcenter.models.enums import Countdown, Stage

from ..common.desk import DeskWindow
from ..common.overview import OverviewDesk
from ..common.queues import QueueSpec
from ..exchange import open_import_dialog
from ..review.window import review_action
from ..wall.config_dialog import add_wall_config_action


def _in(*stages: Stage):
    return lambda case, _light: case.stage in stages


SHIFT_LEAD_QUEUES = (
    QueueSpec("filing", QT_TRANSLATE_NOOP("QueueTabs", "待立案"), _in(Stage.FILING)),
    QueueSpec("closing", QT_TRANSLATE_NOOP("QueueTabs", "待结案"), _in(Stage.CLOSING)),
    QueueSpec("self_handled", QT_TRANSLATE_NOOP("QueueTabs", "自处理待审"),
              lambda case, _light: case.pending_request is RequestKind.SELF_HANDLED),
    QueueSpec("requests", QT_TRANSLATE_NOOP("QueueTabs", "待审批"),
              lambda case, _light: case.pending_request not in (None, RequestKind.SELF_HANDLED)),
    QueueSpec("intake", QT_TRANSLATE_NOOP("QueueTabs", "待受理"), _in(Stage.INTAKE)),
    QueueSpec("verify", QT_TRANSLATE_NOOP("QueueTabs", "待核实"), _in(Stage.VERIFY)),
    QueueSpec("held", QT_TRANSLATE_NOOP("QueueTabs", "挂账"), _in(Stage.HELD)),
    QueueSpec("overdue", QT_TRANSLATE_NOOP("QueueTabs", "已超期"),
              lambda _case, light: light is Countdown.OVERDUE),
    QueueSpec("supervised", QT_TRANSLATE_NOOP("QueueTabs", "督办中"),
              lambda case, _light: case.supervision_level > 0),
)


class ShiftLeadDesk(OverviewDesk, DeskWindow):
    desk_key = "shiftlead"
    home_queue = "filing"
    replays = True

    def queue_specs(self) -> tuple[QueueSpec, ...]:
        return SHIFT_LEAD_QUEUES

    def build_actions(self, bar: QToolBar) -> None:
        bar.addAction(QAction(self.tr("数据导入"), self, triggered=lambda: open_import_dialog(self)))
        bar.addAction(review_action(self, self.ws))
        add_wall_config_action(self, bar)
