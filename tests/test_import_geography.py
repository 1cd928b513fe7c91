"""Geography import from GeoJSON, Shapefile (.shp and .zip) and GeoPackage: every check
before anything is written, datum conversion, and a grid re-import that keeps the cases."""
from __future__ import annotations

import json
import zipfile

import numpy as np
import pyogrio.raw
import pytest
import shapely
from sqlalchemy import func, select

from commandcenter.cli import main
from commandcenter.exchange.geography import import_geography
from commandcenter.exchange.geoio import read_vector
from commandcenter.exchange.problems import BadFile, ImportRejected
from commandcenter.models.case import CaseDraft
from commandcenter.models.datum import wgs84_to_gcj02
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.store.calendar import load_policy
from commandcenter.store.schema import Area, Case, ChangeLog, Component, Grid, StaffGrid, User
from commandcenter.store.service import CaseService

from .exchange_world import COMMUNITIES, DATA, SOUTH, STEP, WEST
from .exchange_world import block_db  # noqa: F401 (the db fixture)


def wide_grids():
    """The block re-cut into 8 grids, each two old cells wide: 4 rows × 2 per community."""
    out = []
    for i, community in enumerate(COMMUNITIES):
        for row in range(4):
            lon, lat = WEST + i * 2 * STEP, SOUTH + (3 - row) * STEP
            out.append((f"{community}{201 + row:03d}", shapely.box(lon, lat, lon + 2 * STEP, lat + STEP)))
    return out


def geojson(path, features, code="code"):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {code: c, "name": f"网格{c[-3:]}"},
         "geometry": json.loads(shapely.to_geojson(shape))} for c, shape in features]}))
    return path


def write_vector(path, features, driver, crs="EPSG:4490", **options):
    shapes = [s for _c, s in features]
    pyogrio.raw.write(path, shapely.to_wkb(shapes), [np.array([c for c, _s in features], dtype=object)],
                      ["code"], driver=driver, geometry_type="Polygon", crs=crs, **options)
    return path


def report_case(db, lon, lat):
    service = CaseService(db, load_policy(db))
    with service.batch() as wf:
        from commandcenter.store.spatial import locate_grid
        grid = locate_grid(wf.session, lon, lat)
        return wf.report(wf.actor("sup1"), CaseDraft(Source.SUPERVISOR, CaseKind.EVENT,
                                                     "event:0101", Urgency.NORMAL, lon, lat, grid,
                                                     "暴露垃圾"))


def grid_codes(db):
    with db.session() as s:
        return sorted(s.scalars(select(Grid.code)))


def test_grid_reimport_replaces_the_level_and_regrids_the_cases(db, tmp_path):
    # A point in the block's north-east cell: old grid 110101001002102, new 110101001002201.
    case = report_case(db, 116.4075, 39.9195)
    assert case.grid_code == "110101001002102"
    with db.session() as s:
        s.add(Component(code="1101010101000001", class_key="component:0101", name="上水井盖",
                        owner_department="D10", maintainer_department="D10",
                        grid_code="110101001002102", state="完好", lon=116.4075, lat=39.9195))
        sup = s.scalar(select(User.id).where(User.username == "sup1"))
        s.add_all([StaffGrid(user_id=sup, grid_code="110101001002102"),
                   StaffGrid(user_id=sup, grid_code="110101001001101")])
    wide = [(c, g) if c != "110101001001201" else ("110101001001101", g) for c, g in wide_grids()]
    report = import_geography(db, geojson(tmp_path / "g.geojson", wide), "grid", "code")
    assert report.written and not report.problems and not report.gaps
    assert report.moved_components == 1 and report.patrols_dropped == 1
    with db.session() as s:
        assert s.scalar(select(Component.grid_code)) == "110101001002201"
        assert list(s.scalars(select(StaffGrid.grid_code))) == ["110101001001101"]
    assert report.moved == [(case.number, "110101001002102", "110101001002201")]
    assert grid_codes(db) == sorted(c for c, _s in wide)
    with db.session() as s:
        assert s.scalar(select(Case.grid_code).where(Case.id == case.id)) == "110101001002201"
        kinds = list(s.scalars(select(ChangeLog.kind).where(ChangeLog.entity_id == str(case.id))))
        area = s.scalar(select(Grid.area_m2).where(Grid.code == "110101001002201"))
    assert kinds == ["report", "regrid"]
    assert 2 * 170 * 222 * 0.95 < area < 2 * 172 * 223 * 1.05   # ≈ 0.004° × 0.002° at 39.9° N


@pytest.mark.parametrize("driver, suffix", [("ESRI Shapefile", ".shp"), ("GPKG", ".gpkg")])
def test_shapefile_zip_and_geopackage_read_the_same(db, tmp_path, driver, suffix):
    path = write_vector(tmp_path / f"grids{suffix}", wide_grids(), driver)
    if suffix == ".shp":
        assert (tmp_path / "grids.dbf").exists() and (tmp_path / "grids.prj").exists()
        archive = tmp_path / "grids.zip"
        with zipfile.ZipFile(archive, "w") as z:
            for part in tmp_path.glob("grids.*"):
                if part.suffix != ".zip":
                    z.write(part, part.name)
        assert import_geography(db, archive, "grid", "code", dry_run=True).features == 8
    report = import_geography(db, path, "grid", "code")
    assert report.written and grid_codes(db) == sorted(c for c, _s in wide_grids())


