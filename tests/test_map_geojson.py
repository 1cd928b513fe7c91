"""The map's payloads, built without Qt or a browser."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from commandcenter.map import geojson as gj
from commandcenter.map.geojson import Marker, StaffPosition
from commandcenter.models.codes import Level
from commandcenter.models.space import Area, GridCell
from commandcenter.store.queries import GridLoad


def metres(lon1, lat1, lon2, lat2) -> float:
    """Great-circle distance (spherical Earth), good to well under a millimetre here."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


def cell(code: str, polygon, lon=None, lat=None) -> GridCell:
    c = polygon.centroid
    return GridCell(code=code, community_code=code[:12], street_code=code[:9], polygon=polygon,
                    lon=c.x if lon is None else lon, lat=c.y if lat is None else lat,
                    area_m2=10_000.0, row=0, col=0)


MARKERS = [Marker(1, "2025112300001", 116.401234, 39.912345, "normal", False, "dispatch"),
           Marker(2, "2025112300002", 116.402, 39.913, "warning", True, "handling"),
           Marker(3, "2025112300003", 116.403, 39.914, "overdue", False, "check"),
           Marker(4, "2025112300004", 116.404, 39.915, "overdue", True, "held")]


# --- markers ---------------------------------------------------------------------------------

def test_marker_rejects_unknown_countdown_and_stage():
    with pytest.raises(ValueError):
        Marker(1, "x", 116.4, 39.9, countdown="late")
    with pytest.raises(ValueError):
        Marker(1, "x", 116.4, 39.9, stage="nowhere")


def test_markers_payload_is_columnar_and_decodes_back():
    text = gj.markers_payload(MARKERS)
    data = json.loads(text)
    assert data["part"] == 0 and data["parts"] == 1
    assert data["id"] == [1, 2, 3, 4]
    assert data["lon0"] + data["lon"][0] == 116401234 and data["lat0"] + data["lat"][0] == 39912345
    assert min(data["lon"]) == 0 and min(data["lat"]) == 0
    assert data["no"] == "2025112300001,2025112300002,2025112300003,2025112300004"
    assert data["f"] == [0, 1 | gj.URGENT_FLAG, 2, 2 | gj.URGENT_FLAG]
    assert [data["stages"][i][0] for i in data["st"]] == ["dispatch", "handling", "check", "held"]
    assert data["stages"][data["st"][1]][1] == "处置中"
    assert gj.decode_markers(text) == MARKERS


def test_case_numbers_with_commas_travel_as_a_list():
    odd = [Marker(1, "A,1", 116.4, 39.9), Marker(2, "B2", 116.41, 39.91)]
    data = json.loads(gj.markers_payload(odd))
    assert data["no"] == ["A,1", "B2"]
    assert gj.decode_markers(data) == odd


def test_markers_payload_parts_split_in_order():
    markers = [Marker(i, f"n{i}", 116.4 + i * 1e-5, 39.9, "normal") for i in range(1, 12)]
    parts = [json.loads(p) for p in gj.markers_payload_parts(markers, size=5)]
    assert [(p["part"], p["parts"]) for p in parts] == [(0, 3), (1, 3), (2, 3)]
    assert [i for p in parts for i in p["id"]] == list(range(1, 12))
    assert [len(p["id"]) for p in parts] == [5, 5, 1]
    empty = [json.loads(p) for p in gj.markers_payload_parts([], size=5)]
    assert len(empty) == 1 and empty[0]["id"] == [] and empty[0]["parts"] == 1


def test_patch_payload_upserts_and_removes_and_removal_wins():
    data = json.loads(gj.markers_patch_payload([MARKERS[0], MARKERS[1]], removed_ids=[2, 9, 9]))
    assert data["remove"] == [2, 9]
    assert data["upsert"]["id"] == [1]  # 2 was both upserted and removed
    assert gj.decode_markers({**data["upsert"], "stages": data["stages"]}) == [MARKERS[0]]


def test_marker_from_queue_row():
    row = SimpleNamespace(id=7, number="2025112300007", lon=116.41, lat=39.92, urgency="urgent",
                          stage="dispatch")
    assert gj.marker_from_row(row, "warning") == Marker(7, "2025112300007", 116.41, 39.92,
                                                        "warning", True, "dispatch")


# --- geometry --------------------------------------------------------------------------------

