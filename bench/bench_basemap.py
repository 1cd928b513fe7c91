"""Offline basemaps: drawing the district's MBTiles file (on a worker thread, with the GUI
thread's heartbeat measured meanwhile), then serving its tiles to the map
while it pans, three ways, in the same run on the same tiles:

  (a) mbtiles: — the product: ``map.tiles.TileSchemeHandler``, reads on worker threads,
      the job answered from the GUI thread when the read is back;
  (b) mbtiles: read on the GUI thread inside ``requestStarted`` (the naive handler);
  (c) XYZ over HTTP: the same tiles exported to a {z}/{x}/{y}.png folder and served by
      ``python -m http.server`` on localhost (another process), as a tile server would be.

Per tile: the page's own time from Leaflet's tileloadstart to tileload (request, answer,
decode). Meanwhile a 10 ms GUI-thread timer measures how late it runs (the heartbeat). The
map pans across the district at zoom 16, two tile rows at a time, each row's tiles awaited
before the next pan; every source is a new host name, so no tile is cached from another
run. Rounds alternate the sources (a b c a b c …) so machine load falls on all alike.

Run: python bench/bench_basemap.py [--rounds 2] [--steps 24] [--slow-read-ms 0]
``--slow-read-ms`` adds a sleep to every read, standing in for a package on a network share.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from commandcenter.map.webengine import prepare_webengine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_webengine()

import shapely  # noqa: E402
import shiboken6  # noqa: E402
from PySide6.QtCore import QByteArray, QBuffer, QEventLoop, QIODevice, QTimer  # noqa: E402
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineUrlRequestJob  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from commandcenter.demo.basemap import build_basemap  # noqa: E402
from commandcenter.exchange.mbtiles import MBTilesReader, read_info  # noqa: E402
from commandcenter.map import MapView  # noqa: E402
from commandcenter.map import tiles as tiles_module  # noqa: E402
from commandcenter.models.district import build_district  # noqa: E402
from commandcenter.store.geography import Geography, GridShape  # noqa: E402

SIZE = (1280, 800)
ZOOM = 16


def demo_geography() -> Geography:
    d = build_district()
    grids = tuple(GridShape(g.code, g.community_code, g.street_code,
                            shapely.to_geojson(g.polygon), g.lon, g.lat, True) for g in d.grids)
    return Geography(d.district, tuple(d.streets), tuple(d.communities), grids)


class SlowReader(MBTilesReader):
    def __init__(self, path, delay_s: float):
        super().__init__(path)
        self.delay_s = delay_s

    def tile(self, z, x, y):
        if self.delay_s:
            time.sleep(self.delay_s)
        return super().tile(z, x, y)


class DirectHandler(tiles_module.TileSchemeHandler):
    """The naive handler: reads the tile on the GUI thread inside requestStarted."""

    def requestStarted(self, job):  # noqa: N802
        url = job.requestUrl()
        source = self._sources.get(url.host())
        z, x, y = (int(p) for p in url.path().strip("/").split("/"))
        data = source.reader.tile(z, x, y) if source else None
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.destroyed.connect(buffer.deleteLater)
        job.reply(source.content_type, buffer)


def export_folder(path: Path, out: Path) -> None:
    import sqlite3
    with sqlite3.connect(path) as conn:
        for z, x, row, data in conn.execute(
                "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
            target = out / str(z) / str(x) / f"{(1 << z) - 1 - row}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(condition, timeout_s: float = 30.0) -> bool:
    loop = QEventLoop()
    end = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < end:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return condition()


def js(view: MapView, script: str):
    box = []
    view.web_view.page().runJavaScript(script, 0, box.append)
    wait(lambda: bool(box), 10)
    return box[0] if box else None


class Heartbeat:
    def __init__(self, interval_ms: int = 10):
        self.interval = interval_ms / 1000
        self.late: list[float] = []
        self._last = None
        self._timer = QTimer(interval=interval_ms, timeout=self._beat)

    def start(self):
        self.late, self._last = [], time.perf_counter()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return self.late

    def _beat(self):
        now = time.perf_counter()
        self.late.append(max(0.0, now - self._last - self.interval) * 1000)
        self._last = now


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def pan_across(view: MapView, centre, steps: int, beat: Heartbeat) -> dict:
    loaded = {"n": 0, "busy": False}
    view.sig_basemap_loaded.connect(lambda _i: loaded.__setitem__("n", loaded["n"] + 1))
    js(view, f"ccMap.setView({centre[0]}, {centre[1]}, {ZOOM})")
    wait(lambda: loaded["n"] >= 1)
    js(view, "ccMap.resetBasemapStats()")
    beat.start()
    began = time.perf_counter()
    for _ in range(steps):
        before = loaded["n"]
        js(view, "ccMap.panBy(0, 512)")
        wait(lambda: loaded["n"] > before)
    seconds = time.perf_counter() - began
    late = beat.stop()
    stats = json.loads(js(view, "JSON.stringify(ccMap.basemapStats())"))
    return {"ms": stats["ms"], "loaded": stats["loaded"], "errors": stats["errors"],
            "late": late, "seconds": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--steps", type=int, default=12, help="pans of two tile rows per run")
    parser.add_argument("--slow-read-ms", type=float, default=0.0)
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()}")

    work = Path(tempfile.mkdtemp(prefix="bench-basemap-"))
    geo = demo_geography()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Drawn on a worker thread, as the program does when it opens a district whose basemap
    # this machine has not drawn yet, while the GUI thread's heartbeat runs.
    beat, built = Heartbeat(), []
    beat.start()
    worker = threading.Thread(target=lambda: built.append(
        build_basemap(geo, work / "district.mbtiles")))
    worker.start()
    wait(lambda: bool(built), 300)
    late = beat.stop()
    result = built[0]
    print(f"build: {result.tiles} tiles {dict(result.per_zoom)}, "
          f"{result.bytes / 1e6:.2f} MB, {result.seconds:.2f} s (names: {result.labels}); "
          f"GUI heartbeat meanwhile late p50 {pct(late, 0.5):.1f} p99 {pct(late, 0.99):.1f} "
          f"max {max(late):.1f} ms (drawn on the GUI thread it would stop for all of it)")
    info = read_info(result.path)
    folder = work / "xyz"
    export_folder(result.path, folder)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                              "127.0.0.1", "--directory", str(folder)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait(lambda: _listening(port), 10)
        west, south, east, north = info.bounds
        centre = ((west + east) / 2, north - 0.035)
        results: dict[str, list[dict]] = {"a mbtiles: worker": [], "b mbtiles: on GUI": [],
                                          "c XYZ over HTTP": []}
        for _round in range(args.rounds):
            for name in results:
                profile = QWebEngineProfile()
                handler = (DirectHandler if name.startswith("b") else
                           tiles_module.TileSchemeHandler)(profile)
                profile.installUrlSchemeHandler(tiles_module.SCHEME, handler)
                view = MapView(profile=profile)
                view.resize(*SIZE)
                view.show()
                wait(lambda: view.is_ready, 60)
                if name.startswith("c"):
                    view.set_basemap(f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png",
                                     max_native_zoom=info.max_zoom,
                                     min_native_zoom=info.min_zoom, bounds=info.bounds)
                else:
                    view.set_basemap_tiles(info)
                    for source in handler._sources.values():
                        source.reader = SlowReader(info.path, args.slow_read_ms / 1000)
                results[name].append(pan_across(view, centre, args.steps, beat))
                view.close()
                shiboken6.delete(view)  # its page before its profile
                del view, handler, profile
        print(f"load after: {os.getloadavg()}")
        print(f"\nper tile (page: tileloadstart → tileload), {args.rounds} rounds × "
              f"{args.steps} pans at zoom {ZOOM}, {SIZE[0]}×{SIZE[1]}"
              + (f", reads slowed by {args.slow_read_ms:g} ms" if args.slow_read_ms else ""))
        print(f"{'source':22s} {'tiles':>6s} {'errors':>6s} {'p50 ms':>8s} {'p95 ms':>8s} "
              f"{'pan s':>7s}   GUI late: {'p50':>5s} {'p99':>6s} {'max':>6s} ms")
        for name, runs in results.items():
            ms = [m for r in runs for m in r["ms"]]
            late = [v for r in runs for v in r["late"]]
            print(f"{name:22s} {sum(r['loaded'] for r in runs):6d} "
                  f"{sum(r['errors'] for r in runs):6d} {statistics.median(ms):8.1f} "
                  f"{pct(ms, 0.95):8.1f} {sum(r['seconds'] for r in runs):7.2f}   "
                  f"          {pct(late, 0.5):5.1f} {pct(late, 0.99):6.1f} {max(late):6.1f}")
    finally:
        server.terminate()
        server.wait()
    return 0


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


if __name__ == "__main__":
    sys.exit(main())
