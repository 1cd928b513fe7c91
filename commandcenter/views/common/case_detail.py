"""One case on one screen: its state, reporter, closed loop, history, photos and the
actions the rules allow the person looking at it.

Every database call runs on the :class:`TaskRunner`; a job returns a plain record (or the
exception it met) and the panel draws it on the GUI thread. Which buttons appear is asked
of :func:`workflow.allowed_actions`; the service checks again when one is pressed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Mapping

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
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

from commandcenter.models import workflow, worktime
from commandcenter.models.case import Action, Actor, CaseEvent, CaseRecord
from commandcenter.models.catalog import load_catalog
from commandcenter.models.enums import Countdown, Stage, Urgency
from commandcenter.models.fieldtasks import Candidate
from commandcenter.models.privacy import ReporterView
from commandcenter.models.routing import Router, Suggestion
from commandcenter.models.timeline import stage_spans
from commandcenter.models.worktime import LimitUnit
from commandcenter.store.db import Database
from commandcenter.store.personal_data import read_reporter
from commandcenter.store.photos import load_photos, read_photo_files
from commandcenter.store.queries import (
    case_history,
    department_names,
    find_component,
    get_case,
)
from commandcenter.store.service import CaseService, NotFound

from .action_dialog import ActionDialog
from .i18n import domain_text, limit_text
from .messages import refusal_message, storage_advice, storage_cause
from .related import DuplicatesBox, Related, load_related
from .tasks import TaskRunner
from .timeline import LoopTimeline

COUNTDOWN_REFRESH_MS = 30_000
_COLOURS = {Countdown.NORMAL: "#2e7d32", Countdown.WARNING: "#ef6c00",
            Countdown.OVERDUE: "#c62828"}


# --- what a worker job hands back --------------------------------------------------------

@dataclass(frozen=True)
class CaseSnapshot:
    request: int
    case: CaseRecord
    events: tuple[CaseEvent, ...]
    reporter: ReporterView | None            # None: not read again on a reload
    departments: Mapping[str, tuple[str, str]]  # code → (name, short name); empty: unchanged
    suggestions: tuple[Suggestion, ...]
    photos: tuple[tuple[str, QImage | None], ...]
    related: Related = Related()


@dataclass(frozen=True)
class _Failure:
    request: int
    error: Exception


@dataclass(frozen=True)
class _Outcome:
    action: Action
    case_id: int
    number: str
    result: CaseRecord | None
    error: Exception | None


def _load_case(db: Database, actor: Actor, router: Router | None, case_id: int, request: int,
               read_person: bool, with_departments: bool, thumb_px: int, now: datetime):
    """Everything the panel shows of a case (runs on a worker thread)."""
    try:
        case = get_case(db, case_id)
        if case is None:
            raise NotFound(f"no case {case_id}")
        events = tuple(case_history(db, case_id))
        reporter = read_reporter(db, actor, case_id) if read_person else None
        departments: dict[str, tuple[str, str]] = {}
        if with_departments:
            departments = department_names(db)
        suggestions: tuple[Suggestion, ...] = ()
        if router is not None and case.stage is Stage.DISPATCH:
            component = find_component(db, case.component_code) if case.component_code else None
            owner = component.owner_department if component else None
            kind, code = case.class_key.split(":")
            suggestions = tuple(router.suggest(kind, code[:2], code[2:4], case.grid_code, owner))
        # The report's photos, then those that came with actions (a result, a check).
        refs = list(dict.fromkeys([*case.photos, *(r for e in events
                                                    for r in e.payload.get("photos", ()))]))
        stored = load_photos(db, refs)
        photos = []
        for ref in refs:
            if ref in stored:
                image = QImage.fromData(stored[ref])
            else:  # a file path, from an import or an older version
                image = QImage(ref) if Path(ref).is_file() else QImage()
            photos.append((ref, None if image.isNull() else image.scaled(
                thumb_px, thumb_px, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation)))
        return CaseSnapshot(request, case, events, reporter, departments, suggestions,
                            tuple(photos), load_related(db, actor, case, now))
    except Exception as exc:  # handed to the GUI thread, which says what went wrong
        return _Failure(request, exc)


def _act(service: CaseService, actor: Actor, case: CaseRecord, action: Action,
         inputs: Mapping[str, Any]) -> _Outcome:
    try:
        inputs = dict(inputs)
        if "photo_paths" in inputs:  # read (and checked) here, on the worker
            inputs["photo_files"] = read_photo_files(inputs.pop("photo_paths"))
        new = service.act(actor, case.id, action, expected_version=case.version, **inputs)
        return _Outcome(action, case.id, case.number, new, None)
    except Exception as exc:
        return _Outcome(action, case.id, case.number, None, exc)


def _short(t: datetime | None) -> str:
    return f"{t:%m-%d %H:%M}" if t else ""


def _empty(layout: QHBoxLayout) -> None:
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget is not None:
            widget.deleteLater()


def _tint(widget: QWidget, colour: str, background: str | None = None) -> None:
    """Colours through the palette, not a style sheet, so the widget keeps following the
    font of the screen it is on (a style sheet would pin the font it had)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    if background is not None:
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(palette)


