import csv
import io
from collections import defaultdict
from importlib import resources

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, box

from commandcenter.models.codes import validate_grid_code
from commandcenter.models.district import (GRID_SIZE_M, _single_parts, build_district,
                                           load_divisions, load_outline)
from commandcenter.models.space import LocalProjection


@pytest.fixture(scope="module")
def district():
    return build_district()


@pytest.fixture(scope="module")
def projection(district):
    return district.projection


@pytest.fixture(scope="module")
def grids_m(district, projection):
    """Grid polygons in local metres, in the order of ``district.grids``."""
    return projection.geometry_to_metres(np.array([g.polygon for g in district.grids]))


def _csv_rows():
    try:
        root = resources.files("commandcenter.resources")
    except ModuleNotFoundError:
        from pathlib import Path
        root = Path(__file__).resolve().parents[1] / "resources"
    text = root.joinpath("district", "dongcheng_divisions.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# --- real divisions -----------------------------------------------------------------------

def test_divisions_hold_the_real_streets_and_communities():
    divisions = load_divisions()
    rows = _csv_rows()
    assert divisions.district.code == "110101" and divisions.district.name == "东城区"
    assert divisions.district.parent_code is None
    assert [s.code for s in divisions.streets] == sorted(
        r["code"] for r in rows if r["level"] == "street")
    assert len(divisions.streets) == 17 and len(divisions.communities) == 169
    assert (divisions.streets[0].code, divisions.streets[0].name) == ("110101001", "东华门街道")
    assert (divisions.streets[-1].code, divisions.streets[-1].name) == ("110101017", "永定门外街道")
    first = divisions.communities[0]
    assert (first.code, first.name, first.short_name) == ("110101001001", "多福巷社区居委会",
                                                          "多福巷社区")
    assert all(c.code.startswith(c.parent_code) and c.parent_code in
               {s.code for s in divisions.streets} for c in divisions.communities)
    assert all(a.geometry is None for a in divisions.communities)


def test_outline_is_the_real_district():
    outline = load_outline()
    assert outline.is_valid
    minx, miny, maxx, maxy = outline.bounds
    assert 116.37 < minx < maxx < 116.45 and 39.85 < miny < maxy < 39.97
    # The source quotes 41.4 km²; measured on the ellipsoid it is 41.65 km².
    assert LocalProjection.around(outline).area_m2(outline) == pytest.approx(41.65e6, rel=0.01)


# --- the derived district -----------------------------------------------------------------

def test_district_has_the_real_codes_and_names(district):
    divisions = load_divisions()
    assert district.district.code == "110101" and not district.district.synthetic
    assert [(s.code, s.name) for s in district.streets] == [
        (s.code, s.name) for s in divisions.streets]
    assert [(c.code, c.name, c.parent_code) for c in district.communities] == [
        (c.code, c.name, c.parent_code) for c in divisions.communities]


def test_derived_polygons_are_flagged_synthetic(district):
    assert all(a.synthetic and a.geometry for a in district.streets + district.communities)
    assert all(g.synthetic for g in district.grids)
    assert all(a.shape.geom_type == "Polygon" and a.shape.is_valid
               for a in district.streets + district.communities)


def test_grid_count_is_a_few_thousand(district):
    assert 3500 <= len(district.grids) <= 4800


def test_grid_codes_are_valid_unique_and_numbered_from_001(district):
    codes = [g.code for g in district.grids]
    assert len(set(codes)) == len(codes)
    serials = defaultdict(list)
    for grid in district.grids:
        assert validate_grid_code(grid.code, grid.community_code) == grid.code
        assert grid.community_code.startswith(grid.street_code)
        serials[grid.community_code].append(grid.serial)
    assert set(serials) == {c.code for c in district.communities}  # every community has grids
    assert all(s == list(range(1, len(s) + 1)) for s in serials.values())


def test_serials_run_west_to_east_then_north_to_south(district):
    by_community = defaultdict(list)
    for grid in district.grids:
        by_community[grid.community_code].append(grid)
    for grids in by_community.values():
        by_serial = sorted(grids, key=lambda g: g.serial)
        assert by_serial == sorted(grids, key=lambda g: (g.row, g.col, g.lon))
    # Spot-check one community by geometry: going down the serials, rows move south and,
    # within a row, the centres of whole squares move east.
    grids = by_community["110101001001"]
    rows = [g.row for g in sorted(grids, key=lambda g: g.serial)]
    assert rows == sorted(rows) and len(set(rows)) > 2
    for row in set(rows):
        squares = [g for g in sorted(grids, key=lambda g: g.serial)
                   if g.row == row and g.area_m2 == pytest.approx(GRID_SIZE_M ** 2)]
        assert [g.lon for g in squares] == sorted(g.lon for g in squares)
    first_row = [g for g in grids if g.row == rows[0]]
    last_row = [g for g in grids if g.row == rows[-1]]
    assert min(g.lat for g in first_row) > max(g.lat for g in last_row)


def test_each_grid_overlaps_its_lattice_square(district, projection, grids_m):
    # (row, col) names a 100 m square counted from the district's north-west corner.
    minx, _, _, maxy = projection.geometry_to_metres(district.district.shape).bounds
    north, west = np.floor(maxy / GRID_SIZE_M), np.floor(minx / GRID_SIZE_M)
    rows = np.array([g.row for g in district.grids])
    cols = np.array([g.col for g in district.grids])
    x0, y1 = (west + cols) * GRID_SIZE_M, (north - rows + 1) * GRID_SIZE_M
    squares = shapely.box(x0, y1 - GRID_SIZE_M, x0 + GRID_SIZE_M, y1)
    assert shapely.area(shapely.intersection(grids_m, squares)).min() > 1.0


def test_grids_are_about_a_hectare_and_none_is_a_sliver(district, grids_m):
    areas = shapely.area(grids_m)
    np.testing.assert_allclose(areas, [g.area_m2 for g in district.grids], rtol=1e-9)
    assert areas.min() >= 2_000
    assert 9_000 <= np.median(areas) <= 11_000
    assert areas.max() <= 3 * GRID_SIZE_M ** 2
    assert all(g.polygon.geom_type == "Polygon" and g.polygon.is_valid for g in district.grids)


def test_grid_fields_are_plain_python_values(district):
    grid = district.grids[100]
    assert {type(v) for v in (grid.row, grid.col)} == {int}
    assert {type(v) for v in (grid.lon, grid.lat, grid.area_m2)} == {float}
    assert (grid.lon, grid.lat) == pytest.approx((grid.polygon.centroid.x,
                                                  grid.polygon.centroid.y), abs=1e-9)


def _overlap_m2(polygons):
    """Total area shared by any two of ``polygons``."""
    first, second = shapely.STRtree(polygons).query(polygons, predicate="intersects")
    pairs = first < second
    return shapely.area(shapely.intersection(polygons[first[pairs]],
                                             polygons[second[pairs]])).sum()


def test_grids_tile_the_outline(district, projection, grids_m):
    outline_m = projection.geometry_to_metres(load_outline())
    union = shapely.union_all(grids_m)
    assert union.area == pytest.approx(outline_m.area, rel=1e-3)
    assert shapely.area(grids_m).sum() == pytest.approx(outline_m.area, rel=1e-3)
    assert shapely.difference(outline_m, union).area < 1.0
    assert _overlap_m2(grids_m) < 1.0


def test_streets_and_communities_partition_the_outline(district, projection):
    outline_area = projection.area_m2(load_outline())
    for level in (district.streets, district.communities):
        polygons = projection.geometry_to_metres(np.array([a.shape for a in level]))
        assert shapely.area(polygons).sum() == pytest.approx(outline_area, rel=1e-3)
        assert _overlap_m2(polygons) < 1.0
    areas = [projection.area_m2(s.shape) for s in district.streets]
    assert max(areas) < 2 * min(areas)  # relaxed seeds: no absurdly small or large street


def test_every_grid_lies_in_exactly_its_community(district, projection, grids_m):
    communities = projection.geometry_to_metres(np.array([c.shape for c in district.communities]))
    codes = np.array([c.code for c in district.communities])
    grid_idx, community_idx = shapely.STRtree(communities).query(grids_m, predicate="intersects")
    shared = shapely.area(shapely.intersection(grids_m[grid_idx], communities[community_idx]))
    real = shared > 1e-3  # touching along an edge is not being inside
    owners = defaultdict(set)
    for g, c in zip(grid_idx[real], community_idx[real]):
        owners[g].add(codes[c])
    assert all(owners[i] == {grid.community_code} for i, grid in enumerate(district.grids))
    streets = {s.code: s for s in district.streets}
    for community in district.communities:
        street = projection.geometry_to_metres(streets[community.parent_code].shape)
        inside = projection.geometry_to_metres(community.shape)
        assert shapely.difference(inside, street).area < 1e-3


def test_neighbouring_street_codes_run_north_to_south(district):
    lats = [s.shape.centroid.y for s in district.streets]
    # Seeds were numbered north → south; relaxation keeps the order nearly intact.
    assert np.corrcoef(np.arange(len(lats)), lats)[0, 1] < -0.9
    assert district.streets[0].shape.centroid.y > district.streets[-1].shape.centroid.y


def test_build_is_deterministic(district):
    again = build_district()
    assert again == district
    assert [g.geometry for g in again.grids[:50]] == [g.geometry for g in district.grids[:50]]


def test_another_seed_gives_another_layout(district):
    other = build_district(seed=1)
    assert [s.code for s in other.streets] == [s.code for s in district.streets]
    assert other.streets[0].geometry != district.streets[0].geometry


# --- lookups on the real grid ---------------------------------------------------------------

def test_point_in_a_grid_maps_to_it(district):
    index = district.index
    for grid in district.grids[::97]:
        point = grid.polygon.representative_point()
        assert index.locate(point.x, point.y) == grid.code


def test_points_outside_the_district_map_to_none(district):
    index = district.index
    assert index.locate(116.30, 39.90) is None  # Xicheng, west of the outline
    assert index.locate(116.43, 39.915) is None  # inside the bounding box, in the eastern notch
    assert not index.covers(116.43, 39.915)


def test_vectorised_lookup_agrees_with_scalar_on_the_district(district):
    index = district.index
    minx, miny, maxx, maxy = district.district.shape.bounds
    rng = np.random.default_rng(2024)
    lons, lats = rng.uniform(minx, maxx, 2000), rng.uniform(miny, maxy, 2000)
    many = index.locate_many(lons, lats)
    assert list(many) == [index.locate(x, y) for x, y in zip(lons, lats)]
    inside = np.array([c is not None for c in many])
    assert 0.4 < inside.mean() < 0.9  # the outline fills part of its bounding box
    assert (inside == shapely.contains_xy(district.district.shape, lons, lats)).mean() > 0.999


def test_a_vertex_shared_by_grids_maps_to_exactly_one(district):
    index = district.index
    grid = district.grids[500]
    neighbours = [g for g in district.grids
                  if g.code != grid.code and g.polygon.touches(grid.polygon)]
    assert neighbours
    lon, lat = shapely.get_coordinates(grid.polygon.intersection(neighbours[0].polygon))[0]
    holders = [g.code for g in district.grids if g.polygon.intersects(shapely.Point(lon, lat))]
    assert len(holders) >= 2
    assert index.locate(lon, lat) == min(holders)
    assert index.locate_many([lon], [lat])[0] == min(holders)


def test_a_detached_bit_of_a_cell_joins_the_neighbour_it_borders():
    # Cell 0 was clipped into a main part and a bit cut off on the far side of cell 1.
    main, bit, neighbour = box(0, 0, 10, 10), box(30, 0, 32, 10), box(10, 0, 30, 10)
    healed = _single_parts([MultiPolygon([main, bit]), neighbour])
    assert healed[0].equals(main)
    assert healed[1].geom_type == "Polygon" and healed[1].equals(box(10, 0, 32, 10))
