"""Case queues: one thin table model per queue, a filter proxy, the tabs.

Rows are :class:`BoardCase` values kept in memory; countdowns are computed from their
deadlines and the policy calendar, so the one-second tick never queries the database.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QCursor, QDrag, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from commandcenter.models.catalog import load_departments
from commandcenter.models.enums import Countdown, Stage, Urgency
from commandcenter.models.policy import Policy
from commandcenter.store.board import BoardCase, CountdownClock
from commandcenter.store.service import local_now

from .i18n import domain_text
from .drag import CASE_MIME, DraggedCase, case_mime

CaseIdRole = Qt.ItemDataRole.UserRole + 1
CountdownRole = Qt.ItemDataRole.UserRole + 2   # 'normal' | 'warning' | 'overdue'
VersionRole = Qt.ItemDataRole.UserRole + 3
SortKeyRole = Qt.ItemDataRole.UserRole + 4     # the countdown column sorts by deadline
SearchTextRole = Qt.ItemDataRole.UserRole + 5  # number, address, grid and class, for the filter
__all__ = ["CASE_MIME", "DraggedCase", "case_mime", "QueueSpec", "QUEUES", "CaseQueueModel",
           "QueueFilterProxy", "QueueTabs", "CaseIdRole", "CountdownRole", "VersionRole"]

COL_NUMBER, COL_CLASS, COL_GRID, COL_PLACE, COL_STAGE, COL_DEPARTMENT, COL_COUNTDOWN = range(7)
# The deadline itself, hidden in the tables: sorting "by countdown" sorts on it, so the
# tick's countdown-column changes never make the proxies re-sort (Qt re-sorts on any
# change to the sort column, whatever the roles).
COL_DEADLINE = 7
_HEADERS = (QT_TRANSLATE_NOOP("CaseQueueModel", "案件号"), QT_TRANSLATE_NOOP("CaseQueueModel", "类别"),
            QT_TRANSLATE_NOOP("CaseQueueModel", "网格"),
            QT_TRANSLATE_NOOP("CaseQueueModel", "地址/描述"),
            QT_TRANSLATE_NOOP("CaseQueueModel", "阶段"), QT_TRANSLATE_NOOP("CaseQueueModel", "部门"),
            QT_TRANSLATE_NOOP("CaseQueueModel", "剩余时间"),
            QT_TRANSLATE_NOOP("CaseQueueModel", "截止时间"))
_TICK_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
               Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, CountdownRole]
_WARNING_BG, _OVERDUE_BG = QColor("#ffb300"), QColor("#c62828")
_DARK, _WHITE, _URGENT = QColor("#212121"), QColor("#ffffff"), QColor("#c62828")
_EPOCH = datetime(2000, 1, 1)
# Rows that would come or go while the pointer is over a queue (or a drag runs) wait at
# most this long, so the row aimed at stays put without hiding a change for long.
HOLD_MAX_MS = 4000


@dataclass(frozen=True)
class QueueSpec:
    """A queue: its key, its Chinese title (translated in context "QueueTabs") and the
    predicate over a case and its countdown light at the model's current time."""

    key: str
    title: str
    accepts: Callable[[BoardCase, Countdown | None], bool]

    def matches(self, case: BoardCase, now: datetime, clock: CountdownClock) -> bool:
        return case.stage.is_open and self.accepts(case, clock.light(case, now))


