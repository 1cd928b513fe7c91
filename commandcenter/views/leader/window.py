"""The leader's desk: the shared desk with today's counters beside the map, the cases a
leader watches (overdue, supervised, running out) and the monthly review window."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QToolBar

from commandcenter.models.enums import Countdown

from ..common.desk import DeskWindow
from ..common.overview import OverviewDesk
from ..common.queues import QueueSpec
from ..review.window import review_action

WATCHED_QUEUES = (
    QueueSpec("overdue", QT_TRANSLATE_NOOP("QueueTabs", "已超期"),
              lambda _c, light: light is Countdown.OVERDUE),
    QueueSpec("supervised", QT_TRANSLATE_NOOP("QueueTabs", "督办中"),
              lambda c, _l: c.supervision_level > 0),
    QueueSpec("escalated", QT_TRANSLATE_NOOP("QueueTabs", "已升级"),
              lambda c, _l: c.escalation_level > 0),
    QueueSpec("due_soon", QT_TRANSLATE_NOOP("QueueTabs", "即将超期"),
              lambda _c, light: light is Countdown.WARNING),
    QueueSpec("open", QT_TRANSLATE_NOOP("QueueTabs", "全部在办"), lambda _c, _l: True),
)


class LeaderDesk(OverviewDesk, DeskWindow):
    desk_key = "leader"
    home_queue = "overdue"
    replays = True

    def queue_specs(self) -> tuple[QueueSpec, ...]:
        return WATCHED_QUEUES

    def build_actions(self, bar: QToolBar) -> None:
        bar.addAction(review_action(self, self.ws))
