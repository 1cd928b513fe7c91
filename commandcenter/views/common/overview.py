"""Today's counters of the whole center in a compact grid: what a leader or a shift lead
glances at (the wall shows the same figures in large type), and the desks' wiring of it."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from commandcenter.store.wall import Counters, Rate, today_counters

FIGURES = (
    ("reported", QT_TRANSLATE_NOOP("OverviewPanel", "今日上报")),
    ("accepted", QT_TRANSLATE_NOOP("OverviewPanel", "今日受理")),
    ("filed", QT_TRANSLATE_NOOP("OverviewPanel", "今日立案")),
    ("dispatched", QT_TRANSLATE_NOOP("OverviewPanel", "今日派遣")),
    ("handled", QT_TRANSLATE_NOOP("OverviewPanel", "今日处置")),
    ("closed", QT_TRANSLATE_NOOP("OverviewPanel", "今日结案")),
    ("overdue_open", QT_TRANSLATE_NOOP("OverviewPanel", "超期未处置")),
    ("on_time_today", QT_TRANSLATE_NOOP("OverviewPanel", "今日按期结案率")),
    ("on_time_month", QT_TRANSLATE_NOOP("OverviewPanel", "本月按期结案率")),
)


def rate_text(rate: Rate) -> str:
    if rate.value is None:
        return "—"
    arrow = {1: " ↑", -1: " ↓", 0: ""}[rate.trend]
    return f"{rate.value * 100:.1f}%{arrow}"


class OverviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.values: dict[str, QLabel] = {}
        for i, (key, caption) in enumerate(FIGURES):
            row, column = divmod(i, 2)
            value = QLabel("—", objectName=f"figure-{key}",
                           alignment=Qt.AlignmentFlag.AlignCenter)
            value.setFont(big)
            if key == "overdue_open":
                value.setStyleSheet("color:#c62828;")
            label = QLabel(self.tr(caption), alignment=Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(value, 2 * row, column)
            grid.addWidget(label, 2 * row + 1, column)
            self.values[key] = value
        self.taken = QLabel(alignment=Qt.AlignmentFlag.AlignRight)
        self.taken.setStyleSheet("color:#757575;")
        grid.addWidget(self.taken, 2 * len(FIGURES), 0, 1, 2)
        grid.setRowStretch(2 * len(FIGURES) + 1, 1)

    def show_counters(self, counters: Counters) -> None:
        for key, label in self.values.items():
            value = getattr(counters, key)
            label.setText(rate_text(value) if isinstance(value, Rate) else str(value))
        self.taken.setText(self.tr("更新于 {time}").format(time=f"{counters.taken_at:%H:%M:%S}"))


class OverviewDesk:
    """A desk with today's counters as its side panel (a mixin of :class:`DeskWindow`),
    read as its totals: at start-up and as cases change."""

    def build_panels(self) -> None:
        self.overview = OverviewPanel()
        self.add_side_panel(self.tr("今日概况"), "overview", self.overview)

    def snapshot_steps(self, snap) -> list:
        return [self._refresh_aggregates]  # the counters at once, not after the first change

    def read_totals(self, db, now):
        return today_counters(db, now)

    def show_totals(self, totals) -> None:
        self.overview.show_counters(totals)
