"""The live map against folium's default output: first paint, a 1,000-marker update, and how
late a 16 ms GUI-thread heartbeat runs meanwhile.

  (a) this map: ``commandcenter.map.MapView`` (canvas layers, incremental patches);
  (b) folium's default page, its Leaflet pointed at the local copy so it renders offline
      (its jQuery/Bootstrap/awesome-markers links are dropped: these layers do not use
      them, so folium only gets faster): SVG circle markers, the whole page regenerated
      and reloaded on every change. Two ways of writing it: one ``folium.CircleMarker``
      per case (the common way), and one ``folium.GeoJson`` layer of points (the faster);
  (c) with ``--markercluster DIR`` (an unpacked npm ``leaflet.markercluster`` package):
      Leaflet.markercluster with chunked loading, the usual plugin for many points.

"first paint" runs from creating the view (or starting the page load) to the page's
report that the frame after its layers were added went by; folium's Python generation is
shown apart. After building its data the bench calls ``gc.freeze()``, as the application
should once its start-up data is loaded: otherwise each full collection walks every object of
the process (here ~1 M) and stops every Python thread, the GUI's included, for 40–70 ms,
whatever the map does. ``--no-gc-freeze`` measures without it.

Run: python bench/bench_map.py [--quick] [--screenshot out.png] [--markercluster DIR]
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from commandcenter.map.webengine import prepare_webengine

prepare_webengine()

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from commandcenter.map import MapView, Marker, StaffPosition  # noqa: E402
from commandcenter.map.geojson import COUNTDOWNS, grids_payload  # noqa: E402
from commandcenter.map.page import page_file  # noqa: E402
from commandcenter.models.district import build_district  # noqa: E402
from commandcenter.store.queries import GridLoad  # noqa: E402

SIZE = (1280, 860)
COLOURS = {"normal": "#2e9e4f", "warning": "#f0a202", "overdue": "#d7301f"}
FOLIUM_TIMEOUT_S = 90.0
PAINTED_JS = ("<script>window.addEventListener('load', () => requestAnimationFrame(() => "
              "setTimeout(() => { document.title = 'painted'; }, 0)));</script>")


# --- data -------------------------------------------------------------------------------------

def synthetic_cases(district, n: int, seed: int = 7) -> list[Marker]:
    """n open cases over the grids, denser in some (log-normal weights), 70/20/10 % normal/
    warning/overdue, 5 % urgent."""
    rng = random.Random(seed)
    grids = district.grids
    weights = [rng.lognormvariate(0, 1) for _ in grids]
    chosen = rng.choices(range(len(grids)), weights=weights, k=n)
    return [Marker(case_id=i + 1, number=f"20251123{i + 1:05d}",
                   lon=grids[g].lon + rng.uniform(-0.00045, 0.00045),
                   lat=grids[g].lat + rng.uniform(-0.00035, 0.00035),
                   countdown=rng.choices(COUNTDOWNS, (70, 20, 10))[0],
                   urgent=rng.random() < 0.05, stage=rng.choice(("dispatch", "handling", "check")))
            for i, g in enumerate(chosen)]


def grid_loads(district, markers: list[Marker]) -> list[GridLoad]:
    codes = district.index.locate_many([m.lon for m in markers], [m.lat for m in markers])
    open_, late = Counter(), Counter()
    for code, m in zip(codes, markers):
        if code is not None:
            open_[code] += 1
            late[code] += m.countdown == "overdue"
    return [GridLoad(code, n, late[code]) for code, n in open_.items()]


def restyled(markers: list[Marker], k: int, rng: random.Random) -> list[Marker]:
    """k markers with their countdown moved on (normal → warning → overdue → normal)."""
    nxt = {"normal": "warning", "warning": "overdue", "overdue": "normal"}
    return [replace(m, countdown=nxt[m.countdown]) for m in rng.sample(markers, k)]


# --- timing helpers ----------------------------------------------------------------------------

class Heartbeat(QObject):
    """A 16 ms timer on the GUI thread; ``worst`` is how late its latest-running tick was."""

    def __init__(self):
        super().__init__()
        self.timer = QTimer(self, interval=16)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.worst, self._last = 0.0, time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self._last) * 1000 - 16)
        self._last = now

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def wait_until(predicate, timeout: float) -> bool:
    loop = QEventLoop()
    poll = QTimer(interval=2)
    poll.timeout.connect(lambda: predicate() and loop.quit())
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    poll.start()
    if not predicate():
        loop.exec()
    poll.stop()
    return predicate()


def settle(seconds: float = 0.3) -> None:
    wait_until(lambda: False, seconds)


# --- (a) this map ---------------------------------------------------------------------------

def ours_first_paint(district, markers, loads, heartbeat):
    heartbeat.start()
    began = time.perf_counter()
    view = MapView()
    view.resize(*SIZE)
    view.show()
    view.set_outlines(district.district, district.streets, district.communities)
    view.set_grids(district.grids)
    view.set_grid_load(loads)
    seq = view.replace_markers(markers)
    ok = wait_until(lambda: view.painted_seq >= seq, 60)
    elapsed = time.perf_counter() - began
    return view, (elapsed if ok else float("inf")), heartbeat.stop()


def ours_timed(view, heartbeat, update) -> tuple[float, float]:
    heartbeat.start()
    began = time.perf_counter()
    seq = update()
    wait_until(lambda: view.painted_seq >= seq, 30)
    return (time.perf_counter() - began) * 1000, heartbeat.stop()


# --- (b) folium ------------------------------------------------------------------------------

def vendor_url(*parts: str) -> str:
    with page_file() as page:
        return QUrl.fromLocalFile(str(page.parent.joinpath("vendor", *parts))).toString()


def folium_page(district, markers, loads, grid_geojson, style: str, path: Path) -> float:
    """Write folium's page for this picture; returns the Python time it took."""
    import folium

    folium.Map.default_js = [("leaflet", vendor_url("leaflet", "leaflet.js"))]
    folium.Map.default_css = [("leaflet_css", vendor_url("leaflet", "leaflet.css"))]
    began = time.perf_counter()
    load = {g.grid_code: g.open for g in loads}
    top = max(load.values(), default=1)
    centre = district.district.shape.centroid
    m = folium.Map(location=[centre.y, centre.x], zoom_start=13, tiles=None)
    folium.GeoJson(grid_geojson, style_function=lambda f: {
        "color": "#5c6e86", "weight": 0.5, "fillColor": "#7e52a6",
        "fillOpacity": 0.7 * load.get(f["properties"]["code"], 0) / top}).add_to(m)
    if style == "circles":
        for mk in markers:
            folium.CircleMarker([mk.lat, mk.lon], radius=4, color="#ffffff", weight=1, fill=True,
                                fill_color=COLOURS[mk.countdown], fill_opacity=0.9,
                                tooltip=mk.number).add_to(m)
    else:
        points = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [mk.lon, mk.lat]},
             "properties": {"s": mk.countdown}} for mk in markers]}
        folium.GeoJson(points, marker=folium.CircleMarker(radius=4, weight=1, fill=True,
                                                           fill_opacity=0.9),
                       style_function=lambda f: {"fillColor": COLOURS[f["properties"]["s"]],
                                                 "color": "#ffffff"}).add_to(m)
    m.get_root().html.add_child(folium.Element(PAINTED_JS))
    m.save(str(path))
    elapsed = time.perf_counter() - began
    html = path.read_text(encoding="utf-8")
    assert "https://" not in html.split("<body>")[0], "folium page still links the network"
    return elapsed


