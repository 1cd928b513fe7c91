"""Case queues: the tabs, one table per queue with its live count, and the rows that
hold still under the pointer. The rows themselves are :mod:`.queue_model`'s.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDrag
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

from commandcenter.models.enums import Countdown
from commandcenter.models.policy import Policy
from commandcenter.store.board import BoardCase, CountdownClock
from commandcenter.store.service import local_now

from .drag import CASE_MIME, DraggedCase, case_mime
from .queue_model import (
    COL_CLASS,
    COL_COUNTDOWN,
    COL_DEADLINE,
    COL_DEPARTMENT,
    COL_GRID,
    COL_NUMBER,
    COL_PLACE,
    COL_STAGE,
    QUEUES,
    URGENT_COLOR,
    CaseIdRole,
    CaseQueueModel,
    CountdownRole,
    QueueFilterProxy,
    QueueSpec,
    VersionRole,
)
from .queue_view import CaseTableView, drag_label

# What the desks and tests import from here, wherever it is defined.
__all__ = ["CASE_MIME", "DraggedCase", "case_mime", "QueueSpec", "QUEUES", "CaseQueueModel",
           "QueueFilterProxy", "QueueTabs", "CaseIdRole", "CountdownRole", "VersionRole",
           "COL_NUMBER", "COL_CLASS", "COL_GRID", "COL_PLACE", "COL_STAGE", "COL_DEPARTMENT",
           "COL_COUNTDOWN", "COL_DEADLINE", "CaseTableView", "drag_label"]

# Rows that would come or go while the pointer is over a queue (or a drag runs) wait at
# most this long, so the row aimed at stays put without hiding a change for long.
HOLD_MAX_MS = 4000


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
            color = (URGENT_COLOR if spec.key == "overdue" else QColor("#e65100")) if urgent \
                else self.palette().windowText().color()
            self.tabBar().setTabTextColor(i, color)
