"""The wall's 监督员在岗 page replays the last hour of the staff's movements, over and over,
on the shared map (also after the map page is replaced); other pages show it live."""
from __future__ import annotations

from datetime import timedelta

import pytest

from commandcenter.store.positions import Fix, record_fixes
from commandcenter.store.service import local_now
from commandcenter.views.wall.shot import single_page_config

from .test_replay_store import user_id
from .test_wall_window import open_wall, ready, runner, session_of, wall_db  # noqa: F401

pytestmark = pytest.mark.slow
TIMEOUT = 60_000


def replayed(window) -> dict | None:
    return window.map.view.bridge.last_paint.get("replay")


def test_the_staff_page_loops_the_last_hour_and_the_overview_stays_live(qtbot, runner,
                                                                        wall_db):  # noqa: F811
    now = local_now()
    sup = user_id(wall_db, "sup1")
    record_fixes(wall_db, [Fix(sup, now - timedelta(minutes=59, seconds=-30 * i),
                               116.4001 + i * 1e-5, 39.9101) for i in range(118)])
    window = open_wall(qtbot, runner, session_of(wall_db), single_page_config("staff"))
    ready(qtbot, window)
    assert window.current_page() == "staff"
    qtbot.waitUntil(lambda: (replayed(window) or {}).get("staff") == 1, timeout=TIMEOUT)
    first = replayed(window)
    # Playing: the replayed time moves on and the trail grows from the start of the hour.
    qtbot.waitUntil(lambda: replayed(window)["t"] > first["t"]
                    and replayed(window)["trailPoints"] > first["trailPoints"], timeout=TIMEOUT)

    old = window.map.view
    window.map.recreate()                     # the memory guard's replacement
    assert window.map.view is not old and window.map.replayer.view is window.map.view
    qtbot.waitUntil(lambda: (replayed(window) or {}).get("staff") == 1, timeout=TIMEOUT)

    window.show_page("overview")
    qtbot.waitUntil(lambda: replayed(window) is None, timeout=TIMEOUT)
    assert window.map.replayer.replay is None and not window.map.replayer.playing
