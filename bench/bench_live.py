"""The dispatcher window under a live load: how late a 16 ms GUI-thread heartbeat runs while
the simulator (another process) writes 100 reports/s with their case work and 2,000 GPS
fixes/s to PostgreSQL, and the window follows it all through the change feed.

Compared in the same run with the naive ways of following changes: re-reading the whole
open board on every notification (what a first version does), and department and grid
totals on a delay timer restarted by every change (which never fires under continuous
traffic), with the same load.

Staleness: every 100 ms, from the simulator's first case change on, the bench notes how old
each panel's figures are, i.e. how long ago the database read they show was started
(queues and map markers: the last case refresh; departments and grid shading: the last
totals read). Changes arrive many times a second throughout, so an old read means figures
behind the database. Worst and p95 ages.

Run: python bench/bench_live.py [--seconds 30] [--rate 6000] [--staff 2000] [--db-name NAME]
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time

from commandcenter.map.webengine import prepare_webengine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_webengine()

from PySide6.QtCore import QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from commandcenter.demo.builder import build_demo  # noqa: E402
from commandcenter.models.enums import Role  # noqa: E402
from commandcenter.store.accounts import find_actor  # noqa: E402
from commandcenter.store.db import open_database  # noqa: E402
from commandcenter.views.common.tasks import TaskRunner  # noqa: E402
from commandcenter.views.common.workstation import Workstation  # noqa: E402
from commandcenter.views.dispatcher.window import DispatcherWindow  # noqa: E402
from heartbeat import Heartbeat, percentile  # noqa: E402  (bench/ is the script's folder)

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NAME = "cc_bench_live"


def spin(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class TimedWindow(DispatcherWindow):
    """The product's window, noting when the reads behind each panel's figures started."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.read_started = {"queues": None, "totals": None}  # what the panels show
        self._reading = {"queues": None, "totals": None}      # reads under way
        self.case_batches = 0  # batches of case changes the feed delivered

    def _on_changes(self, changes):
        self.case_batches += any(c.entity == "case" for c in changes)
        super()._on_changes(changes)

    def _refresh_cases(self, ids):
        was = self._refreshing
        super()._refresh_cases(ids)
        if self._refreshing and not was:
            self._reading["queues"] = time.perf_counter()

    def _apply_cases(self, result):
        self.read_started["queues"] = self._reading["queues"]
        super()._apply_cases(result)

    def _refresh_aggregates(self):
        if not self._aggregates_busy:
            self._reading["totals"] = time.perf_counter()
        super()._refresh_aggregates()

    def _on_aggregates(self, result):
        self.read_started["totals"] = self._reading["totals"]
        super()._on_aggregates(result)

    def _on_snapshot(self, snap):
        started = time.perf_counter()
        super()._on_snapshot(snap)
        for key in self.read_started:
            self.read_started[key] = self.read_started[key] or started


class NaiveWindow(TimedWindow):
    """Follows the feed by reloading the whole board on every batch of changes."""

    def _on_changes(self, changes: list) -> None:
        self.case_batches += any(c.entity == "case" for c in changes)
        if not self._closed and any(c.entity == "case" for c in changes):
            self.reload()

    def _on_snapshot(self, snap):
        self._reading["queues"] = self._reading["totals"] = time.perf_counter()
        super()._on_snapshot(snap)
        self.read_started.update(self._reading)


class RestartingTimerWindow(TimedWindow):
    """Totals on a delay timer that every change starts again (the first version)."""

    def _aggregates_due(self) -> None:
        self._aggregates.start()


class Staleness(QObject):
    """Every 100 ms, the age of each panel's figures (ms)."""

    def __init__(self, window: TimedWindow):
        super().__init__()
        self.window, self.ages = window, {k: [] for k in window.read_started}
        self.timer = QTimer(self, interval=100, timeout=self._sample)

    def _sample(self) -> None:
        now = time.perf_counter()
        for key, started in self.window.read_started.items():
            if started is not None:
                self.ages[key].append((now - started) * 1000)

    def summary(self) -> dict[str, tuple[float, float]]:
        return {k: (max(v), sorted(v)[int(len(v) * 0.95)]) for k, v in self.ages.items() if v}


def run(window_cls, url: str, args) -> dict:
    db = open_database(url)
    runner = TaskRunner()
    window = window_cls(Workstation.open(db, find_actor(db, None, Role.DISPATCHER), runner),
                        remember_layout=False)
    window.resize(1920, 1080)
    window.show()
    loaded = []
    window.sig_loaded.connect(lambda: loaded.append(1))
    window.reload()
    while not loaded:
        spin(0.1)
    gc.freeze()  # as the application does once its start-up data is in
    sim = subprocess.Popen(
        [sys.executable, "-m", "commandcenter", "--db", url, "simulate", "--rate", str(args.rate),
         "--staff", str(args.staff), "--fix-interval", "1", "--duration", str(args.seconds),
         "--seed", "7"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    beat, stale = Heartbeat(), Staleness(window)
    # The simulator's start-up, before changes flow (seconds on a busy machine): figures
    # are not behind a database nobody writes to, so the ages count from its first case.
    deadline = time.perf_counter() + 60
    while not window.case_batches and sim.poll() is None and time.perf_counter() < deadline:
        spin(0.05)
    beat.start()
    stale.timer.start()
    while sim.poll() is None:
        spin(0.2)
    beat.stop()
    stale.timer.stop()
    output = sim.stdout.read()
    window.close()
    runner.wait()
    db.dispose()
    late = sorted(beat.values())
    summary = [line for line in output.splitlines() if line.startswith(("ran ", "lag"))]
    return {"max": late[-1], "p99": percentile(late, 0.99), "p50": statistics.median(late),
            "ticks": len(late), "cases": len(window.cases), "sim": summary,
            "stale": stale.summary()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=float, default=6000, help="reports a minute")
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--db-name", default=NAME, help="scratch database (dropped after)")
    args = parser.parse_args()
    name = args.db_name
    QApplication([])
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    results = {}
    try:
        for label, cls in (("incremental (the product)", TimedWindow),
                           ("naive: totals timer restarted", RestartingTimerWindow),
                           ("naive: reload on every change", NaiveWindow)):
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                conn.execute(text(f"CREATE DATABASE {name}"))
            db = open_database(url)
            build_demo(db, days=1, seed=1)
            db.dispose()
            results[label] = run(cls, url, args)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    print(f"\n{args.rate / 60:.0f} reports/s, {args.staff} staff × 1 fix/s, {args.seconds:.0f} s, "
          "PostgreSQL; heartbeat 16 ms on the GUI thread")
    for label, r in results.items():
        print(f"  {label:<32} late: max {r['max']:6.1f} ms  p99 {r['p99']:5.1f} ms  "
              f"p50 {r['p50']:4.1f} ms  ({r['ticks']} ticks, {r['cases']} open cases shown)")
        print("      figures' age: " + "; ".join(
            f"{panel} worst {worst / 1000:.1f} s, p95 {p95 / 1000:.1f} s"
            for panel, (worst, p95) in r["stale"].items()))
        for line in r["sim"]:
            print(f"      simulator: {line}")


if __name__ == "__main__":
    main()
