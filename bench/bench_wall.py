"""Soak run of the wall display: the simulator plays the district (a realistic rate, or a
stress rate) into PostgreSQL while the wall rotates its pages, for a configurable time.

Every minute it prints, for the wall with the memory guard (V8 collection on a schedule, the
map page replaced past a bound, the app's free memory released every few minutes) and for
the same wall without it (the naive run) — or, with --walls, any of these and "renderer"
(the guard without the app's release):
resident memory of the app and of its QtWebEngine renderer processes, page-switch time to
painted, how late a 16 ms GUI heartbeat ran — within 1 s of a switch and otherwise, apart;
the start-up (until 10 s after the map's first picture) on a line of its own — the slowest
run of each step on the GUI thread (a switch, a page's new figures, map patches), and the
switches done (a stalled rotation shows as too few). At the end: growth per hour after
warm-up from a least-squares line through the minutes, and what it extrapolates to over 7
days.

Run: python bench/bench_wall.py [--minutes 30] [--rate 6] [--stress] [--dwell 10]
     [--parallel]   (the walls at once, under the same load: half the time, more contention)
     [--only on|off|renderer] [--walls on,renderer] [--renderer-limit-mb 300]
     [--release-interval-s 300] [--trace-stalls]
     [--hog 8:5]   (a CPU hog on every core from minute 8 for 5 minutes: a burst of machine
                    load, then quiet, to tell a leak (keeps growing) from a high-water mark)
The database it builds is named wall_bench_<random> and dropped at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid

from smaps import KINDS  # bench/: the script's folder

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
WARM_UP_MIN = 3
LATE_MS = 40.0     # a tick this late is counted, and matched with full collections
STARTUP_S = 10.0   # after the map's first picture; the heartbeat until then is the start-up
LABELS = {"on": ("guard on", "with the memory guard"),          # short for the table
          "renderer": ("rnd guard", "the renderer guard only"),  # and long for the summary
          "off": ("guard off", "without it (naive)")}


# --- the display child: one wall, measured from inside -------------------------------------
def child(args) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from commandcenter.map.webengine import prepare_webengine
    from commandcenter.views.wall.memory import JS_GC_FLAG
    prepare_webengine(JS_GC_FLAG if args.mitigation != "off" else None)
    from datetime import time as time_of_day

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from commandcenter.models.enums import Role
    from commandcenter.models.wall import PAGES, PlaylistEntry, Schedule, WallConfig
    from commandcenter.store.accounts import find_actor
    from commandcenter.store.calendar import load_policy
    from commandcenter.store.db import open_database
    from commandcenter.views.common.tasks import TaskRunner
    from commandcenter.views.wall.connect import WallSession
    from commandcenter.views.wall.memory import read_memory
    from commandcenter.views.wall.window import WallWindow
    from heartbeat import Heartbeat, StallSampler, percentile  # bench/: the script's folder
    from smaps import breakdown

    app = QApplication(sys.argv[:1])
    db = open_database(args.db)
    actor = find_actor(db, None, Role.VIEWER)
    playlist = tuple(PlaylistEntry(p, args.dwell) for p in PAGES)
    config = WallConfig(schedules=(Schedule("soak", time_of_day(0), time_of_day(0), playlist),))
    runner = TaskRunner(app)
    window = WallWindow(config, lambda: WallSession(db, actor, load_policy(db)), runner,
                        mitigation=args.mitigation != "off",
                        guard_options={"renderer_limit_mb": args.renderer_limit_mb,
                                       "release_interval_s": args.release_interval_s
                                       if args.mitigation == "on" else None})
    window.resize(1920, 1080)
    window.show()

    minute = {"switch_ms": [], "late_switch_ms": [], "late_other_ms": [], "switches": 0,
              "late_pages": {}}
    state = {"switch_at": None, "page": None, "ready_at": None}
    startup: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and state["switch_at"] is not None \
                    and obj is window.stack.currentWidget():
                minute["switch_ms"].append((time.perf_counter() - state["switch_at"]) * 1000)
                state["switch_at"] = None
            return False

    watch = PaintWatch()

    def on_shown(name: str) -> None:
        page = window.pages[name]
        page.removeEventFilter(watch)
        page.installEventFilter(watch)
        state["switch_at"], state["page"], state["shown"] = time.perf_counter(), name, time.perf_counter()
        minute["switches"] += 1

    window.sig_page_shown.connect(on_shown)
    steps: dict[str, float] = {}   # the slowest run this minute of each step on the GUI thread

    def timed(name: str, fn):
        def run(*a, **kw):
            began = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                ms = (time.perf_counter() - began) * 1000
                steps[name] = max(steps.get(name, 0.0), ms)
        return run

    window.show_page = timed("switch", window.show_page)
    on_page_data = window._on_page_data
    window._on_page_data = lambda page, data, at: timed(f"figures:{page.name}", on_page_data)(
        page, data, at)
    window._on_changes = timed("changes", window._on_changes)

    def time_map() -> None:
        if window.map is not None and not hasattr(window.map, "_timed"):
            window.map._timed = True
            for attr in ("_on_cases", "_on_fixes", "_on_grid_load", "_on_relit"):
                setattr(window.map, attr, timed(attr.strip("_"), getattr(window.map, attr)))
        if window.guard is not None and not hasattr(window.guard, "_timed"):
            window.guard._timed = True   # made after the first page is shown
            window.guard._recreate = timed("recreate", window.guard._recreate)
    window.sig_page_shown.connect(time_map)

    # Python's collections: how often, how long, and what malloc had in use around the
    # full ones; and whether a late tick (> LATE_MS) had a full collection inside it.
    full_gc = {"runs": 0, "freed_mb": 0.0, "before": 0.0, "ms_max": 0.0, "young_ms_max": 0.0,
               "late": 0, "late_in_gc": 0}
    recent: list[tuple[float, float]] = []   # (start, end) of the last few full collections
    gc_began = [0.0]

    def tick(now: float, late: float) -> None:
        if state["ready_at"] is None or now - state["ready_at"] < STARTUP_S:
            startup.append(late)    # QtWebEngine starting, the first figures, the first picture
            return
        if state.get("report_began", -9) >= now - (late + 16) / 1000:
            minute["bench_ms"] = (now - state.pop("report_began")) * 1000
            return
        if now - state.get("shown", -9) < 1.0:
            minute["late_switch_ms"].append(late)
            if late > LATE_MS:   # which page's switch
                pages = minute["late_pages"]
                pages[state["page"]] = pages.get(state["page"], 0) + 1
        else:
            minute["late_other_ms"].append(late)
        if late > LATE_MS:
            full_gc["late"] += 1
            since = now - (late + 16) / 1000
            full_gc["late_in_gc"] += any(end > since and start < now for start, end in recent)

    def on_gc(phase: str, info: dict) -> None:
        now = time.perf_counter()
        if phase == "start":
            gc_began[0] = now
            if info["generation"] == 2:
                full_gc["before"] = _malloc_mb().get("malloc_mb", 0.0)
            return
        ms = (now - gc_began[0]) * 1000
        if info["generation"] != 2:
            full_gc["young_ms_max"] = max(full_gc["young_ms_max"], ms)
            return
        full_gc["runs"] += 1
        full_gc["ms_max"] = max(full_gc["ms_max"], ms)
        full_gc["freed_mb"] += full_gc["before"] - _malloc_mb().get("malloc_mb", 0.0)
        recent.append((gc_began[0], now))
        del recent[:-8]
    import gc
    gc.callbacks.append(on_gc)

    beat = Heartbeat(on_tick=tick, keep=False)  # a soak: sorted as they come, not kept
    started = time.perf_counter()
    stalls = StallSampler(beat) if args.trace_stalls else None

    def report() -> None:
        # The bench's own reading (smaps, psutil, the collector's list) runs on the GUI
        # thread: the tick it delays is not counted (see tick).
        state["report_began"] = time.perf_counter()
        mem = read_memory()
        sw = minute["switch_ms"]
        line = {"minute": round((time.perf_counter() - started) / 60), "app_mb": mem.app_mb,
                "renderers_mb": mem.renderers_mb, "renderers": mem.renderers,
                "switches": minute["switches"],
                "switch_ms_median": statistics.median(sw) if sw else None,
                "switch_ms_max": max(sw) if sw else None,
                "late_switch_ms_max": max(minute["late_switch_ms"], default=0.0),
                "late_switch_ms_p99": percentile(minute["late_switch_ms"], 0.99),
                "late_other_ms_max": max(minute["late_other_ms"], default=0.0),
                "late_other_ms_p99": percentile(minute["late_other_ms"], 0.99),
                "load": os.getloadavg()[0],
                "recreated": window.map.recreated if window.map else 0,
                "released": window.guard.releases if window.guard else 0,
                # Where the app's growth lives: Python's objects, what glibc's malloc
                # has in use and holds from the system, and the RSS by kind of mapping.
                "py_blocks": sys.getallocatedblocks(), **_malloc_mb(),
                "smaps": breakdown(), "gc2": full_gc["runs"],
                "gc2_freed_mb": round(full_gc["freed_mb"], 1),
                "gc2_ms_max": round(full_gc["ms_max"], 1),
                "gc_young_ms_max": round(full_gc["young_ms_max"], 1),
                "late": full_gc["late"], "late_in_gc": full_gc["late_in_gc"],
                "bench_ms": round(minute.get("bench_ms", 0.0), 1),
                "late_pages": dict(minute["late_pages"]),
                "gc_tracked": len(gc.get_objects()), "gc_frozen": gc.get_freeze_count(),
                "steps": {k: round(v, 1) for k, v in steps.items()}}
        print(json.dumps(line), flush=True)
        steps.clear()
        full_gc.update(runs=0, freed_mb=0.0, ms_max=0.0, young_ms_max=0.0, late=0, late_in_gc=0)
        for key in ("switch_ms", "late_switch_ms", "late_other_ms"):
            minute[key] = []
        minute["switches"] = 0
        minute["late_pages"] = {}
        if time.perf_counter() - started >= args.minutes * 60 - 1:
            if stalls is not None:
                stalls.dump()
            window.shutdown()  # the wall refuses to close otherwise, and so refuses quit()
            app.quit()

    def ready() -> None:
        state["ready_at"] = time.perf_counter()

        def startup_done() -> None:
            print(json.dumps({"startup_s": round(time.perf_counter() - started, 1),
                              "startup_late_p99": percentile(startup, 0.99),
                              "startup_late_max": max(startup, default=0.0)}), flush=True)
        QTimer.singleShot(int(STARTUP_S * 1000), startup_done)
        QTimer.singleShot(60_000, lambda: (report(), every.start()))

    every = QTimer(interval=60_000, timeout=report)
    window.sig_ready.connect(ready)
    beat.start()   # from the first moment: the start-up is reported on its own line
    window.start()
    app.exec()
    window.shutdown()
    import shiboken6
    shiboken6.delete(window)
    runner.wait()
    return 0


# --- the parent: database, simulator, the two walls, the table ------------------------------
def _malloc_mb() -> dict:
    """MB of glibc's malloc (mallinfo2): in use, and held from the system (arenas and mmapped
    blocks; what is held but not in use is free inside malloc, resident or not)."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = MallInfo2
    except (OSError, AttributeError):
        return {}
    info = libc.mallinfo2()
    return {"malloc_mb": round((info.uordblks + info.hblkhd) / 2 ** 20, 1),
            "malloc_held_mb": round((info.arena + info.hblkhd) / 2 ** 20, 1)}


