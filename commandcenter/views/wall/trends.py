"""趋势: reports per hour today against the same weekday last week, 立案 vs 结案 per day over
30 days, cases by source this month, the ten commonest minor classes this week.

pyqtgraph with one-pixel cosmetic pens and fixed ranges (wider pens and autoscaling are what
makes it slow), four plot widgets made once and fed new numbers.
"""
from __future__ import annotations

import math
from datetime import datetime

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout,
                               QWidget)

from commandcenter.store import wall as store
from commandcenter.store.db import Database

from ..common.i18n import domain_text
from .base import ElidingLabel, WallPage
from .theme import ACCENT, GOOD, MUTED, PANEL, TEXT, WARN, Metrics

SOURCE_COLOURS = ("#35c2ff", "#ffb020", "#3ccf7a", "#c18cff", "#ff7a59")


def nice_step(span: float, ticks: int = 3) -> float:
    """A round tick step (1, 2 or 5 × 10^n) giving about ``ticks`` ticks over ``span``."""
    raw = max(span / ticks, 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _plot() -> pg.PlotWidget:
    plot = pg.PlotWidget(background=PANEL)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.getPlotItem().showGrid(x=False, y=True, alpha=0.15)
    return plot


class _Chart(QWidget):
    def __init__(self, title: str, legend: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # The legend says which line is which: whole; a title too long beside it (English)
        # ends in "…".
        self.title = ElidingLabel(title, objectName="heading")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend = QLabel(legend, objectName="muted")
        self.plot = _plot()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.legend)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)