def _in(*stages: Stage) -> Callable[[BoardCase, Countdown | None], bool]:
    return lambda case, _light: case.stage in stages


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec("intake", QT_TRANSLATE_NOOP("QueueTabs", "待受理"), _in(Stage.INTAKE)),
    QueueSpec("verify", QT_TRANSLATE_NOOP("QueueTabs", "待核实"), _in(Stage.VERIFY)),
    QueueSpec("filing", QT_TRANSLATE_NOOP("QueueTabs", "待立案"), _in(Stage.FILING)),
    QueueSpec("dispatch", QT_TRANSLATE_NOOP("QueueTabs", "待派遣"), _in(Stage.DISPATCH)),
    # Held cases (挂账) stay with their department; they are listed here, marked 挂账.
    QueueSpec("handling", QT_TRANSLATE_NOOP("QueueTabs", "处置中"), _in(Stage.HANDLING, Stage.HELD)),
    QueueSpec("due_soon", QT_TRANSLATE_NOOP("QueueTabs", "即将超期"),
              lambda _case, light: light is Countdown.WARNING),
    QueueSpec("overdue", QT_TRANSLATE_NOOP("QueueTabs", "已超期"),
              lambda _case, light: light is Countdown.OVERDUE),
    QueueSpec("requests", QT_TRANSLATE_NOOP("QueueTabs", "待审批"),
              lambda case, _light: case.pending_request is not None),
    QueueSpec("check", QT_TRANSLATE_NOOP("QueueTabs", "待核查"), _in(Stage.CHECK)),
    QueueSpec("closing", QT_TRANSLATE_NOOP("QueueTabs", "待结案"), _in(Stage.CLOSING)),
)


