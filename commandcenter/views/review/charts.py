"""pyqtgraph charts of the review: ranking bars of the score and a 12-month trend."""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

GRADE_COLOURS = {"A": "#1a9850", "B": "#66bd63", "C": "#fdae61", "D": "#f46d43", "E": "#d73027"}

pg.setConfigOptions(antialias=True, background="w", foreground="k")


class RankingChart(pg.PlotWidget):
    """Horizontal bars: the ranked units by score, best on top."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.getPlotItem().showGrid(x=True, alpha=0.2)
        self.bars: pg.BarGraphItem | None = None
        self.labels: list[str] = []

    def set_scores(self, names: list[str], scores: list[float], grades: list[str],
                   title: str) -> None:
        plot = self.getPlotItem()
        plot.clear()
        self.labels = list(names)
        plot.setTitle(title)
        if not names:
            return
        ys = list(range(len(names)))
        brushes = [pg.mkBrush(GRADE_COLOURS.get(g, "#888888")) for g in grades]
        self.bars = pg.BarGraphItem(x0=0, y=ys, height=0.7, width=scores, brushes=brushes,
                                    pens=[pg.mkPen(None)] * len(ys))
        plot.addItem(self.bars)
        axis = plot.getAxis("left")
        axis.setTicks([[(y, n) for y, n in zip(ys, names)]])
        plot.invertY(True)
        plot.setXRange(0, 100, padding=0.02)
        plot.setYRange(-0.6, len(names) - 0.4, padding=0)


class TrendChart(pg.PlotWidget):
    """One unit's indicator over the periods, with the district's for comparison."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.getPlotItem().showGrid(x=True, y=True, alpha=0.2)
        self.getPlotItem().addLegend(offset=(10, 10))
        self.periods: list[str] = []

    def set_series(self, periods: list[str], series: dict[str, list[float]], title: str) -> None:
        plot = self.getPlotItem()
        plot.clear()
        plot.setTitle(title)
        self.periods = list(periods)
        xs = list(range(len(periods)))
        colours = ["#1f77b4", "#999999", "#d62728", "#2ca02c"]
        for (name, values), colour in zip(series.items(), colours):
            clean = [float("nan") if v is None else float(v) for v in values]
            plot.plot(xs, clean, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
                      symbolBrush=colour, name=name, connect="finite")
        plot.getAxis("bottom").setTicks([[(x, p[2:]) for x, p in zip(xs, periods)]])
        finite = [v for values in series.values() for v in values
                  if v is not None and not math.isnan(float(v))]
        if finite:
            plot.setYRange(min(0.0, min(finite)), max(finite) * 1.05 or 1.0)