def fresh_browser(old: QWebEngineView | None = None) -> QWebEngineView:
    """A new view (and renderer) per page, so a page still busy after a timeout cannot slow
    the next one down."""
    if old is not None:
        old.deleteLater()
        settle(0.5)
    view = QWebEngineView()
    view.resize(*SIZE)
    view.show()
    return view


def load_until_painted(view: QWebEngineView, path: Path, heartbeat, timeout: float):
    painted = []
    view.titleChanged.connect(lambda title: title == "painted" and painted.append(1))
    heartbeat.start()
    began = time.perf_counter()
    view.load(QUrl.fromLocalFile(str(path)))
    ok = wait_until(lambda: bool(painted), timeout)
    elapsed = time.perf_counter() - began
    worst = heartbeat.stop()
    view.titleChanged.disconnect()
    return (elapsed if ok else None), worst


# --- (c) Leaflet.markercluster --------------------------------------------------------------------

CLUSTER_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{leaflet}/leaflet.css">
<link rel="stylesheet" href="{mc}/MarkerCluster.css">
<link rel="stylesheet" href="{mc}/MarkerCluster.Default.css">
<style>html,body,#map{{margin:0;height:100%}}</style>
<script src="{leaflet}/leaflet.js"></script><script src="{mc}/leaflet.markercluster.js"></script>
<script src="data.js"></script></head><body><div id="map"></div><script>
const COL = {colours};
const map = L.map('map', {{preferCanvas: true, maxZoom: 19}}).setView([{lat}, {lon}], 13);
L.geoJSON(GRIDS, {{style: () => ({{color: '#5c6e86', weight: 0.5, fillOpacity: 0}})}}).addTo(map);
const group = L.markerClusterGroup({{chunkedLoading: true, disableClusteringAtZoom: 17,
  chunkProgress: (done, total) => {{ if (done === total) requestAnimationFrame(() =>
    setTimeout(() => {{ document.title = 'painted'; }}, 0)); }}}});
