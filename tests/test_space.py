import numpy as np
import pytest
import shapely
from shapely.geometry import box

from commandcenter.models.codes import Level
from commandcenter.models.space import (Area, GridCell, GridIndex, LocalProjection,
                                        from_geojson, to_geojson)

# A 4 × 3 block of square cells on binary-exact coordinates, so points built on their
# edges and corners lie exactly on them.
STEP = 0.0078125  # 2**-7 degrees, about 670 m east-west at 39.9°
WEST, NORTH = 116.375, 39.96875
COLS, ROWS = 4, 3


def _cell(row: int, col: int) -> GridCell:
    west, north = WEST + col * STEP, NORTH - row * STEP
    polygon = box(west, north - STEP, west + STEP, north)
    serial = row * COLS + col + 1
    return GridCell(code=f"110101001001{serial:03d}", community_code="110101001001",
                    street_code="110101001", polygon=polygon, lon=polygon.centroid.x,
                    lat=polygon.centroid.y, area_m2=0.0, row=row, col=col)


@pytest.fixture(scope="module")
def cells():
    return [_cell(r, c) for r in range(ROWS) for c in range(COLS)]


@pytest.fixture(scope="module")
def index(cells):
    # Shuffled input: the tie-break must not depend on the order cells arrive in.
    return GridIndex(reversed(cells))


def test_projection_scales_match_the_ellipsoid():
    # Published WGS84 lengths of a degree at 40° N: 85,394 m of longitude, 111,035 m of latitude.
    kx, ky = LocalProjection(116.4, 40.0).metres_per_degree
    assert kx == pytest.approx(85_394, abs=1)
    assert ky == pytest.approx(111_035, abs=1)


def test_projection_is_centred_on_its_origin():
    proj = LocalProjection(116.41, 39.91)
    assert proj.to_metres(116.41, 39.91) == (0.0, 0.0)
    x, y = proj.to_metres(116.42, 39.92)
    assert x > 0 and y > 0


def test_projection_round_trips_arrays():
    proj = LocalProjection(116.41, 39.91)
    lons, lats = np.array([116.38, 116.41, 116.44]), np.array([39.86, 39.91, 39.96])
    back = proj.to_lonlat(*proj.to_metres(lons, lats))
    np.testing.assert_allclose(back, (lons, lats), rtol=0, atol=1e-12)


def test_a_square_kilometre_measures_a_square_kilometre():
    proj = LocalProjection(116.41, 39.91)
    square = proj.geometry_to_lonlat(box(-500, -500, 500, 500))
    kx, ky = proj.metres_per_degree
    assert square.bounds == pytest.approx((116.41 - 500 / kx, 39.91 - 500 / ky,
                                           116.41 + 500 / kx, 39.91 + 500 / ky))
    assert proj.area_m2(square) == pytest.approx(1e6, rel=1e-9)


def test_area_keeps_the_real_name_and_offers_a_short_one():
    area = Area("110101001001", "多福巷社区居委会", Level.COMMUNITY, "110101001")
    assert area.name == "多福巷社区居委会"
    assert area.short_name == "多福巷社区"
    assert Area("110101001", "东华门街道", Level.STREET, "110101").short_name == "东华门街道"
    assert area.shape is None


def test_area_geometry_is_geojson_text_that_round_trips():
    polygon = box(116.40, 39.90, 116.41, 39.91)
    area = Area("110101001", "东华门街道", Level.STREET, "110101", geometry=to_geojson(polygon),
                synthetic=True)
    assert '"type":"Polygon"' in area.geometry
    assert area.shape.equals_exact(polygon, 0)
    assert from_geojson(_cell(0, 0).geometry).equals_exact(_cell(0, 0).polygon, 0)


def test_grid_cell_parts_of_its_code(cells):
    cell = cells[5]
    assert (cell.district_code, cell.serial) == ("110101", 6)
    assert cell.synthetic


def test_point_in_a_cell_maps_to_that_cell(index, cells):
    for cell in cells:
        assert index.locate(cell.lon, cell.lat) == cell.code
        assert index.covers(cell.lon, cell.lat)


@pytest.mark.parametrize("lon, lat", [(116.0, 39.9), (WEST - 1e-9, NORTH - STEP / 2),
                                      (WEST + STEP / 2, NORTH + 1e-9)])
def test_point_outside_maps_to_none(index, lon, lat):
    assert index.locate(lon, lat) is None
    assert not index.covers(lon, lat)
    assert index.locate_many([lon], [lat])[0] is None


def test_point_on_a_shared_edge_maps_to_exactly_one_cell(index, cells):
    # The edge between row 1, col 1 (serial 006) and row 1, col 2 (serial 007).
    lon, lat = WEST + 2 * STEP, NORTH - 1.5 * STEP
    owners = [c.code for c in cells if c.polygon.intersects(shapely.Point(lon, lat))]
    assert owners == ["110101001001006", "110101001001007"]
    assert index.locate(lon, lat) == "110101001001006"
    assert list(index.locate_many([lon, lon], [lat, lat])) == ["110101001001006"] * 2


def test_point_on_a_corner_of_four_cells_maps_to_one(index):
    lon, lat = WEST + STEP, NORTH - STEP  # corner of serials 001, 002, 005, 006
    assert index.locate(lon, lat) == "110101001001001"
    assert index.locate_many([lon], [lat])[0] == "110101001001001"


def test_interior_wins_over_a_cell_that_only_touches_the_point():
    # Overlapping cells (as float noise can leave): a point on the edge of one cell and
    # inside another goes to the one whose interior holds it, even if its code is larger.
    inner = _cell(0, 1)  # serial 002
    overlapping = GridCell("110101001001001", "110101001001", "110101001",
                           box(WEST + 1.5 * STEP, NORTH - STEP / 2, WEST + 2.5 * STEP,
                               NORTH + STEP / 2), 0.0, 0.0, 0.0, 0, 0)
    index = GridIndex([inner, overlapping])
    lon, lat = WEST + 1.5 * STEP, NORTH - STEP / 4
    assert index.locate(lon, lat) == inner.code
    assert index.locate_many([lon], [lat])[0] == inner.code
    lon, lat = WEST + 1.5 * STEP, NORTH  # on both boundaries: the smallest code
    assert index.locate(lon, lat) == overlapping.code
    assert index.locate_many([lon], [lat])[0] == overlapping.code


def test_vectorised_lookup_agrees_with_scalar(index):
    rng = np.random.default_rng(7)
    n = 2000
    lons = rng.uniform(WEST - STEP, WEST + (COLS + 1) * STEP, n)
    lats = rng.uniform(NORTH - (ROWS + 1) * STEP, NORTH + STEP, n)
    # Put a third of the points exactly on lattice lines so edges and corners are exercised.
    on_line = rng.random(n) < 1 / 3
    lons[on_line] = WEST + rng.integers(-1, COLS + 2, on_line.sum()) * STEP
    lats[on_line[::-1]] = NORTH - rng.integers(-1, ROWS + 2, on_line.sum()) * STEP
    many = index.locate_many(lons, lats)
    assert list(many) == [index.locate(lon, lat) for lon, lat in zip(lons, lats)]
    assert any(code is None for code in many) and sum(c is not None for c in many) > n / 3


def test_index_lookups_by_code(index, cells):
    assert len(index) == len(cells)
    assert index.cell(cells[3].code) == cells[3]
    assert [c.code for c in index.cells] == sorted(c.code for c in cells)
