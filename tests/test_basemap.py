"""The district's own basemap: the generator writes a valid MBTiles file, the settings
choose a basemap and keep it, and a tile package that cannot be used is refused with a
reason in words."""
from __future__ import annotations

import io
import json
import math
import sqlite3

import pytest
from PIL import Image
from PySide6.QtCore import QSettings

from commandcenter.demo import basemap as generator
from commandcenter.exchange.mbtiles import read_info, write_mbtiles
from commandcenter.models.codes import Level
from commandcenter.models.space import Area
from commandcenter.store.geography import Geography, GridShape
from commandcenter.views.common.basemap import plan_basemap
from commandcenter.views.common.settings import Settings
from commandcenter.views.common.settings_dialog import SettingsDialog
from commandcenter.views.common.tasks import TaskRunner

W, S, E, N = 116.39, 39.90, 116.41, 39.92


def box(west, south, east, north) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [[
        [west, south], [east, south], [east, north], [west, north], [west, south]]]})


def small_district(shift: float = 0.0) -> Geography:
    """A square district: two streets (west, east halves), a community in each quarter."""
    mid_lon, mid_lat = (W + E) / 2, (S + N) / 2 + shift
    district = Area("110101", "东城区", Level.DISTRICT, None, box(W, S, E, N))
    streets = (Area("110101001", "东华门街道", Level.STREET, "110101", box(W, S, mid_lon, N)),
               Area("110101002", "景山街道", Level.STREET, "110101", box(mid_lon, S, E, N)))
    communities = tuple(
        Area(f"11010100{s + 1}00{k + 1}", f"第{s * 2 + k + 1}社区居委会", Level.COMMUNITY,
             f"11010100{s + 1}", box(west, south, east, north))
        for s, (west, east) in enumerate([(W, mid_lon), (mid_lon, E)])
        for k, (south, north) in enumerate([(S, mid_lat), (mid_lat, N)]))
    grids = tuple(GridShape(f"{c.code}001", c.code, c.parent_code, c.geometry, 0, 0, True)
                  for c in communities)
    return Geography(district, streets, communities, grids)


def tiles_covering(west, south, east, north, z) -> int:
    """Independent of the generator: XYZ tiles a lon/lat box touches at zoom ``z``."""
    def x(lon):
        return int((lon + 180) / 360 * (1 << z))

    def y(lat):
        rad = math.radians(lat)
        return int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * (1 << z))

    return (x(east) - x(west) + 1) * (y(south) - y(north) + 1)


def test_generator_writes_a_valid_package(tmp_path):
    out = tmp_path / "district.mbtiles"
    result = generator.build_basemap(small_district(), out, min_zoom=13, max_zoom=15)
    info = read_info(out)
    assert (info.format, info.min_zoom, info.max_zoom) == ("png", 13, 15)
    pad = generator.PAD_DEGREES
    assert info.bounds == pytest.approx((W - pad, S - pad, E + pad, N + pad), abs=1e-6)
    with sqlite3.connect(out) as conn:
        counts = dict(conn.execute(
            "SELECT zoom_level, COUNT(*) FROM tiles GROUP BY zoom_level"))
        rows = conn.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
        images = {(z, x, (1 << z) - 1 - row): Image.open(io.BytesIO(data))
                  for z, x, row, data in rows}
    assert counts == {z: tiles_covering(*info.bounds, z) for z in (13, 14, 15)}
    assert result.tiles == sum(counts.values()) and result.per_zoom == counts
    for image in images.values():
        image.load()  # decodes
        assert image.format == "PNG" and image.size == (256, 256)
    # The tile under the district's centre is drawn; one at the bounds' corner is plain.
    centre = images[(15, *_xy(116.40, 39.91, 15))].convert("RGB")
    assert len(centre.getcolors(4096)) > 3
    corner = images[(15, *_xy(W - pad + 1e-4, N + pad - 1e-4, 15))].convert("RGB")
    assert corner.getcolors() == [(256 * 256, generator.OUTSIDE)]


def _xy(lon, lat, z):
    rad = math.radians(lat)
    return (int((lon + 180) / 360 * (1 << z)),
            int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * (1 << z)))


def test_names_are_written_when_a_font_is_found_and_skipped_without_one(tmp_path, monkeypatch):
    if generator.cjk_font() is None:
        pytest.skip("no CJK font on this machine")
    geo = small_district()
    named = generator.build_basemap(geo, tmp_path / "a.mbtiles", min_zoom=15, max_zoom=15)
    monkeypatch.setattr(generator, "cjk_font", lambda: None)
    plain = generator.build_basemap(geo, tmp_path / "b.mbtiles", min_zoom=15, max_zoom=15)
    assert named.labels and not plain.labels
    x, y = _xy(116.395, 39.91, 15)  # the west street's name is written across this tile
    named_tile, plain_tile = (read_tile(tmp_path / name, 15, x, y)
                              for name in ("a.mbtiles", "b.mbtiles"))
    ink = generator.LABEL_COLOURS["street"]
    assert ink in {c for _n, c in named_tile.getcolors(4096)}
    assert ink not in {c for _n, c in plain_tile.getcolors(4096)}


def read_tile(path, z, x, y) -> Image.Image:
    from commandcenter.exchange.mbtiles import MBTilesReader
    return Image.open(io.BytesIO(MBTilesReader(path).tile(z, x, y))).convert("RGB")