class CaseQueueModel(QAbstractTableModel):
    """The cases of one queue. Changes are incremental (insert/remove/dataChanged); only
    :meth:`replace_all` resets.

    Time-dependent queues (即将超期, 已超期): :meth:`tick` refreshes the countdown column
    and returns the ids of its rows whose light changed; the owner then passes every case
    whose light changed to :meth:`upsert` of every queue (or calls ``upsert(cases, now)``),
    which re-evaluates membership at the model's current time, inserting or removing rows.
    """

    def __init__(self, spec: QueueSpec, clock: CountdownClock,
                 department_names: Mapping[str, str] | None = None,
                 now: datetime | None = None, parent=None):
        super().__init__(parent)
        self.spec, self.clock = spec, clock
        self.department_names = dict(department_names if department_names is not None else
                                     {d.code: d.short_name for d in load_departments()})
        self.now = now or local_now()
        self._rows: list[BoardCase] = []
        self._row_of: dict[int, int] = {}

    # --- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(_HEADERS)):
            return self.tr(_HEADERS[section])
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        case, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, col)
        if role == CaseIdRole:
            return case.id
        if role == VersionRole:
            return case.version
        if role == CountdownRole:
            light = self.clock.light(case, self.now)
            return (light or Countdown.NORMAL).value
        if role == SortKeyRole:
            if col in (COL_COUNTDOWN, COL_DEADLINE):
                return (case.deadline - _EPOCH).total_seconds() if case.deadline else float("inf")
            return self._display(case, col)
        if role == SearchTextRole:  # the class as stored and as shown
            return "\x1f".join((case.number, case.address, case.grid_code, case.class_name,
                                domain_text(case.class_name)))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, col)
        if col == COL_COUNTDOWN and role in (Qt.ItemDataRole.BackgroundRole,
                                             Qt.ItemDataRole.ForegroundRole):
            light = self.clock.light(case, self.now)
            background = role == Qt.ItemDataRole.BackgroundRole
            if light is Countdown.OVERDUE:
                return _OVERDUE_BG if background else _WHITE
            if light is Countdown.WARNING:
                return _WARNING_BG if background else _DARK
            return None
        if (role == Qt.ItemDataRole.ForegroundRole and col == COL_CLASS
                and case.urgency is Urgency.URGENT):
            return _URGENT
        if role == Qt.ItemDataRole.FontRole and (
                (col == COL_NUMBER and case.supervision_level) or col == COL_COUNTDOWN):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_COUNTDOWN:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def mimeTypes(self) -> list[str]:
        return [CASE_MIME]

    def mimeData(self, indexes) -> QMimeData | None:
        rows = sorted({i.row() for i in indexes if i.isValid() and i.row() < len(self._rows)})
        if not rows:
            return None
        return case_mime(self._rows[rows[0]])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    # --- content -----------------------------------------------------------------------
    def case_at(self, row: int) -> BoardCase:
        return self._rows[row]

    def row_of(self, case_id: int) -> int | None:
        return self._row_of.get(case_id)

    def case_ids(self) -> list[int]:
        return [c.id for c in self._rows]

    def replace_all(self, cases: Iterable[BoardCase]) -> None:
        self.beginResetModel()
        unique = {c.id: c for c in cases}
        self._rows = [c for c in unique.values() if self.spec.matches(c, self.now, self.clock)]
        self._reindex()
        self.endResetModel()

    def upsert(self, cases: Iterable[BoardCase], now: datetime | None = None) -> None:
        """Insert, update or drop each case as the queue's predicate says now."""
        if now is not None and now != self.now:
            self.tick(now)
        inserts, leaving = [], []
        for case in {c.id: c for c in cases}.values():
            row, wanted = self._row_of.get(case.id), self.spec.matches(case, self.now, self.clock)
            if row is None and wanted:
                inserts.append(case)
            elif row is not None and wanted:
                self._rows[row] = case
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))
            elif row is not None:
                leaving.append(case.id)
        self.remove(leaving)
        if inserts:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(inserts) - 1)
            self._rows.extend(inserts)
            self._row_of.update((c.id, first + i) for i, c in enumerate(inserts))
            self.endInsertRows()

    def remove(self, ids: Iterable[int]) -> None:
        rows = sorted({self._row_of[i] for i in ids if i in self._row_of}, reverse=True)
        if not rows:
            return
        runs, start, end = [], rows[0], rows[0]
        for row in rows[1:]:
            if row == start - 1:
                start = row
            else:
                runs.append((start, end))
                start = end = row
        runs.append((start, end))
        for first, last in runs:  # highest first, so lower rows keep their numbers
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first:last + 1]
            self.endRemoveRows()
        self._reindex()

    def tick(self, now: datetime) -> set[int]:
        """Move the clock: refresh only the countdown column; return ids whose light changed."""
        before, self.now = self.now, now
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_COUNTDOWN),
                                  self.index(len(self._rows) - 1, COL_COUNTDOWN), _TICK_ROLES)
        return {c.id for c in self._rows
                if self.clock.light(c, before) != self.clock.light(c, now)}

    def _reindex(self) -> None:
        self._row_of = {c.id: i for i, c in enumerate(self._rows)}

    # --- cell text ---------------------------------------------------------------------
    def _display(self, case: BoardCase, col: int) -> str:
        if col == COL_NUMBER:
            return case.number
        if col == COL_CLASS:
            return domain_text(case.class_name)
        if col == COL_GRID:
            return case.grid_code
        if col == COL_PLACE:
            return " · ".join(t for t in (case.address, case.description) if t)
        if col == COL_DEADLINE:
            return f"{case.deadline:%m-%d %H:%M}" if case.deadline else ""
        if col == COL_STAGE:
            text = domain_text(case.stage.label)
            if case.pending_request is not None:
                text += self.tr("·{kind}申请").format(
                    kind=domain_text(case.pending_request.label))
            if case.rework_count:
                text += self.tr("（返工{n}）").format(n=case.rework_count)
            return text
        if col == COL_DEPARTMENT:
            code = case.department_code
            return domain_text(self.department_names.get(code, code)) if code else ""
        return self.countdown_text(case)

    def countdown_text(self, case: BoardCase) -> str:
        """Remaining working time: "2工作时 15分", "1工作日 3工作时", "25分钟", "超期 1工作时 05分";
        natural time ("1小时 30分", "2天 3小时") for limits set in natural hours."""
        minutes = self.clock.remaining_minutes(case, self.now)
        if minutes is None:
            return self.tr("挂账中") if case.stage is Stage.HELD else "—"
        natural = self.clock.is_natural(case)
        per_day = 1440 if natural else round(self.clock.policy.calendar.schedule.minutes_per_day)
        days, rest = divmod(int(abs(minutes)), per_day)
        hours, mins = divmod(rest, 60)
        if not days and not hours:
            text = self.tr("{m}分钟").format(m=mins)
        elif natural:
            text = (self.tr("{d}天").format(d=days) if days
                    else self.tr("{h}小时 {m:02d}分").format(h=hours, m=mins))
            if days and hours:
                text += self.tr(" {h}小时").format(h=hours)
        else:
            text = (self.tr("{d}工作日").format(d=days) if days
                    else self.tr("{h}工作时 {m:02d}分").format(h=hours, m=mins))
            if days and hours:
                text += self.tr(" {h}工作时").format(h=hours)
        if self.clock.light(case, self.now) is Countdown.OVERDUE:
            return self.tr("超期 {time}").format(time=text)
        return text

    def _tooltip(self, case: BoardCase, col: int) -> str:
        if col == COL_COUNTDOWN:
            if case.deadline is None:
                return self.tr("时钟已停止")
            return self.tr("截止 {deadline:%Y-%m-%d %H:%M}").format(deadline=case.deadline)
        lines = [" · ".join((case.number, domain_text(case.class_name),
                             domain_text(case.urgency.label)))]
        if case.address:
            lines.append(case.address)
        if case.description:
            lines.append(case.description)
        if case.supervision_level:
            lines.append(self.tr("督办 {n} 次").format(n=case.supervision_level))
        return "\n".join(lines)


