"""排行: streets and departments ranked by this month's 按期结案率 and 处置率, the best as the
red list (红榜) and the worst as the black list (黑榜). Units with fewer cases than the
minimum are not ranked (the page says how many)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from commandcenter.store import wall as store
from commandcenter.store.db import Database

from ..common.i18n import domain_text
from .base import CellGrid, ElidingLabel, WallPage
from .theme import Metrics, figure_text


class _Board(QWidget):
    """One unit type's 红黑榜: the best (红榜, green ranks) above the worst (黑榜, red ranks),
    each row rank, name, 按期结案率, 处置率."""

    def __init__(self, heading: str, suffix: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.suffix = suffix  # dropped from names under a heading that says it ("街道")
        self.setObjectName("panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # A heading wider than the board (English) ends in "…" rather than widening the
        # board past its half of the page.
        self.heading = ElidingLabel(heading, objectName="heading")
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.cells = CellGrid(self.grid)

    def show_rows(self, red: list[tuple[int, store.UnitScore]],
                  black: list[tuple[int, store.UnitScore]], header: tuple[str, ...]) -> None:
        self.cells.begin()
        for col, text in enumerate(header):
            self._put(0, col, text, "caption")
        row = 1
        for rows, style in ((red, "rankGood"), (black, "rankBad")):
            for rank, score in rows:
                self._put(row, 0, str(rank), style)
                name = domain_text(score.name)
                if self.suffix and name.endswith(self.suffix) and len(name) > len(self.suffix):
                    name = name[:-len(self.suffix)]
                self._put(row, 1, name, "")
                self._put(row, 2, figure_text(score.on_time_share, percent=True), "")
                self._put(row, 3, figure_text(score.handled_share, percent=True), "")
                row += 1
        if not red:
            self._put(1, 0, self.tr("本月尚无足够案件"), "muted", span=4)
        self.cells.end()

    def _put(self, row: int, col: int, text: str, name: str, span: int = 1) -> None:
        # names (column 1) give way (elided) before the figures and their headers do
        self.cells.put(row, col, text, name or "cell",
                       (Qt.AlignmentFlag.AlignRight if col >= 2 and span == 1
                        else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter,
                       span=span, ignored_width=col == 1)


class RankingPage(WallPage):
    name = "ranking"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.boards = {"streets": _Board(self.tr("街道 红黑榜"), suffix="街道"),
                       "departments": _Board(self.tr("部门 红黑榜"))}
        self.note = QLabel(objectName="muted", wordWrap=True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.boards["streets"], 0, 0)
        grid.addWidget(self.boards["departments"], 0, 1)
        grid.addWidget(self.note, 1, 0, 1, 2)
        grid.setRowStretch(0, 1)
        self.rows_per_list = 3

    @staticmethod
    def load(db: Database, now: datetime) -> store.Ranking:
        return store.rankings(db, now)

    def show_data(self, ranking: store.Ranking) -> None:
        # Two-line headers: one-line ones are wider than the figures and squeeze the names.
        header = ("", self.tr("单位"), self.tr("按期\n结案率"), self.tr("处置率"))
        self.note.setText(self.tr(
            "本月派遣 ≥ {n} 件才排名；未排名：街道 {streets}、部门 {departments}").format(
            n=ranking.min_cases, streets=ranking.unranked_streets,
            departments=ranking.unranked_departments))
        self.rows_per_list = n = self._rows_that_fit()
        for unit, board in self.boards.items():
            ranked = list(enumerate(getattr(ranking, unit), start=1))
            red = ranked[:n]
            # the black list never repeats a unit of the red list
            black = [r for r in ranked[::-1][:n] if r not in red][::-1]
            board.show_rows(red, black, header)

    def apply_metrics(self, m: Metrics) -> None:
        super().apply_metrics(m)
        self.layout().setSpacing(m.px(0.4))
        for board in self.boards.values():
            board.grid.setHorizontalSpacing(m.px(0.6))
            board.grid.setVerticalSpacing(m.px(0.2))
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._fit()

    def _rows_that_fit(self) -> int:
        """As many rows per list as fit: the board less its heading, header and the note
        (two lines where it wraps: in English it does, and the boards' header was cut)."""
        m = self.metrics
        if m is None or self.height() <= 0:
            return self.rows_per_list
        note_h = max(m.px(1.7), self.note.heightForWidth(self.width()) + m.px(0.4))
        board_h = self.height() - m.px(2.2) - m.px(1.9) - note_h
        return max(1, min(10, int(board_h / m.px(1.6)) // 2))

    def _fit(self) -> None:
        if self._rows_that_fit() != self.rows_per_list and self.data is not None:
            self.show_data(self.data)
