"""Renders a screen offscreen, once its data and its map have painted, into a PNG."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from commandcenter.models.enums import Role
from commandcenter.store.accounts import find_actor
from commandcenter.store.db import Database

from .common.settings import Settings
from .common.tasks import TaskRunner
from .common.workstation import Workstation

TIMEOUT_MS = 60_000


def wait_until(condition, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Run the event loop until ``condition()`` holds or the time is up; whether it holds."""
    loop = QEventLoop()
    timer = QTimer(interval=50, timeout=lambda: condition() and loop.quit())
    QTimer.singleShot(timeout_ms, loop.quit)
    timer.start()
    loop.exec()
    timer.stop()
    return condition()


def _urgency(case) -> tuple:
    return (case.deadline is None, case.deadline or 0, case.id)


# Whose desk each view shows by default (the first active user of that role).
DESK_ROLES = {"dispatcher": Role.DISPATCHER, "intake": Role.OPERATOR,
              "shiftlead": Role.SHIFT_LEAD, "department": Role.DEPARTMENT,
              "leader": Role.LEADER, "field": Role.SUPERVISOR}
VIEWS = (*DESK_ROLES, "wall", "review")
REPLAY_VIEWS = ("dispatcher", "shiftlead", "leader")  # the desks with a replay bar


def screenshot(db: Database, view: str, size: tuple[int, int], out: Path,
               username: str | None = None, language: str | None = None,
               page: str | None = None, replay: datetime | None = None) -> Path:
    """Open ``view`` as ``username`` (default: the first user of the desk's role) and save
    its picture; with ``replay``, the desk's map replaying that instant."""
    from .desks import desk_class
    if replay is not None and view not in REPLAY_VIEWS:
        raise ValueError(f"only these desks replay: {', '.join(REPLAY_VIEWS)}")
    if view == "wall":
        from .wall.shot import wall_screenshot
        return wall_screenshot(db, size, out, page or "overview", username)
    if view == "review":
        from .review.shot import review_screenshot
        return review_screenshot(db, size, out, username, wait_until)
    if view not in DESK_ROLES:
        raise ValueError(f"unknown view {view!r}: the views are {', '.join(VIEWS)}")
    app = QApplication.instance()
    runner = TaskRunner(app)
    actor = find_actor(db, username, DESK_ROLES[view])
    settings = Settings.load()
    if language:
        settings = replace(settings, language=language)
    window = desk_class(view)(Workstation.open(db, actor, runner, settings),
                              remember_layout=False)
    window.resize(*size)
    window.show()
    loaded = []
    window.sig_loaded.connect(lambda: loaded.append(True))
    window.reload()
    if not wait_until(lambda: bool(loaded)):
        raise TimeoutError("the data did not load within a minute")
    if not wait_until(lambda: window.map.painted_seq >= window.last_map_seq):
        raise TimeoutError("the map did not paint within a minute")
    # The case on top of the desk's first queue in the detail, as after a click on it (else
    # the most urgent the desk shows).
    first = window.first_case_id()
    if first is None:
        shown_here = [c for c in window.cases.values() if window.shows_on_map(c)]
        first = min(shown_here, key=_urgency).id if shown_here else None
    if first is not None:
        shown = []
        window.detail.sig_case_shown.connect(shown.append)
        window.queues.select_case(first)  # the map keeps the whole district in view
        window.detail.show_case(first)
        wait_until(lambda: bool(shown))
    if replay is not None:
        window.replay_bar.open_day(replay.date(), replay)
        controller = window.replay_bar.controller
        if not wait_until(lambda: controller.replay is not None and not controller.loading
                          and (window.map.bridge.last_paint.get("replay") or {}).get("t")):
            raise TimeoutError("the replay did not paint within a minute")
    wait_until(lambda: False, 500)  # let the docks settle their last layout pass
    if not window.basemap.settled:  # tiles for the view as it ended up, faded in
        wait_until(lambda: window.basemap.settled)
        wait_until(lambda: False, 100)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    window.close()
    shiboken6.delete(window)  # its web page must go before QtWebEngine's profile, at exit
    runner.wait()
    return out
