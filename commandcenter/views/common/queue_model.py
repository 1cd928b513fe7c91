"""A case queue's table model: which cases a queue holds (:class:`QueueSpec`), their rows
with countdowns kept current by a tick, and the proxy that filters and sorts them.

Rows are :class:`BoardCase` values kept in memory; countdowns are computed from their
deadlines and the policy calendar, so the one-second tick never queries the database.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from commandcenter.models.catalog import load_departments
from commandcenter.models.enums import Countdown, Stage, Urgency
from commandcenter.store.board import BoardCase, CountdownClock
from commandcenter.store.service import local_now

from .drag import CASE_MIME, case_mime
from .i18n import domain_text

CaseIdRole = Qt.ItemDataRole.UserRole + 1
CountdownRole = Qt.ItemDataRole.UserRole + 2   # 'normal' | 'warning' | 'overdue'
VersionRole = Qt.ItemDataRole.UserRole + 3
SortKeyRole = Qt.ItemDataRole.UserRole + 4     # the countdown column sorts by deadline
SearchTextRole = Qt.ItemDataRole.UserRole + 5  # number, address, grid and class, for the filter

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
_DARK, _WHITE, URGENT_COLOR = QColor("#212121"), QColor("#ffffff"), QColor("#c62828")
_EPOCH = datetime(2000, 1, 1)


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
            return URGENT_COLOR
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