class CaseDetailPanel(QWidget):
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

        top = QHBoxLayout()
        self.number_label = QLabel()
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.urgency_badge, self.stage_badge, self.flags_badge = QLabel(), QLabel(), QLabel()
        top.addWidget(self.number_label)
        for badge in (self.urgency_badge, self.stage_badge, self.flags_badge):
            top.addWidget(badge)
        top.addStretch(1)
        layout.addLayout(top)
        # On its own wrapping line: a long countdown never widens the panel.
        self.countdown_label = QLabel(wordWrap=True)
        bold = QFont()
        bold.setBold(True)  # only the weight: the size still follows the panel
        self.countdown_label.setFont(bold)
        layout.addWidget(self.countdown_label)
        self.class_label, self.place_label, self.description_label = QLabel(), QLabel(), QLabel()
        for label in (self.class_label, self.place_label, self.description_label):
            label.setWordWrap(True)
            layout.addWidget(label)

        reporter_box = QGroupBox(self.tr("上报人"))
        # Two rows, not one: a single row of six labels set the panel's narrowest width.
        form = QGridLayout(reporter_box)
        self.reporter_name, self.reporter_phone, self.reporter_id = QLabel(), QLabel(), QLabel()
        self.reporter_note = QLabel()
        _tint(self.reporter_note, "#757575")
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
        self.runner.submit(partial(_load_case, self.db, self.actor, self.router, case_id,
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
        _tint(self.message_bar, colour, background)
        _tint(self.message_label, colour)
        self.message_label.setText(text)
        self.message_bar.show()
        self.sig_message.emit(text)

    # --- loading -----------------------------------------------------------------------

    def _on_loaded(self, result: CaseSnapshot | _Failure) -> None:
        if result.request != self._request:
            return  # an older request, or the panel was cleared meanwhile
        if isinstance(result, _Failure):
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

    def _department_name(self, code: str | None, short: bool = False) -> str:
        if not code:
            return ""
        return domain_text(self._departments.get(code, (code, code))[1 if short else 0])

    def _show_header(self, case: CaseRecord) -> None:
        self.number_label.setText(case.number)
        urgent = case.urgency is Urgency.URGENT
        self._badge(self.urgency_badge, domain_text(case.urgency.label),
                    "#c62828" if urgent else "#757575")
        self._badge(self.stage_badge, domain_text(case.stage.label), "#1565c0")
        flags = []
        if case.pending_request is not None:
            flags.append(self.tr("待审批：{kind}").format(
                kind=domain_text(case.pending_request.label)))
            if "extension" in case.pending_payload:
                flags[-1] += " " + limit_text(case.pending_payload["extension"])
        if case.supervision_level:
            flags.append(self.tr("督办{n}次").format(n=case.supervision_level))
        self._badge(self.flags_badge, "  ".join(flags), "#8e24aa")
        self.flags_badge.setVisible(bool(flags))
        try:
            minor = self.catalog.by_key(case.class_key)
            major = self.catalog.major(minor.kind, minor.major_code).name
            class_name = " · ".join(domain_text(t) for t in (case.kind.label, major, minor.name))
        except KeyError:
            class_name = case.class_key
        self.class_label.setText(self.tr("{cls}　来源：{source}　上报：{at}").format(
            cls=class_name, source=domain_text(case.source.label), at=_short(case.reported_at)))
        department = self._department_name(case.department_code) or self.tr("未派遣")
        place = self.tr("处置部门：{dept}　网格：{grid}　{address}").format(
            dept=department, grid=case.grid_code, address=case.address)
        if case.component_code:  # a component case: which component, by its code
            place += self.tr("　部件：{code}").format(code=case.component_code)
        self.place_label.setText(place)
        self.description_label.setText(case.description)
        self._show_countdown()

    def _badge(self, label: QLabel, text: str, colour: str) -> None:
        label.setText(text)
        label.setStyleSheet(f"color: white; background: {colour}; border-radius: 3px;"
                            " padding: 1px 6px;")

    def _show_countdown(self) -> None:
        case = self._case
        if case is None:
            return
        text, colour = self._countdown(case, self.service.clock())
        self.countdown_label.setText(text)
        _tint(self.countdown_label, colour)

    def _countdown(self, case: CaseRecord, now: datetime) -> tuple[str, str]:
        if not case.is_open:
            return (self.tr("{stage} {at}").format(stage=domain_text(case.stage.label),
                                                  at=_short(case.closed_at)), "#616161")
        if case.stage is Stage.HELD:
            return self.tr("挂账中，计时暂停"), "#616161"
        if case.deadline is None:
            return self.tr("无时限"), "#616161"
        policy = self.service.policy
        try:
            limit = policy.stage_limit(case.stage, case.urgency, case.class_key)
        except KeyError:
            limit = None
        natural = limit is not None and limit.unit is LimitUnit.NATURAL_HOURS
        calendar = worktime.NATURAL_CALENDAR if natural else policy.calendar
        state = worktime.countdown(calendar, case.stage_started_at, case.deadline, now,
                                   getattr(policy, "warn_share", 0.8))
        minutes = worktime.remaining_minutes(calendar, case.deadline, now)
        span = self._duration(abs(minutes), calendar.schedule.minutes_per_day, not natural)
        # "工作日" already says working time; hours and minutes alone need saying so.
        plain = natural or abs(minutes) >= calendar.schedule.minutes_per_day
        if state is Countdown.OVERDUE:
            text = (self.tr("已超期 {span}") if plain
                    else self.tr("已超期 {span}（工作时间）")).format(span=span)
        else:
            text = (self.tr("剩余 {span}") if plain
                    else self.tr("剩余工作时间 {span}")).format(span=span)
        return text + self.tr("，时限 {at}").format(at=_short(case.deadline)), _COLOURS[state]

    def _duration(self, minutes: float, per_day: float, working: bool) -> str:
        """"1个工作日 3小时", "2小时5分钟", "30分钟"; on natural hours "1天 3小时"."""
        days, rest = divmod(int(round(minutes)), int(per_day))
        hours, mins = divmod(rest, 60)
        if days:
            text = (self.tr("{d}个工作日") if working else self.tr("{d}天")).format(d=days)
            if hours:
                text += self.tr(" {h}小时").format(h=hours)
            return text
        if not hours:
            return self.tr("{m}分钟").format(m=mins)
        if not mins:
            return self.tr("{h}小时").format(h=hours)
        return self.tr("{h}小时{m}分钟").format(h=hours, m=mins)

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
            values = (_short(event.at), domain_text(event.action.label), event.actor,
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
                t=_short(datetime.fromisoformat(p["deadline"]))))
        return self.tr("；").join(part for part in parts if part)

    def _show_photos(self, photos: tuple[tuple[str, QImage | None], ...]) -> None:
        _empty(self.photos_row)
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

    # --- actions -----------------------------------------------------------------------

    def _show_actions(self, case: CaseRecord, now: datetime) -> None:
        _empty(self.actions_row)
        self.action_buttons = {}
        for action in workflow.allowed_actions(case, self.actor, now):
            button = QPushButton(domain_text(action.label), objectName=f"action-{action.value}")
            button.setProperty("action", action.value)
            # A bound method, not a partial: PySide holds bound methods weakly, and a
            # partial would keep the panel alive from inside its own child button, so
            # deleting the button could destroy the panel in the middle of that deletion.
            button.clicked.connect(self._on_action_button)
            button.setEnabled(not self._busy)
            self.action_buttons[action] = button
            self.actions_row.addWidget(button)
        if not self.action_buttons:
            idle = QLabel(self.tr("当前没有您可执行的操作"))
            _tint(idle, "#757575")
            self.actions_row.addWidget(idle)
        self.actions_row.addStretch(1)

    def _on_action_button(self) -> None:
        self._on_action_clicked(Action(self.sender().property("action")))

    def set_offline(self, reason: str) -> None:
        """While ``reason`` is set, actions are refused with it (never queued for later)."""
        self.offline_reason = reason

    def assign_to(self, picked: Candidate) -> None:
        """Ask to give the shown case's field task to ``picked`` (a supervisor chosen on
        the map): the 指派 dialog, naming the case, with them chosen."""
        if Action.ASSIGN in self.action_buttons:
            self._on_action_clicked(Action.ASSIGN, picked)

    def _on_action_clicked(self, action: Action, picked: Candidate | None = None) -> None:
        case = self._case
        if case is None or self._busy:
            return
        # The second click of a double click lands on the buttons drawn after the first
        # action's result: one action per double-click interval.
        if self._last_click.isValid() and (
                self._last_click.elapsed() < QApplication.doubleClickInterval()):
            return
        self._last_click.start()
        if self.offline_reason:
            self.show_message(self.offline_reason, error=True)
            return
        self._picked = picked
        try:
            inputs = self._ask(action, case)
        finally:
            self._picked = None
        if inputs is None:
            return
        self._last_click.start()  # counted from the dialog's 确定, not from the button
        self._busy = True
        for button in self.action_buttons.values():
            button.setEnabled(False)
        self.runner.submit(partial(_act, self.service, self.actor, case, action, dict(inputs)),
                           self._on_acted)

    def _ask(self, action: Action, case: CaseRecord) -> dict | None:
        """What ``action`` needs from the person (reason, department, extension), or None
        if they cancelled. Actions that need nothing are taken at once."""
        if not ActionDialog.asks(action):
            return {}
        dialog = ActionDialog(action, self._departments, self._suggestions, self,
                              related=self._related, picked=self._picked,
                              number=case.number, summary=self.class_label.text().split("　")[0])
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _on_acted(self, outcome: _Outcome) -> None:
        """Every result reaches the person who asked, whatever the panel shows by now."""
        self._busy = False
        if outcome.error is None:
            text = self.tr("已{action}：案件 {number} 当前状态：{stage}").format(
                action=domain_text(outcome.action.label), number=outcome.result.number,
                stage=domain_text(outcome.result.stage.label))
            text += self._outcome_detail(outcome.result)
        else:
            text = self._refusal(outcome.action, outcome.error)
            if outcome.case_id != self._case_id and outcome.number not in text:
                text = self.tr("案件 {number}：{text}").format(number=outcome.number, text=text)
        self.show_message(text, error=outcome.error is not None)
        if outcome.case_id == self._case_id:
            self.show_case(outcome.case_id)  # shows what the case looks like now
        else:
            for button in self.action_buttons.values():  # the case shown is free again
                button.setEnabled(True)
        if outcome.error is None:
            self.sig_case_changed.emit(outcome.case_id)

    def _outcome_detail(self, case: CaseRecord) -> str:
        if case.stage is Stage.HANDLING and case.department_code:
            return self.tr("，处置部门：{dept}").format(dept=self._department_name(case.department_code))
        return ""

    def _refusal(self, action: Action, error: Exception) -> str:
        return refusal_message(error, action=action, now=self.service.clock(),
                               department_names={c: n[1] for c, n in self._departments.items()})

    def _hide_message(self) -> None:
        self.message_bar.hide()