window.ccMarkers = DATA.lon.map((lon, i) => L.circleMarker([DATA.lat[i], lon],
  {{radius: 4, weight: 1, color: '#fff', fillColor: COL[DATA.s[i]], fillOpacity: 0.9}}));
group.addLayers(window.ccMarkers);
map.addLayer(group);
window.ccRestyle = (indices, states) => {{
  const changed = indices.map((i, k) => {{ ccMarkers[i].setStyle({{fillColor: COL[states[k]]}});
                                        return ccMarkers[i]; }});
  group.refreshClusters(changed);
  requestAnimationFrame(() => setTimeout(() => {{
    document.title = 'restyled ' + indices.length; }}, 0));
}};
</script></body></html>"""


def markercluster_page(folder: Path, mc_dist: Path, district, markers, grid_geojson) -> Path:
    centre = district.district.shape.centroid
    data = {"lon": [m.lon for m in markers], "lat": [m.lat for m in markers],
            "s": [m.countdown for m in markers]}
    (folder / "data.js").write_text(f"window.DATA = {json.dumps(data)};\nwindow.GRIDS = "
                                    f"{grid_geojson};\n", encoding="utf-8")
    page = folder / "cluster.html"
    page.write_text(CLUSTER_PAGE.format(
        leaflet=vendor_url("leaflet"), mc=QUrl.fromLocalFile(str(mc_dist)).toString(),
        colours=json.dumps(COLOURS), lat=centre.y, lon=centre.x), encoding="utf-8")
    return page


# --- the run -----------------------------------------------------------------------------------

REPEATS = 3


def spread(values: list[float], unit: str) -> str:
    """median (min–max) of a few runs; lateness below zero (early ticks) counts as 0."""
    values = [max(v, 0.0) for v in values]
    digits = 2 if unit == "s" else 0
    med, low, high = statistics.median(values), min(values), max(values)
    if high == float("inf"):
        return f"> {FOLIUM_TIMEOUT_S:.0f} s"
    return f"{med:.{digits}f} {unit} ({low:.{digits}f}–{high:.{digits}f})"


def fmt_s(value) -> str:
    return "—" if value is None else (f"> {FOLIUM_TIMEOUT_S:.0f} s" if value == float("inf")
                                       else f"{value:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="skip the slow folium runs (one CircleMarker per case; 100,000)")
    parser.add_argument("--screenshot", type=Path, help="save the 100,000-marker map here")
    parser.add_argument("--markercluster", type=Path,
                        help="dist/ of an unpacked leaflet.markercluster npm package")
    parser.add_argument("--no-gc-freeze", action="store_true",
                        help="leave the start-up objects to the cyclic garbage collector")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841
    began = time.perf_counter()
    district = build_district()
    sizes = (20_000, 100_000)
    data = {n: synthetic_cases(district, n) for n in sizes}
    loads = {n: grid_loads(district, data[n]) for n in sizes}
    grid_geojson = grids_payload(district.grids)
    print(f"demo district: {len(district.grids)} grids, built with cases in "
          f"{time.perf_counter() - began:.1f} s")
    if not args.no_gc_freeze:
        gc.collect()
        gc.freeze()
    print(f"gc.freeze() after loading: {'no' if args.no_gc_freeze else 'yes'}")
    heartbeat = Heartbeat()
    rng = random.Random(11)
    rows: list[tuple[str, str, str, str]] = []

    # Warm-up: the first web view in a process starts Chromium's helper processes.
    warm = MapView()
    warm.show()
    wait_until(lambda: warm.is_ready, 30)
    warm.deleteLater()
    settle()

    # Our map is measured REPEATS times (median, and the worst heartbeat of all runs): its
    # figures are a fraction of a second, so a busy neighbour on the machine shows in one run.
    views = {}
    for n in sizes:
        firsts, lates = [], []
        for _ in range(REPEATS):
            view, first, late = ours_first_paint(district, data[n], loads[n], heartbeat)
            firsts.append(first)
            lates.append(late)
            settle(0.5)
            if len(firsts) < REPEATS:
                view.deleteLater()
                settle(0.5)
        changes = [restyled(data[n], 1000, rng) for _ in range(3 * REPEATS)]
        patches = [ours_timed(view, heartbeat, lambda c=c, v=view: v.patch_markers(c))
                   for c in changes]
        rows.append((f"this map, {n:,}", spread(firsts, "s"), spread(lates, "ms"),
                     f"{spread([p[0] for p in patches], 'ms')}; heartbeat "
                     f"{spread([p[1] for p in patches], 'ms')}"))
        if n == sizes[-1]:
            refreshes = []
            for _ in range(REPEATS):
                everything = restyled(data[n], n, rng)
                refreshes.append(ours_timed(view, heartbeat,
                                            lambda e=everything, v=view: v.replace_markers(e)))
            rows.append((f"this map, {n:,}: replace all", spread([r[0] / 1000 for r in refreshes],
                                                                 "s"),
                         spread([r[1] for r in refreshes], "ms"), "—"))
        views[n] = view
        print(f"  this map, {n:,}: first paint {spread(firsts, 's')}; last report from the "
              f"page: {view.bridge.last_paint}")

    folium_results = {}
    with tempfile.TemporaryDirectory(prefix="bench-map-") as tmp:
        browser = None
        runs = [("GeoJson", 20_000), ("GeoJson", 100_000), ("CircleMarker", 20_000)]
        if args.quick:
            runs = runs[:1]
        for style, n in runs:
            path = Path(tmp) / f"folium-{style}-{n}.html"
            gen = folium_page(district, data[n], loads[n], grid_geojson,
                              "circles" if style == "CircleMarker" else "geojson", path)
            size_mb = path.stat().st_size / 1e6
            browser = fresh_browser(browser)
            first, late = load_until_painted(browser, path, heartbeat, FOLIUM_TIMEOUT_S)
            first = float("inf") if first is None else first
            folium_results[(style, n)] = first
            update = "—"
            if n == 20_000 and first != float("inf"):
                changed = {m.case_id: m for m in restyled(data[n], 1000, rng)}
                again = [changed.get(m.case_id, m) for m in data[n]]
                regen = folium_page(district, again, loads[n], grid_geojson,
                                    "circles" if style == "CircleMarker" else "geojson", path)
                reload_s, _ = load_until_painted(browser, path, heartbeat, FOLIUM_TIMEOUT_S)
                update = (f"{(regen + (reload_s or FOLIUM_TIMEOUT_S)) * 1000:,.0f} ms "
                          f"(Python {regen * 1000:,.0f} + reload {1000 * (reload_s or 0):,.0f})")
            rows.append((f"folium {style}, {n:,}",
                         f"{fmt_s(first)} + Python {gen:.1f} s ({size_mb:.0f} MB)",
                         f"{max(late, 0):.0f} ms in load; {gen * 1000:,.0f} ms if built on it",
                         update))
            print(f"  folium {style}, {n:,}: load → painted {fmt_s(first)}, Python {gen:.1f} s")

        if args.markercluster:
            for n in sizes:
                folder = Path(tmp) / f"mc{n}"
                folder.mkdir()
                page = markercluster_page(folder, args.markercluster, district, data[n],
                                          grid_geojson)
                browser = fresh_browser(browser)
                first, late = load_until_painted(browser, page, heartbeat, FOLIUM_TIMEOUT_S)
                titles = []
                browser.titleChanged.connect(titles.append)
                sample = rng.sample(range(n), 1000)
                states = [rng.choice(COUNTDOWNS) for _ in sample]
                began = time.perf_counter()
                browser.page().runJavaScript(
                    f"ccRestyle({json.dumps(sample)}, {json.dumps(states)})")
                wait_until(lambda seen=titles: any(t.startswith("restyled") for t in seen), 30)
                restyle = (time.perf_counter() - began) * 1000
                browser.titleChanged.disconnect()
                first = float("inf") if first is None else first
                rows.append((f"Leaflet.markercluster, {n:,}", fmt_s(first),
                             f"{max(late, 0):.0f} ms", f"{restyle:.0f} ms"))
        if browser is not None:
            browser.deleteLater()
            settle(0.5)

    print()
    header = ("map", "first paint (load → painted)", "heartbeat: latest tick late by",
              "1,000-marker update painted")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths)))

    ours_100k = next(r for r in rows if r[0] == "this map, 100,000")[1]
    folium_100k = folium_results.get(("GeoJson", 100_000))
    if folium_100k and not ours_100k.startswith(">"):
        ours_s = float(ours_100k.split()[0])
        timed_out = folium_100k == float("inf")
        ratio = (FOLIUM_TIMEOUT_S if timed_out else folium_100k) / ours_s
        print(f"\n100,000 markers: this map {ours_s:.2f} s, folium GeoJson {fmt_s(folium_100k)} "
              f"(load alone) → {'more than ' if timed_out else ''}{ratio:.0f}× faster")

    if args.screenshot:
        view = views[sizes[-1]]
        view.replace_markers(data[sizes[-1]])  # the refresh runs above restyled them all
        seq = view.set_staff(sample_staff(district, rng))
        wait_until(lambda: view.painted_seq >= seq, 10)
        settle(0.6)
        view.grab().save(str(args.screenshot))
        shot = args.screenshot
        detail = shot.with_name(f"{shot.stem}-detail{shot.suffix}")
        target = max(data[sizes[-1]], key=lambda m: (m.urgent, m.countdown == "overdue"))
        view.focus(case_id=target.case_id, zoom=17)
        settle(1.5)
        view.grab().save(str(detail))
        print(f"\nscreenshots: {args.screenshot}, {detail}")
    for view in views.values():
        view.deleteLater()
    settle(0.2)


def sample_staff(district, rng: random.Random) -> list[StaffPosition]:
    staff = []
    for k in range(12):
        g = rng.choice(district.grids)
        lon, lat, trail = g.lon, g.lat, []
        for _ in range(12):
            trail.append((lon, lat))
            lon += rng.uniform(-0.0006, 0.0006)
            lat += rng.uniform(-0.0005, 0.0005)
        staff.append(StaffPosition(k + 1, f"网格员{k + 1:02d}", lon, lat, tuple(trail)))
    return staff


if __name__ == "__main__":
    main()