class QueueFilterProxy(QSortFilterProxyModel):
    """Text filter on case number, address, grid code and class; the countdown column
    sorts by deadline (cases without a running clock last), not by its text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilterRole(SearchTextRole)
        self.setFilterKeyColumn(COL_NUMBER)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SortKeyRole)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.setFilterFixedString(text.strip())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        super().sort(COL_DEADLINE if column == COL_COUNTDOWN else column, order)


def drag_label(number: str) -> QLabel:
    """What a dragged case looks like: its number on a small tag, not the whole row."""
    label = QLabel(f"  {number}  ")
    label.setStyleSheet("background:#1565c0;color:white;border-radius:3px;padding:2px;")
    label.adjustSize()
    return label


class CaseTableView(QTableView):
    """A queue's table. Rows hold still under the pointer: while it is over the table, new
    and changed rows are not sorted into place (they are once it leaves), so the row aimed
    at is the row pressed. A drag shows a small label of the case, to the right of and
    below the pointer, so the department under it stays readable."""

    sig_drag = Signal(bool)     # a drag from the table started (True) or ended
    sig_pointer = Signal(bool)  # the pointer came over the table (True) or left it

    def enterEvent(self, event) -> None:  # noqa: N802
        super().enterEvent(event)
        self.model().setDynamicSortFilter(False)
        self.sig_pointer.emit(True)

    def leaveEvent(self, event) -> None:  # noqa: N802
        super().leaveEvent(event)
        self.model().setDynamicSortFilter(True)  # sorts again what came in meanwhile
        self.sig_pointer.emit(False)

    def pointer_inside(self) -> bool:
        return self.isVisible() and self.rect().contains(self.mapFromGlobal(QCursor.pos()))

    def startDrag(self, actions) -> None:  # noqa: N802
        indexes = self.selectionModel().selectedRows()
        mime = self.model().mimeData(indexes) if indexes else None
        if mime is None:
            return
        number = indexes[0].data(Qt.ItemDataRole.DisplayRole)
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(drag_label(str(number)).grab())
        drag.setHotSpot(QPoint(-12, -12))  # the label sits beside the pointer, not over it
        self.sig_drag.emit(True)
        try:
            drag.exec(Qt.DropAction.CopyAction)
        finally:
            self.sig_drag.emit(False)


class QueueTabs(QTabWidget):
    """One table per queue, live counts in the tab titles, a one-second countdown tick."""

    sig_case_selected = Signal(int)
    """The user selected a case's row (not emitted by :meth:`select_case`)."""

    def __init__(self, policy: Policy, *, department_names: Mapping[str, str] | None = None,
                 specs: tuple[QueueSpec, ...] = QUEUES,
                 now: Callable[[], datetime] = local_now, tick_ms: int = 1000, parent=None):
        super().__init__(parent)
        self.clock, self._now = CountdownClock(policy), now
        self._cases: dict[int, BoardCase] = {}
        self._lights: dict[int, Countdown | None] = {}
        self._selecting = False
        self.current_case_id: int | None = None  # the case every tab highlights, if it holds it
        self.specs = specs
        # Changes that would move rows, held while the pointer is over a queue or a drag runs.
        self._pointer_over = self._dragging = False
        self._held_up: dict[int, BoardCase] = {}
        self._held_removed: set[int] = set()
        self._hold_cap = QTimer(self, singleShot=True, interval=HOLD_MAX_MS,
                                timeout=self.release_held)
        self.models: list[CaseQueueModel] = []
        self.proxies: list[QueueFilterProxy] = []
        self.views: list[QTableView] = []
        start = self._clock_now = now()
        for spec in specs:
            model = CaseQueueModel(spec, self.clock, department_names, start, self)
            proxy = QueueFilterProxy(self)
            proxy.setSourceModel(model)
            view = self._make_view(proxy)
            self.models.append(model)
            self.proxies.append(proxy)
            self.views.append(view)
            self.addTab(view, "")
        # In a container: the tab widget sizes a corner widget by its size hint, which a
        # bare line edit keeps at its default width whatever its fixed width says.
        corner = QWidget(self)
        self.search = QLineEdit(corner, clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("筛选案件…"))
        self.search.setToolTip(self.tr("按案件号、地址、网格编码或类别筛选所有队列"))
        self.search.setFixedWidth(124)
        self.search.textChanged.connect(self.set_filter_text)
        box = QHBoxLayout(corner)
        box.setContentsMargins(4, 0, 2, 0)
        self.held = QLabel(corner, objectName="heldChanges")
        self.held.setStyleSheet("color:#e65100;")
        self.held.hide()
        box.addWidget(self.held)
        box.addWidget(self.search)
        self.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self._update_titles()
        self.timer = QTimer(self, interval=tick_ms, timeout=self.tick)
        self.timer.start()

    def _make_view(self, proxy: QueueFilterProxy) -> QTableView:
        view = CaseTableView(self)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(COL_COUNTDOWN, Qt.SortOrder.AscendingOrder)
        view.setColumnHidden(COL_DEADLINE, True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setDragEnabled(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(26)
        header = view.horizontalHeader()
        for col, width in ((COL_NUMBER, 130), (COL_CLASS, 120), (COL_GRID, 140),
                           (COL_STAGE, 110), (COL_DEPARTMENT, 120), (COL_COUNTDOWN, 150)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_PLACE, QHeaderView.ResizeMode.Stretch)
        # The countdown right after the number: visible however narrow the dock gets.
        header.moveSection(header.visualIndex(COL_COUNTDOWN), 1)
        view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        view.sig_pointer.connect(self._on_pointer)
        view.sig_drag.connect(self.set_dragging)
        return view

    # --- content -----------------------------------------------------------------------
    def case(self, case_id: int) -> BoardCase | None:
        return self._cases.get(case_id)

    def set_cases(self, cases: Iterable[BoardCase]) -> None:
        now = self._clock_now = self._now()
        self.clock.forget(list(self._cases))
        self._cases = {c.id: c for c in cases}
        self._lights = {i: self.clock.light(c, now) for i, c in self._cases.items()}
        with self._quietly():
            for model in self.models:
                model.now = now
                model.replace_all(self._cases.values())
        self._update_titles()

    def apply_changes(self, upserts: Iterable[BoardCase], removed_ids: Iterable[int]) -> None:
        """Apply change-feed results; an upsert older than the case already shown is dropped.
        While held (pointer over a queue, a drag), rows that would come or go wait."""
        if self.holding:
            upserts, removed_ids = self._hold(upserts, removed_ids)
        removed = set(removed_ids)
        fresh = []
        for case in upserts:
            known = self._cases.get(case.id)
            if case.id in removed or (known is not None and known.version > case.version):
                continue
            self._cases[case.id] = case
            fresh.append(case)
        for case_id in removed:
            self._cases.pop(case_id, None)
            self._lights.pop(case_id, None)
        self.clock.forget(removed)
        with self._quietly():
            for model in self.models:
                model.remove(removed)
                model.upsert(fresh)
        self._lights.update((c.id, self.clock.light(c, self._clock_now)) for c in fresh)
        self._update_titles()

    def tick(self) -> None:
        now = self._clock_now = self._now()
        changed = []
        for case_id, case in self._cases.items():
            light = self.clock.light(case, now)
            if light != self._lights.get(case_id):
                self._lights[case_id] = light
                changed.append(case)
        if changed and self.holding:
            changed, _ = self._hold(changed, ())
        with self._quietly():
            for model in self.models:
                model.tick(now)
                if changed:
                    model.upsert(changed)
        if changed:
            self._update_titles()

    # --- holding rows still under the pointer --------------------------------------------
    @property
    def holding(self) -> bool:
        return self._pointer_over or self._dragging

    def held_count(self) -> int:
        return len(self._held_up) + len(self._held_removed)

    def _moves(self, case: BoardCase) -> bool:
        """Would the case come into or leave a queue (rows shift), not just change in place?"""
        return any((m.row_of(case.id) is not None) != m.spec.matches(case, m.now, m.clock)
                   for m in self.models)

    def _hold(self, upserts: Iterable[BoardCase], removed_ids: Iterable[int]):
        """Keep back what would move rows; return what may be shown at once."""
        now_ = []
        for case in upserts:
            if case.id in self._held_up or case.id in self._held_removed or self._moves(case):
                self._held_removed.discard(case.id)  # back on the board: the newer state wins
                self._held_up[case.id] = case
            else:
                now_.append(case)
        for case_id in removed_ids:
            self._held_up.pop(case_id, None)
            self._held_removed.add(case_id)
        if self.held_count() and not self._hold_cap.isActive():
            self._hold_cap.start()
        self._show_held()
        return now_, ()

    def release_held(self) -> None:
        """Show what was held (the pointer left, the drag ended, or it waited long enough)."""
        self._hold_cap.stop()
        upserts, removed = list(self._held_up.values()), set(self._held_removed)
        self._held_up.clear()
        self._held_removed.clear()
        self._show_held()
        if upserts or removed:
            was, self._pointer_over, self._dragging = (self._pointer_over, self._dragging), False, False
            try:
                self.apply_changes(upserts, removed)
            finally:
                self._pointer_over, self._dragging = was

    def _show_held(self) -> None:
        n = self.held_count()
        self.held.setVisible(bool(n))
        if n:
            self.held.setText(self.tr("{n} 项变化暂缓显示").format(n=n))
            self.held.setToolTip(self.tr("指针在队列上或正在拖动时，行不移动；移开后立即显示"))

    def _on_pointer(self, inside: bool) -> None:
        self._pointer_over = inside
        if not self.holding:
            self.release_held()

    def set_dragging(self, dragging: bool) -> None:
        self._dragging = dragging
        if not dragging:  # a drag swallows the leave: where is the pointer now?
            self._pointer_over = any(v.pointer_inside() for v in self.views)
            if not self.holding:
                self.release_held()

    def start_drag(self, case: BoardCase) -> None:
        """Drag a case picked outside the tables (a map marker) to a department tile."""
        drag = QDrag(self)
        drag.setMimeData(case_mime(case))
        drag.setPixmap(drag_label(case.number).grab())
        drag.setHotSpot(QPoint(-12, -12))
        self.set_dragging(True)
        try:
            drag.exec(Qt.DropAction.CopyAction)  # modal until the drop
        finally:
            self.set_dragging(False)

    def set_filter_text(self, text: str) -> None:
        with self._quietly():
            for proxy in self.proxies:
                proxy.set_text(text)
        self._update_titles()

    def set_department_names(self, names: Mapping[str, str]) -> None:
        for model in self.models:
            model.department_names = dict(names)
            if model.rowCount():
                model.dataChanged.emit(model.index(0, COL_DEPARTMENT),
                                       model.index(model.rowCount() - 1, COL_DEPARTMENT))

    # --- selection ---------------------------------------------------------------------
    def show_queue(self, key: str) -> None:
        """Bring the queue ``key`` (a QueueSpec key) to the front."""
        for i, spec in enumerate(self.specs):
            if spec.key == key:
                self.setCurrentIndex(i)
                return
        raise KeyError(f"no queue {key!r}")

    def select_case(self, case_id: int | None) -> bool:
        """Highlight the case in every tab that holds it (no other row anywhere), and bring
        the current queue, else the first queue holding it, to the front."""
        self.current_case_id = case_id
        order = [self.currentIndex()] + [i for i in range(self.count()) if i != self.currentIndex()]
        found = next((i for i in order if self._visible_index(i, case_id) is not None), None)
        with self._quietly():
            if found is not None:
                self.setCurrentIndex(found)
            self._sync_selection()
        if found is not None:
            self.views[found].scrollTo(self._visible_index(found, case_id))
        return found is not None

    def _visible_index(self, i: int, case_id: int | None):
        row = self.models[i].row_of(case_id) if case_id is not None else None
        if row is None:
            return None
        index = self.proxies[i].mapFromSource(self.models[i].index(row, 0))
        return index if index.isValid() else None  # invalid: hidden by the text filter

    def _sync_selection(self) -> None:
        for i, view in enumerate(self.views):
            index = self._visible_index(i, self.current_case_id)
            selected = view.selectionModel().selectedRows()
            if index is None:
                if selected:
                    view.clearSelection()
            elif [s.row() for s in selected] != [index.row()]:
                view.selectRow(index.row())

    @contextmanager
    def _quietly(self):
        """Rows that leave a queue make Qt select a neighbour the user did not choose:
        changes made here never count as the user's selection, and afterwards every tab
        highlights the chosen case again (or nothing)."""
        if self._selecting:
            yield
            return
        self._selecting = True
        try:
            yield
            self._sync_selection()
        finally:
            self._selecting = False

    def _on_view_selection_changed(self, selected, _deselected) -> None:
        indexes = selected.indexes()
        if self._selecting or not indexes:
            return
        case_id = indexes[0].data(CaseIdRole)
        if case_id is not None:
            self.current_case_id = case_id
            self._selecting = True
            try:  # the other tabs follow the new choice
                self._sync_selection()
            finally:
                self._selecting = False
            self.sig_case_selected.emit(case_id)

    def _update_titles(self) -> None:
        """Once per batch of changes, and only the titles that changed: every setTabText
        lays the tab bar out again, which per inserted row stalled the GUI thread."""
        filtered = bool(self.search.text().strip())
        for i, (spec, model) in enumerate(zip(self.specs, self.models)):
            n = self.proxies[i].rowCount()  # what the tab lists, after the text filter
            count = f"{n}/{model.rowCount()}" if filtered else f"{n}"
            title = f'{QCoreApplication.translate("QueueTabs", spec.title)} ({count})'
            if self.tabText(i) == title:
                continue
            self.setTabText(i, title)
            urgent = spec.key in ("overdue", "due_soon") and n
            color = (_URGENT if spec.key == "overdue" else QColor("#e65100")) if urgent \
                else self.palette().windowText().color()
            self.tabBar().setTabTextColor(i, color)
