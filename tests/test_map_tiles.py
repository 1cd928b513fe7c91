"""MBTiles basemaps in a real QtWebEngine (offscreen): the mbtiles: scheme answers with the
right tile for z/x/y (TMS rows flipped) and its content type, fails missing tiles, and the
map page draws the tiles it is served."""
from __future__ import annotations

import io
import json
import math
import os
import sqlite3

import pytest
import shiboken6

from commandcenter.map.webengine import prepare_webengine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_webengine()  # at collection, before pytest-qt creates the QApplication

from PIL import Image  # noqa: E402
from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile  # noqa: E402

from commandcenter.exchange.mbtiles import (MBTilesError, MBTilesReader, read_info,  # noqa: E402
                                            write_mbtiles)
from commandcenter.map import MapView  # noqa: E402
from commandcenter.map.tiles import TileSchemeHandler, tile_handler  # noqa: E402

TIMEOUT = 20_000
ZOOM = 13
CENTRE = (116.41, 39.905)  # the page's first view, at zoom 13


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 1 << z
    rad = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * n)


def colour(x: int, y: int) -> tuple[int, int, int]:
    """A colour no other tile of the package has (and none of the page's greys)."""
    return (40 + (x % 8) * 25, 30 + (y % 8) * 25, 200)


def png(rgb) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), rgb).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """5×5 solid tiles round the page's first view at zoom 13, plus the one tile at 12 that
    holds them; every tile's colour says which it is."""
    cx, cy = tile_of(*CENTRE, ZOOM)
    tiles = [(ZOOM, x, y, png(colour(x, y))) for x in range(cx - 2, cx + 3)
             for y in range(cy - 2, cy + 3)]
    tiles.append((12, cx // 2, cy // 2, png((250, 20, 20))))
    path = tmp_path_factory.mktemp("tiles") / "solid.mbtiles"
    write_mbtiles(path, tiles, {"name": "solid", "format": "png", "minzoom": "12",
                                "maxzoom": "13", "bounds": "116.3,39.8,116.5,40.0"})
    return path, (cx, cy)


PAGES: list[QWebEnginePage] = []


@pytest.fixture(scope="module")
def profile():
    profile = QWebEngineProfile()  # off the record
    yield profile
    for page in PAGES:  # a profile must outlive its pages
        shiboken6.delete(page)


def test_package_metadata_and_rows_in_tms_order(package):
    path, (cx, cy) = package
    info = read_info(path)
    assert (info.name, info.format, info.content_type) == ("solid", "png", "image/png")
    assert (info.min_zoom, info.max_zoom, info.bounds) == (12, 13, (116.3, 39.8, 116.5, 40.0))
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT tile_row FROM tiles WHERE zoom_level = 12").fetchone()[0]
    assert stored == (1 << 12) - 1 - cy // 2  # TMS: row 0 at the south
    assert MBTilesReader(path).tile(ZOOM, cx, cy) == png(colour(cx, cy))
    assert MBTilesReader(path).tile(ZOOM, cx + 3, cy) is None


def open_in_page(qtbot, profile, url: str) -> tuple[QWebEnginePage, bool]:
    page = QWebEnginePage(profile)
    PAGES.append(page)
    with qtbot.waitSignal(page.loadFinished, timeout=TIMEOUT) as finished:
        page.load(QUrl(url))
    return page, finished.args[0]


def run_js(qtbot, page: QWebEnginePage, script: str):
    box = []
    page.runJavaScript(script, 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0]) if isinstance(box[0], str) else box[0]


def test_scheme_serves_each_tile_with_its_type_and_fails_missing_ones(qtbot, package, profile):
    path, (cx, cy) = package
    handler = tile_handler(profile)
    assert tile_handler(profile) is handler  # one per profile
    template = handler.add(read_info(path))
    pixel = ("JSON.stringify((() => { const i = document.images[0], c = "
             "document.createElement('canvas'); c.width = i.naturalWidth; c.height = "
             "i.naturalHeight; const g = c.getContext('2d'); g.drawImage(i, 0, 0); "
             "return [document.contentType, i.naturalWidth, Array.from(g.getImageData(128, "
             "128, 1, 1).data.slice(0, 3))]; })())")
    for x, y in [(cx, cy), (cx - 2, cy + 1), (cx + 2, cy - 2)]:
        page, ok = open_in_page(qtbot, profile, template.format(z=ZOOM, x=x, y=y))
        assert ok
        assert run_js(qtbot, page, pixel) == ["image/png", 256, list(colour(x, y))]
    page, ok = open_in_page(qtbot, profile, template.format(z=ZOOM, x=cx + 3, y=cy))
    assert not ok  # no such tile: the scheme's 404
    page, ok = open_in_page(qtbot, profile, template.format(z=ZOOM, x=cx, y="north"))
    assert not ok
    handler.remove(template)
    page, ok = open_in_page(qtbot, profile, template.format(z=ZOOM, x=cx, y=cy))
    assert not ok  # a package no longer served


def test_map_page_draws_the_served_tiles(qtbot, package):
    path, (cx, cy) = package
    profile = QWebEngineProfile()  # nothing installed on it before the map's page loads
    view = MapView(profile=profile)
    view.resize(800, 600)
    view.show()
    with qtbot.waitSignal(view.sig_ready, timeout=TIMEOUT):
        pass
    handler: TileSchemeHandler = tile_handler(profile)
    served = handler.served
    with qtbot.waitSignal(view.sig_basemap_loaded, timeout=TIMEOUT) as loaded:
        view.set_basemap_tiles(read_info(path))
    assert loaded.args[0]["loaded"] >= 4 and loaded.args[0]["errors"] == 0
    assert handler.served - served >= loaded.args[0]["loaded"]
    assert view.basemap["minNativeZoom"] == 12 and view.basemap["maxNativeZoom"] == 13
    web = view.web_view
    box = []
    web.page().runJavaScript(f"JSON.stringify(ccMap.lonLatAt({web.width() // 2}, "
                             f"{web.height() // 2}))", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    lon, lat = json.loads(box[0])
    expected = colour(*tile_of(lon, lat, ZOOM))

    def centre_shows_its_tile() -> bool:
        image = web.grab().toImage()
        pixel = image.pixelColor(web.width() // 2, web.height() // 2)
        return (pixel.red(), pixel.green(), pixel.blue()) == expected

    qtbot.waitUntil(centre_shows_its_tile, timeout=TIMEOUT)
    view.set_basemap(None)
    with pytest.raises(KeyError):  # the package is no longer served
        handler._sources[loaded.args[0]["url"].split("/")[2]]
    shiboken6.delete(view)  # before its profile


def test_a_file_that_is_no_tile_package_is_refused(tmp_path):
    with pytest.raises(MBTilesError) as missing:
        read_info(tmp_path / "none.mbtiles")
    assert missing.value.reason == "missing"
    junk = tmp_path / "junk.mbtiles"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(MBTilesError) as corrupt:
        read_info(junk)
    assert corrupt.value.reason == "not_sqlite"
    other = tmp_path / "other.mbtiles"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (a)")
    with pytest.raises(MBTilesError) as no_tiles:
        read_info(other)
    assert no_tiles.value.reason == "no_tiles"
    vector = tmp_path / "vector.mbtiles"
    write_mbtiles(vector, [(0, 0, 0, b"\x1a\x00")], {"name": "v", "format": "pbf"})
    with pytest.raises(MBTilesError) as fmt:
        read_info(vector)
    assert fmt.value.reason == "format"
    empty = tmp_path / "empty.mbtiles"
    write_mbtiles(empty, [], {"name": "e", "format": "png"})
    with pytest.raises(MBTilesError) as nothing:
        read_info(empty)
    assert nothing.value.reason == "empty"