def _psql(sql: str) -> None:
    from sqlalchemy import create_engine, text
    engine = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _start_wall(url: str, mitigation: str, args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "--child", "--db", url, "--mitigation",
                             mitigation, "--minutes", str(args.minutes), "--dwell",
                             str(args.dwell), "--renderer-limit-mb",
                             str(args.renderer_limit_mb), "--release-interval-s",
                             str(args.release_interval_s)]
                            + (["--trace-stalls"] if args.trace_stalls else []),
                            stdout=subprocess.PIPE,
                            stderr=None if args.trace_stalls else subprocess.DEVNULL, text=True)


def _collect(proc: subprocess.Popen, label: str, rows: list[dict],
             startups: list[dict] | None = None, hog: tuple[int, int] | None = None) -> None:
    startups = [] if startups is None else startups
    hogs: list[subprocess.Popen] = []
    try:
        _read_rows(proc, label, rows, startups, hog, hogs)
    finally:
        _stop(hogs)
    proc.wait()


def _stop(hogs: list[subprocess.Popen]) -> None:
    for h in hogs:
        h.terminate()
        h.wait()
    hogs.clear()


def _read_rows(proc, label, rows, startups, hog, hogs) -> None:
    for raw in proc.stdout:
        try:
            row = json.loads(raw)
        except ValueError:
            continue
        if "startup_s" in row:
            startups.append(row)
            print(f"{label:>9} start-up: map ready and {STARTUP_S:g} s more at "
                  f"{row['startup_s']:.0f} s; heartbeat late p99 {row['startup_late_p99']:.1f}"
                  f" / max {row['startup_late_max']:.1f} ms", flush=True)
            continue
        rows.append(row)
        if hog and row["minute"] == hog[0] and not hogs:
            hogs.extend(subprocess.Popen([sys.executable, "-c", "while True: pass"])
                        for _ in range(os.cpu_count() or 1))
            print(f"{label:>9} CPU hog on {len(hogs)} cores for {hog[1]} min", flush=True)
        elif hog and row["minute"] == hog[0] + hog[1] and hogs:
            _stop(hogs)
            print(f"{label:>9} CPU hog ended", flush=True)
        print(f"{label:>9} {row['minute']:>4} {row['app_mb']:>7.0f} {row['renderers_mb']:>7.0f}"
              f" {row['switches']:>4} {_ms(row['switch_ms_median']):>6} {_ms(row['switch_ms_max']):>6}"
              f" {row['late_switch_ms_p99']:>8.1f} {row['late_switch_ms_max']:>8.1f}"
              f" {row['late_other_ms_p99']:>7.1f} {row['late_other_ms_max']:>7.1f}"
              f" {row['load']:>5.1f} {row['recreated']:>4}"
              f" {row.get('malloc_mb') or 0:>7.0f} {row.get('malloc_held_mb') or 0:>5.0f}"
              f" {row.get('py_blocks', 0) / 1e6:>6.2f} "
              + "".join(f" {row.get('smaps', {}).get(k, 0):>5.0f}" for k in KINDS)
              + f" {row.get('gc2', 0):>3} {row.get('gc2_freed_mb', 0):>5.0f}"
              f" {row.get('gc2_ms_max', 0):>5.0f} {row.get('late_in_gc', 0):>2}/"
              f"{row.get('late', 0):<2} {row.get('gc_tracked', 0) / 1e3:>5.0f}"
              f" {row.get('bench_ms', 0):>5.0f}  "
              + "".join(f"late@{k} {v} " for k, v in sorted(row.get("late_pages", {}).items()))
              + " ".join(f"{k} {v:.0f}" for k, v in sorted(row.get("steps", {}).items())),
              flush=True)


