"""The wall's label grids keep their labels between updates."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

from commandcenter.views.wall.base import CellGrid

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _fill(cells: CellGrid, rows: list[tuple[str, str]]) -> list:
    cells.begin()
    for i, (text, name) in enumerate(rows):
        cells.put(i, 0, text, name, LEFT)
    cells.end()
    return cells.labels()


def test_an_update_changes_the_texts_of_the_labels_already_there(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    cells = CellGrid(QGridLayout(host))
    first = _fill(cells, [("东城街道", "cell"), ("12/20", "good")])
    second = _fill(cells, [("西城街道", "cell"), ("3/20", "red")])
    assert [id(c) for c in second] == [id(c) for c in first]
    assert [c.text() for c in second] == ["西城街道", "3/20"]
    assert second[1].objectName() == "red"


def test_rows_an_update_no_longer_has_are_hidden_and_come_back(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    host.show()
    cells = CellGrid(QGridLayout(host))
    three = _fill(cells, [("a", "cell"), ("b", "cell"), ("c", "cell")])
    _fill(cells, [("a", "cell")])
    assert [c.isVisible() for c in three] == [True, False, False]
    again = _fill(cells, [("a", "cell"), ("b", "cell"), ("z", "cell")])
    assert again == three and all(c.isVisible() for c in again) and again[2].text() == "z"


def test_a_big_update_runs_one_step_per_event_loop_turn(qtbot):
    from commandcenter.views.wall.base import WallPage
    page = WallPage()
    qtbot.addWidget(page)
    done = []
    page.show_in_steps([lambda: done.append(1), lambda: done.append(2), lambda: done.append(3)])
    assert done == [1]  # the rest waits for the event loop
    qtbot.waitUntil(lambda: done == [1, 2, 3])


def test_newer_figures_drop_the_steps_of_older_ones(qtbot):
    from commandcenter.views.wall.base import WallPage
    page = WallPage()
    qtbot.addWidget(page)
    done = []
    page.show_in_steps([lambda: done.append("old 1"), lambda: done.append("old 2")])
    page.show_in_steps([lambda: done.append("new 1"), lambda: done.append("new 2")])
    qtbot.waitUntil(lambda: done[-1:] == ["new 2"])
    qtbot.wait(50)
    assert done == ["old 1", "new 1", "new 2"]
