"""Start-up of the dispatcher window after a day of GPS fixes: time to first paint (the
board in the queues and the map painted with the field staff on it) and the longest the
GUI thread was blocked meanwhile (a 16 ms heartbeat's worst lateness).

The table holds what a day at ``--rate`` fixes/s leaves behind: the simulator prunes fixes
older than ``POSITIONS_KEPT`` every minute, so that is the kept window, all of it written at
the full rate. Compared in the same run, on the same table, with the naive start-up: every
fix of the last hour read in one query and applied to the tracker on the GUI thread.

Run: python bench/bench_startup.py [--rate 2000] [--minutes 120] [--db-name NAME]
(the defaults are the target: 2,000 fixes/s, two hours kept; PostgreSQL on 127.0.0.1).
"""
from __future__ import annotations

import argparse
import os
import time

from commandcenter.map.webengine import prepare_webengine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_webengine()

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from commandcenter.demo.builder import build_demo  # noqa: E402
from commandcenter.models.enums import Role  # noqa: E402
from commandcenter.store.accounts import find_actor  # noqa: E402
from commandcenter.store.db import open_database  # noqa: E402
from commandcenter.store.positions import POSITIONS_KEPT  # noqa: E402
from commandcenter.store.service import local_now  # noqa: E402
from commandcenter.views.common.staff import TRAIL, fetch_fixes  # noqa: E402
from commandcenter.views.common.tasks import TaskRunner  # noqa: E402
from commandcenter.views.common.workstation import Workstation  # noqa: E402
from commandcenter.views.dispatcher.window import DispatcherWindow  # noqa: E402

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NAME = "cc_bench_startup"


class Heartbeat(QObject):
    def __init__(self):
        super().__init__()
        self.timer = QTimer(self, interval=16, timeout=self._tick)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.late, self._last = [], 0.0

    def start(self) -> None:
        self.late, self._last = [], time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late.append((now, max(0.0, (now - self._last) * 1000 - 16)))
        self._last = now

    def worst(self, start: float, end: float) -> float:
        return max((late for at, late in self.late if start <= at <= end), default=0.0)


class NaiveWindow(DispatcherWindow):
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


def run(window_cls, url: str) -> dict:
    db = open_database(url)
    runner = TaskRunner()
    window = window_cls(Workstation.open(db, find_actor(db, None, Role.DISPATCHER), runner),
                        remember_layout=False)
    window.resize(1920, 1080)
    window.show()
    spin_until(lambda: window.map._ready, 60)  # the web page itself is not the data's cost
    staff_seq = []
    original = window.map.set_staff
    window.map.set_staff = lambda staff: staff_seq.append(original(staff)) or staff_seq[-1]
    beat = Heartbeat()
    beat.start()
    started = time.perf_counter()
    window.reload()
    # First paint: the board is in, and the map has painted it with the staff on it.
    spin_until(lambda: window.last_map_seq and staff_seq
               and window.map.painted_seq >= max(window.last_map_seq, staff_seq[0]))
    painted = time.perf_counter()
    # Then every trail of the last hour (the naive way has it all in its first paint).
    spin_until(lambda: not window._staff_busy and window.map.painted_seq >= staff_seq[-1])
    complete = time.perf_counter()
    beat.timer.stop()
    people = len(window.staff.positions(local_now()))
    window.close()
    runner.wait()
    db.dispose()
    return {"paint": painted - started, "complete": complete - started,
            "blocked_paint": beat.worst(started, painted),
            "blocked_after": beat.worst(painted, complete), "people": people}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=2000, help="fixes a second")
    parser.add_argument("--minutes", type=float, default=POSITIONS_KEPT.total_seconds() / 60,
                        help="minutes of fixes the table keeps (default: what pruning keeps)")
    parser.add_argument("--db-name", default=NAME, help="scratch database (dropped after)")
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
        results = {label: run(cls, url) for label, cls in (
            ("bounded pieces off the GUI thread", DispatcherWindow),
            ("naive: one read, applied on the GUI thread", NaiveWindow))}
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {args.db_name} WITH (FORCE)"))
    print("start-up (web page already up) to first paint: board, map and staff positions;"
          " then to the last trail point; GUI heartbeat 16 ms, worst lateness:")
    for label, r in results.items():
        print(f"  {label:<44} first paint {r['paint']:5.2f} s (GUI blocked at most "
              f"{r['blocked_paint']:5.0f} ms), trails complete {r['complete']:5.2f} s "
              f"(blocked at most {r['blocked_after']:5.0f} ms); {r['people']} staff shown")


if __name__ == "__main__":
    main()
