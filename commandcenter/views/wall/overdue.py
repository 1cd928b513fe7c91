"""超期督办: overdue and supervised cases with live countdowns and their 督办 orders, scrolling
slowly when the list is longer than the screen."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from commandcenter.models.enums import Stage
from commandcenter.models.worktime import WorkCalendar
from commandcenter.store import wall as store
from commandcenter.store.db import Database
from commandcenter.store.service import local_now

from ..i18n import domain_text
from .base import WallPage
from .theme import BAD, MUTED, PANEL, TEXT, WARN, Metrics

SCROLL_MS = 100          # ten small steps a second: slow and smooth enough from afar
PAUSE_AT_ENDS_S = 4


class CaseScroller(QWidget):
    """Paints the rows itself: one case is one or two lines (the newest 督办 order)."""

    def __init__(self, calendar: WorkCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.calendar = calendar
        self.cases: list[store.WatchedCase] = []
        self.metrics: Metrics | None = None
        self.offset = 0.0
        self._hold = 0
        self._timer = QTimer(self, interval=SCROLL_MS, timeout=self._scroll)
        self.now = local_now()

    def set_cases(self, cases: list[store.WatchedCase]) -> None:
        self.cases = cases
        self.offset = min(self.offset, max(0.0, self.content_height() - self.height()))
        self.update()

    def row_height(self, case: store.WatchedCase) -> int:
        m = self.metrics
        return m.px(1.5) + (m.px(1.25) if case.orders else 0)

    def content_height(self) -> int:
        return sum(self.row_height(c) for c in self.cases) if self.metrics else 0

    @property
    def scrolls(self) -> bool:
        return self.content_height() > self.height()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _scroll(self) -> None:
        if not self.scrolls or self.metrics is None:
            self.offset = 0.0
            return
        if self._hold > 0:
            self._hold -= 1
            return
        end = self.content_height() - self.height()
        if self.offset >= end:
            self.offset, self._hold = 0.0, PAUSE_AT_ENDS_S * 1000 // SCROLL_MS
        else:
            self.offset = min(end, self.offset + max(1.0, self.metrics.unit / 12))
            if self.offset >= end:
                self._hold = PAUSE_AT_ENDS_S * 1000 // SCROLL_MS
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        m = self.metrics
        if m is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        w, u = self.width(), m.unit
        # Column widths in text units; the address takes what is left, or goes when too narrow.
        full = w >= 44 * u
        widths = [(7.6 if full else 4.4) * u, 5.5 * u, 0.0, 5.5 * u, 9.0 * u]
        widths[2] = max(0.0, w - sum(widths) - 1.5 * u)
        if widths[2] < 4 * u:
            widths[2] = 0.0
        cols, x = [], 0.0
        for width in widths:
            cols.append((x, width))
            x += width + (0.3 * u if width else 0)
        y = -self.offset
        main, small = m.font(1.1), m.font(1.0)
        for i, case in enumerate(self.cases):
            h = self.row_height(case)
            if y + h < 0:
                y += h
                continue
            if y > self.height():
                break
            if i % 2:
                painter.fillRect(QRectF(0, y, w, h), QColor(PANEL))
            line = m.px(1.5)
            minutes = (self.calendar.working_minutes_between(self.now, case.deadline)
                       if case.deadline else None)
            painter.setFont(main)
            texts = (case.number if full else case.number[-7:], domain_text(case.class_name),
                     case.address,
                     domain_text(case.department) or domain_text(Stage(case.stage).label))
            painter.setPen(QColor(TEXT))
            for (x, width), text in zip(cols, texts):
                if width <= 0:
                    continue
                rect = QRectF(x + m.px(0.3), y, width, line)
                painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                                  int(width)))
            painter.setPen(QColor(BAD if minutes is not None and minutes < 0 else WARN))
            x, width = cols[4]
            painter.drawText(QRectF(x, y, width, line),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             "—" if minutes is None else _countdown(self, minutes))
            if case.orders:
                order = case.orders[0]
                painter.setFont(small)
                painter.setPen(QColor(MUTED))
                text = self.tr("督办{level}级 · {who} · {at} · {reason}").format(
                    level=case.supervision_level, who=order.issued_by,
                    at=order.at.strftime("%m-%d %H:%M"), reason=order.reason)
                left = cols[1][0] + m.px(0.3)
                painter.drawText(QRectF(left, y + line, w - left, m.px(1.2)),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 painter.fontMetrics().elidedText(
                                     text, Qt.TextElideMode.ElideRight, int(w - left)))
            y += h
        painter.end()


def _countdown(widget: QWidget, minutes: float) -> str:
    m = int(abs(minutes))
    hours, rest = divmod(m, 60)
    if minutes < 0:
        return (widget.tr("超期 {h}小时{m}分") if hours else widget.tr("超期 {m}分")).format(
            h=hours, m=f"{rest:02d}" if hours else rest)
    return (widget.tr("剩余 {h}小时{m}分") if hours else widget.tr("剩余 {m}分")).format(
        h=hours, m=f"{rest:02d}" if hours else rest)


class OverduePage(WallPage):
    name = "overdue"

    def __init__(self, calendar: WorkCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(objectName="heading")
        self.scroller = CaseScroller(calendar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.scroller, 1)

    @staticmethod
    def load(db: Database, now: datetime) -> list[store.WatchedCase]:
        return store.watched_cases(db, now)

    def show_data(self, cases: list[store.WatchedCase]) -> None:
        now = local_now()
        overdue = sum(1 for c in cases if c.deadline is not None and c.deadline < now)
        supervised = sum(1 for c in cases if c.supervision_level > 0)
        self.summary.setText(self.tr("超期 {overdue} 件 · 督办 {supervised} 件").format(
            overdue=overdue, supervised=supervised))
        self.scroller.set_cases(cases)

    def apply_metrics(self, m: Metrics) -> None:
        super().apply_metrics(m)
        self.scroller.metrics = m
        self.layout().setSpacing(m.px(0.3))
        self.scroller.update()

    def tick(self, now: datetime) -> None:
        self.scroller.now = now
        self.scroller.update()

    def showEvent(self, event) -> None:  # noqa: N802
        self.scroller.start()

    def hideEvent(self, event) -> None:  # noqa: N802
        self.scroller.stop()
