"""Rolling up GPS fixes past two hours: how long each transaction of the product's upkeep
holds its locks, and what a writer of fixes waits meanwhile, against the naive upkeep (the
whole backlog rolled up and deleted in one transaction).

The raw table holds ``--minutes`` of fixes older than POSITIONS_KEPT at ``--rate`` a
second (a writer that was stopped, or the first round after an upgrade), plus the last
few minutes. A writer inserts a batch of fixes every 100 ms meanwhile, as the simulator does;
its slowest insert is what the upkeep cost it. Then fixes_between reads a past hour of
everyone from the minute table and the last ten minutes from the raw one.

Run: python bench/bench_rollup.py [--rate 2000] [--minutes 30] [--staff 350]
     [--db postgresql|sqlite]   (PostgreSQL on 127.0.0.1, or a SQLite file; made and dropped)
On SQLite a write transaction keeps every other writer out, so there the writer's wait is
the upkeep's longest transaction.
"""
from __future__ import annotations

import argparse
import os
from contextlib import contextmanager
import tempfile
import threading
import time
import uuid
from datetime import timedelta

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from commandcenter.store.db import open_database
from commandcenter.store.positions import (POSITIONS_KEPT, Fix, fixes_between,
                                           maintain_positions, record_fixes)
from commandcenter.store.schema import StaffPosition, StaffPositionMinute, User
from commandcenter.store.service import local_now

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


RECENT_MIN = 5  # of the two hours kept: enough for the reads, the rest changes nothing


def fill(db, staff: int, rate: float, minutes: float, now) -> None:
    """``minutes`` of fixes past keeping and RECENT_MIN of the last ones, ``rate`` a second."""
    with db.session() as s:
        s.add_all([User(username=f"bench{i}", display_name=f"bench{i}", role="supervisor",
                        active=True) for i in range(staff)])
    span = timedelta(minutes=minutes) + POSITIONS_KEPT
    per_person = int(rate * (minutes + RECENT_MIN) * 60 / staff)
    step = (minutes + RECENT_MIN) * 60 / per_person
    params = {"start": now - span, "step": step, "n": per_person,
              "gap": (span - timedelta(minutes=minutes + RECENT_MIN)).total_seconds()}
    sqlite = db.url.startswith("sqlite")
    at = ("strftime('%Y-%m-%d %H:%M:%f', :start, '+' || (g.n * :step + "
          "CASE WHEN g.n * :step >= :backlog THEN :gap ELSE 0 END) || ' seconds')" if sqlite
          else "CAST(:start AS timestamp) + make_interval(secs => g.n * :step + "
               "CASE WHEN g.n * :step >= :backlog THEN :gap ELSE 0 END)")
    params["backlog"] = minutes * 60
    noise = "(abs(random()) % 1000) / 1000.0" if sqlite else "random()"
    with db.session() as s:
        s.execute(text(
            "WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < :n - 1) "
            "INSERT INTO staff_positions (user_id, at, lon, lat, on_duty) "
            f"SELECT u.id, {at}, 116.41 + ({noise} - 0.5) * 0.04, "
            f"39.92 + ({noise} - 0.5) * 0.04, true FROM users u, g"), params)
        s.execute(text("ANALYZE staff_positions" if not sqlite else "ANALYZE"))


class Writer:
    """Inserts a batch of fixes every 100 ms; notes how long each insert took."""

    def __init__(self, db, staff_ids: list[int], rate: float):
        self.db, self.ids, self.per_batch = db, staff_ids, max(1, int(rate / 10))
        self.waits: list[float] = []
        self.refused = 0  # inserts the database refused (SQLite: "database is locked")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        i = 0
        while not self._stop.wait(0.1):
            at = local_now()
            batch = [Fix(self.ids[(i + k) % len(self.ids)], at, 116.41, 39.92)
                     for k in range(self.per_batch)]
            began = time.perf_counter()
            try:
                record_fixes(self.db, batch, at=at)
            except OperationalError:
                self.refused += 1
            self.waits.append((time.perf_counter() - began) * 1000)
            i += self.per_batch

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.waits, default=0.0)


