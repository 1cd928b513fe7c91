"""Start-up of the dispatcher window after a day of GPS fixes: time to first paint (the
board in the queues and the map painted with the field staff on it) and the longest the
GUI thread was blocked meanwhile (a 16 ms heartbeat's worst lateness, bench/heartbeat.py).
Before that, apart: the window's construction and the map page's start in QtWebEngine.

The table holds what a day at ``--rate`` fixes/s leaves behind: the simulator rolls up
fixes older than ``POSITIONS_KEPT`` every minute, so that is the raw window, all of it
written at the full rate. The product's run builds the map's text of the district first, as the
application does while its login dialog waits. Compared in the same run, on the same
table, with the same window building that text as the picture comes in, with the window
as it was before that (the garbage collector's full passes also walking everything until
the start-up picture is in) and with the naive start-up: every fix of the last hour read in one query
and applied to the tracker on the GUI thread. Each run also names the longest garbage
collections (CPU time: a busy machine stretches wall times, not these).

Run: python bench/bench_startup.py [--rate 2000] [--minutes 120] [--repeat 3]
     [--only product|unprepared|before|naive] [--trace-stalls] [--perf FILE] [--db-name NAME]
(the defaults are the target: 2,000 fixes/s, two hours kept; PostgreSQL on 127.0.0.1).
--trace-stalls prints each stall over 30 ms with its monotonic times and the Python stacks
sampled meanwhile; --perf records native stacks of every thread with perf (cpu-clock and
sched_switch, DWARF unwinding) into FILE.<variant>.<round>, stamped with the same clock.
"""
from __future__ import annotations

import argparse
import gc
import os
import signal
import subprocess
import sys
import time

from commandcenter.map.webengine import prepare_webengine, warm_up

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_webengine()

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from commandcenter.demo.builder import build_demo  # noqa: E402
from commandcenter.map import delivery  # noqa: E402
from commandcenter.models.enums import Role  # noqa: E402
from commandcenter.store.accounts import find_actor  # noqa: E402
from commandcenter.store.db import open_database  # noqa: E402
from commandcenter.store.positions import POSITIONS_KEPT  # noqa: E402
from commandcenter.store.service import local_now  # noqa: E402
from commandcenter.views.common.staff import TRAIL, fetch_fixes  # noqa: E402
from commandcenter.views.common.tasks import TaskRunner  # noqa: E402
from commandcenter.views.common.workstation import Workstation, prepare_map  # noqa: E402
from commandcenter.views.dispatcher.window import DispatcherWindow  # noqa: E402
from heartbeat import GcWatch, Heartbeat, StallSampler  # noqa: E402  (bench/: the script's folder)

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NAME = "cc_bench_startup"


class BeforeWindow(DispatcherWindow):
    """The window as it was: the collector's full passes walk everything until the start-up
    picture is in (no freeze before the load)."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        gc.unfreeze()


class NaiveWindow(BeforeWindow):
    """The first version: the whole hour in one read, applied on the GUI thread."""

    def _refresh_staff(self) -> None:
        if self._staff_busy:
            return
        self._staff_busy = True
        db, last_id, known = self.ws.db, self.staff.last_id, self.staff.known_ids
        self.ws.runner.submit(lambda: fetch_fixes(db, last_id, known, local_now(), 500_000),
                              self._on_rows, self._on_staff_failed)

    def _on_rows(self, result) -> None:
        self._staff_busy = False
        rows, names = result
        self.staff.apply(rows, names)  # on the GUI thread
        self.map.set_staff(self.staff.positions(local_now()))


def fill(url: str, rate: float, minutes: float) -> int:
    """``minutes`` of fixes at ``rate`` a second, spread over the demo's field staff."""
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        staff = conn.execute(text("SELECT count(*) FROM users WHERE role = 'supervisor'")).scalar()
        per_person = int(rate * minutes * 60 / staff)
        step = minutes * 60 / per_person
        conn.execute(text(
            "INSERT INTO staff_positions (user_id, at, lon, lat, on_duty) "
            "SELECT u.id, CAST(:now AS timestamp) - make_interval(secs => g * :step), "
            "116.41 + (random() - 0.5) * 0.04, 39.92 + (random() - 0.5) * 0.04, true "
            "FROM (SELECT id FROM users WHERE role = 'supervisor') u, "
            "generate_series(:n - 1, 0, -1) g"), {"now": local_now(), "step": step,
                                                  "n": per_person})
        conn.execute(text("ANALYZE staff_positions"))
    engine.dispose()
    return per_person * staff


