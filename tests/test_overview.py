"""The first window shows the database's counts, read off the GUI thread."""
from __future__ import annotations

from datetime import datetime

import pytest

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store.service import CaseService
from commandcenter.views.overview import OverviewWindow
from commandcenter.views.tasks import TaskRunner

from .conftest import GRID_A, seed_world


@pytest.fixture
def db(tmp_path):
    from commandcenter.store.db import open_database
    database = open_database(f"sqlite:///{tmp_path / 'ui.db'}")
    seed_world(database)
    yield database
    database.dispose()


def test_overview_counts_cases_by_stage(qtbot, db):
    service = CaseService(db, default_policy())
    draft = CaseDraft(Source.SUPERVISOR, CaseKind.EVENT, "event:0101", Urgency.NORMAL,
                      116.4005, 39.9105, GRID_A, "暴露垃圾")
    for _ in range(3):
        case = service.report(service.actor("sup1"), draft, at=datetime(2026, 11, 2, 9))
    service.act(service.actor("op1"), case.number, Action.ACCEPT, at=datetime(2026, 11, 2, 9, 5))
    runner = TaskRunner()
    window = OverviewWindow(db, runner)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cards["intake"].value.text() == "2", timeout=5000)
    assert window.cards["filing"].value.text() == "1"
    assert window.cards["open"].value.text() == "3"
    assert window.cards["overdue"].value.text() == "3"  # the intake limits ran out weeks ago
    assert "2 个单元网格" in window.status.text()
    runner.wait()
