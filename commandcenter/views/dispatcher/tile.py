"""A department's tile in the departments panel: name, open load, overdue count and this
month's on-time rate, painted in one pass, and a drop target for a dragged case."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (QColor, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent,
                           QFont, QFontMetrics, QPainter, QPen)
from PySide6.QtWidgets import QSizePolicy, QWidget

from commandcenter.store.board import DepartmentLoad

from ..common.drag import DraggedCase
from ..common.i18n import domain_text

if TYPE_CHECKING:
    from .departments import DepartmentPanel

TILE_WIDTH = 172  # narrowest a tile gets before the panel uses one column fewer


class DepartmentTile(QWidget):
    """One department: name, load and rate, painted in one pass (labels with rich text
    cost tens of milliseconds of layout on the GUI thread for every tile, at start-up and
    on every change); forwards drag events to its panel."""

    PAD_X, PAD_Y, GAP = 8, 5, 1
    # state → (background, border)
    COLOURS = {"": ("#ffffff", "#cfd8dc"), "suggested": ("#e8f5e9", "#66bb6a"),
               "first": ("#c8e6c9", "#2e7d32"), "target": ("#bbdefb", "#1565c0")}

    def __init__(self, load: DepartmentLoad, panel: DepartmentPanel):
        super().__init__(panel)
        self.panel, self.code = panel, load.code
        self.setObjectName("departmentTile")
        self.setProperty("state", "")
        self.setAcceptDrops(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(TILE_WIDTH)
        self.badge_text = ""
        self._fit_height()
        self.set_load(load)

    def _fit_height(self) -> None:
        line = self.fontMetrics().height()
        self.setFixedHeight(2 * line + self.GAP + 2 * self.PAD_Y + 4)  # + the 2 px border

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
            self._runs_width = None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(TILE_WIDTH, self.height())

    def set_load(self, load: DepartmentLoad) -> None:
        self.load = load
        self.name_text = domain_text(load.short_name)
        rate = "—" if load.on_time_rate_month is None else f"{load.on_time_rate_month:.0%}"
        late = QColor("#c62828" if load.overdue else "#90a4ae")
        grey, ink = QColor("#546e7a"), QColor("#263238")
        # (text, colour, bold) runs of the second line; a tile too narrow for them all
        # (English at 1280 px) drops the rate's word and keeps every figure.
        counts = [(self.tr("在办") + " ", ink, False), (str(load.open), ink, True),
                  ("　" + self.tr("超期") + " ", late, False), (str(load.overdue), late, True)]
        self.count_runs = [*counts, ("　" + self.tr("按期") + " " + rate, grey, False)]
        self.short_runs = [*counts, ("　" + rate, grey, False)]
        self._runs_width: int | None = None
        self.setToolTip(self.base_tooltip())
        self.setAccessibleName(f"{self.name_text} {self.counts_text()}")  # what labels gave
        self.update()

    def counts_text(self) -> str:
        """The second line as plain text (what the tile shows)."""
        return "".join(text for text, _colour, _bold in self.count_runs)

    def base_tooltip(self) -> str:
        load = self.load
        if load.on_time_rate_month is None:
            month = self.tr("本月暂无处置")
        else:
            month = self.tr("本月处置 {n} 件，按期率 {rate:.0%}").format(
                n=load.handled_month, rate=load.on_time_rate_month)
        return f"{domain_text(load.name)}\n{month}"

    def set_state(self, state: str, badge: str = "") -> None:
        if self.property("state") != state or self.badge_text != badge:
            self.setProperty("state", state)
            self.badge_text = badge
            self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background, border = self.COLOURS.get(self.property("state") or "", self.COLOURS[""])
        painter.setPen(QPen(QColor(border), 2))
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        inner = self.rect().adjusted(self.PAD_X, self.PAD_Y + 2, -self.PAD_X, -self.PAD_Y - 2)
        line = self.fontMetrics().height()
        bold = self._bold_font()
        name_width = inner.width()
        if self.badge_text:  # the router's rank, white on green at the right of the name
            metrics = self.fontMetrics()
            width = metrics.horizontalAdvance(self.badge_text) + 8
            badge = QRectF(inner.right() - width + 1, inner.top(), width, line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#2e7d32"))
            painter.drawRoundedRect(badge, 3, 3)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.badge_text)
            name_width -= width + 4
        painter.setFont(bold)
        painter.setPen(QColor("#263238"))
        name = painter.fontMetrics().elidedText(self.name_text, Qt.TextElideMode.ElideRight,
                                                max(0, name_width))
        painter.drawText(QRectF(inner.left(), inner.top(), name_width, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        x, y = inner.left(), inner.top() + line + self.GAP
        for text, colour, strong in self.shown_runs():
            painter.setFont(bold if strong else self.font())
            painter.setPen(colour)
            width = painter.fontMetrics().horizontalAdvance(text)
            room = inner.right() + 1 - x
            if width > room:  # a narrow tile: cut the last run that does not fit
                text = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
                width = room
            painter.drawText(QRectF(x, y, width, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += width
            if x > inner.right():
                break
        painter.end()

    def shown_runs(self) -> list:
        """The second line's runs that fit this tile's width (measured once per text and
        font, not at every paint: shaping text is most of a tile's paint)."""
        if self._runs_width is None:
            plain, strong = self.fontMetrics(), QFontMetrics(self._bold_font())
            self._runs_width = sum((strong if is_bold else plain).horizontalAdvance(text)
                                   for text, _colour, is_bold in self.count_runs)
        room = self.width() - 2 * self.PAD_X
        return self.count_runs if self._runs_width <= room else self.short_runs

    def _bold_font(self) -> QFont:
        """The name's and the figures' font: the tile's, demi-bold."""
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        return bold

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        payload = DraggedCase.from_mime(event.mimeData())
        if payload is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.panel._on_drag_entered(payload, self)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if DraggedCase.from_mime(event.mimeData()) is None:
            event.ignore()
        else:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.panel._on_drag_left(self)

    def dropEvent(self, event: QDropEvent) -> None:
        payload = DraggedCase.from_mime(event.mimeData())
        if payload is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.panel._on_dropped(payload, self)
