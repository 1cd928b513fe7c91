"""One wall page rendered offscreen with live data, once its figures and map have painted."""
from __future__ import annotations

from datetime import time
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QApplication

from commandcenter.models.enums import Role
from commandcenter.models.wall import PAGES, PlaylistEntry, Schedule, default_config
from commandcenter.store.accounts import find_actor
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import Database

from ..common.tasks import TaskRunner
from ..screenshot import wait_until
from .connect import WallSession
from .mapfeed import REPLAY_PAGES
from .window import WallWindow


def single_page_config(page: str, **changes):
    """The default configuration showing only ``page``, all day, undimmed."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}: the pages are {', '.join(PAGES)}")
    from dataclasses import replace
    return replace(default_config(), schedules=(
        Schedule(page, time(0), time(0), (PlaylistEntry(page, 3600),)),), **changes)


def wall_screenshot(db: Database, size: tuple[int, int], out: Path, page: str,
                    username: str | None = None) -> Path:
    """The wall's ``page`` as the wall account ``username`` (default: the first viewer)
    sees it, rendered offscreen into ``out``."""
    config = single_page_config(page)
    app = QApplication.instance()
    runner = TaskRunner(app)
    actor = find_actor(db, username, Role.VIEWER)
    window = WallWindow(config, lambda: WallSession(db, actor, load_policy(db)), runner)
    window.resize(*size)
    window.show()
    failed = []
    window.sig_connect_failed.connect(failed.append)
    window.start()
    if not wait_until(lambda: window.map is not None and window.map.snapshot is not None or failed):
        raise TimeoutError("the wall did not load within a minute")
    if failed:
        raise RuntimeError(failed[0])
    shown = window.pages[page]
    if not wait_until(lambda: shown.updated_at is not None):
        raise TimeoutError("the page's figures did not load within a minute")
    if shown.uses_map and not wait_until(lambda: window.map.view.painted_seq >= window.map.last_seq):
        raise TimeoutError("the map did not paint within a minute")
    if page in REPLAY_PAGES:  # the end of the replayed hour: every trail whole
        replayer = window.map.replayer
        if not wait_until(lambda: replayer.replay is not None):
            raise TimeoutError("the replay did not load within a minute")
        replayer.pause()
        replayer.seek(replayer.replay.end)
        last, bridge = f"{replayer.time:%Y-%m-%d %H:%M:%S}", window.map.view.bridge
        wait_until(lambda: (bridge.last_paint.get("replay") or {}).get("t") == last)
    wait_until(lambda: False, 1500)  # the last layout pass and the map's frame
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    window.shutdown()
    window.close()
    shiboken6.delete(window)  # its web page must go before QtWebEngine's profile, at exit
    runner.wait()
    return out