def test_gcj02_coordinates_are_converted_to_the_stored_datum(db, tmp_path):
    shifted = [(c, shapely.transform(s, lambda xy: np.column_stack(wgs84_to_gcj02(xy[:, 0], xy[:, 1]))))
               for c, s in wide_grids()]
    assert shapely.distance(shifted[0][1].centroid, wide_grids()[0][1].centroid) > 0.001
    import_geography(db, geojson(tmp_path / "g.geojson", shifted), "grid", "code", crs="GCJ-02")
    with db.session() as s:
        stored = shapely.from_geojson(s.scalar(select(Grid.geometry).where(
            Grid.code == wide_grids()[0][0])))
    assert shapely.hausdorff_distance(stored, wide_grids()[0][1]) < 1e-6


def bowtie(lon, lat):
    return shapely.Polygon([(lon, lat), (lon + STEP, lat + STEP), (lon + STEP, lat), (lon, lat + STEP)])


@pytest.mark.parametrize("change, where, reason", [
    (lambda f: f.__setitem__(0, ("11010100100120", f[0][1])), "feature 0 (11010100100120)",
     "has 14 characters, expected 15"),
    (lambda f: f.__setitem__(1, (f[0][0], f[1][1])), "feature 1 (110101001001201)",
     "code 110101001001201 again (first at feature 0)"),
    (lambda f: f.__setitem__(2, ("110101001009201", f[2][1])), "feature 2 (110101001009201)",
     "its community 110101001009 does not exist"),
    (lambda f: f.__setitem__(3, (f[3][0], bowtie(WEST, SOUTH))), "feature 3 (110101001001204)",
     "invalid polygon: Self-intersection"),
    (lambda f: f.__setitem__(4, (f[4][0], shapely.affinity.translate(f[4][1], 0, -0.001))),
     "feature 5 (110101001002202)", "overlaps 110101001002201 by"),
    (lambda f: f.__setitem__(0, (f[0][0], shapely.affinity.translate(f[0][1], 0, 0.001))),
     "feature 0 (110101001001201)", "lies outside its community 110101001001"),
    (lambda f: f.__setitem__(0, (f[0][0], shapely.Point(WEST + STEP, SOUTH + 3.5 * STEP).buffer(0.0001))), None, None),
])
def test_one_bad_feature_rejects_the_file_with_index_code_and_reason(db, tmp_path, change, where,
                                                                      reason):
    import shapely.affinity  # noqa: F401
    features = wide_grids()
    change(features)
    before = grid_codes(db)
    if where is None:   # a point-sized grid inside its community is fine, but leaves a gap
        report = import_geography(db, geojson(tmp_path / "g.geojson", features), "grid", "code",
                                  dry_run=True)
        assert not report.problems and report.gaps and report.gaps[0][0] == COMMUNITIES[0]
        return
    with pytest.raises(ImportRejected) as caught:
        import_geography(db, geojson(tmp_path / "g.geojson", features), "grid", "code")
    assert any(p.where == where and reason in p.reason for p in caught.value.problems), \
        caught.value.problems
    assert grid_codes(db) == before


def test_a_case_left_in_no_grid_rejects_the_file(db, tmp_path):
    case = report_case(db, 116.4075, 39.9195)
    features = [f for f in wide_grids() if f[0] != "110101001002201"]
    with pytest.raises(ImportRejected, match=f"case {case.number}: at 116.407500,39.919500 "
                                             "lies in no grid of the file"):
        import_geography(db, geojson(tmp_path / "g.geojson", features), "grid", "code")


def test_grids_too_large_for_the_point_lookup_are_refused(db, tmp_path):
    big = [("110101001001201", shapely.box(WEST, SOUTH, WEST + 4 * STEP, SOUTH + 4 * STEP))]
    with pytest.raises(ImportRejected, match="reaches .* m from its centre"):
        import_geography(db, geojson(tmp_path / "g.geojson", big), "grid", "code")


def test_streets_reimport_keeps_communities_their_parent(db, tmp_path):
    street = shapely.box(WEST, SOUTH, WEST + 4 * STEP, SOUTH + 4 * STEP)
    path = geojson(tmp_path / "s.geojson", [("110101001", street)])
    report = import_geography(db, path, "street", "code", name_field="name")
    assert report.written and not report.problems
    with db.session() as s:
        assert s.scalar(select(Area.name).where(Area.code == "110101001")) == "网格001"
        assert s.scalar(select(Area.synthetic).where(Area.code == "110101001")) is False
    other = geojson(tmp_path / "s2.geojson", [("110101002", street)])
    with pytest.raises(ImportRejected, match="street 110101001: missing from the file, but 2 "
                                             "stored units below it belong to it"):
        import_geography(db, other, "street", "code")


