"""Change-to-visible latency between two workstations (two processes).

A writer process reports N cases through the workflow service, noting the moment each commit
returned; this process follows the change log with a LiveFeed and notes when each change
reaches it. Three ways of following, side by side: woken by NOTIFY on PostgreSQL, polling
every 250 ms on PostgreSQL, polling every 250 ms on SQLite. Creates and drops its own
PostgreSQL database and SQLite file.

Run: python bench/bench_feed.py [-n 500] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Both processes read time.monotonic(), one system-wide clock on Linux and Windows.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from commandcenter.models.case import CaseDraft
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store.db import open_database
from commandcenter.store.feed import FeedState, LiveFeed
from commandcenter.store.schema import Grid, User
from commandcenter.store.service import CaseService

GRID = "110101001001001"
SQUARE = ('{"type":"Polygon","coordinates":[[[116.4,39.91],[116.401,39.91],[116.401,39.911],'
          '[116.4,39.911],[116.4,39.91]]]}')
MEAN_GAP = 0.015  # seconds between the writer's reports, drawn uniformly from 0 to twice this


def seed(db) -> None:
    with db.session() as s:
        s.add(Grid(code=GRID, community_code=GRID[:12], street_code=GRID[:9], geometry=SQUARE,
                   lon=116.4005, lat=39.9105, area_m2=9500.0, synthetic=True))
        s.add(User(username="sup1", display_name="sup1", role="supervisor", active=True))


def writer(url: str, count: str) -> None:
    """The other workstation: waits for 'go', then one JSON line per committed report."""
    service = CaseService(open_database(url, upgrade=False), default_policy())
    sup = service.actor("sup1")
    pace = random.Random(7)
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(int(count)):
        draft = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0101",
                          urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID,
                          description=f"暴露垃圾 {i}")
        case = service.report(sup, draft)
        print(json.dumps({"id": str(case.id), "t": time.monotonic()}), flush=True)
        time.sleep(pace.uniform(0, 2 * MEAN_GAP))


def measure(db, n: int, **feed_options) -> list[float]:
    """Latencies in seconds, one per report; each change must arrive exactly once."""
    seen: dict[str, float] = {}
    duplicates = []
    live_now, all_seen = threading.Event(), threading.Event()

    def on_changes(changes) -> None:
        now = time.monotonic()
        for change in changes:
            if change.kind == "report":
                if change.entity_id in seen:
                    duplicates.append(change.entity_id)
                seen[change.entity_id] = now
        if len(seen) >= n:
            all_seen.set()

    def on_state(state: FeedState) -> None:
        if state is FeedState.LIVE:
            live_now.set()

    stop = threading.Event()
    feed = LiveFeed(db, **feed_options)
    follower = threading.Thread(target=feed.run, args=(stop, on_changes, on_state), daemon=True)
    follower.start()
    proc = subprocess.Popen([sys.executable, __file__, "--writer", db.url, str(n)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert live_now.wait(30), "the feed never went live"
        assert proc.stdout.readline().strip() == "ready", "the writer did not start"
        proc.stdin.write("go\n")
        proc.stdin.flush()
        committed = [json.loads(line) for line in proc.stdout]
        assert proc.wait(60) == 0, "the writer failed"
        assert all_seen.wait(30), f"only {len(seen)} of {n} changes arrived"
    finally:
        stop.set()
        follower.join(10)
        if proc.poll() is None:
            proc.kill()
    assert not duplicates, f"delivered twice: {duplicates[:5]}"
    return [seen[c["id"]] - c["t"] for c in committed]


def describe(latencies: list[float]) -> str:
    q = statistics.quantiles(latencies, n=100)
    return (f"{q[49] * 1e3:9.1f} ms {q[94] * 1e3:9.1f} ms {max(latencies) * 1e3:9.1f} ms"
            f"   ({len(latencies)} changes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=500, help="reports to commit per run")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="an administrative PostgreSQL URL (creates a scratch database)")
    args = parser.parse_args()

    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    name = f"cc_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    results = {}
    try:
        pg = open_database(args.pg.rsplit("/", 1)[0] + f"/{name}")
        seed(pg)
        results["PostgreSQL, woken by NOTIFY"] = measure(pg, args.n)
        results["PostgreSQL, polling 250 ms"] = measure(pg, args.n, notify=False,
                                                        poll_interval=0.25)
        pg.dispose()
        with tempfile.TemporaryDirectory() as tmp:
            lite = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
            seed(lite)
            results["SQLite, polling 250 ms"] = measure(lite, args.n, poll_interval=0.25)
            lite.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    print(f"change committed by another process → visible here, {args.n} reports, "
          f"one every {MEAN_GAP * 1e3:.0f} ms on average")
    print(f"{'':32}" + " ".join(f"{h:>9}   " for h in ("p50", "p95", "max")))
    for label, latencies in results.items():
        print(f"{label:32}{describe(latencies)}")
    pg_p95 = max(statistics.quantiles(results[k], n=100)[94] for k in results if "PostgreSQL" in k)
    print(f"target p95 ≤ 300 ms on PostgreSQL: {'met' if pg_p95 <= 0.3 else 'MISSED'} "
          f"(worst PostgreSQL p95 {pg_p95 * 1e3:.0f} ms)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--writer":
        writer(*sys.argv[2:])
    else:
        main()
