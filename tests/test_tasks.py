"""The task runner hands answers back on the GUI thread, and drops those whose widget is gone."""
from __future__ import annotations

import threading
from functools import partial

import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from commandcenter.views.common.tasks import TaskRunner


class Panel(QWidget):
    def __init__(self):
        super().__init__()
        self.label = QLabel(self)
        self.answers = []

    def show_answer(self, value) -> None:
        self.label.setText(str(value))  # raises if the label is already deleted
        self.answers.append(value)

    def show_tagged(self, tag, value) -> None:
        self.label.setText(f"{tag}{value}")
        self.answers.append((tag, value))


def test_an_answer_reaches_a_live_receiver_on_the_gui_thread(qtbot):
    runner, panel = TaskRunner(), Panel()
    qtbot.addWidget(panel)
    gui = threading.get_ident()
    runner.submit(lambda: threading.get_ident(), panel.show_answer)
    qtbot.waitUntil(lambda: bool(panel.answers), timeout=5000)
    assert panel.answers[0] != gui and panel.label.text() == str(panel.answers[0])
    runner.wait()


def test_answers_for_a_deleted_widget_are_dropped(qtbot):
    runner = TaskRunner()
    gate = threading.Event()
    panel, other = Panel(), Panel()
    qtbot.addWidget(other)
    delivered = []
    runner.submit(lambda: gate.wait(5) and 1, panel.show_answer)
    runner.submit(lambda: gate.wait(5) and 2, partial(panel.show_tagged, "x"))
    runner.submit(lambda: gate.wait(5) and 3, lambda v: delivered.append(v), receiver=panel)
    runner.submit(lambda: gate.wait(5) and 4, other.show_answer)
    shiboken6.delete(panel)  # the widget goes while its tasks still run
    gate.set()
    qtbot.waitUntil(lambda: other.answers == [4], timeout=5000)
    runner.wait()
    qtbot.wait(50)  # any queued answer has been handled by now
    assert delivered == []  # the explicit receiver is gone too
