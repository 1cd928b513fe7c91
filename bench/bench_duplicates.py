"""Duplicate search at 100,000 open cases: the grid-hash index against a full scan.

Places N open cases (default 100,000) over the Dongcheng extent, in the minor classes a
district sees most, reported over the last 30 days; then asks, for Q new reports (half of
them a few metres from an open case, so there are duplicates to find), for the open cases
of the same class within 50 m reported in the last 7 days:

  index        DuplicateIndex.search (built once, then kept current case by case)
  scan         scan_duplicates over every open case (the naive answer)
  numpy scan   the same scan vectorised over arrays of every open case (a fairer naive)

and checks that all three give the same answer. Then the same searches through the store
(`possible_duplicates`: a box around the report, read with the class/latitude index)
against reading every open case of the class and scanning, on SQLite and, unless
--skip-postgres, PostgreSQL. Prints the machine load beside the figures.

Run: python bench/bench_duplicates.py [--cases N] [--queries Q] [--skip-postgres]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, insert, select, text

from commandcenter.models.catalog import load_catalog
from commandcenter.models.duplicates import (DuplicateIndex, DuplicateRules, OpenCase,
                                             scan_duplicates)
from commandcenter.models.space import metres_per_degree
from commandcenter.store.db import open_database
from commandcenter.store.duplicates import possible_duplicates
from commandcenter.store.schema import Case

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 11, 23, 10, 0)
LON = (116.385, 116.445)   # Dongcheng's extent, roughly
LAT = (39.865, 39.970)
COMMON = {"0101": 14, "0501": 12, "0201": 11, "0504": 7, "0503": 7, "0505": 7, "0508": 6}
RULES = DuplicateRules()


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def open_cases(n: int, rng: random.Random) -> list[OpenCase]:
    keys = [m.key for m in load_catalog()]
    weights = [COMMON.get(k.split(":")[1], 1) if k.startswith("event") else 0.3 for k in keys]
    classes = rng.choices(keys, weights, k=n)
    return [OpenCase(i + 1, f"2026{i:09d}", classes[i], rng.uniform(*LON), rng.uniform(*LAT),
                     NOW - timedelta(minutes=rng.uniform(0, 30 * 1440))) for i in range(n)]


def queries(cases: list[OpenCase], q: int, rng: random.Random) -> list[tuple[str, float, float]]:
    kx, ky = metres_per_degree(sum(LAT) / 2)
    result = []
    for i in range(q):
        if i % 2:
            c = rng.choice(cases)   # a second report of the same problem, a few metres off
            result.append((c.class_key, c.lon + rng.uniform(-30, 30) / kx,
                           c.lat + rng.uniform(-30, 30) / ky))
        else:
            c = rng.choice(cases)
            result.append((c.class_key, rng.uniform(*LON), rng.uniform(*LAT)))
    return result


def per_search(fn, items) -> tuple[list[float], list]:
    times, answers = [], []
    for item in items:
        began = time.perf_counter()
        answers.append(fn(*item))
        times.append((time.perf_counter() - began) * 1000)
    return times, answers


def figures(times: list[float]) -> str:
    times = sorted(times)
    return (f"mean {statistics.fmean(times):8.3f} ms  p50 {times[len(times) // 2]:8.3f}  "
            f"p95 {times[int(len(times) * 0.95)]:8.3f}  max {times[-1]:8.3f}")


class NumpyScan:
    """Every open case in arrays; a search is one vectorised pass over all of them."""

    def __init__(self, cases: list[OpenCase]):
        self.cases = cases
        self.keys = np.array([c.class_key for c in cases])
        self.lon = np.array([c.lon for c in cases])
        self.lat = np.array([c.lat for c in cases])
        self.at = np.array([c.reported_at for c in cases], dtype="datetime64[s]")

    def search(self, key, lon, lat):
        kx, ky = metres_per_degree(lat)
        since = np.datetime64(NOW - RULES.window, "s")
        d = np.hypot((self.lon - lon) * kx, (self.lat - lat) * ky)
        hits = np.flatnonzero((self.keys == key) & (self.at >= since) & (d <= RULES.radius_m))
        # The exact test and order of the scan on the few hits, so the answers compare.
        return scan_duplicates([self.cases[i] for i in hits], key, lon, lat, NOW, RULES)


def in_memory(cases, asked, scan_queries) -> None:
    began = time.perf_counter()
    index = DuplicateIndex(cases)
    built = time.perf_counter() - began
    print(f"index built in {built * 1000:.0f} ms ({len(cases):,} cases, 50 m cells)")
    t_index, a_index = per_search(lambda k, x, y: index.search(k, x, y, NOW, RULES), asked)
    t_scan, a_scan = per_search(lambda k, x, y: scan_duplicates(cases, k, x, y, NOW, RULES),
                                asked[:scan_queries])
    numpy = NumpyScan(cases)
    t_np, a_np = per_search(numpy.search, asked)
    assert a_scan == a_index[:scan_queries] and a_np == a_index, "the answers differ"
    found = sum(bool(a) for a in a_index)
    print(f"{len(asked):,} searches, {found} with possible duplicates; answers identical")
    print(f"  index       {figures(t_index)}")
    print(f"  scan        {figures(t_scan)}   ({scan_queries} searches; "
          f"{statistics.fmean(t_scan) / statistics.fmean(t_index):,.0f}× the index)")
    print(f"  numpy scan  {figures(t_np)}   "
          f"({statistics.fmean(t_np) / statistics.fmean(t_index):,.0f}× the index)")
    rng, moved = random.Random(5), []
    began = time.perf_counter()
    for case in rng.sample(cases, 10_000):
        index.discard(case.case_id)
        moved.append(case)
    for case in moved:
        index.add(case)
    print(f"  keeping it current: {(time.perf_counter() - began) / 20_000 * 1e6:.1f} µs "
          "per case added or discarded")


def fill(db, cases: list[OpenCase]) -> None:
    rows = [dict(id=c.case_id, number=c.number, source="supervisor", kind=c.class_key.split(":")[0],
                 class_key=c.class_key, urgency="normal", lon=c.lon, lat=c.lat,
                 grid_code="110101001001001", description="bench", address="",
                 reporter_name="", reporter_phone="", reporter_id_no="", photos=[],
                 stage="dispatch", is_open=True, reported_at=c.reported_at,
                 stage_started_at=c.reported_at, pending_payload={}, supervision_level=0,
                 escalation_level=0, rework_count=0, return_count=0, extension_count=0,
                 hold_count=0, version=3, updated_by="bench", updated_at=c.reported_at)
            for c in cases]
    with db.session() as session:
        for start in range(0, len(rows), 10_000):
            session.execute(insert(Case), rows[start:start + 10_000])
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE cases" if db.dialect == "postgresql" else "ANALYZE"))


def naive_store(db, key, lon, lat):
    """Every open case of the class, read and scanned."""
    with db.session() as session:
        rows = session.execute(select(Case.id, Case.number, Case.class_key, Case.lon, Case.lat,
                                      Case.reported_at).where(Case.is_open, Case.class_key == key))
        cases = [OpenCase(*row) for row in rows]
    return scan_duplicates(cases, key, lon, lat, NOW, RULES)


def through_store(name: str, db, cases, asked, expected) -> None:
    began = time.perf_counter()
    fill(db, cases)
    print(f"{name}: {len(cases):,} open cases stored in {time.perf_counter() - began:.0f} s; {load()}")
    t_store, a_store = per_search(
        lambda k, x, y: possible_duplicates(db, k, x, y, NOW, RULES), asked)
    t_naive, a_naive = per_search(lambda k, x, y: naive_store(db, k, x, y), asked[:100])
    assert a_store == expected and a_naive == expected[:100], "the answers differ"
    print(f"  box prefilter   {figures(t_store)}")
    print(f"  class, scanned  {figures(t_naive)}   (100 searches; "
          f"{statistics.fmean(t_naive) / statistics.fmean(t_store):,.0f}× the prefilter)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--scan-queries", type=int, default=200)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    rng = random.Random(1)
    cases = open_cases(args.cases, rng)
    asked = queries(cases, args.queries, rng)
    print(load())
    in_memory(cases, asked, min(args.scan_queries, len(asked)))
    index = DuplicateIndex(cases)
    expected = [index.search(k, x, y, NOW, RULES) for k, x, y in asked]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            through_store("SQLite", db, cases, asked, expected)
        finally:
            db.dispose()
    if not args.skip_postgres:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        name = f"cc_bench_dup_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db = open_database(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}")
        try:
            through_store("PostgreSQL", db, cases, asked, expected)
        finally:
            db.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print(load())


if __name__ == "__main__":
    main()
