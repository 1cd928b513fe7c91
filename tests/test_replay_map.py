"""The map's replay layer in a real QtWebEngine (offscreen): a replay drawn in place of the
live cases and staff, frames as patches, the same after a change of datum, and the live
picture — kept up to date meanwhile — back when the replay ends."""
from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

import pytest

from commandcenter.map.webengine import prepare_webengine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_webengine()

from commandcenter.map import MapView, Marker, StaffPosition  # noqa: E402
from commandcenter.map.replay import frame_payload  # noqa: E402
from commandcenter.models.enums import Countdown, Stage, Urgency  # noqa: E402
from commandcenter.models.policy import default_policy  # noqa: E402
from commandcenter.models.replay import (CaseInfo, CaseStep, Fixes, Replay,  # noqa: E402
                                         ReplayCursor, ReplayData, code_of)

TIMEOUT = 20_000
T0 = datetime(2025, 11, 24, 9, 0)  # a Monday


def t(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def make_replay() -> Replay:
    """Three cases — filing (30 working minutes), handling (one working day), closed at
    10:00 — and two people, one on duty walking east, one off duty."""
    cases = [CaseInfo(11, "N11", 116.400, 39.910, Urgency.NORMAL, "event:0101"),
             CaseInfo(12, "N12", 116.410, 39.915, Urgency.URGENT, "event:0101"),
             CaseInfo(13, "N13", 116.420, 39.920, Urgency.NORMAL, "event:0101")]
    steps = [CaseStep(11, t(0), None, Stage.INTAKE, t(10)),
             CaseStep(11, t(1), Stage.INTAKE, Stage.FILING, t(31)),
             CaseStep(12, t(-30), None, Stage.INTAKE, t(-20)),
             CaseStep(12, t(-20), Stage.INTAKE, Stage.HANDLING, t(24 * 60)),
             CaseStep(13, t(-10), None, Stage.INTAKE, t(0)),
             CaseStep(13, t(60), Stage.INTAKE, Stage.CLOSED, None)]
    walk = [(7, t(m / 2), 116.40 + m * 1e-4, 39.91, True) for m in range(0, 240)]
    home = [(8, t(m), 116.43, 39.93, False) for m in range(0, 120, 10)]
    data = ReplayData(T0, T0 + timedelta(hours=12), cases, steps, Fixes.from_rows(walk + home),
                      {7: "张三", 8: "李四"})
    return Replay(data, default_policy())


@pytest.fixture
def view(qtbot):
    view = MapView()
    errors = []
    view.bridge.sig_page_error.connect(errors.append)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitUntil(lambda: view.is_ready, timeout=TIMEOUT)
    yield view
    assert errors == []


def js(qtbot, view: MapView, script: str):
    box = []
    view.web_view.page().runJavaScript(script, 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0]) if isinstance(box[0], str) else box[0]


def painted(qtbot, view: MapView, seq: int) -> dict | None:
    """What the page reported of its replay once update ``seq`` is on screen."""
    qtbot.waitUntil(lambda: view.painted_seq >= seq, timeout=TIMEOUT)
    return view.bridge.last_paint.get("replay")


def page_markers(qtbot, view) -> dict[int, tuple[str, str, bool]]:
    rows = js(qtbot, view, "JSON.stringify(ccMap.markers())")
    return {r["id"]: (r["stage"], r["countdown"], r["urgent"]) for r in rows}


LIVE = [Marker(1, "L1", 116.401, 39.911, "overdue"), Marker(2, "L2", 116.402, 39.912)]


def test_a_replay_replaces_the_live_picture_frame_by_frame_and_goes_back(qtbot, view):
    view.replace_markers(LIVE)
    view.set_staff([StaffPosition(5, "王五", 116.40, 39.91, ((116.39, 39.90),))])
    live_seq = view.set_grid_load([])
    qtbot.waitUntil(lambda: view.painted_seq >= live_seq, timeout=TIMEOUT)
    assert js(qtbot, view, "JSON.stringify(ccMap.state().staff)") == 2  # trail and dot

    replay = make_replay()
    report = painted(qtbot, view, view.replay.start(replay, t(20)))
    assert report == {"t": "2025-11-24 09:20:00", "cases": 3, "states": [2, 0, 1], "urgent": 1,
                      "staff": 1, "onDuty": 1, "trailPoints": 41}   # off duty: not shown
    assert page_markers(qtbot, view) == {11: ("filing", "normal", False),
                                         12: ("handling", "normal", True),
                                         13: ("intake", "overdue", False)}
    assert js(qtbot, view, "JSON.stringify(ccMap.state().staff)") == 0  # live staff hidden

    # Forward: 11 turns amber at 09:25 and red at 09:31; 13 closes at 10:00.
    report = painted(qtbot, view, view.replay.seek(t(26)))
    assert report["states"] == [1, 1, 1] and report["t"] == "2025-11-24 09:26:00"
    report = painted(qtbot, view, view.replay.seek(t(90)))
    assert page_markers(qtbot, view) == {11: ("filing", "overdue", False),
                                         12: ("handling", "normal", True)}
    assert report["staff"] == 1 and report["trailPoints"] == 121  # the last hour, 30 s apart
    # Back before anything was reported but 12.
    painted(qtbot, view, view.replay.seek(t(-25)))
    assert page_markers(qtbot, view) == {12: ("intake", "normal", True)}

    # Live changes meanwhile reach the page but are not drawn until the replay ends.
    view.patch_markers([Marker(3, "L3", 116.403, 39.913, "warning")], [2])
    view.replay.off_duty = True
    report = painted(qtbot, view, view.replay.seek(t(30)))
    assert report["staff"] == 2 and report["onDuty"] == 1
    assert set(page_markers(qtbot, view)) == {11, 12, 13}

    assert painted(qtbot, view, view.replay.stop()) is None
    assert page_markers(qtbot, view) == {1: ("handling", "overdue", False),
                                         3: ("handling", "warning", False)}
    assert js(qtbot, view, "JSON.stringify(ccMap.state().staff)") == 2


def test_a_replay_is_sent_again_after_a_change_of_datum(qtbot, view):
    replay = make_replay()
    before = painted(qtbot, view, view.replay.start(replay, t(26)))
    where = js(qtbot, view, "JSON.stringify(ccMap.marker(11))")
    after = painted(qtbot, view, view.set_basemap("file:///nowhere/{z}/{x}/{y}.png", "gcj02"))
    assert after == before
    shifted = js(qtbot, view, "JSON.stringify(ccMap.marker(11))")
    assert shifted["countdown"] == "warning"
    assert shifted["lon"] - where["lon"] == pytest.approx(0.0062, abs=0.0003)  # GCJ-02 here


def test_frames_carry_only_what_changed():
    replay = make_replay()
    cursor = ReplayCursor(replay)
    first = json.loads(frame_payload(cursor.patch(t(20))))
    assert first["full"] and first["i"] == [0, 1, 2]
    same = json.loads(frame_payload(cursor.patch(t(21))))
    assert (same["full"], same["i"], same["c"]) == (False, [], [])
    amber = json.loads(frame_payload(cursor.patch(t(26))))
    assert amber["i"] == [0] and amber["c"] == [code_of(Stage.FILING, Countdown.WARNING)]
    assert amber["s"]["k"] == [0] and amber["s"]["d"] == [1]