def _ms(value) -> str:
    return "-" if value is None else f"{value:.0f}"


def growth_per_hour(points: list[tuple[float, float]]) -> float:
    """MB per hour from a least-squares line through (minute, MB): every reading counts, so
    one noisy minute at either end does not decide the figure."""
    if len(points) < 2:
        return 0.0
    xs, ys = zip(*points)
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return 60 * sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0


def _summary(label: str, rows: list[dict], dwell: int, startups: list[dict],
             hog: tuple[int, int] | None = None) -> None:
    from commandcenter.models.wall import default_config
    if not rows:
        print(f"{label}: no readings")
        return
    steady = [r for r in rows if r["minute"] > WARM_UP_MIN] or rows
    total = [(r["minute"], r["app_mb"] + r["renderers_mb"]) for r in steady]
    per_hour = growth_per_hour(total)
    rnd_hour = growth_per_hour([(r["minute"], r["renderers_mb"]) for r in steady])
    switches = [r["switch_ms_max"] for r in rows if r["switch_ms_max"] is not None]
    stalled = sum(1 for r in rows if r["switches"] < 60 / dwell * 0.5)
    band = [y for _x, y in total]
    renderers = [r["renderers_mb"] for r in steady]
    up = startups[0] if startups else None
    print(f"{label}: memory after warm-up {min(band):.0f}–{max(band):.0f} MB (renderers "
          f"{min(renderers):.0f}–{max(renderers):.0f}); growth (linear fit over minutes "
          f"{steady[0]['minute']}–{steady[-1]['minute']}) {per_hour:+.1f} MB/h, of it renderers "
          f"{rnd_hour:+.1f} MB/h → {per_hour * 24 * 7:+.0f} MB over 7 days")
    limit, at = default_config().renew_above_mb, default_config().renew_at
    if limit and per_hour > 0:   # what the supervisor's renewal makes of that growth
        hours = max(0.0, (limit - band[-1]) / per_hour)
        print(f"{'':{len(label)}}  with renewal (the defaults: past {limit:.0f} MB, and daily at "
              f"{at:%H:%M}): the limit is reached after {hours:.1f} h at this rate, so over "
              f"7 days the wall holds at most {limit:.0f} MB, renewed "
              f"{'daily' if hours >= 24 else f'about every {max(hours, 0.5):.1f} h'}")
    print(f"{'':{len(label)}}  heartbeat late, within 1 s of a switch: p99 "
          f"{max(r['late_switch_ms_p99'] for r in rows):.1f} / max "
          f"{max(r['late_switch_ms_max'] for r in rows):.1f} ms; otherwise: p99 "
          f"{max(r['late_other_ms_p99'] for r in rows):.1f} / max "
          f"{max(r['late_other_ms_max'] for r in rows):.1f} ms (worst minute each)"
          + (f"; start-up p99 {up['startup_late_p99']:.1f} / max {up['startup_late_max']:.1f}"
             " ms" if up else ""))
    print(f"{'':{len(label)}}  switch to painted max {max(switches, default=0):.0f} ms; "
          f"minutes with a stalled rotation: {stalled}; map page replaced "
          f"{rows[-1]['recreated']}×, the app's memory released "
          f"{rows[-1].get('released', 0)}×; load average {min(r['load'] for r in rows):.1f}–"
          f"{max(r['load'] for r in rows):.1f}")
    first, last = steady[0].get("smaps"), steady[-1].get("smaps")
    if first and last:
        print(f"{'':{len(label)}}  the app by kind, minute {steady[0]['minute']} → "
              f"{steady[-1]['minute']} (range; fit per hour): " + ", ".join(
                  f"{k} {first[k]:.0f}→{last[k]:.0f} ({min(r['smaps'][k] for r in steady):.0f}–"
                  f"{max(r['smaps'][k] for r in steady):.0f}; "
                  f"{growth_per_hour([(r['minute'], r['smaps'][k]) for r in steady]):+.0f})"
                  for k in KINDS)
              + f"; malloc in use {steady[0].get('malloc_mb', 0):.0f}→"
                f"{steady[-1].get('malloc_mb', 0):.0f}, held "
                f"{steady[0].get('malloc_held_mb', 0):.0f}→{steady[-1].get('malloc_held_mb', 0):.0f}")
    after = [r for r in rows if hog and r["minute"] >= hog[0] + hog[1] + 2]
    if len(after) >= 2:
        print(f"{'':{len(label)}}  after the CPU hog (minutes {after[0]['minute']}–"
              f"{after[-1]['minute']}): app + renderers "
              f"{growth_per_hour([(r['minute'], r['app_mb'] + r['renderers_mb']) for r in after]):+.1f}"
              f" MB/h, the app {growth_per_hour([(r['minute'], r['app_mb']) for r in after]):+.1f}"
              " MB/h")