def test_unreadable_inputs(db, tmp_path):
    with pytest.raises(BadFile, match="unsupported file type"):
        import_geography(db, tmp_path / "g.kml", "grid", "code")
    path = geojson(tmp_path / "g.geojson", wide_grids())
    with pytest.raises(BadFile, match="no field 'gridcode'"):
        import_geography(db, path, "grid", "gridcode")
    (tmp_path / "broken.geojson").write_text("{not json")
    with pytest.raises(BadFile, match="cannot be read"):
        import_geography(db, tmp_path / "broken.geojson", "grid", "code")


def test_command_line_dry_run_prints_the_report_and_writes_nothing(db, tmp_path, capsys):
    features = wide_grids()[:-1]   # one grid fewer: a gap
    path = geojson(tmp_path / "g.geojson", features)
    status = main(["--db", db.url, "import", "geography", str(path), "--level", "grid",
                   "--code-field", "code", "--dry-run"])
    out = capsys.readouterr().out
    assert status == 0 and "7 grid features (dry run: nothing written)" in out
    assert "gap of " in out and f"inside {COMMUNITIES[1]}" in out
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Grid)) == 16


def projected(features, crs):
    """The features' vertices in a projected CRS, as a surveyor's file would hold them."""
    from pyproj import Transformer
    to_file = Transformer.from_crs("EPSG:4490", crs, always_xy=True)
    return [(c, shapely.transform(s, lambda xy: np.column_stack(to_file.transform(xy[:, 0], xy[:, 1]))))
            for c, s in features]


def stored_grids(db):
    with db.session() as s:
        return {code: shapely.from_geojson(geometry)
                for code, geometry in s.execute(select(Grid.code, Grid.geometry))}


@pytest.mark.parametrize("crs", ["EPSG:4527", "EPSG:32650"])   # CGCS2000 GK zone 39, UTM 50N
def test_projected_files_are_reprojected_to_cgcs2000(db, tmp_path, crs):
    features = projected(wide_grids(), crs)
    assert shapely.bounds(features[0][1])[0] > 100_000   # metres, not degrees
    path = write_vector(tmp_path / "grids.gpkg", features, "GPKG", crs)
    report = import_geography(db, path, "grid", "code")
    assert report.written and not report.problems and not report.gaps
    assert f"coordinates converted from {crs}" in report.lines()[1]
    stored = stored_grids(db)
    for code, shape in wide_grids():
        assert shapely.hausdorff_distance(stored[code], shape) < 1e-7   # about a centimetre


def test_crs_option_overrides_a_file_that_declares_none(db, tmp_path, capsys):
    features = projected(wide_grids(), "EPSG:4547")    # CGCS2000 GK, central meridian 114° E
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        path = write_vector(tmp_path / "grids.shp", features, "ESRI Shapefile", None)
    assert not (tmp_path / "grids.prj").exists()
    with pytest.raises(ImportRejected, match="coordinates are not longitude/latitude"):
        import_geography(db, path, "grid", "code")
    status = main(["--db", db.url, "import", "geography", str(path), "--level", "grid",
                   "--code-field", "code", "--crs", "EPSG:4547"])
    assert status == 0 and "converted from EPSG:4547" in capsys.readouterr().out
    assert shapely.hausdorff_distance(stored_grids(db)[wide_grids()[0][0]], wide_grids()[0][1]) < 1e-7
    with pytest.raises(BadFile, match="unknown coordinate reference system 'EPSG:99999'"):
        import_geography(db, path, "grid", "code", crs="EPSG:99999")


def test_a_geopackage_layer_is_chosen_by_name(db, tmp_path, capsys):
    path = tmp_path / "district.gpkg"
    street = [("110101001", shapely.box(WEST, SOUTH, WEST + 4 * STEP, SOUTH + 4 * STEP))]
    write_vector(path, street, "GPKG", layer="streets")
    write_vector(path, wide_grids(), "GPKG", layer="grids", append=True)
    assert main(["import", "geography", str(path), "--level", "grid", "--code-field", "code",
                 "--list-layers"]) == 0
    assert capsys.readouterr().out.split() == ["streets", "grids"]
    with pytest.raises(ImportRejected):    # the first layer holds the street, not grids
        import_geography(db, path, "grid", "code")
    report = import_geography(db, path, "grid", "code", layer="grids")
    assert report.written and grid_codes(db) == sorted(c for c, _s in wide_grids())
    with pytest.raises(BadFile, match="no layer 'grid'; it has streets, grids"):
        import_geography(db, path, "grid", "code", layer="grid")


def test_the_real_street_map_survives_a_round_trip_through_gauss_kruger(tmp_path):
    original = read_vector(DATA / "dongcheng_streets.geojson")
    codes = [str(c) for c in original.fields["code"]]
    projected_path = write_vector(tmp_path / "streets.gpkg", projected(
        list(zip(codes, original.geometries)), "EPSG:4547"), "GPKG", "EPSG:4547")
    back = read_vector(projected_path)
    assert back.converted_from.startswith("EPSG:4547") and len(back) == len(original) > 10
    assert [str(c) for c in back.fields["code"]] == codes
    distances = shapely.hausdorff_distance(back.geometries, original.geometries)
    assert distances.max() < 1e-7   # about a centimetre, over streets kilometres wide
