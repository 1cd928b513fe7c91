"""超期督办: overdue and supervised cases with live countdowns and their 督办 orders, scrolling
slowly when the list is longer than the screen."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from commandcenter.models.enums import Stage
from commandcenter.models.worktime import WorkCalendar
from commandcenter.store import wall as store
from commandcenter.store.db import Database
from commandcenter.store.service import local_now

from ..common.i18n import domain_text
from .base import WallPage
from .theme import BAD, MUTED, PANEL, TEXT, WARN, Metrics

SCROLL_MS = 100          # ten small steps a second: slow and smooth enough from afar
PAUSE_AT_ENDS_S = 4
FULL_NUMBER_UNITS = 44   # from this width (text units) a case number is shown whole


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
        self._rows: dict[tuple, QPixmap] = {}
        self._countdowns: dict[int, tuple[str, bool]] = {}
        self._cols: list[tuple[float, float]] | None = None

    def set_cases(self, cases: list[store.WatchedCase]) -> None:
        self.cases = cases
        self.forget_layout()
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
        """From the top, which stays a moment before the list moves."""
        self.offset, self._hold = 0.0, PAUSE_AT_ENDS_S * 1000 // SCROLL_MS
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
        """Rows are drawn once into pixmaps (again when their countdown text changes), so a
        scroll step is a few blits rather than hundreds of text layouts."""
        m = self.metrics
        if m is None:
            return
        painter = QPainter(self)
        y = -self.offset
        for i, case in enumerate(self.cases):
            h = self.row_height(case)
            if y + h >= 0:
                if y > self.height():
                    break
                painter.drawPixmap(0, round(y), self._row(i, case, h))
            y += h
        painter.end()

    def set_now(self, now: datetime) -> None:
        self.now = now
        self.forget_layout()

    def forget_layout(self) -> None:
        """Rows, countdowns and column widths are worked out again at the next paint."""
        self._rows.clear()
        self._countdowns.clear()
        self._cols = None

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.forget_layout()

    def _countdown_text(self, case: store.WatchedCase) -> tuple[str, bool]:
        cached = self._countdowns.get(case.id)
        if cached is None:
            minutes = (self.calendar.working_minutes_between(self.now, case.deadline)
                       if case.deadline else None)
            cached = ("—" if minutes is None else self._countdown(minutes),
                      minutes is not None and minutes < 0)
            self._countdowns[case.id] = cached
        return cached

    def _countdown(self, minutes: float) -> str:
        m = int(abs(minutes))
        hours, rest = divmod(m, 60)
        if minutes < 0:
            text = self.tr("超期 {h}小时{m}分") if hours else self.tr("超期 {m}分")
        else:
            text = self.tr("剩余 {h}小时{m}分") if hours else self.tr("剩余 {m}分")
        return text.format(h=hours, m=f"{rest:02d}" if hours else rest)

    def columns(self) -> list[tuple[float, float]]:
        """(x, width) of number, class, address, department and countdown. The countdown is
        as wide as the widest one shown (never cut: it is what the page is for); the address
        takes what is left, or goes when too narrow, and then the department gets it."""
        if self._cols is not None:
            return self._cols
        m, w = self.metrics, self.width()
        u = m.unit
        fm = QFontMetricsF(m.font(1.1))
        countdown = max([fm.horizontalAdvance(self._countdown_text(c)[0]) for c in self.cases]
                        + [6.0 * u]) + 0.3 * u
        # Department names are the longest fixed column ("排水集团东城分公司").
        full = w >= FULL_NUMBER_UNITS * u
        widths = [(8.4 if full else 4.4) * u, 6.5 * u, 0.0, 9.0 * u, countdown]
        widths[2] = max(0.0, w - sum(widths) - 1.5 * u)   # 0.3 between and before the texts
        if widths[2] > 24 * u:   # a wide wall: the class's name first, then the address
            more = min(widths[2] - 24 * u, 4 * u)
            widths[1], widths[2] = widths[1] + more, widths[2] - more
        if widths[2] < 4 * u:
            widths[2] = 0.0
            widths[3] = max(0.0, w - sum(widths) + widths[3] - 1.2 * u)
        self._cols, x = [], 0.0
        for width in widths:
            self._cols.append((x, width))
            x += width + (0.3 * u if width else 0)
        return self._cols

    def _row(self, i: int, case: store.WatchedCase, h: int) -> QPixmap:
        countdown, late = self._countdown_text(case)
        key = (case.id, i % 2, countdown)
        pixmap = self._rows.get(key)
        if pixmap is not None:
            return pixmap
        if len(self._rows) > 400:
            self._rows.clear()
        m, w = self.metrics, self.width()
        cols = self.columns()
        dpr = self.devicePixelRatioF()
        pixmap = QPixmap(round(w * dpr), round(h * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(QColor(PANEL) if i % 2 else QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        full = w >= FULL_NUMBER_UNITS * m.unit
        line = m.px(1.5)
        painter.setFont(m.font(1.1))
        texts = (case.number if full else case.number[-7:], domain_text(case.class_name),
                 case.address,
                 domain_text(case.department) or domain_text(Stage(case.stage).label))
        painter.setPen(QColor(TEXT))
        for (x, width), text in zip(cols, texts):
            if width <= 0:
                continue
            painter.drawText(QRectF(x + m.px(0.3), 0, width, line),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                              int(width)))
        painter.setPen(QColor(BAD if late else WARN))
        x, width = cols[4]
        painter.drawText(QRectF(x, 0, width, line),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, countdown)
        if case.orders:
            order = case.orders[0]
            painter.setFont(m.font(1.0))
            painter.setPen(QColor(MUTED))
            text = self.tr("督办{level}级 · {who} · {at} · {reason}").format(
                level=case.supervision_level, who=order.issued_by,
                at=order.at.strftime("%m-%d %H:%M"), reason=order.reason)
            left = cols[1][0] + m.px(0.3)
            painter.drawText(QRectF(left, line, w - left, m.px(1.2)),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(
                                 text, Qt.TextElideMode.ElideRight, int(w - left)))
        painter.end()
        self._rows[key] = pixmap
        return pixmap


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
        self.scroller.forget_layout()
        self.layout().setSpacing(m.px(0.3))
        self.scroller.update()

    def tick(self, now: datetime) -> None:
        if now.minute != self.scroller.now.minute:  # countdowns move by the minute
            self.scroller.set_now(now)
            self.scroller.update()

    def showEvent(self, event) -> None:  # noqa: N802
        self.scroller.start()

    def hideEvent(self, event) -> None:  # noqa: N802
        self.scroller.stop()
