"""One case on one screen: its state, reporter, closed loop, history, photos and the
actions the rules allow the person looking at it.

Every database call runs on the :class:`TaskRunner`; a job returns a plain record (or the
exception it met) and the panel draws it on the GUI thread. Which buttons appear is asked
of :func:`workflow.allowed_actions`; the service checks again when one is pressed.
"""
from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Mapping

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from commandcenter.models.case import Action, Actor, CaseEvent, CaseRecord
from commandcenter.models.catalog import load_catalog
from commandcenter.models.fieldtasks import Candidate
from commandcenter.models.privacy import ReporterView
from commandcenter.models.routing import Router, Suggestion
from commandcenter.models.timeline import stage_spans
from commandcenter.store.db import Database
from commandcenter.store.service import CaseService

from .case_actions import CaseActions, clear_layout
from .case_header import CaseHeader, short_time, tint
from .case_jobs import CaseSnapshot, LoadFailure, load_case
from .i18n import domain_text, limit_text
from .messages import storage_advice, storage_cause
from .related import DuplicatesBox, Related
from .tasks import TaskRunner
from .timeline import LoopTimeline

COUNTDOWN_REFRESH_MS = 30_000


class CaseDetailPanel(CaseHeader, CaseActions, QWidget):
    """Details and actions of one case for one actor."""

    sig_case_changed = Signal(int)
    """An action on the case shown was committed; carries the case id."""
    sig_message = Signal(str)
    """A line for the status bar: an action's result or why it was refused."""
    sig_case_requested = Signal(int)
    """The person asked to see another case (a possible duplicate)."""
    sig_case_shown = Signal(int)
    """The case's details have been read and drawn; carries the case id."""

    def __init__(self, db: Database, service: CaseService, actor: Actor, runner: TaskRunner,
                 router: Router | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.service, self.actor, self.runner, self.router = (
            db, service, actor, runner, router)
        policy = service.policy
        self.catalog = getattr(policy, "catalog", None) or load_catalog()
        self._case: CaseRecord | None = None
        self._case_id: int | None = None
        self._request = 0
        self._busy = False
        self._last_click = QElapsedTimer()
        self.offline_reason = ""
        self._departments: dict[str, tuple[str, str]] = {}
        self._suggestions: tuple[Suggestion, ...] = ()
        self._related = Related()
        self._picked: Candidate | None = None  # a supervisor chosen on the map, while asking
        self.action_buttons: dict[Action, QPushButton] = {}
        self._build()
        self.changeEvent(QEvent(QEvent.Type.FontChange))
        self._timer = QTimer(self, interval=COUNTDOWN_REFRESH_MS, timeout=self._show_countdown)
        self.clear()

    # --- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.message_bar = QFrame(objectName="messageBar")
        bar = QHBoxLayout(self.message_bar)
        bar.setContentsMargins(8, 4, 4, 4)
        self.message_label = QLabel(wordWrap=True)
        close = QToolButton(text="×", autoRaise=True, clicked=self._hide_message)
        close.setToolTip(self.tr("关闭提示"))
        bar.addWidget(self.message_label, 1)
        bar.addWidget(close)
        outer.addWidget(self.message_bar)
        self.placeholder = QLabel(self.tr("未选择案件"), alignment=Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.placeholder, 1)
        self.body = QWidget()
        outer.addWidget(self.body, 1)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)

        self._build_header(layout)

        reporter_box = QGroupBox(self.tr("上报人"))
        # Two rows, not one: a single row of six labels set the panel's narrowest width.
        form = QGridLayout(reporter_box)
        self.reporter_name, self.reporter_phone, self.reporter_id = QLabel(), QLabel(), QLabel()
        self.reporter_note = QLabel()
        tint(self.reporter_note, "#757575")
        for i, (caption, value) in enumerate(((self.tr("姓名"), self.reporter_name),
                                              (self.tr("电话"), self.reporter_phone),
                                              (self.tr("证件号"), self.reporter_id))):
            row, column = divmod(i, 2)
            form.addWidget(QLabel(self.tr("{caption}：").format(caption=caption)), row, 2 * column)
            form.addWidget(value, row, 2 * column + 1)
        form.addWidget(self.reporter_note, 1, 2, 1, 2)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        layout.addWidget(reporter_box)

        loop_box = QGroupBox(self.tr("办理闭环"))
        QVBoxLayout(loop_box).addWidget(timeline := LoopTimeline())
        self.timeline = timeline
        layout.addWidget(loop_box)

        self.actions_row = QHBoxLayout()
        layout.addLayout(self.actions_row)

        self.history = QTableWidget(0, 7)
        self.history.setHorizontalHeaderLabels([
            self.tr("时间"), self.tr("操作"), self.tr("操作人"), self.tr("角色"),
            self.tr("状态变化"), self.tr("原因"), self.tr("说明")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        # Reason and details share what is left and wrap onto more lines, never cut off.
        self.history.setWordWrap(True)
        self.history.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.history.horizontalHeader()
        # The time fits its text; action, person, role and stage change get fixed shares
        # and wrap (English labels are long), so reason and details keep room to be read.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        for column in (5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.history, 1)

        self.duplicates = DuplicatesBox()
        self.duplicates.sig_case_chosen.connect(self.sig_case_requested)
        layout.addWidget(self.duplicates)

        photos_box = QGroupBox(self.tr("照片"))
        self.photos_row = QHBoxLayout(photos_box)
        layout.addWidget(photos_box)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # e.g. the large type of a wall
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.5)
            font.setBold(True)
            self.number_label.setFont(font)
            rows = self.history.verticalHeader()
            rows.setDefaultSectionSize(round(1.6 * self.fontMetrics().height()))
            em = self.fontMetrics().horizontalAdvance("中")
            for column, width in ((1, 4.5), (2, 5.5), (3, 4.5), (4, 8)):
                self.history.horizontalHeader().resizeSection(column, round(width * em))
            if self._case is not None:
                self._show_header(self._case)  # badges are redrawn in the new size

    # --- public API --------------------------------------------------------------------

    @property
    def case(self) -> CaseRecord | None:
        """The case as last read from the database."""
        return self._case

    @property
    def related(self) -> Related:
        """What was read beside the case shown (duplicates, field-task candidates)."""
        return self._related

    @property
    def case_id(self) -> int | None:
        """The case shown or being read; None when the panel is empty."""
        return self._case_id

    def show_case(self, case_id: int) -> None:
        """Read the case on a worker thread and show it; a newer call wins over an older one."""
        same = case_id == self._case_id and self._case is not None
        if not same:
            self._hide_message()
            self._reporter_read = False
        self._case_id = case_id
        self._request += 1
        thumb = int(6 * self.fontMetrics().height() * self.devicePixelRatioF())
        self.runner.submit(partial(load_case, self.db, self.actor, self.router, case_id,
                                   self._request, not self._reporter_read, not self._departments,
                                   thumb, self.service.clock()), self._on_loaded)

    def clear(self) -> None:
        self._request += 1
        self._case = self._case_id = None
        self._reporter_read = False
        self._timer.stop()
        self._hide_message()
        self.body.hide()
        self.placeholder.show()

    def show_message(self, text: str, error: bool = False) -> None:
        background, colour = ("#fdecea", "#b71c1c") if error else ("#e8f5e9", "#1b5e20")
        tint(self.message_bar, colour, background)
        tint(self.message_label, colour)
        self.message_label.setText(text)
        self.message_bar.show()
        self.sig_message.emit(text)

    # --- loading -----------------------------------------------------------------------

    def _on_loaded(self, result: CaseSnapshot | LoadFailure) -> None:
        if result.request != self._request:
            return  # an older request, or the panel was cleared meanwhile
        if isinstance(result, LoadFailure):
            error = result.error
            if isinstance(error, (SQLAlchemyError, OSError)):  # a read: nothing was written
                text = self.tr("读取案件失败：{cause}。{advice}").format(
                    cause=storage_cause(error), advice=storage_advice(error))
            else:
                text = self._refusal(Action.REPORT, error)
            self.show_message(text, error=True)
            return
        case = self._case = result.case
        if result.departments:
            self._departments = dict(result.departments)
        self._suggestions = result.suggestions
        self._related = result.related
        self.duplicates.show_duplicates(result.related.duplicates)
        if result.reporter is not None:
            self._reporter_read = True
            self._show_reporter(result.reporter)
        now = self.service.clock()
        self._show_header(case)
        self.timeline.set_spans(stage_spans(result.events, now))
        self._show_history(result.events)
        self._show_photos(result.photos)
        self._show_actions(case, now)
        self.placeholder.hide()
        self.body.show()
        self._timer.start()
        self.sig_case_shown.emit(case.id)

    def _show_reporter(self, view: ReporterView) -> None:
        self.reporter_name.setText(view.name or "—")
        self.reporter_phone.setText(view.phone or "—")
        self.reporter_id.setText(view.id_no or "—")
        if not (view.name or view.phone or view.id_no):
            note = self.tr("无上报人信息")
        else:
            note = self.tr("已脱敏") if view.masked else self.tr("本次查看已留痕")
        self.reporter_note.setText(note)

    def _show_history(self, events: tuple[CaseEvent, ...]) -> None:
        self.history.setRowCount(len(events))
        for row, event in enumerate(events):
            change = domain_text(event.to_stage.label)
            if event.from_stage is not None and event.from_stage is not event.to_stage:
                change = f"{domain_text(event.from_stage.label)} → {change}"
            values = (short_time(event.at), domain_text(event.action.label), event.actor,
                      domain_text(event.role.label), change, event.reason,
                      self._payload_summary(event.payload))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{event.at:%Y-%m-%d %H:%M:%S}" if column == 0 else value)
                self.history.setItem(row, column, item)
        self.history.scrollToBottom()

    def _payload_summary(self, p: Mapping[str, Any]) -> str:
        """What an event's payload adds: department, extension, rework cycle, deadline…"""
        def dept(key: str) -> str:
            return self._department_name(p[key], short=True)
        parts = (
            p.get("department") and self.tr("部门：{d}").format(d=dept("department")),
            p.get("returned_by") and self.tr("退回自：{d}").format(d=dept("returned_by")),
            p.get("extension") and self.tr("延期：{t}").format(t=limit_text(p["extension"])),
            p.get("rework") and self.tr("第{n}次返工").format(n=p["rework"]),
            "on_time" in p and (self.tr("按期") if p["on_time"] else self.tr("超期")),
            p.get("level") and self.tr("第{n}级").format(n=p["level"]),
            p.get("deadline") and self.tr("时限：{t}").format(
                t=short_time(datetime.fromisoformat(p["deadline"]))))
        return self.tr("；").join(part for part in parts if part)

    def _show_photos(self, photos: tuple[tuple[str, QImage | None], ...]) -> None:
        clear_layout(self.photos_row)
        if not photos:
            self.photos_row.addWidget(QLabel(self.tr("无照片")))
        for ref, image in photos:
            label = QLabel(objectName="photo")
            label.setToolTip(ref)
            if image is None:
                label.setText(self.tr("照片缺失：{name}").format(name=Path(ref).name))
            else:
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(self.devicePixelRatioF())
                label.setPixmap(pixmap)
            self.photos_row.addWidget(label)
        self.photos_row.addStretch(1)

    def _hide_message(self) -> None:
        self.message_bar.hide()
