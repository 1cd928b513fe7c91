"""``ReviewTableModel``: one object type's review table for a sortable QTableView.

Rows are units; columns are name, group, every indicator, score, grade, rank and its
change. Sorting uses the raw value (``Qt.UserRole``), display the formatted one. A cell
whose published (frozen) value differs from the live one is tinted, with both values in
its tooltip.
"""
from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from commandcenter.review.indicators import COLUMN_LABELS, OBJECTS, format_value

from ..common.i18n import domain_text

RED, BLACK, CHANGED = QColor("#fde2e1"), QColor("#4a4a4a"), QColor("#fff3b0")
TAIL = ("score", "grade", "rank", "rank_change", "score_prev", "score_mom", "score_yoy",
        "score_yoy_change")


class ReviewTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._table = pd.DataFrame()
        self._columns: list[tuple[str, str, object]] = []
        self._units: list[str] = []
        self._red: set[str] = set()
        self._black: set[str] = set()
        self._frozen: dict[tuple[str, str], object] = {}

    def set_review(self, object_type: str, table: pd.DataFrame, red, black,
                   frozen: dict[tuple[str, str], object] | None = None) -> None:
        self.beginResetModel()
        self._table = table
        self._units = [str(u) for u in table.index]
        defs = OBJECTS[object_type]
        columns = [("name", COLUMN_LABELS["name"], None)]
        if object_type == "department":
            columns.append(("group", COLUMN_LABELS["group"], None))
        columns += [(k, COLUMN_LABELS[k], None) for k in TAIL if k in table]
        columns += [(d.key, d.label, d) for d in defs if d.key in table]
        self._columns = columns
        self._red, self._black = set(red), set(black)
        self._frozen = frozen or {}
        self.endResetModel()

    def unit(self, row: int) -> str:
        return self._units[row]

    def key(self, column: int) -> str:
        return self._columns[column][0]

    def indicator(self, column: int):
        return self._columns[column][2]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._units)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return domain_text(self._columns[section][1])
        return str(section + 1)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        unit = self._units[index.row()]
        key, _label, ind = self._columns[index.column()]
        value = self._table.iat[index.row(), self._table.columns.get_loc(key)]
        missing = value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
        if role == Qt.ItemDataRole.DisplayRole:
            if key in ("name", "group"):  # departments, streets, communities: in English too
                return domain_text(str(value)) if value and not missing else ""
            if key == "rank_change" and not missing:
                v = int(value)
                return f"↑{v}" if v > 0 else f"↓{-v}" if v < 0 else "–"
            return format_value(ind, None if missing else value)
        if role == Qt.ItemDataRole.UserRole:
            if missing:
                return float("-inf")
            return float(value) if isinstance(value, (int, float)) or hasattr(value, "dtype") \
                and not isinstance(value, str) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft if key in ("name", "group", "top_classes")
                       else Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if (unit, key) in self._frozen:
                return QBrush(CHANGED)
            if unit in self._black:
                return QBrush(BLACK)
            if unit in self._red:
                return QBrush(RED)
        if role == Qt.ItemDataRole.ForegroundRole and unit in self._black \
                and (unit, key) not in self._frozen:
            return QBrush(QColor("#ffffff"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if (unit, key) in self._frozen:
                frozen = self._frozen[(unit, key)]
                return self.tr("固化值 {frozen}，实时值 {live}").format(
                    frozen=format_value(ind, frozen), live=format_value(ind, None if missing else value))
            if ind is not None and ind.kind in ("count", "rate"):
                return self.tr("点击列出案件")
        return None
