"""态势总览: the live map with columns of today's counters and the on-time closing rates."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from commandcenter.models.wall_display import off_seams
from commandcenter.store import wall as store
from commandcenter.store.db import Database

from .base import ElidingLabel, WallPage
from .theme import Metrics, figure_text, style_as

# (field of store.wall.Counters, caption): the closed loop's steps, left to right.
FLOW = (("reported", QT_TRANSLATE_NOOP("OverviewPage", "上报")),
        ("accepted", QT_TRANSLATE_NOOP("OverviewPage", "受理")),
        ("filed", QT_TRANSLATE_NOOP("OverviewPage", "立案")),
        ("dispatched", QT_TRANSLATE_NOOP("OverviewPage", "派遣")),
        ("handled", QT_TRANSLATE_NOOP("OverviewPage", "处置")),
        ("closed", QT_TRANSLATE_NOOP("OverviewPage", "结案")))


class Card(QWidget):
    """A caption and a figure on one line (an arrow after a rate). The figure is never cut:
    a caption too long beside it (English, a narrow card) is set smaller, down to the wall's
    smallest text, and then ends in "…"."""

    def __init__(self, caption: str, parent: QWidget | None = None, stacked: bool = False):
        super().__init__(parent)
        self.stacked = stacked  # caption above the figure (long captions)
        self.min_text = 12      # the wall's smallest text height, set by the page
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.caption = ElidingLabel(caption, self, objectName="caption")
        self.figure = QLabel("—", self, objectName="figure")
        self.figure.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def set_value(self, text: str, bad: bool = False) -> None:
        if text == self.figure.text() and self.figure.objectName() == (
                "figureBad" if bad else "figure"):
            return   # every card is set on each update: only a changed one is laid out again
        self.figure.setText(text)
        style_as(self.figure, "figureBad" if bad else "figure")
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._fit()

    def _fit(self) -> None:
        pad = max(4, self.height() // 8)
        inner = self.rect().adjusted(pad, 0, -pad, 0)
        # Type grows with the card (a splice wall has room for larger figures).
        figure = max(self.min_text, int(self.height() * 0.8))
        caption = max(self.min_text, int(self.height() * 0.45))
        if self.stacked:
            top = inner.height() * 2 // 5
            self.caption.setGeometry(inner.adjusted(0, pad // 2, 0, -(inner.height() - top)))
            self.figure.setGeometry(inner.adjusted(0, top, 0, -pad // 2))
        else:
            room = inner.width() - _advance(self.figure, figure) - pad
            wide = _advance(self.caption, caption)
            if wide > room > 0:
                caption = max(self.min_text, int(caption * room / wide))
            self.figure.setGeometry(inner)
            self.caption.setGeometry(inner.adjusted(0, 0, -(inner.width() - max(0, room)), 0))
        _set_font_size(self.figure, figure)
        _set_font_size(self.caption, caption)


def _advance(label: QLabel, size: int) -> int:
    """The width of the label's text in its style's font at ``size`` pixels."""
    label.ensurePolished()
    font = QFont(label.font())
    font.setPixelSize(size)
    return QFontMetrics(font).horizontalAdvance(label.text())


def _set_font_size(label: QLabel, size: int) -> None:
    sheet = f"font-size: {size}px;"
    if label.styleSheet() != sheet:   # a new sheet polishes the label again
        label.setStyleSheet(sheet)


class OverviewPage(WallPage):
    name = "overview"
    uses_map = True

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.map_slot = QWidget(self)
        self.map_slot.setObjectName("mapSlot")
        self.cards: dict[str, Card] = {}
        for key, caption in FLOW:
            self.cards[key] = Card(self.tr(caption), self)
        self.cards["overdue_open"] = Card(self.tr("超期未处置"), self)
        self.cards["on_time_today"] = Card(self.tr("今日按期结案率"), self)
        self.cards["on_time_month"] = Card(self.tr("本月按期结案率"), self)
        # rows of cards and each row's height in text units
        self._rows: list[tuple[tuple[str, ...], float]] = [
            (("reported", "accepted"), 2.1), (("filed", "dispatched"), 2.1),
            (("handled", "closed"), 2.1), (("overdue_open",), 2.1),
            (("on_time_today",), 2.1), (("on_time_month",), 2.1)]

    @staticmethod
    def load(db: Database, now: datetime) -> store.Counters:
        return store.today_counters(db, now)

    def show_data(self, c: store.Counters) -> None:
        for key, _caption in FLOW:
            self.cards[key].set_value(figure_text(getattr(c, key)))
        self.cards["overdue_open"].set_value(figure_text(c.overdue_open), bad=c.overdue_open > 0)
        for key in ("on_time_today", "on_time_month"):
            rate: store.Rate = getattr(c, key)
            arrow = {1: " ↑", -1: " ↓", 0: ""}[rate.trend]
            self.cards[key].set_value(figure_text(rate.value, percent=True) + arrow,
                                      bad=rate.trend < 0)
            previous = figure_text(rate.previous, percent=True)
            self.cards[key].setToolTip(self.tr("上期 {rate}").format(rate=previous))

    def apply_metrics(self, m: Metrics) -> None:
        super().apply_metrics(m)
        self._layout()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._layout()

    def panel_rect(self) -> QRect:
        return QRect(self._panel) if hasattr(self, "_panel") else QRect()

    def _layout(self) -> None:
        """Counters in a column on the right, each row kept off the splice's seams; the map
        takes the rest. Positions are in this page's coordinates, seams in the window's."""
        m = self.metrics
        if m is None or self.width() <= 0:
            return
        origin = self.mapTo(self.window(), self.rect().topLeft())
        gap = m.px(0.35)
        need = sum(m.px(h) for _row, h in self._rows) + gap * (len(self._rows) - 1)
        # Shrink to fit; on a tall wall grow, by as much as the width allows.
        width = min(self.width() * 3 // 5, m.px(16))
        if seams_x := [s - origin.x() for s in m.seams_x()]:
            width = min(self.width() * 3 // 5, round(min(
                b - a for a, b in zip([0, *seams_x], [*seams_x, self.width()])) - 2 * gap))
        seams_y = [s - origin.y() for s in m.seams_y()]
        # room for moving one row past each seam inside the page
        need += sum(1 for s in seams_y if 0 < s < self.height()) * (m.px(2.1) + 2 * gap)
        shrink = min(self.height() / need if need else 1.0, width / m.px(16), 1.8)
        x = off_seams(self.width() - width, width, seams_x, gap, 0, self.width())
        y = 0
        for row, units in self._rows:
            row_h = max(1, int(m.px(units) * shrink * 0.97))
            y = off_seams(y, row_h, seams_y, gap, y, self.height())  # only ever down
            cell_w = (width - gap * (len(row) - 1)) // len(row)
            for i, key in enumerate(row):
                self.cards[key].min_text = m.px(1.0)
                self.cards[key].setGeometry(int(x) + i * (cell_w + gap), int(y), cell_w, row_h)
            y += row_h + gap
        self._panel = QRect(int(x), 0, width, int(y))
        self.map_slot.setGeometry(0, 0, max(0, int(x) - gap), self.height())
