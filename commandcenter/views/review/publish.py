"""The review window's 固化 (publish) button, shown to shift leads and leaders: it asks
first, publishes the period on the worker pool (the role is checked again there, below
the interface), then has the window compute again so the period shows as frozen."""
from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QMessageBox, QPushButton

from commandcenter.review.freeze import PUBLISHERS
from commandcenter.review.periods import PeriodError, parse_period

from . import jobs


class PublishButton(QPushButton):
    def __init__(self, window):
        super().__init__()
        self.review_window = window
        self.setText(self.tr("固化"))
        self.setToolTip(self.tr("固化本期考核数据：保存全部指标与案件清单，此后导出使用固化数字"))
        self.setVisible(window.ws.actor.role in PUBLISHERS)
        self.published_at = None          # when this window last published, for the status
        self.clicked.connect(self.ask)

    def ask(self) -> None:
        win = self.review_window
        try:
            period = parse_period(win.period_edit.text())
        except PeriodError as exc:
            win.status.setText(self.tr("期间格式有误：{error}").format(error=exc))
            return
        answer = QMessageBox.question(
            win, self.tr("固化考核数据"),
            self.tr("固化 {period} 的考核数据？\n全部对象的指标和案件清单将按现在的日志保存；"
                    "之后的导出使用固化数字，窗口中与之不同的实时数字标为黄色。")
            .format(period=period.key))
        if answer == QMessageBox.StandardButton.Yes:
            self.publish(period)

    def publish(self, period) -> None:
        win = self.review_window
        self.setEnabled(False)
        win.status.setText(self.tr("正在固化 {period} …").format(period=period.key))
        fn = partial(jobs.publish, win.ws.db, period, win.scheme, win.ws.policy.calendar,
                     win.ws.actor.username)
        win.ws.runner.submit(fn, partial(self._on_published, period), self._on_failed,
                             lambda _message: None)

    def _on_published(self, period, at) -> None:
        self.setEnabled(True)
        self.published_at = at
        win = self.review_window
        if win.period_edit.text().strip() != period.key:
            win.period_edit.setText(period.key)
        win.compute()                     # the status then says when it was frozen

    def _on_failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        self.review_window.status.setText(self.tr("固化失败：{error}").format(error=exc))
