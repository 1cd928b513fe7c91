"""Case history import at 1,000,000 rows on PostgreSQL: the bulk importer against the
per-row service path.

Builds a throw-away database (named ``exchange_bench_<random>``, dropped at
the end) with a 60 × 60 lattice of unit grids and the departments, writes a CSV of N rows
(default 1,000,000: 90 % closed with a department, 5 % open and dispatched, 5 % open without
a department; two years of history) and times:

  bulk      ``import_cases`` — every row parsed, located and checked, cases, events and
            change-log rows written by COPY in one transaction
  per row   the workflow service, one transaction per row: report, accept, file, dispatch,
            handle, check, close (the path a naive importer would take), on the first
            --naive-rows rows (default 2,000), extrapolated to N
  re-run    the same file again: nothing is written twice (external ids)

Run: python bench/bench_import.py [--rows N] [--naive-rows M]
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import shapely
from sqlalchemy import create_engine, func, select, text

from commandcenter.exchange.cases import import_cases
from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.catalog import load_departments
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.space import to_geojson
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import open_database
from commandcenter.store.schema import Case, CaseEventRow, Department, Grid, User
from commandcenter.store.service import CaseService

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
WEST, SOUTH, STEP, SIDE = 116.38, 39.86, 0.001, 60
MAPPING = """
time_zone = "Asia/Shanghai"
id_prefix = "old:"
[columns]
external_id = "id"
reported_at = "reported"
closed_at = "closed"
department = "dept"
class = "type"
lon = "lon"
lat = "lat"
description = "text"
[classes]
garbage = "event:0101"
parking = "event:0508"
manhole = "component:0101"
"""
USERS = [("op", Role.OPERATOR, None), ("lead", Role.SHIFT_LEAD, None),
         ("disp", Role.DISPATCHER, None), ("sup", Role.SUPERVISOR, None)]


def seed(db) -> None:
    with db.session() as s:
        for row in range(SIDE):
            for col in range(SIDE):
                community = f"110101{row // 20 + 1:03d}{col // 20 + 1:03d}"
                serial = (row % 20) * 20 + col % 20 + 1
                box = shapely.box(WEST + col * STEP, SOUTH + row * STEP,
                                  WEST + (col + 1) * STEP, SOUTH + (row + 1) * STEP)
                s.add(Grid(code=f"{community}{serial:03d}", community_code=community,
                           street_code=community[:9], geometry=to_geojson(box),
                           lon=box.centroid.x, lat=box.centroid.y, area_m2=9000.0, synthetic=True))
        s.add_all([Department(code=d.code, name=d.name, short_name=d.short_name, type=d.type,
                              street_code=d.street_code) for d in load_departments()])
        s.flush()
        s.add_all([User(username=u, display_name=u, role=r.value, department_code=d, active=True)
                   for u, r, d in USERS]
                  + [User(username="h_d09", display_name="h", role="department",
                          department_code="D09", active=True)])


def write_csv(path: Path, n: int, seed_: int = 7) -> None:
    rng = random.Random(seed_)
    start = datetime(2024, 6, 1, 8, 0)
    span = 2 * 365 * 1440
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "reported", "closed", "dept", "type", "lon", "lat", "text"])
        for i in range(n):
            reported = start + timedelta(minutes=i * span // n)
            kind = rng.random()
            closed = (reported + timedelta(minutes=rng.randint(30, 4000))) if kind < 0.9 else None
            dept = "D09" if kind < 0.95 else ""
            w.writerow([i, reported.isoformat(" "), closed.isoformat(" ") if closed else "", dept,
                        rng.choice(("garbage", "parking", "manhole")),
                        f"{WEST + rng.random() * SIDE * STEP:.6f}",
                        f"{SOUTH + rng.random() * SIDE * STEP:.6f}", "路边暴露垃圾"])


def backend_cpu(dbname: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends serving ``dbname`` (from /proc:
    the server runs on this machine). With the import's own CPU time, this shows what the
    run would take on an idle machine, whatever else shares the cores."""
    import os
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if dbname.encode() not in f.read():
                    continue
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
    return total


class ServerClock:
    """CPU seconds of the database's backends, for the importer's phases: their process ids
    looked up now and then, their /proc/PID/stat read at every call."""

    def __init__(self, dbname: str):
        self.dbname, self.pids, self.found = dbname, [], 0.0

    def __call__(self) -> float:
        if time.monotonic() - self.found > 5:
            self.pids = backend_pids(self.dbname)
            self.found = time.monotonic()
        return sum(map(_cpu_of, self.pids))