def _hog(text: str) -> tuple[int, int]:
    start, _, length = text.partition(":")
    return int(start), int(length or 5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=float, default=6, help="reports a minute (default 6)")
    parser.add_argument("--stress", action="store_true", help="60 reports a minute")
    parser.add_argument("--dwell", type=int, default=10, help="seconds per page (default 10)")
    parser.add_argument("--parallel", action="store_true")
    from commandcenter.views.wall.memory import DEFAULT_RENDERER_LIMIT_MB
    parser.add_argument("--renderer-limit-mb", type=float, default=DEFAULT_RENDERER_LIMIT_MB,
                        help="the guard replaces the map page past this (default "
                             f"{DEFAULT_RENDERER_LIMIT_MB:g})")
    parser.add_argument("--only", choices=LABELS, help="run one wall")
    parser.add_argument("--walls", default="on,off",
                        help="the walls to run, of " + ", ".join(LABELS) + " (default on,off)")
    from commandcenter.views.wall.memory import DEFAULT_RELEASE_INTERVAL_S
    parser.add_argument("--release-interval-s", type=float, default=DEFAULT_RELEASE_INTERVAL_S,
                        help="the guard releases the app's free memory this often (default "
                             f"{DEFAULT_RELEASE_INTERVAL_S:g})")
    parser.add_argument("--trace-stalls", action="store_true",
                        help="name what ran on the GUI thread when the heartbeat was late")
    parser.add_argument("--hog", type=_hog, metavar="MIN:LEN",
                        help="a CPU hog on every core from minute MIN for LEN minutes")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--mitigation", default="on", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    walls = [args.only] if args.only else args.walls.split(",")
    if not set(walls) <= set(LABELS):
        parser.error(f"--walls: of {', '.join(LABELS)}")
    rate = 60 if args.stress else args.rate
    name = f"wall_bench_{uuid.uuid4().hex[:8]}"
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    _psql(f'CREATE DATABASE "{name}"')
    sim = None
    try:
        from commandcenter.demo.builder import build_demo
        from commandcenter.store.db import open_database
        began = time.perf_counter()
        build_demo(open_database(url), days=14, seed=7)
        print(f"demo district built in {time.perf_counter() - began:.0f} s; simulator at "
              f"{rate:g} reports/min; pages every {args.dwell} s; {args.minutes:g} min per wall"
              f"{' (all at once)' if args.parallel else ''}", flush=True)
        duration = args.minutes * 60 * (1 if args.parallel else len(walls)) + 240
        sim = subprocess.Popen([sys.executable, "-m", "commandcenter", "--db", url, "simulate",
                                "--rate", str(rate), "--duration", str(duration)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print("l@sw: how late the 16 ms heartbeat ran within 1 s of a switch (p99, max ms);"
              " oth: the rest of the minute; load: the 1-min load average (2 cores);"
              " malloc: MB in use from glibc's malloc in the app (Python, Qt and Chromium's"
              " browser side), held: what malloc holds from the system; py Mblk: Python's"
              " allocated blocks (millions); heap…file: the app's RSS by kind of mapping"
              " (bench/smaps.py); gc2: Python's full collections that minute, freed: the MB"
              " of malloc they gave back, gc ms: the longest; lateGC: ticks late by more than"
              f" {LATE_MS:g} ms with a full collection inside / all of them; k obj: objects"
              " the collector tracks outside the frozen start-up (thousands); bench: ms the bench's"
              " own reading held the GUI thread (its tick is not counted);"
              " then the slowest run of each step on the GUI thread that minute (ms)")
        print(f"{'wall':>9} {'min':>4} {'app MB':>7} {'rnd MB':>7} {'sw':>4} {'sw p50':>6}"
              f" {'sw max':>6} {'l@sw p99':>8} {'l@sw max':>8} {'oth p99':>7} {'oth max':>7}"
              f" {'load':>5} {'recr':>4} {'malloc':>7} {'held':>5} {'py Mblk':>6} "
              + "".join(f" {k:>5}" for k in KINDS) + f" {'gc2':>3} {'freed':>5} {'gc ms':>5}"
              f" {'lateGC':>5} {'k obj':>5} {'bench':>5}")
        results, startups = {m: [] for m in walls}, {m: [] for m in walls}
        if args.parallel:
            import threading
            procs = {m: _start_wall(url, m, args) for m in walls}
            threads = []
            for m, proc in procs.items():
                t = threading.Thread(target=_collect,  # one hog for all the walls
                                     args=(proc, LABELS[m][0], results[m], startups[m],
                                           args.hog if m == walls[0] else None))
                t.start()
                threads.append(t)
            for t in threads:
                t.join()
        else:
            for m in walls:
                _collect(_start_wall(url, m, args), LABELS[m][0], results[m], startups[m],
                         args.hog)
        print()
        for m in walls:
            _summary(f"{LABELS[m][1]:<27}", results[m], args.dwell, startups[m], args.hog)
    finally:
        if sim is not None:
            sim.terminate()
            sim.wait()
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