def spin_until(condition, timeout: float = 120) -> None:
    loop, deadline = QEventLoop(), time.perf_counter() + timeout
    timer = QTimer(interval=5, timeout=lambda: (condition() or time.perf_counter() > deadline)
                   and loop.quit())
    timer.start()
    loop.exec()
    timer.stop()


def _time_steps(window) -> dict[str, tuple[float, float]]:
    """The slowest run of each of the window's steps on the GUI thread: (CPU ms, wall ms).
    CPU time is what the step itself costs; wall time beyond it is waiting (for the
    interpreter lock, or for a core on a busy machine)."""
    slowest: dict[str, tuple[float, float]] = {}

    def timed(name: str, fn):
        def run(*args, **kwargs):
            cpu, wall = time.thread_time(), time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                took = ((time.thread_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000)
                slowest[name] = max(slowest.get(name, (0.0, 0.0)), took)
        return run

    for name in ("_next_step", "_on_fixes", "_apply_cases", "_on_aggregates"):
        setattr(window, name, timed(name.strip("_"), getattr(window, name)))
    pump = window.map._pump  # connected in the map's constructor: connected again, timed
    pump.timeout.disconnect()
    pump.timeout.connect(timed("map message", window.map._on_pump_timeout))
    return slowest


def run(window_cls, url: str, prepare: bool, trace: bool = False,
        perf: str | None = None) -> dict:
    db = open_database(url)
    runner = TaskRunner()
    delivery._kept.clear()  # no variant inherits the map text another one built
    if prepare:  # as the application does while its login waits
        prepare_map(db)
    ws = Workstation.open(db, find_actor(db, None, Role.DISPATCHER), runner)
    recorder = None
    if perf:  # native stacks of every thread, on- and off-CPU, stamped with the same clock
        recorder = subprocess.Popen(
            ["perf", "record", "-q", "-k", "mono", "-F", "250", "--call-graph", "dwarf,16384",
             "-e", "cpu-clock", "-e", "sched:sched_switch", "-p", str(os.getpid()), "-o", perf],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        spin_until(lambda: False, 1.0)  # perf attached
    # The window itself: built (the GUI thread does nothing else meanwhile), then shown
    # while QtWebEngine starts the map page; the data's start-up is measured after that.
    began = time.perf_counter()
    window = window_cls(ws, remember_layout=False)
    built = time.perf_counter()
    opening = Heartbeat()
    opening.start()
    window.resize(1920, 1080)
    window.show()
    spin_until(lambda: window.map._ready, 60)
    page_up = time.perf_counter()
    opening.stop()
    staff_seq = []
    original = window.map.set_staff
    window.map.set_staff = lambda staff: staff_seq.append(original(staff)) or staff_seq[-1]
    steps = _time_steps(window)
    collections = GcWatch()
    beat = Heartbeat()
    beat.start()
    sampler = StallSampler(beat) if trace else None
    started = time.perf_counter()
    window.reload()
    # First paint: the board is in, and the map has painted it with the staff on it.
    spin_until(lambda: window.last_map_seq and staff_seq
               and window.map.painted_seq >= max(window.last_map_seq, staff_seq[0]))
    painted = time.perf_counter()
    # Then every trail of the last hour (the naive way has it all in its first paint).
    spin_until(lambda: not window._staff_busy and window.map.painted_seq >= staff_seq[-1])
    complete = time.perf_counter()
    beat.stop()
    collections.stop()
    if sampler is not None:
        sampler.stop()
    if recorder is not None:
        recorder.send_signal(signal.SIGINT)
        recorder.wait()
    if sampler is not None:
        for begun, ended, late in beat.stalls(30, started, complete):
            print(f"# GUI thread busy {begun:.3f}–{ended:.3f} (monotonic), {late + 16:.0f} ms,"
                  f" from {begun - started:.3f} s after the reload", file=sys.stderr)
        sampler.dump()
    people = len(window.staff.positions(local_now()))
    window.close()
    runner.wait()
    db.dispose()
    return {"built": built - began, "page_up": page_up - began,
            "blocked_opening": opening.worst(), "opening_stalls": opening.stalls(50),
            "paint": painted - started, "complete": complete - started,
            "blocked_paint": beat.worst(started, painted),
            "blocked_after": beat.worst(painted, complete), "people": people,
            "gc": collections.longest(started, complete), "load": os.getloadavg()[0],
            "steps": sorted(steps.items(), key=lambda kv: -kv[1][0])[:4]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=2000, help="fixes a second")
    parser.add_argument("--minutes", type=float, default=POSITIONS_KEPT.total_seconds() / 60,
                        help="minutes of fixes the table keeps (default: what pruning keeps)")
    parser.add_argument("--db-name", default=NAME, help="scratch database (dropped after)")
    parser.add_argument("--trace-stalls", action="store_true",
                        help="when the GUI thread is 30 ms late: the Python stack it runs and "
                             "the stall's monotonic times (for perf record -k mono)")
    parser.add_argument("--perf", metavar="FILE",
                        help="record the process with perf (cpu-clock and sched_switch, "
                             "DWARF stacks) into FILE; read with perf script")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the variants")
    parser.add_argument("--only", choices=("product", "unprepared", "before", "naive"),
                        help="run one of the variants")
    args = parser.parse_args()
    QApplication([])
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    url = ADMIN.rsplit("/", 1)[0] + f"/{args.db_name}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {args.db_name} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {args.db_name}"))
        db = open_database(url)
        build_demo(db, days=1, seed=1)
        db.dispose()
        t = time.perf_counter()
        rows = fill(url, args.rate, args.minutes)
        print(f"{rows:,} fixes ({args.minutes:.0f} min at {args.rate:.0f}/s) written in "
              f"{time.perf_counter() - t:.0f} s; the map shows the last {TRAIL}")
        variants = [v for v in (
            ("product", "bounded pieces, map text built at login", DispatcherWindow, True),
            ("unprepared", "the same, map text built at start-up", DispatcherWindow, False),
            ("before", "neither, nor a freeze before the load", BeforeWindow, False),
            ("naive", "naive: one read, applied on the GUI thread", NaiveWindow, False))
            if args.only in (None, v[0])]
        # As the application does while its login dialog waits: QtWebEngine started.
        began = time.perf_counter()
        warm = warm_up()
        warm_ms = (time.perf_counter() - began) * 1000
        loaded = []
        warm.loadFinished.connect(loaded.append)
        spin_until(lambda: loaded, 30)
        print(f"QtWebEngine started (the app does it during the login): the GUI thread held "
              f"{warm_ms:.0f} ms, a blank page loaded {time.perf_counter() - began:.2f} s after")
        results = []  # the variants in turn, --repeat times: each meets the same load
        for round_ in range(args.repeat):
            for key, label, cls, prepare in variants:
                if key == "naive" and round_:
                    continue  # seconds of stall each time: once tells it
                perf = args.perf and f"{args.perf}.{key}.{round_}"
                results.append((label, run(cls, url, prepare, args.trace_stalls, perf)))
        del warm  # no page may outlive the application
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {args.db_name} WITH (FORCE)"))
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)")
    print("start-up (web page already up) to first paint: board, map and staff positions;"
          " then to the last trail point; GUI heartbeat 16 ms, worst lateness:")
    for label, r in results:
        print(f"  {label:<44} window built in {r['built'] * 1000:.0f} ms, shown, map page up "
              f"{r['page_up']:.2f} s after (GUI blocked at most {r['blocked_opening']:.0f} ms "
              f"meanwhile, {len(r['opening_stalls'])} times over 50 ms)")
        print(f"  {'':<44} first paint {r['paint']:5.2f} s (GUI blocked at most "
              f"{r['blocked_paint']:5.0f} ms), trails complete {r['complete']:5.2f} s "
              f"(blocked at most {r['blocked_after']:5.0f} ms); {r['people']} staff shown;"
              f" load {r['load']:.1f}")
        print("      slowest steps on the GUI thread (CPU / wall ms): " + ", ".join(
            f"{name} {cpu:.0f} / {wall:.0f}" for name, (cpu, wall) in r["steps"]))
        print("      longest garbage collections: " + ", ".join(
            f"{cpu:.0f} ms CPU, {ms:.0f} ms wall (generation {gen}, {thread})"
            for _at, ms, cpu, gen, thread in r["gc"]))


if __name__ == "__main__":
    main()
