"""The top of the case detail: number, urgency, stage and request badges, the countdown
in working time (or natural hours), class, source, place and description (a mixin of
:class:`CaseDetailPanel`)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from commandcenter.models import worktime
from commandcenter.models.case import CaseRecord
from commandcenter.models.enums import Countdown, Stage, Urgency
from commandcenter.models.worktime import LimitUnit

from .i18n import domain_text, limit_text

_COLOURS = {Countdown.NORMAL: "#2e7d32", Countdown.WARNING: "#ef6c00",
            Countdown.OVERDUE: "#c62828"}


def short_time(t: datetime | None) -> str:
    return f"{t:%m-%d %H:%M}" if t else ""


def tint(widget: QWidget, colour: str, background: str | None = None) -> None:
    """Colours through the palette, not a style sheet, so the widget keeps following the
    font of the screen it is on (a style sheet would pin the font it had)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    if background is not None:
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(palette)


class CaseHeader:
    def _build_header(self, layout: QVBoxLayout) -> None:
        top = QHBoxLayout()
        self.number_label = QLabel()
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.urgency_badge, self.stage_badge, self.flags_badge = QLabel(), QLabel(), QLabel()
        top.addWidget(self.number_label)
        for badge in (self.urgency_badge, self.stage_badge, self.flags_badge):
            top.addWidget(badge)
        top.addStretch(1)
        layout.addLayout(top)
        # On its own wrapping line: a long countdown never widens the panel.
        self.countdown_label = QLabel(wordWrap=True)
        bold = QFont()
        bold.setBold(True)  # only the weight: the size still follows the panel
        self.countdown_label.setFont(bold)
        layout.addWidget(self.countdown_label)
        self.class_label, self.place_label, self.description_label = QLabel(), QLabel(), QLabel()
        for label in (self.class_label, self.place_label, self.description_label):
            label.setWordWrap(True)
            layout.addWidget(label)

    def _department_name(self, code: str | None, short: bool = False) -> str:
        if not code:
            return ""
        return domain_text(self._departments.get(code, (code, code))[1 if short else 0])

    def _show_header(self, case: CaseRecord) -> None:
        self.number_label.setText(case.number)
        urgent = case.urgency is Urgency.URGENT
        self._badge(self.urgency_badge, domain_text(case.urgency.label),
                    "#c62828" if urgent else "#757575")
        self._badge(self.stage_badge, domain_text(case.stage.label), "#1565c0")
        flags = []
        if case.pending_request is not None:
            flags.append(self.tr("待审批：{kind}").format(
                kind=domain_text(case.pending_request.label)))
            if "extension" in case.pending_payload:
                flags[-1] += " " + limit_text(case.pending_payload["extension"])
        if case.supervision_level:
            flags.append(self.tr("督办{n}次").format(n=case.supervision_level))
        self._badge(self.flags_badge, "  ".join(flags), "#8e24aa")
        self.flags_badge.setVisible(bool(flags))
        try:
            minor = self.catalog.by_key(case.class_key)
            major = self.catalog.major(minor.kind, minor.major_code).name
            class_name = " · ".join(domain_text(t) for t in (case.kind.label, major, minor.name))
        except KeyError:
            class_name = case.class_key
        self.class_label.setText(self.tr("{cls}　来源：{source}　上报：{at}").format(
            cls=class_name, source=domain_text(case.source.label), at=short_time(case.reported_at)))
        department = self._department_name(case.department_code) or self.tr("未派遣")
        place = self.tr("处置部门：{dept}　网格：{grid}　{address}").format(
            dept=department, grid=case.grid_code, address=case.address)
        if case.component_code:  # a component case: which component, by its code
            place += self.tr("　部件：{code}").format(code=case.component_code)
        self.place_label.setText(place)
        self.description_label.setText(case.description)
        self._show_countdown()

    def _badge(self, label: QLabel, text: str, colour: str) -> None:
        label.setText(text)
        label.setStyleSheet(f"color: white; background: {colour}; border-radius: 3px;"
                            " padding: 1px 6px;")

    def _show_countdown(self) -> None:
        case = self._case
        if case is None:
            return
        text, colour = self._countdown(case, self.service.clock())
        self.countdown_label.setText(text)
        tint(self.countdown_label, colour)

    def _countdown(self, case: CaseRecord, now: datetime) -> tuple[str, str]:
        if not case.is_open:
            return (self.tr("{stage} {at}").format(stage=domain_text(case.stage.label),
                                                  at=short_time(case.closed_at)), "#616161")
        if case.stage is Stage.HELD:
            return self.tr("挂账中，计时暂停"), "#616161"
        if case.deadline is None:
            return self.tr("无时限"), "#616161"
        policy = self.service.policy
        try:
            limit = policy.stage_limit(case.stage, case.urgency, case.class_key)
        except KeyError:
            limit = None
        natural = limit is not None and limit.unit is LimitUnit.NATURAL_HOURS
        calendar = worktime.NATURAL_CALENDAR if natural else policy.calendar
        state = worktime.countdown(calendar, case.stage_started_at, case.deadline, now,
                                   getattr(policy, "warn_share", 0.8))
        minutes = worktime.remaining_minutes(calendar, case.deadline, now)
        span = self._duration(abs(minutes), calendar.schedule.minutes_per_day, not natural)
        # "工作日" already says working time; hours and minutes alone need saying so.
        plain = natural or abs(minutes) >= calendar.schedule.minutes_per_day
        if state is Countdown.OVERDUE:
            text = (self.tr("已超期 {span}") if plain
                    else self.tr("已超期 {span}（工作时间）")).format(span=span)
        else:
            text = (self.tr("剩余 {span}") if plain
                    else self.tr("剩余工作时间 {span}")).format(span=span)
        return text + self.tr("，时限 {at}").format(at=short_time(case.deadline)), _COLOURS[state]

    def _duration(self, minutes: float, per_day: float, working: bool) -> str:
        """"1个工作日 3小时", "2小时5分钟", "30分钟"; on natural hours "1天 3小时"."""
        # whole minutes gone, as the queues and the wall count them (4 min 50 s is "4分钟")
        days, rest = divmod(int(minutes), int(per_day))
        hours, mins = divmod(rest, 60)
        if days:
            text = (self.tr("{d}个工作日") if working else self.tr("{d}天")).format(d=days)
            if hours:
                text += self.tr(" {h}小时").format(h=hours)
            return text
        if not hours:
            return self.tr("{m}分钟").format(m=mins)
        if not mins:
            return self.tr("{h}小时").format(h=hours)
        return self.tr("{h}小时{m}分钟").format(h=hours, m=mins)