def backend_pids(dbname: str) -> list[str]:
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if dbname.encode() in f.read():
                    pids.append(pid)
        except OSError:
            continue
    return pids


def _cpu_of(pid: str) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def naive(db, path: Path, limit: int) -> float:
    """One row at a time through the workflow service, each in its own transaction."""
    from commandcenter.exchange.caserows import parse_time
    from commandcenter.exchange.casemap import load_mapping
    from commandcenter.models.catalog import load_catalog
    from commandcenter.store.spatial import locate_grid
    service = CaseService(db, load_policy(db))
    mapping_path = path.with_suffix(".toml")
    mapping = load_mapping(mapping_path, load_catalog(), {d.code for d in load_departments()})
    actors = {u: service.actor(u) for u in ("op", "lead", "disp", "h_d09", "sup")}
    started = time.perf_counter()
    with open(path, newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i >= limit:
                break
            at = parse_time(row["reported"], mapping, "reported")
            closed = parse_time(row["closed"], mapping, "closed")
            lon, lat = float(row["lon"]), float(row["lat"])
            with service.batch() as wf:
                grid = locate_grid(wf.session, lon, lat)
                key = mapping.classes[row["type"]]
                case = wf.report(actors["op"], CaseDraft(
                    Source.HOTLINE, CaseKind(key.split(":")[0]), key, Urgency.NORMAL, lon, lat,
                    grid, row["text"]), at=at)
                wf.act(actors["op"], case.id, Action.ACCEPT, at=at)
                wf.act(actors["sup"], case.id, Action.VERIFY, at=at)
                wf.act(actors["lead"], case.id, Action.FILE, at=at)
                if row["dept"]:
                    wf.act(actors["disp"], case.id, Action.DISPATCH, at=at, department_code="D09")
                    if closed:
                        wf.act(actors["h_d09"], case.id, Action.HANDLE, at=closed)
                        wf.act(actors["sup"], case.id, Action.CHECK_PASS, at=closed)
                        wf.act(actors["lead"], case.id, Action.CLOSE, at=closed)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=2_000)
    args = parser.parse_args()
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"exchange_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "history.csv"
            path.with_suffix(".toml").write_text(MAPPING)
            t = time.perf_counter()
            write_csv(path, args.rows)
            print(f"wrote {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) in "
                  f"{time.perf_counter() - t:.1f} s")
            db = open_database(url)
            seed(db)
            cpu0, server0 = time.process_time(), backend_cpu(name)
            report = import_cases(db, path, path.with_suffix(".toml"),
                                  now=datetime(2026, 12, 1), server_clock=ServerClock(name))
            cpu, server = time.process_time() - cpu0, backend_cpu(name) - server0
            with db.session() as s:
                events = s.scalar(select(func.count()).select_from(CaseEventRow))
                cases = s.scalar(select(func.count()).select_from(Case))
            print(f"bulk     {report.seconds:6.1f} s  {args.rows / report.seconds:9,.0f} rows/s  "
                  f"({cases:,} cases, {events:,} events; {report.summary()})")
            print(f"         CPU: importer {cpu:.1f} s (two threads), PostgreSQL {server:.1f} s; "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            print("\n".join("         " + line for line in report.phases.lines()))
            cpu0 = time.process_time()
            again = import_cases(db, path, path.with_suffix(".toml"), now=datetime(2026, 12, 1),
                                 server_clock=ServerClock(name))
            lookup = again.phases.times["lookup"]
            print(f"re-run   {again.seconds:6.1f} s  imported {again.imported}, "
                  f"already there {again.already:,}; CPU: importer "
                  f"{time.process_time() - cpu0:.1f} s, look-ups in PostgreSQL {lookup.server:.1f} s")
            with db.session() as s:
                s.execute(text("TRUNCATE cases, case_events, change_log, case_counters CASCADE"))
            seconds = naive(db, path, args.naive_rows)
            rate = args.naive_rows / seconds
            print(f"per row  {seconds:6.1f} s for {args.naive_rows:,} rows  {rate:9,.0f} rows/s  "
                  f"→ {args.rows / rate / 60:,.0f} min for {args.rows:,}; bulk is "
                  f"{(args.rows / report.seconds) / rate:,.0f}× faster")
            db.dispose()
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