class TrendsPage(WallPage):
    name = "trends"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.hours = _Chart(self.tr("每小时上报"), self.tr("━今日 ┅上周"))
        self.days = _Chart(self.tr("30天立案结案"), self.tr("▮立案 ━结案"))
        self.sources = _Chart(self.tr("本月案件来源"))
        self.classes = _Chart(self.tr("本周高发问题"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, chart in enumerate((self.hours, self.days, self.sources, self.classes)):
            grid.addWidget(chart, i // 2, i % 2)
        grid.setRowStretch(0, 5)  # the time series want the height more than the bars
        grid.setRowStretch(1, 4)
        self._today = self.hours.plot.plot()
        self._week = self.hours.plot.plot()
        self._filed = pg.BarGraphItem(x=[], height=[], width=0.6, brush=WARN, pen=None)
        self.days.plot.addItem(self._filed)
        self._closed = self.days.plot.plot()
        self._source_bars = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brushes=[],
                                            pen=None)
        self.sources.plot.addItem(self._source_bars)
        self._class_bars = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brush=ACCENT,
                                           pen=None)
        self.classes.plot.addItem(self._class_bars)
        self._labels: list[pg.TextItem] = []

    @staticmethod
    def load(db: Database, now: datetime) -> store.Trends:
        return store.trends(db, now)

    def show_data(self, t: store.Trends) -> None:
        # four charts, one per event-loop turn: the heartbeat never waits for all of them
        self.show_in_steps([lambda: self._show_hours(t), lambda: self._show_days(t),
                            lambda: self._bars(self.sources, self._source_bars,
                                               [(domain_text(s.label), n)
                                                for s, n in t.by_source], SOURCE_COLOURS),
                            lambda: self._bars(self.classes, self._class_bars,
                                               [(domain_text(name), n)
                                                for name, n in t.top_classes], (ACCENT,))])

    def _show_hours(self, t: store.Trends) -> None:
        now_hour = t.taken_at.hour
        self._today.setData(list(range(now_hour + 1)), list(t.hours_today[:now_hour + 1]))
        self._week.setData(list(range(24)), list(t.hours_last_week))
        top = max([*t.hours_today, *t.hours_last_week, 1])
        # head room for the legend in the top left corner
        self.hours.plot.setRange(xRange=(0, 23), yRange=(0, top * 1.1), padding=0.02)
        step = nice_step(top)
        self.hours.plot.getAxis("left").setTickSpacing(step, step)
        self.hours.plot.getAxis("bottom").setTicks([[(h, f"{h}") for h in range(0, 24, 3)]])

    def _show_days(self, t: store.Trends) -> None:
        n = len(t.days)
        self._filed.setOpts(x=list(range(n)), height=list(t.filed_per_day), width=0.6)
        self._closed.setData(list(range(n)), list(t.closed_per_day))
        top = max([*t.filed_per_day, *t.closed_per_day, 1])
        self.days.plot.setRange(xRange=(-0.5, n - 0.5), yRange=(0, top * 1.1), padding=0.02)
        step = nice_step(top)
        self.days.plot.getAxis("left").setTickSpacing(step, step)
        # as many date ticks as fit: one "MM-DD" is about three text units wide
        room = self.days.plot.width() / (3.5 * self.metrics.unit) if self.metrics else 4
        every = max(1, -(-n // max(1, int(room))))
        self.days.plot.getAxis("bottom").setTicks([[(i, d.strftime("%m-%d"))
                                                    for i, d in enumerate(t.days)
                                                    if (n - 1 - i) % every == 0]])

    def _bars(self, chart: _Chart, bars: pg.BarGraphItem, rows: list[tuple[str, int]],
              colours: tuple[str, ...]) -> None:
        """Horizontal bars, the largest on top, with the name and count on each; as many
        rows as the plot has room for at the wall's text size."""
        if self.metrics is not None:
            room = chart.plot.height() or self.height() // 3
            rows = rows[:max(1, int(room / (1.25 * self.metrics.unit)))]
        rows = rows[::-1]
        counts = [n for _name, n in rows]
        brushes = [colours[(len(rows) - 1 - i) % len(colours)] for i in range(len(rows))]
        bars.setOpts(x0=[0] * len(rows), y=list(range(len(rows))), width=counts, height=0.7,
                     brushes=brushes)
        top = max([*counts, 1])
        chart.plot.setRange(xRange=(0, top * self._count_room(chart, top)),
                            yRange=(-0.6, max(len(rows), 1) - 0.4), padding=0)
        axis = chart.plot.getAxis("left")
        if self.metrics is not None:   # a name wider than the axis was not drawn at all
            fm, room = QFontMetrics(self.metrics.font(1.0)), axis.width() - self.metrics.px(0.4)
            rows = [(fm.elidedText(name, Qt.TextElideMode.ElideRight, room), n)
                    for name, n in rows]
        axis.setTicks([[(i, name) for i, (name, _n) in enumerate(rows)]])
        # the count beside each bar: text items made once and reused
        labels = chart.__dict__.setdefault("_counts", [])
        while len(labels) < len(counts):
            label = pg.TextItem("", color=TEXT, anchor=(0, 0.5))
            chart.plot.addItem(label)
            labels.append(label)
        for i, label in enumerate(labels):
            label.setVisible(i < len(counts))
            if i < len(counts):
                if self.metrics is not None:
                    label.setFont(self.metrics.font(1.0))
                label.setText(f"{counts[i]}")
                label.setPos(counts[i] + top * 0.02, i)

    def _count_room(self, chart: _Chart, top: int) -> float:
        """How far the x range runs past the longest bar, so that its count fits beside it
        (a fixed third cut "626" on a 1080p screen)."""
        width = chart.plot.getViewBox().width()
        if self.metrics is None or width <= 0:
            return 1.35
        count = QFontMetrics(self.metrics.font(1.0)).horizontalAdvance(f"{top}")
        need = count + self.metrics.px(0.6)
        # the count starts 2 % of the range past its bar (label.setPos below)
        return max(1.2, 1.02 * width / max(1.0, width - need))

    def apply_metrics(self, m: Metrics) -> None:
        super().apply_metrics(m)
        font, pad = m.font(1.0), m.px(0.4)
        self.layout().setSpacing(pad)
        # Few points each, so wide pens cost little here; one pixel is invisible from afar.
        line = max(2, m.px(0.12))
        self._today.setPen(pg.mkPen(ACCENT, width=line))
        self._week.setPen(pg.mkPen(MUTED, width=line, style=Qt.PenStyle.DashLine))
        self._closed.setPen(pg.mkPen(GOOD, width=line))
        for chart in (self.hours, self.days, self.sources, self.classes):
            chart.layout().setContentsMargins(pad, pad, pad, pad)
            chart.legend.setVisible(bool(chart.legend.text()))
            item = chart.plot.getPlotItem()
            for name in ("left", "bottom"):
                axis = item.getAxis(name)
                axis.setStyle(tickFont=font, tickTextOffset=m.px(0.2))
                axis.setTextPen(TEXT)
                axis.setPen(pg.mkPen(MUTED, width=1))
        for chart in (self.sources, self.classes):
            chart.plot.getAxis("left").setWidth(m.px(7))
            chart.plot.getAxis("bottom").hide()
        for chart in (self.hours, self.days):
            chart.plot.getAxis("left").setWidth(m.px(2.5))
            chart.plot.getAxis("bottom").setHeight(m.px(1.6))
        if self.data is not None:
            self.show_data(self.data)

    def resizeEvent(self, event) -> None:  # noqa: N802
        if self.data is not None and self.metrics is not None:
            self.show_data(self.data)

