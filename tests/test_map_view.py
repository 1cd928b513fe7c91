"""The map widget in a real QtWebEngine (offscreen): offline assets, the ready handshake,
incremental marker patches, clicks back into Python, navigation lock-down."""
from __future__ import annotations

import json
import os

import pytest

from commandcenter.map.webengine import prepare_webengine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_webengine()  # at collection, before pytest-qt creates the QApplication

from PySide6.QtCore import QPoint, Qt, QUrl  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineCore import (QWebEnginePage, QWebEngineProfile,  # noqa: E402
                                     QWebEngineUrlRequestInterceptor)

from commandcenter.map import MapBridge, MapView, Marker, StaffPosition  # noqa: E402
from commandcenter.map.geojson import wgs84_to_gcj02  # noqa: E402
from commandcenter.models.district import build_district  # noqa: E402
from commandcenter.store.queries import GridLoad  # noqa: E402

TIMEOUT = 20_000  # ms; the first page of a process also starts Chromium's helpers


class RecordingInterceptor(QWebEngineUrlRequestInterceptor):
    """Notes every URL the page asks for, lets all through."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info):  # noqa: N802
        self.urls.append(info.requestUrl().toString())


@pytest.fixture(scope="module")
def district():
    return build_district()


@pytest.fixture(scope="module")
def recording_profile():
    # Off the record (no storage name), so nothing lands on disk; kept for the whole module
    # because a profile must outlive its pages.
    interceptor = RecordingInterceptor()
    profile = QWebEngineProfile()
    profile.setUrlRequestInterceptor(interceptor)
    profile.interceptor = interceptor
    yield profile


@pytest.fixture
def map_view(qtbot, recording_profile):
    view = MapView(profile=recording_profile)
    errors = []
    view.bridge.sig_page_error.connect(errors.append)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    yield view
    assert errors == []  # no script error in the page


def js(qtbot, view: MapView, script: str):
    """Evaluate ``script`` in the page (a JSON.stringify expression) and return its value."""
    box = []
    view.web_view.page().runJavaScript(script, 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0]) if isinstance(box[0], str) else box[0]


def wait_painted(qtbot, view: MapView, seq: int) -> None:
    qtbot.waitUntil(lambda: view.painted_seq >= seq, timeout=TIMEOUT)


def markers_on(district, count: int, start: int = 1) -> list[Marker]:
    """One marker at the centroid of each of ``count`` grids spread over the district."""
    step = max(1, len(district.grids) // count)
    states = ("normal", "warning", "overdue")
    return [Marker(start + k, f"2025112300{start + k:03d}", g.lon, g.lat, states[k % 3],
                   urgent=k % 7 == 0, stage="handling")
            for k, g in enumerate(district.grids[::step][:count])]


def as_page_sees(marker: Marker) -> dict:
    return {"id": marker.case_id, "number": marker.number, "countdown": marker.countdown,
            "urgent": marker.urgent, "stage": marker.stage}


def page_markers(qtbot, view) -> dict[int, dict]:
    rows = js(qtbot, view, "JSON.stringify(ccMap.markers())")
    return {int(r["id"]): r for r in rows}


# --- tests -----------------------------------------------------------------------------------

def test_page_is_ready_with_every_asset_local(qtbot, map_view, recording_profile):
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        pass
    assert map_view.is_ready
    assert js(qtbot, map_view, "JSON.stringify([typeof L, L.version, typeof QWebChannel, "
                               "typeof ccMap])") == ["object", "1.9.4", "function", "object"]
    urls = list(recording_profile.interceptor.urls)
    assert any(u.endswith("/resources/map/map.html") or u.endswith("/map/map.html") for u in urls)
    assert any(u.endswith("vendor/leaflet/leaflet.js") for u in urls)
    assert any(u.endswith("/map.js") for u in urls)
    schemes = {QUrl(u).scheme() for u in urls}
    assert schemes <= {"file", "qrc", "data"}, urls
    assert map_view.page_url.isLocalFile()


def test_updates_wait_for_ready_then_patches_change_exactly_the_patched(
        qtbot, map_view, district):
    emitted_early = []
    map_view.bridge.sig_markers_replace.connect(
        lambda *_: emitted_early.append(map_view.is_ready))
    markers = markers_on(district, 300)
    # All of this before the page is up: nothing may be sent yet, everything must arrive.
    map_view.set_outlines(district.district, district.streets, district.communities)
    map_view.set_grids(district.grids)
    seq = map_view.replace_markers(markers)
    wait_painted(qtbot, map_view, seq)
    assert emitted_early and all(emitted_early)  # only ever emitted once ready

    before = page_markers(qtbot, map_view)
    assert len(before) == 300
    for m in markers:
        got = before[m.case_id]
        assert {k: got[k] for k in as_page_sees(m)} == as_page_sees(m)
        assert abs(got["lon"] - m.lon) < 2e-6 and abs(got["lat"] - m.lat) < 2e-6

    changed = [Marker(m.case_id, m.number, m.lon, m.lat, "overdue", True, "check")
               for m in markers[10:13]]
    added = markers_on(district, 2, start=1000)
    removed = [markers[0].case_id, markers[299].case_id]
    seq = map_view.patch_markers(changed + added, removed)
    wait_painted(qtbot, map_view, seq)

    after = page_markers(qtbot, map_view)
    expected_ids = (set(before) - set(removed)) | {m.case_id for m in added}
    assert set(after) == expected_ids
    touched = {m.case_id for m in changed + added}
    for case_id in expected_ids - touched:
        assert after[case_id] == before[case_id]  # untouched markers are exactly as they were
    for m in changed + added:
        assert {k: after[m.case_id][k] for k in as_page_sees(m)} == as_page_sees(m)
    assert set(map_view.markers()) == expected_ids
    state = js(qtbot, map_view, "JSON.stringify(ccMap.state())")
    assert (state["cases"], state["grids"], state["streets"]) == (len(expected_ids), 4145, 17)


def test_click_on_a_marker_reaches_python(qtbot, map_view, district):
    markers = markers_on(district, 50)
    target = markers[20]
    map_view.replace_markers(markers)
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        pass
    # Zoom to the case so it is drawn on its own, not in a cluster.
    with qtbot.waitSignal(map_view.sig_view_changed, timeout=TIMEOUT,
                          check_params_cb=lambda v: v.zoom >= 17):
        map_view.focus(case_id=target.case_id, zoom=17)
    wait_painted(qtbot, map_view, map_view.painted_seq)
    x, y = js(qtbot, map_view, f"JSON.stringify(ccMap.containerPointOf({target.case_id}))")

    with qtbot.waitSignal(map_view.sig_case_clicked, timeout=5000) as clicked:
        result = js(qtbot, map_view, f"JSON.stringify(ccMap.clickAt({x}, {y}))")
    assert clicked.args == [target.case_id]
    assert result == {"case": target.case_id}

    # A real mouse click on the rendered page does the same.
    with qtbot.waitSignal(map_view.sig_case_clicked, timeout=5000) as clicked:
        QTest.mouseClick(map_view.web_view.focusProxy(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, QPoint(round(x), round(y)))
    assert clicked.args == [target.case_id]


def test_dragging_a_marker_reports_the_case_and_leaves_the_map_still(qtbot, map_view, district):
    markers = markers_on(district, 50)
    target = markers[5]
    map_view.replace_markers(markers)
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(map_view.sig_view_changed, timeout=TIMEOUT):
        map_view.focus(case_id=target.case_id, zoom=17)
    wait_painted(qtbot, map_view, map_view.painted_seq)
    x, y = js(qtbot, map_view, f"JSON.stringify(ccMap.containerPointOf({target.case_id}))")
    centre = js(qtbot, map_view, "JSON.stringify(ccMap.state().zoom)")
    press = ("(() => { const c = document.getElementById('map'), r = c.getBoundingClientRect();"
             " const ev = (type, dx) => new MouseEvent(type, {bubbles: true, button: 0, buttons: 1,"
             f" clientX: r.left + {x} + dx, clientY: r.top + {y} + dx}});"
             " c.dispatchEvent(ev('mousedown', 0)); c.dispatchEvent(ev('mousemove', 4));"
             " c.dispatchEvent(ev('mousemove', 12)); window.dispatchEvent(ev('mouseup', 12));"
             " return JSON.stringify(true); })()")
    with qtbot.waitSignal(map_view.sig_case_drag_started, timeout=5000) as dragged:
        js(qtbot, map_view, press)
    assert dragged.args == [target.case_id]
    # the map did not pan under the drag
    where = f"JSON.stringify(ccMap.containerPointOf({target.case_id}))"
    assert js(qtbot, map_view, where) == [x, y]
    assert js(qtbot, map_view, "JSON.stringify(ccMap.state().zoom)") == centre


def test_reload_sends_the_whole_state_again(qtbot, map_view, district):
    markers = markers_on(district, 40)
    map_view.set_grids(district.grids)
    seq = map_view.replace_markers(markers)
    wait_painted(qtbot, map_view, seq)
    seq = map_view.patch_markers(removed_ids=[markers[0].case_id])
    wait_painted(qtbot, map_view, seq)
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        map_view.web_view.page().triggerAction(QWebEnginePage.WebAction.Reload)
    qtbot.waitUntil(lambda: js(qtbot, map_view, "JSON.stringify(ccMap.state())")["cases"] == 39,
                    timeout=TIMEOUT)
    assert set(page_markers(qtbot, map_view)) == {m.case_id for m in markers[1:]}
    assert js(qtbot, map_view, "JSON.stringify(ccMap.state().grids)") == 4145


def test_click_beside_markers_names_the_grid(qtbot, map_view, district):
    grid = district.grids[len(district.grids) // 2]
    map_view.set_grids(district.grids)
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(map_view.sig_view_changed, timeout=TIMEOUT):
        map_view.focus(point=(grid.lon, grid.lat), zoom=17)
    wait_painted(qtbot, map_view, map_view.painted_seq)
    with qtbot.waitSignal(map_view.sig_grid_clicked, timeout=5000) as clicked:
        w, h = map_view.web_view.width(), map_view.web_view.height()
        js(qtbot, map_view, f"JSON.stringify(ccMap.clickAt({w / 2}, {h / 2}))")
    assert clicked.args == [grid.code]


def test_grid_load_staff_layers_and_gcj02_basemap(qtbot, map_view, district):
    markers = markers_on(district, 20)
    map_view.set_grids(district.grids)
    map_view.replace_markers(markers)
    map_view.set_grid_load([GridLoad(g.code, 3, 1) for g in district.grids[:40]])
    map_view.set_staff([StaffPosition(1, "网格员01", 116.41, 39.91, ((116.409, 39.909),))])
    seq = map_view.set_layer_visible("labels", False)
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        pass
    wait_painted(qtbot, map_view, seq)
    state = js(qtbot, map_view, "JSON.stringify(ccMap.state())")
    assert state["loaded"] == 40 and state["staff"] == 2  # position + trail
    assert state["visible"]["labels"] is False and state["visible"]["markers"] is True

    # GCJ-02 tiles: every overlay moves onto them; nothing is fetched from the network.
    seq = map_view.set_basemap("file:///nonexistent/tiles/{z}/{x}/{y}.png", datum="gcj02")
    wait_painted(qtbot, map_view, seq)
    page = js(qtbot, map_view, f"JSON.stringify(ccMap.marker({markers[0].case_id}))")
    lon, lat = wgs84_to_gcj02(markers[0].lon, markers[0].lat)
    assert abs(page["lon"] - lon) < 2e-6 and abs(page["lat"] - lat) < 2e-6
    assert js(qtbot, map_view, "JSON.stringify(ccMap.state().basemap)") is True
    with pytest.raises(ValueError):
        map_view.set_layer_visible("satellite", True)


def test_a_district_of_staff_on_duty_are_small_dots_until_the_map_comes_closer(
        qtbot, map_view, district):
    """350 full-size dots buried the case rings and the street names at the district's zoom."""
    grids = district.grids[::max(1, len(district.grids) // 300)]
    map_view.set_staff([StaffPosition(i, f"网格员{i}", g.lon, g.lat) for i, g in enumerate(grids)])
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(map_view.sig_view_changed, timeout=TIMEOUT):
        map_view.focus(point=(grids[0].lon, grids[0].lat), zoom=13)
    wait_painted(qtbot, map_view, map_view.painted_seq)
    far = js(qtbot, map_view, "JSON.stringify(ccMap.state())")
    with qtbot.waitSignal(map_view.sig_view_changed, timeout=TIMEOUT):
        map_view.focus(point=(grids[0].lon, grids[0].lat), zoom=16)
    qtbot.waitUntil(lambda: js(qtbot, map_view, "JSON.stringify(ccMap.state().zoom)") == 16,
                    timeout=TIMEOUT)
    near = js(qtbot, map_view, "JSON.stringify(ccMap.state())")
    assert far["staff"] == near["staff"] == len(grids)
    assert far["staffRadius"] <= near["staffRadius"] / 1.5


def test_a_click_on_a_person_names_them_and_their_tooltip_says_what_it_does(
        qtbot, map_view, district):
    grid = district.grids[len(district.grids) // 2]
    # A case right under the person: the person, drawn above, takes the click.
    map_view.replace_markers([Marker(7, "20251123007", grid.lon, grid.lat, "normal")])
    map_view.set_staff([StaffPosition(31, "网格员31", grid.lon, grid.lat),
                        StaffPosition(32, "网格员32", grid.lon + 0.002, grid.lat)])
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(map_view.sig_view_changed, timeout=TIMEOUT):
        map_view.focus(point=(grid.lon, grid.lat), zoom=17)
    wait_painted(qtbot, map_view, map_view.painted_seq)
    assert js(qtbot, map_view, "JSON.stringify(ccMap.staffTip(31))") == "网格员31"
    x, y = js(qtbot, map_view, "JSON.stringify(ccMap.staffPointOf(31))")
    with qtbot.waitSignal(map_view.sig_staff_clicked, timeout=5000) as clicked:
        with qtbot.assertNotEmitted(map_view.sig_case_clicked, wait=300):
            result = js(qtbot, map_view, f"JSON.stringify(ccMap.clickAt({x}, {y}))")
    assert clicked.args == [31] and result == {"staff": 31}

    # A real mouse click on the rendered dot does the same, once.
    heard = []
    map_view.sig_staff_clicked.connect(heard.append)
    with qtbot.waitSignal(map_view.sig_staff_clicked, timeout=5000):
        QTest.mouseClick(map_view.web_view.focusProxy(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, QPoint(round(x), round(y)))
    js(qtbot, map_view, "JSON.stringify(1)")  # whatever else the click sent has arrived
    assert heard == [31]

    # With a case to give: every tooltip says a click assigns it, the ranked ringed.
    seq = map_view.set_staff_pick(True, [32])
    wait_painted(qtbot, map_view, seq)
    assert js(qtbot, map_view, "JSON.stringify(ccMap.staffTip(31))") == "网格员31 | 点击指派"
    assert js(qtbot, map_view, "JSON.stringify(ccMap.staffTip(32))") == (
        "网格员32 | 候选第 1 位 · 点击指派")
    assert js(qtbot, map_view, "JSON.stringify(ccMap.state().staff)") == 3  # 2 dots, 1 ring
    assert "指派候选" in js(qtbot, map_view, "JSON.stringify(ccMap.texts().legend)")
    seq = map_view.set_staff_pick(False)
    wait_painted(qtbot, map_view, seq)
    assert js(qtbot, map_view, "JSON.stringify(ccMap.staffTip(32))") == "网格员32"
    assert js(qtbot, map_view, "JSON.stringify(ccMap.state().staff)") == 2
    # Hidden staff take no clicks: the case under them does.
    seq = map_view.set_layer_visible("staff", False)
    wait_painted(qtbot, map_view, seq)
    with qtbot.waitSignal(map_view.sig_case_clicked, timeout=5000) as clicked:
        js(qtbot, map_view, f"JSON.stringify(ccMap.clickAt({x}, {y}))")
    assert clicked.args == [7]


def test_view_changes_come_back_in_wgs84(qtbot, map_view):
    map_view.set_basemap("file:///nonexistent/{z}/{x}/{y}.png", datum="gcj02")
    assert map_view.datum == "gcj02"
    west, south = wgs84_to_gcj02(116.38, 39.86)
    east, north = wgs84_to_gcj02(116.44, 39.96)
    with qtbot.waitSignal(map_view.sig_view_changed) as changed:
        map_view.bridge.viewChanged(json.dumps({"zoom": 13, "west": west, "south": south,
                                                "east": east, "north": north}))
    view = changed.args[0]
    assert abs(view.west - 116.38) < 1e-7 and abs(view.north - 39.96) < 1e-7
    map_view.set_basemap(None)
    assert map_view.datum == "wgs84"  # no tiles: nothing to match


def test_page_navigates_nowhere_but_itself(map_view):
    page = map_view.web_view.page()
    link = QWebEnginePage.NavigationType.NavigationTypeLinkClicked
    assert page.acceptNavigationRequest(map_view.page_url, link, True)
    assert not page.acceptNavigationRequest(QUrl("https://example.com/"), link, True)
    assert not page.acceptNavigationRequest(QUrl.fromLocalFile("/etc/passwd"), link, True)
    assert page.createWindow(QWebEnginePage.WebWindowType.WebBrowserTab) is None


def test_bridge_types_what_the_page_sends(qtbot):
    bridge = MapBridge()
    with qtbot.waitSignal(bridge.sig_case_clicked) as clicked:
        bridge.caseClicked("42")
    assert clicked.args == [42]
    with qtbot.assertNotEmitted(bridge.sig_case_clicked):
        bridge.caseClicked("not a number")
    with qtbot.waitSignal(bridge.sig_staff_clicked) as clicked:
        bridge.staffClicked("31")
    assert clicked.args == [31]
    with qtbot.assertNotEmitted(bridge.sig_staff_clicked):
        bridge.staffClicked("")
    with qtbot.waitSignal(bridge.sig_view_changed) as changed:
        bridge.viewChanged(json.dumps({"zoom": 14, "west": 116.3, "south": 39.8,
                                       "east": 116.5, "north": 40.0}))
    assert changed.args[0].zoom == 14 and changed.args[0].north == 40.0
    with qtbot.waitSignal(bridge.sig_painted) as painted:
        bridge.painted(json.dumps({"seq": 7}))
    assert painted.args == [7]


def test_prepare_webengine_adds_no_sandbox_for_root(monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    prepare_webengine()
    prepare_webengine()
    assert os.environ["QTWEBENGINE_CHROMIUM_FLAGS"].split() == ["--disable-gpu", "--no-sandbox"]


def test_a_case_shown_close_up_widens_once_to_take_in_its_candidates(qtbot, map_view,
                                                                      district):
    grid = district.grids[len(district.grids) // 2]
    far = (grid.lon + 0.02, grid.lat + 0.01)  # about 2 km away
    map_view.set_staff([StaffPosition(41, "网格员41", *far)])
    with qtbot.waitSignal(map_view.sig_ready, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(map_view.sig_view_changed, timeout=TIMEOUT):
        map_view.focus(point=(grid.lon, grid.lat), zoom=17)
    wait_painted(qtbot, map_view, map_view.painted_seq)

    def on_screen(staff_id: int) -> bool:
        x, y = js(qtbot, map_view, f"JSON.stringify(ccMap.staffPointOf({staff_id}))")
        return 0 <= x <= map_view.width() and 0 <= y <= map_view.height()

    assert not on_screen(41)
    with qtbot.waitSignal(map_view.sig_view_changed, timeout=TIMEOUT):
        map_view.set_staff_pick(True, [41])
    qtbot.waitUntil(lambda: on_screen(41), timeout=10_000)
    west, north = js(qtbot, map_view, "JSON.stringify(ccMap.lonLatAt(0, 0))")
    east, south = js(qtbot, map_view, "JSON.stringify(ccMap.lonLatAt({}, {}))".format(
        map_view.width(), map_view.height()))
    assert west < grid.lon < east and south < grid.lat < north  # the case still in view
    # The same case and ranking again (a refresh) leaves the operator's view alone.
    with qtbot.assertNotEmitted(map_view.sig_view_changed, wait=500):
        wait_painted(qtbot, map_view, map_view.set_staff_pick(True, [41]))


def test_the_legend_folds_to_its_title_on_a_small_map(qtbot, map_view):
    map_view.set_language("zh_CN")  # the page's words, as the window always sends them
    map_view.resize(560, 430)  # what a desk at 1280×720 leaves the map
    qtbot.waitUntil(lambda: map_view.is_ready, timeout=TIMEOUT)

    def legend() -> str:
        return js(qtbot, map_view, "JSON.stringify(ccMap.texts().legend)")

    qtbot.waitUntil(lambda: legend().strip() == "图例 ▸", timeout=10_000)  # small: folded
    map_view.resize(900, 600)
    qtbot.waitUntil(lambda: "案件倒计时" in legend(), timeout=10_000)
    assert "监督员" in legend() and "近1小时轨迹" in legend()
    map_view.resize(1200, 480)  # wide but low: folded again
    qtbot.waitUntil(lambda: legend().strip() == "图例 ▸", timeout=10_000)
    map_view.resize(900, 600)
    qtbot.waitUntil(lambda: "案件倒计时" in legend(), timeout=10_000)
    map_view.set_emphasis(scale=2.0)  # a wall: the legend twice as large covered the map
    qtbot.waitUntil(lambda: legend().strip() == "图例 ▸", timeout=10_000)


def test_names_keep_off_the_case_rings(qtbot, map_view, district):
    labels = lambda: js(qtbot, map_view, "JSON.stringify(ccMap.labels())")  # noqa: E731
    map_view.set_outlines(district.district, district.streets, district.communities)
    wait_painted(qtbot, map_view, map_view.set_grids(district.grids))
    qtbot.waitUntil(lambda: len(labels()) >= 3, timeout=10_000)
    # A case right on each of the first names' spots.
    spots = [js(qtbot, map_view, "JSON.stringify(ccMap.lonLatAt({}, {}))".format(
        (b[0] + b[2]) / 2, (b[1] + b[3]) / 2)) for b in (lab["box"] for lab in labels()[:3])]
    markers = [Marker(k + 1, f"2025112300{k:03d}", lon, lat, "overdue")
               for k, (lon, lat) in enumerate(spots)]
    wait_painted(qtbot, map_view, map_view.replace_markers(markers))

    def clashes() -> list:
        points = [js(qtbot, map_view, f"JSON.stringify(ccMap.containerPointOf({m.case_id}))")
                  for m in markers]
        return [(lab["text"], p) for lab in labels() for p in points
                if lab["box"][0] < p[0] + 6 and p[0] - 6 < lab["box"][2]
                and lab["box"][1] < p[1] + 6 and p[1] - 6 < lab["box"][3]]
    qtbot.waitUntil(lambda: not clashes(), timeout=10_000)
    assert labels()  # moved aside or left out, the others still there


def test_a_new_page_with_the_same_geography_reuses_its_text(qtbot, recording_profile, district,
                                                            monkeypatch):
    """Building 4,000 grids' GeoJSON holds the interpreter lock for ~150 ms, which the GUI
    thread waits for: a page that replaces another (the wall's memory bound) or a desk opened
    again shows the same geography and takes the text built the first time."""
    from collections import OrderedDict

    from commandcenter.map import delivery, geojson
    monkeypatch.setattr(delivery, "_kept", OrderedDict())
    builds = []
    original = geojson.grids_payload_parts
    monkeypatch.setattr(geojson, "grids_payload_parts",
                        lambda *a, **kw: builds.append(1) or original(*a, **kw))
    cells = tuple(district.grids[:50])
    counts = []
    for _ in range(2):
        view = MapView(profile=recording_profile)
        qtbot.addWidget(view)
        view.resize(600, 400)
        view.show()
        seq = view.set_grids(list(cells))  # a new list each time, as a new snapshot gives
        with qtbot.waitSignal(view.sig_ready, timeout=TIMEOUT):
            pass
        wait_painted(qtbot, view, seq)
        counts.append(js(qtbot, view, "JSON.stringify(ccMap.state().grids)"))
        view.close()
    assert counts == [50, 50] and len(builds) == 1
    view = MapView(profile=recording_profile)  # other grids: built anew
    qtbot.addWidget(view)
    view.set_grids(district.grids[50:60])
    qtbot.waitUntil(lambda: len(builds) == 2, timeout=TIMEOUT)