def test_grids_payload_keeps_polygons_within_a_micro_degree():
    holed = Polygon([(116.40, 39.90), (116.41, 39.90), (116.41, 39.91), (116.40, 39.91)],
                    [[(116.403, 39.903), (116.404, 39.903), (116.404, 39.904), (116.403, 39.904)]])
    multi = MultiPolygon([box(116.42, 39.90, 116.4210001, 39.9010001),
                          box(116.43, 39.90, 116.431, 39.901)])
    cells = [cell("110101001001001", holed), cell("110101001001002", multi),
             SimpleNamespace(code="110101001001003", community_code="110101001001",
                             street_code="110101001", lon=None, lat=None,
                             geometry=shapely.to_geojson(box(116.44, 39.9, 116.441, 39.901)))]
    data = json.loads(gj.grids_payload(cells))
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in data["features"]] == [c.code for c in cells]
    assert [f["geometry"]["type"] for f in data["features"]] == ["Polygon", "MultiPolygon",
                                                                 "Polygon"]
    assert len(data["features"][0]["geometry"]["coordinates"]) == 2  # exterior + hole
    for feature, original in zip(data["features"],
                                 [holed, multi, box(116.44, 39.9, 116.441, 39.901)]):
        shape = shapely.from_geojson(json.dumps(feature["geometry"]))
        assert shape.hausdorff_distance(original) < 1e-6
        label = shapely.Point(feature["properties"]["label"])
        assert original.buffer(1e-6).contains(label)
    assert data["features"][0]["properties"]["community"] == "110101001001"
    assert data["features"][0]["properties"]["synthetic"] is True


def test_grid_parts_together_are_the_whole():
    cells = [cell(f"110101001001{i:03d}", box(116.4 + i * 0.001, 39.9, 116.401 + i * 0.001, 39.901))
             for i in range(1, 8)]
    whole = json.loads(gj.grids_payload(cells))["features"]
    parts = [json.loads(p) for p in gj.grids_payload_parts(cells, size=3)]
    assert [(p["part"], p["parts"]) for p in parts] == [(0, 3), (1, 3), (2, 3)]
    assert [f for p in parts for f in p["features"]] == whole


def test_outlines_payload_names_levels_and_skips_areas_without_geometry():
    district = Area("110101", "东城区", Level.DISTRICT, None,
                    shapely.to_geojson(box(116.38, 39.85, 116.45, 39.97)), synthetic=False)
    street = Area("110101001", "东华门街道", Level.STREET, "110101",
                  shapely.to_geojson(box(116.38, 39.90, 116.41, 39.93)), synthetic=True)
    community = Area("110101001001", "多福巷社区居委会", Level.COMMUNITY, "110101001",
                     shapely.to_geojson(box(116.39, 39.91, 116.40, 39.92)), synthetic=True)
    bare = Area("110101001002", "银闸社区居委会", Level.COMMUNITY, "110101001")
    data = json.loads(gj.outlines_payload(district, [street], [community, bare]))
    props = [f["properties"] for f in data["features"]]
    assert [(p["level"], p["name"]) for p in props] == [
        ("district", "东城区"), ("street", "东华门街道"), ("community", "多福巷社区")]
    assert [p["synthetic"] for p in props] == [False, True, True]
    for feature in data["features"]:
        shape = shapely.from_geojson(json.dumps(feature["geometry"]))
        assert shape.contains(shapely.Point(feature["properties"]["label"]))


def test_geometry_must_be_polygonal():
    with pytest.raises(TypeError):
        gj.geometry_json(shapely.Point(116.4, 39.9))


# --- grid load -------------------------------------------------------------------------------

def test_load_breaks_start_at_one_and_rise():
    assert gj.load_breaks([]) == [1]
    assert gj.load_breaks([0, 0]) == [1]
    assert gj.load_breaks([1, 1, 1]) == [1]
    counts = list(range(1, 101))
    breaks = gj.load_breaks(counts, classes=5)
    assert breaks[0] == 1 and breaks == sorted(set(breaks)) and len(breaks) == 5
    assert breaks == [1, 21, 41, 61, 81]


