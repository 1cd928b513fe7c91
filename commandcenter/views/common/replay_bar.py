"""The replay bar: a day, a slider over it, play/pause, speed, and the instant shown in
large type. It drives a ``ReplayController``; the desks that watch the day
(dispatcher, shift lead, leader) show it under the map with a checkable action (回放,
Ctrl+R), and hiding it returns the map to live."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QSlider, QStyle, QToolButton, QWidget)

from commandcenter.store.service import local_now

from .replay import SPEEDS, ReplayController

SHORTCUT = QKeySequence("Ctrl+R")
DAY = timedelta(days=1)
LOOK_BACK = timedelta(hours=1)   # today opens this long before now
PAST_DAY_AT = time(8)            # a past day opens at the start of work


class ReplayBar(QFrame):
    sig_close_requested = Signal()
    """The person asked to go back to the live picture."""

    def __init__(self, controller: ReplayController, parent: QWidget | None = None,
                 now=local_now):
        super().__init__(parent)
        self.setObjectName("replayBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.controller, self._now = controller, now
        self._syncing = False
        self._at: datetime | None = None  # where the day being opened starts playing
        self.toggle_action: QAction | None = None  # checked while the bar is shown
        self.title = QLabel(self.tr("回放"), objectName="replayTitle")
        self.date = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date.setToolTip(self.tr("回放哪一天"))
        self.play_button = QToolButton(objectName="replayPlay", autoRaise=True)
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="replaySlider")
        self.slider.setSingleStep(60)      # arrow keys: a minute
        self.slider.setPageStep(15 * 60)   # page keys: a quarter of an hour
        self.speed = QComboBox(objectName="replaySpeed")
        for speed in SPEEDS:
            self.speed.addItem(f"{speed}×", speed)
        self.speed.setCurrentIndex(SPEEDS.index(controller.speed))
        self.speed.setToolTip(self.tr("回放速度：实际时间的倍数"))
        self.clock = QLabel("--:--:--", objectName="replayClock")
        font = self.clock.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.clock.setFont(font)
        self.clock.setMinimumWidth(self.clock.fontMetrics().horizontalAdvance("88:88:88 "))
        self.status = QLabel(objectName="replayStatus")
        self.live_button = QPushButton(self.tr("返回实时"), objectName="replayLive")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        for widget in (self.title, self.date, self.play_button):
            layout.addWidget(widget)
        layout.addWidget(self.slider, 1)
        for widget in (self.speed, self.clock, self.status, self.live_button):
            layout.addWidget(widget)
        self._show_playing(False)
        self._set_enabled(False)

        self.date.dateChanged.connect(self._on_date_changed)
        self.play_button.clicked.connect(controller.toggle)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.speed.currentIndexChanged.connect(
            lambda: controller.set_speed(self.speed.currentData()))
        self.live_button.clicked.connect(self.sig_close_requested)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, controller.toggle,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        controller.sig_loading.connect(self._on_loading)
        controller.sig_loaded.connect(self._on_loaded)
        controller.sig_failed.connect(self._on_failed)
        controller.sig_time.connect(self._on_time)
        controller.sig_playing.connect(self._show_playing)

    # --- opening and closing ----------------------------------------------------------------
    def open_day(self, day: date | None = None, at: datetime | None = None) -> None:
        """Show the bar and replay ``day`` (default today) from ``at`` (default: an hour ago
        today, the start of work on another day)."""
        now = self._now()
        day = day or (at.date() if at else now.date())
        self._at = at
        self.date.setMaximumDate(QDate(now.date().year, now.date().month, now.date().day))
        self.show()
        if self.toggle_action is not None:
            self.toggle_action.setChecked(True)
        if self.date.date().toPython() == day and not self.controller.loading:
            self._load(day, at)
        else:
            self.date.setDate(QDate(day.year, day.month, day.day))  # loads (dateChanged)

    def close_replay(self) -> None:
        """Back to live: the controller ends the replay and the bar hides."""
        self.controller.stop()
        self._set_enabled(False)
        self.hide()
        if self.toggle_action is not None:
            self.toggle_action.setChecked(False)

    def _load(self, day: date, at: datetime | None = None) -> None:
        now = self._now()
        start = datetime.combine(day, time())
        end = min(start + DAY, now)
        if end <= start:
            return
        if at is None:
            at = now - LOOK_BACK if day == now.date() else datetime.combine(day, PAST_DAY_AT)
        self.controller.load(start, end, at=at)

    # --- from the widgets -------------------------------------------------------------------
    def _on_date_changed(self, qdate: QDate) -> None:
        if self.isHidden():
            return
        at, self._at = self._at, None
        day = qdate.toPython()
        shown = self.controller.time
        if at is None and shown is not None:  # the same time of day on the new day
            at = datetime.combine(day, shown.time())
        self._load(day, at)

    def _on_slider_value_changed(self, value: int) -> None:
        replay = self.controller.replay
        if self._syncing or replay is None:
            return
        self.controller.seek(replay.start + timedelta(seconds=value))

    # --- from the controller ----------------------------------------------------------------
    def _on_loading(self) -> None:
        self.status.setText(self.tr("正在读取…"))

    def _on_loaded(self, replay) -> None:
        self._set_enabled(True)
        self._syncing = True
        self.slider.setRange(0, max(0, int((replay.end - replay.start).total_seconds()) - 1))
        self._syncing = False
        self.status.setText(self.tr("{cases} 件案件 · {staff} 名监督员").format(
            cases=len(replay.cases), staff=len(replay.people)))

    def _on_failed(self, exc: Exception) -> None:
        cause = (str(exc).splitlines() or [""])[0][:80] or type(exc).__name__
        self.status.setText(self.tr("读取失败：{cause}").format(cause=cause))

    def _on_time(self, t: datetime) -> None:
        replay = self.controller.replay
        self.clock.setText(f"{t:%H:%M:%S}")
        if replay is not None and not self.slider.isSliderDown():
            self._syncing = True
            self.slider.setValue(int((t - replay.start).total_seconds()))
            self._syncing = False

    def _show_playing(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else \
            QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(self.tr("暂停") if playing else self.tr("播放"))
        self.play_button.setToolTip(self.tr("播放 / 暂停（空格）"))

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.play_button, self.slider, self.speed):
            widget.setEnabled(enabled)


def install_replay(window, layout) -> ReplayBar:
    """A desk's replay: a bar added to ``layout`` (under the map), hidden, and the
    checkable action that shows it (replaying today) and hides it (back to live) as
    ``bar.toggle_action``, for the window's toolbar."""
    ws = window.ws
    controller = ReplayController(window.map, ws.db, ws.policy, ws.runner, parent=window)
    bar = ReplayBar(controller)
    bar.hide()
    layout.addWidget(bar)
    translate = QCoreApplication.translate
    action = QAction(translate("ReplayBar", "回放"), window, checkable=True, shortcut=SHORTCUT,
                     toolTip=translate("ReplayBar", "回放过去某一天的案件和监督员轨迹（Ctrl+R）"))
    action.setObjectName("replayAction")
    action.toggled.connect(lambda on: bar.open_day() if on and bar.isHidden()
                           else bar.close_replay() if not on and not bar.isHidden() else None)
    bar.sig_close_requested.connect(bar.close_replay)
    bar.toggle_action = action
    return bar
