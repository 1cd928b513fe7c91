"""The wall's look: a dark theme whose every size is a multiple of the smallest text height
(``Sizing.unit``), and the strip every page shows (page indicator, clock, last update, live
state)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from commandcenter.models.wall_display import Sizing

BACKGROUND = "#0b1526"
PANEL = "#13233b"
TEXT = "#e8eef7"
MUTED = "#9fb0c8"
ACCENT = "#35c2ff"
GOOD = "#3ccf7a"
WARN = "#ffb020"
BAD = "#ff4d4f"
FONT_FAMILY = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'


class Metrics:
    """``Sizing`` in the widget's logical pixels (device pixels / the scale factor)."""

    def __init__(self, sizing: Sizing, dpr: float = 1.0):
        self.sizing, self.dpr = sizing, dpr or 1.0

    @property
    def unit(self) -> float:
        return self.sizing.unit / self.dpr

    def px(self, units: float) -> int:
        return max(1, round(self.unit * units))

    def seams_x(self) -> list[float]:
        return [s / self.dpr for s in self.sizing.seams_x]

    def seams_y(self) -> list[float]:
        return [s / self.dpr for s in self.sizing.seams_y]

    def font(self, units: float = 1.0, bold: bool = False) -> QFont:
        font = QFont(["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC"])
        font.setPixelSize(self.px(units))
        font.setBold(bold)
        return font


def stylesheet(m: Metrics) -> str:
    """One sheet for the whole wall; widgets pick their size by object name."""
    u = m.px
    return f"""
    QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-family: {FONT_FAMILY};
               font-size: {u(1)}px; }}
    QLabel {{ background: transparent; }}
    #panel, #card {{ background: {PANEL}; border-radius: {u(0.25)}px; }}
    #pageTitle {{ font-size: {u(1.4)}px; font-weight: 700; color: {TEXT}; }}
    #clock {{ font-size: {u(1.4)}px; font-weight: 700; color: {TEXT}; }}
    #muted, #caption {{ color: {MUTED}; }}
    #dots {{ color: {MUTED}; font-size: {u(0.6)}px; }}
    #figure {{ font-size: {u(1.8)}px; font-weight: 700; color: {TEXT}; }}
    #figureBad {{ font-size: {u(1.8)}px; font-weight: 700; color: {BAD}; }}
    #heading {{ font-size: {u(1.2)}px; font-weight: 700; color: {ACCENT}; }}
    #red {{ font-size: {u(1.2)}px; font-weight: 700; color: {BAD}; }}
    #good {{ font-size: {u(1.2)}px; font-weight: 700; color: {GOOD}; }}
    #live {{ color: {GOOD}; font-weight: 700; }}
    #rankGood {{ color: {GOOD}; font-weight: 700; }}
    #rankBad {{ color: {BAD}; font-weight: 700; }}
    #offline {{ background: {BAD}; color: white; font-weight: 700;
                padding: 0 {u(0.4)}px; border-radius: {u(0.2)}px; }}
    #reconnecting {{ background: {WARN}; color: black; font-weight: 700;
                     padding: 0 {u(0.4)}px; border-radius: {u(0.2)}px; }}
    #notice {{ color: {WARN}; }}
    """


def figure_text(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if percent else f"{int(value):,}"


def colour(name: str) -> QColor:
    return QColor(name)


def style_as(widget: QWidget, name: str) -> None:
    """Give ``widget`` the style sheet's rules for ``name`` (a new object name is only
    applied once the style polishes the widget again)."""
    if widget.objectName() != name:
        widget.setObjectName(name)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


MAX_DOTS = 8  # pages in a playlist shown as dots; more are counted


class PageStrip(QWidget):
    """Title, page indicator and pause on the left, live state, last update and clock on the
    right.

    The right side and a pause are never cut: where the strip is too narrow (a long title,
    English, a small screen seen from afar) the dots give way first, then the title ends in
    "…"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(objectName="pageTitle")
        # Dots are shapes, not text to read: smaller than the text, so a 4K wall has room
        # for them beside the longest title and a whole clock. A pause is said full size.
        self.indicator = QLabel(objectName="dots")
        self.pause = QLabel(objectName="muted")
        self.pause.hide()
        self.state = QLabel(objectName="live")
        self.updated = QLabel(objectName="muted")
        self.clock = QLabel(objectName="clock")
        self._title, self._place = "", ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.indicator)
        layout.addWidget(self.pause)
        layout.addStretch(1)
        layout.addWidget(self.state)
        layout.addWidget(self.updated)
        layout.addWidget(self.clock)
        for label in (self.indicator, self.pause, self.state, self.updated):
            label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        for label in (self.title, self.indicator):   # sized by _fit, not by their text
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def set_spacing(self, m: Metrics) -> None:
        self.layout().setSpacing(m.px(0.5))
        self._fit()

    def show_page(self, title: str, index: int, count: int, paused: bool) -> None:
        self._title = title
        # Dots say where the page is in a short playlist; a long one counts instead.
        self._place = ("".join("●" if i == index else "○" for i in range(count))
                       if count <= MAX_DOTS else f"{index + 1}/{count}")
        self.pause.setText(self.tr("已暂停") if paused else "")
        self.pause.setVisible(paused)
        self._fit()

    def show_clock(self, now: datetime) -> None:
        self.clock.setText(now.strftime("%H:%M:%S"))

    def show_state(self, live: bool, offline_since: datetime | None,
                   updated: datetime | None) -> None:
        if live:
            style_as(self.state, "live")
            self.state.setText(self.tr("● 实时"))
        elif offline_since is not None:
            style_as(self.state, "offline")
            self.state.setText(self.tr("离线 自 {time} 起").format(
                time=offline_since.strftime("%H:%M")))
        else:
            style_as(self.state, "reconnecting")
            self.state.setText(self.tr("正在重新连接…"))
        self.updated.setText(self.tr("更新于 {time}").format(
            time=updated.strftime("%H:%M:%S")) if updated else self.tr("尚未更新"))
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        for label in (self.title, self.indicator):
            label.ensurePolished()   # measured in the style sheet's font
        gap = self.layout().spacing()
        kept = [self.state, self.updated, self.clock]
        if not self.pause.isHidden():
            kept.append(self.pause)
        room = self.width() - sum(w.sizeHint().width() + gap for w in kept) - gap
        title_w = self.title.fontMetrics().horizontalAdvance(self._title)
        place = self._place
        if title_w + gap + self.indicator.fontMetrics().horizontalAdvance(place) > room:
            place = ""   # no room for the dots
        place_w = self.indicator.fontMetrics().horizontalAdvance(place) if place else 0
        self.indicator.setText(place)
        self.indicator.setFixedWidth(place_w)
        title_room = max(0, room - (place_w + gap if place else 0))
        self.title.setText(self.title.fontMetrics().elidedText(
            self._title, Qt.TextElideMode.ElideRight, title_room))
        self.title.setFixedWidth(min(title_w, title_room) + 1)