def test_grid_load_payload_leaves_out_idle_grids_and_sets_the_late_threshold():
    loads = [GridLoad("g1", 3, 0), GridLoad("g2", 10, 4), GridLoad("g3", 0, 0),
             GridLoad("g4", 1, 1)] + [GridLoad(f"h{i}", 12, i) for i in range(1, 9)]
    data = json.loads(gj.grid_load_payload(loads))
    assert "g3" not in data["code"]
    i = data["code"].index("g2")
    assert (data["open"][i], data["overdue"][i]) == (10, 4)
    assert data["breaks"][0] == 1
    # overdue counts of the grids that have any: 4, 1, 1…8 → the top fifth from 7
    assert data["late_from"] == 7
    assert json.loads(gj.grid_load_payload([]))["late_from"] == 1
    # when nearly every grid has one overdue case, every such grid is outlined
    assert json.loads(gj.grid_load_payload([GridLoad(f"k{i}", 3, 1) for i in range(9)]
                                           + [GridLoad("z", 9, 5)]))["late_from"] == 1


# --- GCJ-02 ----------------------------------------------------------------------------------

def test_gcj02_shift_in_beijing_is_hundreds_of_metres():
    lon, lat = gj.wgs84_to_gcj02(116.397, 39.908)
    assert isinstance(lon, float) and isinstance(lat, float)
    assert 100 < metres(116.397, 39.908, lon, lat) < 1000
    assert lon > 116.397 and lat > 39.908  # Beijing moves north-east


def test_gcj02_leaves_points_outside_china_alone():
    assert gj.wgs84_to_gcj02(2.35, 48.86) == (2.35, 48.86)
    assert gj.gcj02_to_wgs84(-74.0, 40.7) == (-74.0, 40.7)


def test_gcj02_round_trip_within_a_metre():
    rng = np.random.default_rng(3)
    lons = np.concatenate([rng.uniform(116.37, 116.45, 500), rng.uniform(75, 134, 500)])
    lats = np.concatenate([rng.uniform(39.85, 39.97, 500), rng.uniform(18, 53, 500)])
    glon, glat = gj.wgs84_to_gcj02(lons, lats)
    back_lon, back_lat = gj.gcj02_to_wgs84(glon, glat)
    worst = max(metres(a, b, c, d) for a, b, c, d in zip(lons, lats, back_lon, back_lat))
    assert worst < 1.0
    assert worst < 0.01  # the iteration actually gets to centimetres
    # scalar and array forms agree
    assert gj.wgs84_to_gcj02(float(lons[0]), float(lats[0])) == (glon[0], glat[0])


def test_payloads_shift_to_the_basemap_datum():
    shifted = json.loads(gj.markers_payload(MARKERS[:1], datum="gcj02"))
    lon, lat = gj.wgs84_to_gcj02(MARKERS[0].lon, MARKERS[0].lat)
    assert shifted["lon0"] + shifted["lon"][0] == round(lon * 1e6)
    assert shifted["lat0"] + shifted["lat"][0] == round(lat * 1e6)
    square = box(116.40, 39.90, 116.401, 39.901)
    ring = json.loads(gj.grids_payload([cell("110101001001001", square)], datum="gcj02"))[
        "features"][0]["geometry"]["coordinates"][0]
    expected = gj.wgs84_to_gcj02(*np.asarray(square.exterior.coords).T)
    assert np.allclose(ring, np.column_stack(expected), atol=1e-6)
    with pytest.raises(ValueError):
        gj.markers_payload(MARKERS, datum="bd09")


# --- staff, focus ----------------------------------------------------------------------------

def test_staff_payload():
    data = json.loads(gj.staff_payload([
        StaffPosition(5, "网格员05", 116.41, 39.91, ((116.409, 39.909), (116.4095, 39.9095))),
        StaffPosition(6, "网格员06", 116.42, 39.92, on_duty=False)]))
    assert data["staff"] == [{"id": 5, "name": "网格员05", "lon": 116.41, "lat": 39.91,
                              "on_duty": True,
                              "trail": [[116.409, 39.909], [116.4095, 39.9095]]},
                             {"id": 6, "name": "网格员06", "lon": 116.42, "lat": 39.92,
                              "on_duty": False, "trail": []}]


def test_focus_payload():
    assert json.loads(gj.focus_payload("grid", key="110101001001001")) == {
        "kind": "grid", "key": "110101001001001", "label": None, "zoom": None}
    point = json.loads(gj.focus_payload("point", lon=116.4, lat=39.9, label="上水井盖", zoom=18))
    assert (point["lon"], point["lat"], point["label"], point["zoom"]) == (
        116.4, 39.9, "上水井盖", 18)
    with pytest.raises(ValueError):
        gj.focus_payload("point")
    with pytest.raises(ValueError):
        gj.focus_payload("street", key="x")


def test_payload_module_imports_no_qt():
    code = ("import sys, commandcenter.map.geojson, commandcenter.map; "
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
