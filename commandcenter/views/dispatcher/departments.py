"""The departments panel: one tile per department, each a drop target for a dragged case.

A tile shows the department's open load, its overdue count and this month's on-time
rate. While a case is dragged over the panel the router's suggestions for it light up
and the hint line tells the deadline a dispatch now would set. Dropping only asks for
the dispatch (:attr:`DepartmentPanel.sig_dispatch_requested`); the domain decides.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from commandcenter.models.enums import Stage
from commandcenter.models.policy import Policy
from commandcenter.models.routing import Router
from commandcenter.store.board import BoardCase, CountdownClock, DepartmentLoad
from commandcenter.store.service import local_now

from ..common.i18n import domain_text, limit_text
from ..common.drag import DraggedCase
from .tile import TILE_WIDTH, DepartmentTile

Suggest = Callable[[BoardCase | DraggedCase], list[str]]

# On the labels that use it only: a style sheet on the panel would put every tile through
# the style sheet machinery too.
_SECTION_STYLE = "QLabel#panelSection { color: #455a64; font-weight: 600; padding-top: 4px; }"
_HINT_STYLE = """
QLabel#panelHint { background: #eceff1; color: #263238; border-radius: 4px; padding: 6px; }
QLabel#panelHint[warn="true"] { background: #ffebee; color: #b71c1c; }
"""


def router_suggester(router: Router) -> Suggest:
    """Department codes the router suggests for a board case, best first."""
    def suggest(case: BoardCase | DraggedCase) -> list[str]:
        if case.kind is None or not case.class_key:
            return []
        return [s.department_code for s in router.suggest(
            case.kind, case.major_code, case.minor_code, case.grid_code, case.component_owner)]
    return suggest


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class DepartmentPanel(QWidget):
    """Department tiles grouped as professional departments and street offices."""

    sig_dispatch_requested = Signal(int, int, str)
    """A case (id, version the dragger saw) was dropped on a department (code)."""

    def __init__(self, policy: Policy | None = None, suggest: Suggest | Router | None = None,
                 *, case_lookup: Callable[[int], BoardCase | None] | None = None,
                 now: Callable[[], datetime] = local_now, columns: int | None = None,
                 parent=None):
        super().__init__(parent)
        self.clock = CountdownClock(policy) if policy is not None else None
        if isinstance(suggest, Router):
            suggest = router_suggester(suggest)
        self.suggest, self.case_lookup, self._now = suggest, case_lookup, now
        self._fixed_columns = columns  # None: as many as the width allows
        self.columns = columns or 3
        self._tiles: dict[str, DepartmentTile] = {}
        self._order: list[str] = []
        self._drag: DraggedCase | None = None
        self._suggested: list[str] = []
        self._target: DepartmentTile | None = None
        # A leave followed by no enter in the same pass means the drag left the panel
        # (moving between tiles sends a leave and then an enter at once).
        self._left = QTimer(self, singleShot=True, interval=0, timeout=self._end_drag)
        self.setAcceptDrops(True)
        self.hint = QLabel(objectName="panelHint", wordWrap=True)
        self.hint.setStyleSheet(_HINT_STYLE)
        self.hint.setProperty("warn", False)
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        self._scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._scroll.setWidget(self._body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.hint)
        layout.addWidget(self._scroll, 1)
        self._set_hint(self.tr("把待派遣案件拖到部门上即可派遣"))
        self._fix_hint_height()

    def _fix_hint_height(self) -> None:
        """Room for four lines, always: a hint that grew when a drag started pushed every
        tile down under the pointer (the full text is in its tool tip)."""
        margins = 12 + 2 * self.hint.frameWidth()
        self.hint.setFixedHeight(int(4 * self.hint.fontMetrics().lineSpacing()) + margins)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fix_hint_height()

    # --- content -----------------------------------------------------------------------
    def set_loads(self, loads: Iterable[DepartmentLoad]) -> None:
        loads = list(loads)
        codes = [load.code for load in loads]
        for code in set(self._tiles) - set(codes):
            self._tiles.pop(code).deleteLater()
        for load in loads:
            tile = self._tiles.get(load.code)
            if tile is None:
                self._tiles[load.code] = DepartmentTile(load, self)
            else:
                tile.set_load(load)
        if codes != self._order:
            self._order = codes
            self._relayout()
        if self._drag is not None:
            self._show_suggestions()

    def tile(self, code: str) -> DepartmentTile:
        return self._tiles[code]

    def tiles(self) -> list[DepartmentTile]:
        return [self._tiles[code] for code in self._order]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fixed_columns is None:
            spacing = self._grid.spacing()
            # The panel's new width, not the viewport's: the scroll area resizes its
            # viewport only after this event, so the viewport still has the old width.
            margins = self._grid.contentsMargins()
            width = (event.size().width() - self._scroll.verticalScrollBar().sizeHint().width()
                     - 2 * self._scroll.frameWidth() - margins.left() - margins.right())
            columns = max(1, (width + spacing) // (TILE_WIDTH + spacing))
            if columns != self.columns:
                self.columns = columns
                self._relayout()

    def _relayout(self) -> None:
        for r in range(self._grid.rowCount()):
            self._grid.setRowStretch(r, 0)
        for c in range(max(self._grid.columnCount(), self.columns)):
            self._grid.setColumnStretch(c, 1 if c < self.columns else 0)
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None and item.widget().objectName() == "panelSection":
                item.widget().deleteLater()
        streets = [c for c in self._order if self._tiles[c].load.type == "street_office"]
        groups = ((self.tr("专业部门"), [c for c in self._order if c not in streets]),
                  (self.tr("属地街道"), streets))
        row = 0
        for title, codes in groups:
            if not codes:
                continue
            section = QLabel(title, objectName="panelSection", styleSheet=_SECTION_STYLE)
            self._grid.addWidget(section, row, 0, 1, self.columns)
            row += 1
            for i, code in enumerate(codes):
                self._grid.addWidget(self._tiles[code], row + i // self.columns, i % self.columns)
            row += (len(codes) + self.columns - 1) // self.columns
        self._grid.setRowStretch(row, 1)

    # --- dragging ----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        payload = DraggedCase.from_mime(event.mimeData())
        if payload is None:
            event.ignore()
            return
        event.acceptProposedAction()  # to learn when the drag leaves the panel
        self._on_drag_entered(payload, None)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.ignore()  # nothing to drop on between the tiles

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._on_drag_left(None)

    def dragged_case(self) -> DraggedCase | None:
        """The case being dragged over the panel, if any."""
        return self._drag

    def suggested_codes(self) -> list[str]:
        return list(self._suggested)

    def _on_drag_entered(self, payload: DraggedCase, tile: DepartmentTile | None) -> None:
        self._left.stop()
        if self._drag is None or self._drag.id != payload.id:
            self._drag = payload
            self._show_suggestions()
        self._target = tile
        self._apply_states()

    def _on_drag_left(self, tile: DepartmentTile | None) -> None:
        if tile is not None and tile is self._target:
            self._target = None
            self._apply_states()
        self._left.start()

    def _on_dropped(self, payload: DraggedCase, tile: DepartmentTile) -> None:
        self._end_drag()
        self.sig_dispatch_requested.emit(payload.id, payload.version, tile.code)

    def _show_suggestions(self) -> None:
        payload = self._drag
        # The table's row may be fresher than what the drag carried; either will do.
        known = self.case_lookup(payload.id) if self.case_lookup else None
        case = known if known is not None else (payload if payload.class_key else None)
        self._suggested = [c for c in (self.suggest(case) if case and self.suggest else [])
                           if c in self._tiles]
        self._apply_states()
        names = self.tr("、").join(domain_text(self._tiles[c].load.short_name)
                                  for c in self._suggested)
        text = self.tr("案件 {number}").format(number=payload.number)
        if case is not None and case.class_name:
            text += f" · {domain_text(case.class_name)}"
        if names:
            text += self.tr("：建议派往 {names}").format(names=names)
        preview = (self.clock.dispatch_deadline(case, self._now())
                   if case is not None and self.clock is not None else None)
        for tile in self._tiles.values():
            tip = tile.base_tooltip()
            if preview is not None:
                tip += self.tr("\n派遣到此：处置时限 {limit}，截止 {deadline:%m-%d %H:%M}").format(
                    limit=limit_text(preview[0]), deadline=preview[1])
            tile.setToolTip(tip)
        if preview is not None:
            text += self.tr("。派遣后处置时限 {limit}，截止 {deadline:%m-%d %H:%M}").format(
                limit=limit_text(preview[0]), deadline=preview[1])
        warn = case is not None and case.stage not in (None, Stage.DISPATCH)
        if warn:
            text += self.tr("。该案件当前处于「{stage}」，不能派遣").format(
                stage=domain_text(case.stage.label))
        self._set_hint(text, warn)

    def _apply_states(self) -> None:
        for code, tile in self._tiles.items():
            if tile is self._target:
                state = "target"
            elif code in self._suggested:
                state = "first" if code == self._suggested[0] else "suggested"
            else:
                state = ""
            rank = self._suggested.index(code) + 1 if code in self._suggested else 0
            tile.set_state(state, self.tr("建议{n}").format(n=rank) if rank else "")

    def _end_drag(self) -> None:
        self._left.stop()
        if self._drag is None:
            return
        self._drag, self._suggested, self._target = None, [], None
        self._apply_states()
        for tile in self._tiles.values():
            tile.setToolTip(tile.base_tooltip())
        self._set_hint(self.tr("把待派遣案件拖到部门上即可派遣"))

    def _set_hint(self, text: str, warn: bool = False) -> None:
        self.hint.setText(text)
        self.hint.setToolTip(text)
        if self.hint.property("warn") != warn:
            self.hint.setProperty("warn", warn)
            _restyle(self.hint)
