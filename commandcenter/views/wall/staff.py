"""监督员在岗: field staff on duty per street beside the map of their positions and the last
hour's trails (the shared live map, with cases hidden)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from commandcenter.store import wall as store
from commandcenter.store.db import Database

from ..common.i18n import domain_text
from .base import CellGrid, WallPage
from .theme import Metrics

LOW_SHARE = 0.5  # a street with fewer than half its supervisors on duty is shown in red
MAX_PANEL_SHARE = 0.68  # of the page's width: the map keeps the rest (0.3 and more)


class StaffPage(WallPage):
    name = "staff"
    uses_map = True

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.map_slot = QWidget()
        self.map_slot.setObjectName("mapSlot")
        self.panel = QWidget(objectName="panel")
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.total = QLabel(objectName="heading")
        self.grid = QGridLayout()
        for name_column in (0, 2):   # the names take the width the figures leave
            self.grid.setColumnStretch(name_column, 1)
        side = QVBoxLayout(self.panel)
        side.addWidget(self.total)
        side.addLayout(self.grid)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.map_slot, 1)
        layout.addWidget(self.panel)
        self.cells = CellGrid(self.grid)

    @staticmethod
    def load(db: Database, now: datetime) -> list[store.StreetStaff]:
        return store.staff_by_street(db, now)

    def show_data(self, streets: list[store.StreetStaff]) -> None:
        self.cells.begin()
        on, registered = sum(s.on_duty for s in streets), sum(s.registered for s in streets)
        self.total.setText(self.tr("在岗 {on} / {all} 人").format(on=on, all=registered))
        # Two columns of streets when they would not fit in one.
        columns = 2 if len(streets) > 9 else 1
        per_column = -(-len(streets) // columns) if streets else 0
        for i, s in enumerate(streets):
            row, col = i % per_column, (i // per_column) * 2
            low = s.registered and s.on_duty < LOW_SHARE * s.registered
            self._put(row, col, domain_text(s.name), "cell")
            self._put(row, col + 1, f"{s.on_duty}/{s.registered}", "red" if low else "good")
        self.cells.end()
        self._fit()

    def _put(self, row: int, col: int, text: str, name: str) -> None:
        # names (even columns) give way (elided) before the figures do
        self.cells.put(row, col, text, name,
                       (Qt.AlignmentFlag.AlignRight if col % 2 else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter, ignored_width=col % 2 == 0)

    def _fit(self) -> None:
        """The list as wide as its texts, up to MAX_PANEL_SHARE of the page: long (English)
        street names took the whole page and left the map a strip."""
        if self.width() <= 0:
            return
        widths = self.cells.column_widths()
        margins = self.panel.layout().contentsMargins()
        self.total.ensurePolished()
        need = max(sum(widths) + self.grid.horizontalSpacing() * max(0, len(widths) - 1),
                   self.total.fontMetrics().horizontalAdvance(self.total.text()))
        need += margins.left() + margins.right() + 2
        width = min(need, int(self.width() * MAX_PANEL_SHARE))
        self.panel.setFixedWidth(width)
        # Each name column gets its longest name, all of them shrunk alike when too wide
        # (an even split of the room cut the longer column's names first).
        names = sum(widths[0::2]) or 1
        scale = min(1.0, max(0.0, 1 - (need - width) / names))
        for col, w in enumerate(widths):
            self.grid.setColumnMinimumWidth(col, int(w * scale) if col % 2 == 0 else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def apply_metrics(self, m: Metrics) -> None:
        super().apply_metrics(m)
        self.layout().setSpacing(m.px(0.4))
        self.grid.setHorizontalSpacing(m.px(0.8))
        self.grid.setVerticalSpacing(0)
        self._fit()