def test_the_district_basemap_is_drawn_once_per_geometry(tmp_path, monkeypatch):
    monkeypatch.setattr(generator, "MIN_ZOOM", 13)
    monkeypatch.setattr(generator, "MAX_ZOOM", 13)
    monkeypatch.setattr(generator, "load_geography", lambda db: db)  # the "database" is the geography
    first = generator.ensure_district_basemap(small_district(), folder=tmp_path)
    stamp = first.stat().st_mtime_ns
    assert generator.ensure_district_basemap(small_district(), folder=tmp_path) == first
    assert first.stat().st_mtime_ns == stamp  # not drawn again
    moved = generator.ensure_district_basemap(small_district(shift=0.001), folder=tmp_path)
    assert moved != first and moved.exists()
    empty = Geography(None, (), (), ())
    assert generator.ensure_district_basemap(empty, folder=tmp_path) is None


# --- settings ----------------------------------------------------------------------------------

def test_basemap_settings_round_trip_and_an_old_url_stays_chosen(tmp_path):
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert Settings.load(store).basemap_kind == "mbtiles"  # the district's own by default
    chosen = Settings(basemap_kind="mbtiles", basemap_file="/data/tiles/city.mbtiles",
                      basemap_datum="gcj02", basemap_url="http://tiles.local/{z}/{x}/{y}.png")
    chosen.save(store)
    assert Settings.load(store) == chosen
    old = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    old.setValue("settings/basemap_url", "http://tiles.local/{z}/{x}/{y}.png")
    assert Settings.load(old).basemap_kind == "xyz"  # saved before the choice existed


@pytest.fixture
def package(tmp_path):
    path = tmp_path / "city.mbtiles"
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 210, 220)).save(out, format="PNG")
    write_mbtiles(path, [(12, 3372, 1552, out.getvalue())],
                  {"name": "城区影像", "format": "png", "minzoom": "12", "maxzoom": "12"})
    return path


def test_the_dialog_refuses_a_bad_file_and_keeps_a_good_one(qtbot, tmp_path, package):
    runner = TaskRunner()
    dialog = SettingsDialog(Settings(warn_share=0.7), runner=runner)
    qtbot.addWidget(dialog)
    fields = dialog.basemap
    assert fields.kind.currentData() == "mbtiles" and fields.usable
    broken = tmp_path / "broken.mbtiles"
    broken.write_bytes(b"\x00garbage" * 500)
    fields.file.setText(str(broken))
    fields.file.editingFinished.emit()
    qtbot.waitUntil(lambda: not fields.checking)
    assert "已损坏" in fields.status.text() and str(broken) in fields.status.text()
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted  # refused, the reason shows
    fields.file.setText(str(tmp_path / "gone.mbtiles"))
    fields.file.editingFinished.emit()
    qtbot.waitUntil(lambda: not fields.checking)
    assert "找不到" in fields.status.text()

    fields.file.setText(str(package))
    fields.file.editingFinished.emit()
    dialog.accept()  # while the check runs: decided when it ends
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
    assert "城区影像" in fields.status.text()
    fields.datum.setCurrentIndex(fields.datum.findData("gcj02"))
    kept = dialog.settings(Settings(warn_share=0.7, wall_screen="HDMI-1"))
    assert (kept.basemap_kind, kept.basemap_file, kept.basemap_datum, kept.wall_screen) == (
        "mbtiles", str(package), "gcj02", "HDMI-1")
    runner.wait()


def test_typing_a_url_chooses_the_tile_service(qtbot):
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.basemap.url, "http://tiles.local/{z}/{x}/{y}.png")
    values = dialog.settings(Settings())
    assert (values.basemap_kind, values.basemap_url) == ("xyz", "http://tiles.local/{z}/{x}/{y}.png")


def test_the_plan_falls_back_to_no_basemap_and_says_why(tmp_path, package):
    plan = plan_basemap(Settings(basemap_kind="mbtiles", basemap_file=str(tmp_path / "x.mbtiles")),
                        None)
    assert plan.kind == "none" and plan.problem.reason == "missing"
    plan = plan_basemap(Settings(basemap_kind="mbtiles", basemap_file=str(package),
                                 basemap_datum="gcj02"), None)
    assert (plan.kind, plan.datum, plan.info.name, plan.problem) == ("mbtiles", "gcj02", "城区影像", None)
    assert plan_basemap(Settings(basemap_kind="xyz", basemap_url=""), None).kind == "none"
    assert plan_basemap(Settings(basemap_kind="none", basemap_url="http://x/{z}/{x}/{y}"),
                        None).kind == "none"


def test_the_basemap_command_draws_a_package_or_says_why_not(tmp_path, monkeypatch, capsys):
    from commandcenter.cli import main
    from commandcenter.store import geography
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    out = tmp_path / "district.mbtiles"
    assert main(["--db", url, "basemap", "build", "--out", str(out)]) == 2
    assert "no district outline" in capsys.readouterr().err and not out.exists()
    assert main(["--db", url, "basemap", "build", "--out", str(out), "--min-zoom", "15",
                 "--max-zoom", "14"]) == 2
    monkeypatch.setattr(geography, "load_geography", lambda db: small_district())
    assert main(["--db", url, "basemap", "build", "--out", str(out), "--min-zoom", "13",
                 "--max-zoom", "14"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert (read_info(out).min_zoom, read_info(out).max_zoom) == (13, 14)
