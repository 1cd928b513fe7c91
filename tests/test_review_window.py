"""The review window: computed off the GUI thread, sortable table with grades and the
red/black lists, a click on a figure lists its cases, one opens in the case detail, the
ranking chart, and the published-vs-live marking; the map colours grids by a figure."""
from __future__ import annotations

from datetime import datetime

import pytest
import shiboken6
from PySide6.QtCore import Qt

from commandcenter.models.case import Action, Actor
from commandcenter.models.enums import Role
from commandcenter.models.worktime import WorkCalendar
from commandcenter.review.engine import run_review
from commandcenter.review.freeze import publish
from commandcenter.review.periods import parse_period
from commandcenter.review.scheme import load_scheme, parse_scheme
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.common.workstation import Workstation
from commandcenter.views.review.model import ReviewTableModel
from commandcenter.views.review.review_map import classes
from commandcenter.views.review.window import ReviewWindow

from .review_world import AS_OF, play_november, play_self_handled


def small_scheme():
    """The standard scheme with every minimum case count at 1, so the tiny world ranks."""
    from commandcenter.resources import resource
    text = resource("review", "standard_scheme.toml").read_text(encoding="utf-8")
    import re
    return parse_scheme(re.sub(r"min_cases = \d+", "min_cases = 1", text))


@pytest.fixture
def window(qtbot, world_db):
    player = play_november(world_db)
    runner = TaskRunner()
    ws = Workstation.open(world_db, Actor("lead1", Role.SHIFT_LEAD), runner)
    win = ReviewWindow(ws, small_scheme(), parse_period("2026-11"), "dispatcher",
                       with_map=False)
    qtbot.addWidget(win)
    win.resize(1400, 800)
    win.show()
    yield win, player
    win.close()
    shiboken6.delete(win)
    runner.wait()


def computed(qtbot, win):
    win.computed = None
    win.compute()
    assert win.progress.isVisible()
    qtbot.waitUntil(lambda: win.computed is not None, timeout=30_000)
    assert not win.progress.isVisible()


def column(win, key):
    return next(c for c in range(win.model.columnCount()) if win.model.key(c) == key)


def test_table_sorts_drills_down_and_opens_a_case(qtbot, window):
    win, player = window
    computed(qtbot, win)
    assert win.model.rowCount() == 2                    # disp1, disp2
    win.object_combo.setCurrentIndex(win.object_combo.findData("department"))
    qtbot.waitUntil(lambda: win.computed is not None
                    and win.model.rowCount() == 2 and win.model.unit(0) in ("D02", "D09"),
                    timeout=30_000)
    score = column(win, "score")
    win.table.sortByColumn(score, Qt.SortOrder.DescendingOrder)
    top = win.proxy.mapToSource(win.proxy.index(0, 0)).row()
    assert win.model.unit(top) == "D02"                  # D09 has no score
    row = win.proxy.mapFromSource(win.model.index(top, 0)).row()
    assert win.proxy.index(row, column(win, "grade")).data() == "B"
    # A click on D02's 超期未处置数 lists case D; activating it opens the case detail.
    with qtbot.waitSignal(win.detail.sig_case_shown, timeout=20_000):
        win._on_table_clicked(win.proxy.index(row, column(win, "overdue_unhandled")))
        qtbot.waitUntil(lambda: win.case_list.rowCount() == 1, timeout=10_000)
        assert win.case_list.item(0, 0).text() == player.numbers["D"]
        win._on_case_activated(0, 0)
    assert win.tabs.currentWidget() is win.detail
    assert "1" in win.case_label.text()
    assert win.ranking.labels == ["城管执法局"]


def test_supervisors_show_what_they_handled_on_the_spot(qtbot, window):
    win, player = window
    play_self_handled(player)
    win.object_combo.setCurrentIndex(win.object_combo.findData("supervisor"))
    qtbot.waitUntil(lambda: win.computed is not None and win.model.rowCount() == 1
                    and win.model.unit(0) == "sup1", timeout=30_000)
    heads = [win.model.headerData(c, Qt.Orientation.Horizontal)
             for c in range(win.model.columnCount())]
    assert {"自处理申报数", "自处理数", "自处理通过率"} <= set(heads)
    row = win.proxy.mapFromSource(win.model.index(0, 0)).row()
    assert win.proxy.index(row, column(win, "self_handled_rate")).data() == "33.3%"
    win._on_table_clicked(win.proxy.index(row, column(win, "self_handled")))
    qtbot.waitUntil(lambda: win.case_list.rowCount() == 1, timeout=10_000)
    assert win.case_list.item(0, 0).text() == player.numbers["S"]


def test_published_figures_that_changed_are_marked(qtbot, window, world_db):
    win, player = window
    review = run_review(world_db, parse_period("2026-11"), load_scheme(), WorkCalendar(),
                        as_of=AS_OF)
    publish(world_db, review, "lead1", datetime(2026, 12, 1, 8))
    at = datetime(2026, 12, 1, 9)
    player.act("D", "h_d02", Action.HANDLE, at)
    win.object_combo.setCurrentIndex(win.object_combo.findData("department"))
    qtbot.waitUntil(lambda: win.computed is not None and "D02" in win.computed.changed.get(
        "department", {}).__repr__(), timeout=30_000)
    assert "固化" in win.status.text()
    top = next(r for r in range(win.model.rowCount()) if win.model.unit(r) == "D02")
    cell = win.model.index(top, column(win, "handled"))
    assert "固化值 4" in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_the_table_model_passes_the_model_tester(qtmodeltester, world_db):
    play_november(world_db)
    review = run_review(world_db, parse_period("2026-11"), load_scheme(), WorkCalendar(),
                        as_of=AS_OF, object_types=["department"], compare=False)
    model = ReviewTableModel()
    obj = review.objects["department"]
    model.set_review("department", obj.table, obj.red, obj.black)
    qtmodeltester.check(model)


def test_map_classes_put_the_best_unit_first():
    assert classes({"a": 0.9, "b": 0.5, "c": 0.1, "d": float("nan")}, "higher") == {
        "a": 1, "b": 3, "c": 5}
    assert classes({"a": 0.9, "b": 0.1}, "lower") == {"a": 5, "b": 1}
