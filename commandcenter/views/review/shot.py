"""The review window rendered offscreen into a PNG (``commandcenter screenshot --view review``):
last month's departments (this month's when last month has no cases, as in a database
built today), the cases behind the first unit's 应结案数, the street map."""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QApplication

from commandcenter.models.enums import Role
from commandcenter.review.engine import EmptyPeriod
from commandcenter.review.periods import month
from commandcenter.review.scheme import load_scheme
from commandcenter.store.accounts import find_actor
from commandcenter.store.db import Database
from commandcenter.store.service import local_now

from ..common.tasks import TaskRunner
from ..common.workstation import Workstation
from .window import ReviewWindow


def review_screenshot(db: Database, size: tuple[int, int], out: Path, username: str | None,
                      wait) -> Path:
    runner = TaskRunner(QApplication.instance())
    actor = find_actor(db, username, Role.SHIFT_LEAD)
    now = local_now()
    window = ReviewWindow(Workstation.open(db, actor, runner), load_scheme(),
                          month(now.year, now.month), "department")
    window.resize(*size)
    window.show()
    for period in (month(now.year, now.month).previous(), month(now.year, now.month)):
        window.period_edit.setText(period.key)
        window.compute()
        if not wait(lambda: window.computed is not None or window.failure is not None):
            raise TimeoutError("the review was not computed within a minute")
        if not isinstance(window.failure, EmptyPeriod):
            break
    if window.failure is not None:
        raise window.failure
    if window.model.rowCount():
        window.show_cases(window.model.unit(0), "due_close")
        wait(lambda: window.case_list.rowCount() > 0, 10_000)
    window.tabs.setCurrentWidget(window._map_tab)
    if not wait(lambda: window.map.painted_seq >= window.last_map_seq > 0):
        raise TimeoutError("the map did not paint within a minute")
    wait(lambda: False, 500)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    window.close()
    shiboken6.delete(window)
    runner.wait()
    return out
