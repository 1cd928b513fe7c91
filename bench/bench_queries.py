"""The dispatcher's hot queries at 1,000,000 cases, on SQLite and PostgreSQL.

Builds a case table of N cases (default 1,000,000; ~3 % open, as in a district that
closes most cases within days) by bulk insert — the history generator is the right tool
for realism, this bench is about query plans at volume — then times:

  open queue   open cases of one stage with their deadlines, most urgent first (top 500)
  all open     every open case with deadline (the map's markers)
  grid load    open and overdue counts per grid

each with the schema's partial indexes and, for comparison, without them (the naive
schema: plain indexes on stage and grid). Median of 7 runs after a warm-up.

Run: python bench/bench_queries.py [--cases N] [--skip-sqlite] [--skip-postgres]
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from commandcenter.models.enums import OPEN_STAGES, Stage
from commandcenter.store import queries
from commandcenter.store.db import open_database

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 11, 23, 10, 0)
OPEN_SHARE = 0.03
COLUMNS = ("number", "source", "kind", "class_key", "urgency", "lon", "lat", "grid_code",
           "description", "address", "reporter_name", "reporter_phone", "reporter_id_no",
           "photos", "stage", "is_open", "department_code", "reported_at", "stage_started_at",
           "deadline", "pending_payload", "supervision_level", "escalation_level",
           "rework_count", "return_count", "extension_count", "hold_count", "version",
           "updated_by", "updated_at")


def rows(n: int, seed: int = 1):
    rng = random.Random(seed)
    grids = [f"110101{s:03d}{c:03d}{g:03d}" for s in range(1, 18) for c in range(1, 11)
             for g in range(1, 25)]
    open_stages = [s.value for s in OPEN_STAGES]
    start = NOW - timedelta(days=3 * 365)
    for i in range(n):
        reported = start + timedelta(minutes=i * (3 * 365 * 1440) / n)
        is_open = i >= n * (1 - OPEN_SHARE * 2) and rng.random() < 0.5
        stage = rng.choice(open_stages) if is_open else rng.choice(("closed",) * 19 + ("void",))
        deadline = NOW + timedelta(minutes=rng.randint(-3000, 6000)) if is_open else None
        yield (f"{reported:%Y%m%d}{i % 100000:05d}{i // 100000}", "supervisor", "event",
               "event:0101", "normal", 116.38 + rng.random() * 0.06, 39.86 + rng.random() * 0.1,
               rng.choice(grids), "暴露垃圾", "", "", "", "", "[]", stage, is_open,
               f"D{rng.randint(1, 18):02d}", reported, reported, deadline, "{}", 0, 0, 0, 0, 0,
               0, 5, "bench", reported)


def fill_postgres(url: str, n: int) -> None:
    import psycopg
    with psycopg.connect(url.replace("+psycopg", "")) as conn, conn.cursor() as cur:
        with cur.copy(f"COPY cases ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows(n):
                copy.write_row(row)
        cur.execute("ANALYZE cases")


def fill_sqlite(path: Path, n: int) -> None:
    import sqlite3
    conn = sqlite3.connect(path)
    marks = ", ".join("?" * len(COLUMNS))
    conn.executemany(f"INSERT INTO cases ({', '.join(COLUMNS)}) VALUES ({marks})", rows(n))
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def timed(fn, runs: int = 7) -> float:
    fn()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000


def measure(db) -> dict[str, float]:
    return {
        "open queue (dispatch, top 500)": timed(lambda: queries.open_queue(db, [Stage.DISPATCH])),
        "all open with deadlines": timed(lambda: queries.open_queue(db, limit=None)),
        "grid load (open, overdue)": timed(lambda: queries.grid_load(db, NOW)),
    }


def naive_schema(db) -> None:
    """Replace the partial indexes with what a first schema would have."""
    with db.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_cases_open_stage_deadline"))
        conn.execute(text("DROP INDEX ix_cases_open_grid"))
        conn.execute(text("CREATE INDEX naive_stage ON cases (stage)"))
        conn.execute(text("CREATE INDEX naive_grid ON cases (grid_code)"))
        conn.execute(text("ANALYZE cases" if db.dialect == "postgresql" else "ANALYZE"))


def run(name: str, db, fill, n: int) -> None:
    began = time.perf_counter()
    fill(n)
    print(f"{name}: {n:,} cases loaded in {time.perf_counter() - began:.0f} s "
          f"({queries.summary(db, NOW)['cases']['open']:,} open)")
    fast = measure(db)
    naive_schema(db)
    slow = measure(db)
    for query in fast:
        print(f"  {query:<32} {fast[query]:8.1f} ms   naive {slow[query]:8.1f} ms "
              f"({slow[query] / fast[query]:.1f}×)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if not args.skip_postgres:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS cc_bench WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE cc_bench"))
        url = PG_ADMIN.rsplit("/", 1)[0] + "/cc_bench"
        db = open_database(url)
        try:
            run("PostgreSQL", db, lambda n: fill_postgres(url, n), args.cases)
        finally:
            db.dispose()
            with admin.connect() as conn:
                conn.execute(text("DROP DATABASE IF EXISTS cc_bench WITH (FORCE)"))
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            db = open_database(f"sqlite:///{path}")
            run("SQLite", db, lambda n: fill_sqlite(path, n), args.cases)
            db.dispose()


if __name__ == "__main__":
    main()