def naive(db, before) -> int:
    """Everything past keeping in one transaction: one statement rolls up, one deletes."""
    minute = ("strftime('%Y-%m-%d %H:%M', at)" if db.url.startswith("sqlite")
              else "date_trunc('minute', at)")
    with db.session() as s:
        s.execute(text(
            "INSERT INTO staff_position_minutes (user_id, at, lon, lat, on_duty) "
            "SELECT p.user_id, p.at, p.lon, p.lat, p.on_duty FROM staff_positions p JOIN "
            f"(SELECT min(id) AS id FROM staff_positions WHERE at < :before GROUP BY user_id, "
            f"{minute}) f ON f.id = p.id"), {"before": before})
        return s.execute(text("DELETE FROM staff_positions WHERE at < :before"),
                         {"before": before}).rowcount


def run(label: str, url: str, args, upkeep) -> None:
    db = open_database(url)
    now = local_now()
    fill(db, args.staff, args.rate, args.minutes, now)
    with db.session() as s:
        ids = s.scalars(select(User.id)).all()
        raw = s.scalar(select(func.count()).select_from(StaffPosition))
    writer = Writer(open_database(url), ids, args.rate)  # a connection of its own
    time.sleep(1)
    longest_tx = [0.0]
    session = db.session

    @contextmanager
    def timed_session():  # every transaction of the upkeep, timed
        began = time.perf_counter()
        with session() as s:
            yield s
        longest_tx[0] = max(longest_tx[0], time.perf_counter() - began)

    db.session = timed_session
    longest, rounds, moved = 0.0, 0, 0
    began = time.perf_counter()
    while True:
        t = time.perf_counter()
        n = upkeep(db, now)
        longest = max(longest, time.perf_counter() - t)
        rounds, moved = rounds + 1, moved + n
        if not n:
            break
    took = time.perf_counter() - began
    db.session = session
    time.sleep(0.5)
    worst_insert = writer.stop()
    writer.db.dispose()
    with db.session() as s:
        minutes = s.scalar(select(func.count()).select_from(StaffPositionMinute))
    cutoff = (now - POSITIONS_KEPT).replace(second=0, microsecond=0)  # whole minutes only
    t = time.perf_counter()
    hour = fixes_between(db, cutoff - timedelta(hours=1), cutoff)
    read_hour = time.perf_counter() - t
    t = time.perf_counter()
    recent = fixes_between(db, now - timedelta(minutes=10), now, ids[:1])
    read_recent = time.perf_counter() - t
    db.dispose()
    print(f"  {label}: {raw:,} raw fixes, {moved:,} rolled up into {minutes:,} minute rows in "
          f"{took:.1f} s over {rounds - 1} round(s); longest round {longest * 1000:.0f} ms, "
          f"longest transaction {longest_tx[0] * 1000:.0f} ms; a writer's slowest insert "
          f"meanwhile {worst_insert:.0f} ms" + (f", {writer.refused} batches refused"
                                                  if writer.refused else ""))
    print(f"      fixes_between: a past hour of everyone {len(hour):,} fixes in "
          f"{read_hour * 1000:.0f} ms; one person's last ten minutes {len(recent):,} fixes "
          f"in {read_recent * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=2000, help="fixes a second")
    parser.add_argument("--minutes", type=float, default=30,
                        help="minutes of fixes past two hours waiting to be rolled up")
    parser.add_argument("--staff", type=int, default=350)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args()
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    print(f"{args.minutes:g} minutes past keeping at {args.rate:g} fixes/s, {args.staff} staff, "
          f"{args.db}; load average {os.getloadavg()[0]:.1f} (2 cores)")
    for label, upkeep in (
            ("product: a minute per transaction, ten a round",
             lambda db, now: maintain_positions(db, now)[0]),
            ("naive: the whole backlog in one transaction",
             lambda db, now: naive(db, now - POSITIONS_KEPT))):
        name = f"cc_bench_rollup_{uuid.uuid4().hex[:8]}"
        if args.db == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                run(label, f"sqlite:///{folder}/{name}.db", args, upkeep)
            continue
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run(label, ADMIN.rsplit("/", 1)[0] + f"/{name}", args, upkeep)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
