"""The monthly review at volume: a year of case history (default 100,000 cases; the
figures in the README are for --cases 1000000) with its events, on PostgreSQL and SQLite.

The history is written set-based (COPY on PostgreSQL, executemany on SQLite) from event
sequences drawn with numpy: report → accept → (verify) → file → dispatch, with returns
and re-dispatch, extensions, holds (some resumed), supervision orders, failed checks and
rework, voids at filing, and the last days' cases left open at a random step. Generating
a million cases through the workflow service would take hours; the review reads only the
log, so the log is what is written.

Timed, each in a fresh process (its peak RSS is the memory figure), the review as it
reads the log now and, marked "old", as it did before (every event of each window
streamed into pandas and folded there, one window after the other):
  month          the full review of 2026-11, every object type, with 环比 and 同比
  …, October published  the same once 2026-10 is published (固化, before the timing, and
                 withdrawn after): 环比 takes October's published figures, its log unread
  month only     the same without the comparisons
  …, SQL fold    the log folded in the database instead of in pandas (the default),
                 with the same pruning
  …, pandas fold the default, named
  trend          the department score for the 12 months to 2026-11
  exports        .json .xlsx (with the case list) .pdf .html (grid map) of the month
  naive          the month's department and street figures by a per-case Python loop over
                 rows fetched through SQLAlchemy (JSON payloads parsed per event)
Each line ends with the load average of the machine when the task ended.

Databases are named bench_review_* and dropped (or deleted) at the end, unless --reuse
keeps them (PostgreSQL database bench_review_<N>, SQLite file bench_review_<N>.db in the
temporary folder) for the next run with --reuse, which then skips the writing. Drop them
with ``dropdb -h 127.0.0.1 -U postgres bench_review_<N>`` and by deleting the file.

Run: python bench/bench_review.py [--cases N] [--reuse] [--skip-sqlite] [--skip-postgres]
                                  [--no-naive] [--tasks "month only,month only, old"]
"""
from __future__ import annotations

import argparse
import io
import re
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, text

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
AS_OF = datetime(2026, 12, 1, 12, 0)
FIRST = np.datetime64("2025-12-01T00:00")
DAYS = 365
PERIOD = "2026-11"


# --- the history -------------------------------------------------------------------------------

def _world(n_grids=4080):
    from commandcenter.models.catalog import load_departments
    streets = [f"110101{s:03d}" for s in range(1, 18)]
    grids = [f"{st}{c:03d}{g:03d}" for st in streets for c in range(1, 11) for g in range(1, 25)]
    return load_departments(), grids[:n_grids]


def seed(db) -> None:
    from commandcenter.store.schema import Department, Grid, User
    departments, grids = _world()
    with db.session() as s:
        s.add_all([Department(code=d.code, name=d.name, short_name=d.short_name, type=d.type,
                              street_code=d.street_code) for d in departments])
        for i, g in enumerate(grids):
            lon, lat = 116.38 + (i % 64) * 0.001, 39.86 + (i // 64) * 0.001
            s.add(Grid(code=g, community_code=g[:12], street_code=g[:9], lon=lon, lat=lat,
                       area_m2=9000.0, synthetic=True, geometry=(
                           '{"type":"Polygon","coordinates":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],'
                           '[%f,%f]]]}' % (lon, lat, lon + .001, lat, lon + .001, lat + .001,
                                           lon, lat + .001, lon, lat))))
        people = [(f"sup{i:03d}", "supervisor") for i in range(300)] + \
                 [(f"op{i:02d}", "operator") for i in range(8)] + \
                 [(f"lead{i:02d}", "shift_lead") for i in range(4)] + \
                 [(f"disp{i:02d}", "dispatcher") for i in range(8)]
        s.add_all([User(username=u, display_name=u, role=r, active=True) for u, r in people])


def history(n: int, seed_: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cases, events) for ``n`` cases reported over the year to 2026-12-01."""
    rng = np.random.default_rng(seed_)
    departments, grids = _world()
    depts = np.array([d.code for d in departments])
    minutes = np.sort(rng.integers(0, DAYS * 1440, n))
    day, minute_of_day = minutes // 1440, 480 + (minutes % 1440) * 600 // 1440  # 08:00–18:00
    reported = FIRST + (day * 1440 + minute_of_day).astype("timedelta64[m]")
    ids = np.arange(1, n + 1)
    source = rng.choice(["supervisor", "hotline", "public", "video"], n, p=[.7, .18, .08, .04])
    verify = (source == "hotline") | (source == "public")
    grid = rng.choice(np.array(grids), n)
    dept = rng.choice(depts, n)
    wrong = rng.choice(depts, n)
    void = rng.random(n) < .04
    ret = ~void & (rng.random(n) < .03)
    ext = ~void & (rng.random(n) < .05)
    hold = ~void & (rng.random(n) < .02)
    resumed = hold & (rng.random(n) < .5)
    sup = ~void & (rng.random(n) < .03)
    fail = ~void & (rng.random(n) < .08)
    recent = reported > np.datetime64(AS_OF) - np.timedelta64(7, "D")
    cutoff = np.where(recent, rng.integers(1, 22, n), 99)   # recent cases stop part-way
    sup_names = np.array([f"sup{i:03d}" for i in range(300)])
    reporter = np.where(verify, "op00", sup_names[np.searchsorted(grids, grid) % 300])

    def pick(prefix, k):
        return np.array([f"{prefix}{i:02d}" for i in range(k)])[rng.integers(0, k, n)]

    operator, lead, dispatcher = pick("op", 8), pick("lead", 4), pick("disp", 8)
    checker = sup_names[rng.integers(0, 300, n)]
    handles_ok = ~void & ~(hold & ~resumed)
    m = lambda v: np.timedelta64(1, "m") * v.astype(np.int64)  # noqa: E731
    gaps = lambda mean: m(rng.exponential(mean, n) + 1)          # noqa: E731
    day_limit = np.timedelta64(24 * 60, "m")

    steps = []   # (mask, action, actor, role, from, to, at, deadline, department, request)
    t = reported.copy()
    steps.append((np.ones(n, bool), "report", reporter, np.where(verify, "operator", "supervisor"),
                  None, "intake", t.copy(), t + m(np.full(n, 10)), None, None))
    t = t + gaps(6)
    steps.append((np.ones(n, bool), "accept", operator, "operator", "intake",
                  np.where(verify, "verify", "filing"), t.copy(),
                  t + m(np.where(verify, 60, 30)), None, None))
    tv = t + gaps(50)
    t = np.where(verify, tv, t)
    steps.append((verify, "verify", checker, "supervisor", "verify", "filing", t.copy(),
                  t + m(np.full(n, 30)), None, None))
    t = t + gaps(20)
    steps.append((void, "void", lead, "shift_lead", "filing", "void", t.copy(), None, None, None))
    steps.append((~void, "file", lead, "shift_lead", "filing", "dispatch", t.copy(),
                  t + m(np.full(n, 30)), None, None))
    t = t + gaps(20)
    first = np.where(ret, wrong, dept)
    due = t + day_limit
    steps.append((~void, "dispatch", dispatcher, "dispatcher", "dispatch", "handling", t.copy(),
                  due.copy(), first, None))
    t = t + gaps(60)
    steps.append((ret, "return", first, "department", "handling", "handling", t.copy(), due.copy(), None, "return"))
    t = t + gaps(30)
    steps.append((ret, "approve", dispatcher, "dispatcher", "handling", "dispatch", t.copy(),
                  t + m(np.full(n, 30)), None, "return"))
    t = t + gaps(20)
    due = np.where(ret, t + day_limit, due)
    steps.append((ret, "dispatch", dispatcher, "dispatcher", "dispatch", "handling", t.copy(),
                  due.copy(), dept, None))
    t = t + gaps(120)
    steps.append((ext, "extend", dept, "department", "handling", "handling", t.copy(), due.copy(), None, "extension"))
    t = t + gaps(30)
    due = np.where(ext, due + day_limit, due)
    steps.append((ext, "approve", dispatcher, "dispatcher", "handling", "handling", t.copy(), due.copy(), None, "extension"))
    steps.append((hold, "hold", dept, "department", "handling", "handling", t.copy(), due.copy(), None, "hold"))
    t = t + gaps(30)
    steps.append((hold, "approve", dispatcher, "dispatcher", "handling", "held", t.copy(), None, None, "hold"))
    t = t + gaps(2000)
    due = np.where(resumed, due + (t - due) + day_limit // 2, due)
    steps.append((resumed, "resume", dispatcher, "dispatcher", "held", "handling", t.copy(), due.copy(), None, None))
    steps.append((sup, "supervise", "leader01", "leader", "handling", "handling", t.copy(), due.copy(), None, None))
    t = t + m(rng.exponential(900, n) + 30)                  # ~ a quarter late
    steps.append((handles_ok, "handle", dept, "department", "handling", "check", t.copy(),
                  t + m(np.full(n, 120)), None, None))
    t = t + gaps(90)
    due2 = t + day_limit
    steps.append((handles_ok & fail, "check-fail", checker, "supervisor", "check", "handling",
                  t.copy(), due2, None, None))
    t = np.where(fail, t + gaps(400), t)
    steps.append((handles_ok & fail, "handle", dept, "department", "handling", "check", t.copy(),
                  t + m(np.full(n, 120)), None, None))
    t = t + gaps(90)
    steps.append((handles_ok, "check-pass", checker, "supervisor", "check", "closing", t.copy(),
                  t + m(np.full(n, 60)), None, None))
    t = t + gaps(30)
    steps.append((handles_ok, "close", lead, "shift_lead", "closing", "closed", t.copy(), None, None, None))

    parts = []
    seq = np.zeros(n, np.int64)
    for k, (mask, action, actor, role, frm, to, at, deadline, department, request) in enumerate(steps):
        mask = mask & (k < cutoff) & (at <= np.datetime64(AS_OF))
        seq = seq + mask
        sel = np.flatnonzero(mask)
        if not len(sel):
            continue
        col = lambda v: v[sel] if isinstance(v, np.ndarray) else np.full(len(sel), v, dtype=object)  # noqa: E731
        parts.append(pd.DataFrame({
            "case_id": ids[sel], "seq": seq[sel], "action": action, "actor": col(actor),
            "role": col(role), "at": at[sel], "from_stage": col(frm), "to_stage": col(to),
            "deadline": deadline[sel] if deadline is not None else np.datetime64("NaT", "us"),
            "department": col(department), "request": col(request)}))
    events = pd.concat(parts, ignore_index=True).sort_values(["case_id", "seq"], kind="stable")
    last = events.groupby("case_id").tail(1).set_index("case_id")
    cases = pd.DataFrame({"id": ids, "number": [f"B{i:09d}" for i in ids], "source": source,
                          "grid_code": grid, "reported_at": reported,
                          "class_key": rng.choice(["event:0101", "event:0102", "event:0103",
                                                   "component:0101"], n)})
    cases["stage"] = last["to_stage"].reindex(ids).to_numpy()
    cases["department_code"] = np.where(void, None, dept)
    return cases, events


def _payload(events: pd.DataFrame) -> pd.Series:
    dl = events["deadline"].astype("datetime64[s]").astype(str).fillna("")
    dl = dl.where(dl != "NaT", "")
    payload = ('{"deadline": "' + dl + '"').where(dl != "", '{"deadline": null')
    dept = events["department"].fillna("").astype(str)
    payload = (payload + ', "department": "' + dept + '"').where(dept != "", payload)
    req = events["request"].fillna("").astype(str)
    payload = (payload + ', "request": "' + req + '"').where(req != "", payload)
    return payload + "}"


CASE_COLS = ["id", "number", "source", "kind", "class_key", "urgency", "lon", "lat", "grid_code",
             "description", "address", "reporter_name", "reporter_phone", "reporter_id_no",
             "photos", "stage", "is_open", "department_code", "reported_at", "stage_started_at",
             "pending_payload", "supervision_level", "escalation_level", "rework_count",
             "return_count", "extension_count", "hold_count", "version", "updated_by",
             "updated_at"]
EVENT_COLS = ["case_id", "seq", "action", "actor", "role", "at", "from_stage", "to_stage",
              "reason", "payload"]


def _frames(cases, events):
    c = cases.assign(kind=np.where(cases["class_key"].str.startswith("event"), "event", "component"),
                     urgency="normal", lon=116.4, lat=39.9, description="bench", address="",
                     reporter_name="", reporter_phone="", reporter_id_no="", photos="[]",
                     is_open=~cases["stage"].isin(["closed", "void"]),
                     stage_started_at=cases["reported_at"], pending_payload="{}",
                     supervision_level=0, escalation_level=0, rework_count=0, return_count=0,
                     extension_count=0, hold_count=0, version=1, updated_by="bench",
                     updated_at=cases["reported_at"])[CASE_COLS]
    e = events.assign(reason="", payload=_payload(events))[EVENT_COLS]
    return c, e


def fill(db, n: int) -> tuple[int, int]:
    cases, events = history(n)
    c, e = _frames(cases, events)
    if db.dialect == "postgresql":
        raw = db.engine.raw_connection()
        try:
            with raw.cursor() as cur:
                for frame, table, cols in ((c, "cases", CASE_COLS), (e, "case_events", EVENT_COLS)):
                    for i in range(0, len(frame), 500_000):
                        buf = io.StringIO()
                        frame.iloc[i:i + 500_000].to_csv(buf, header=False, index=False,
                                                         na_rep="\\N")
                        with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN "
                                      "WITH (FORMAT csv, NULL '\\N')") as copy:
                            copy.write(buf.getvalue())
                cur.execute("SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))")
            raw.commit()
            with raw.cursor() as cur:
                cur.execute("ANALYZE cases")
                cur.execute("ANALYZE case_events")
            raw.commit()
        finally:
            raw.close()
    else:
        raw = db.engine.raw_connection()
        try:
            for frame, table, cols in ((c, "cases", CASE_COLS), (e, "case_events", EVENT_COLS)):
                out = frame.copy()
                for col in out.columns:
                    if str(out[col].dtype).startswith("datetime"):
                        out[col] = out[col].astype("datetime64[us]").astype(str).str.replace("T", " ")
                    elif out[col].dtype == bool:
                        out[col] = out[col].astype(int)
                out = out.astype(object).where(out.notna(), None)
                marks = ", ".join("?" * len(cols))
                raw.driver_connection.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                    out.itertuples(index=False, name=None))
            raw.driver_connection.commit()
            raw.driver_connection.execute("ANALYZE")
            # Readers then find the pages in the file, not in a write-ahead log of a GB.
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    return len(c), len(e)


# --- measurements, each in a fresh process ----------------------------------------------------

def _child(task: str, url: str, out_dir: str, queue) -> None:
    try:
        queue.put(_measure(task, url, out_dir))
    except Exception as exc:  # reported by the parent
        queue.put({"error": repr(exc)})


TASKS = ["month", "month, old", "month, October published", "month only", "month only, old", "month only, pandas fold",
         "month only, SQL fold", "month, pandas fold", "month, SQL fold", "trend", "trend, old",
         "trend, pandas fold", "trend, SQL fold", "exports", "naive"]
DEFAULT_TASKS = ["month", "month, old", "month, October published", "month, SQL fold",
                 "month only", "month only, old", "month only, SQL fold", "trend", "trend, old",
                 "trend, SQL fold", "exports", "naive"]


def _measure(task: str, url: str, out_dir: str) -> dict:
    from commandcenter.models.worktime import WorkCalendar
    from commandcenter.review.engine import EVERY_EVENT, Reading, run_review, trend
    from commandcenter.review.periods import parse_period
    from commandcenter.review.scheme import load_scheme
    from commandcenter.store.db import open_database
    db = open_database(url, upgrade=False)
    scheme, period, cal = load_scheme(), parse_period(PERIOD), WorkCalendar()
    name, _, variant = task.partition(", ")
    reading = {"": Reading(), "old": EVERY_EVENT, "pandas fold": Reading("memory"),
               "SQL fold": Reading("database"), "October published": Reading()}[variant]
    result = {}
    publication = None
    if variant == "October published":
        from commandcenter.review.freeze import publish
        october = run_review(db, parse_period("2026-10"), scheme, cal, as_of=AS_OF)
        publication = publish(db, october, "lead00", AS_OF)
    began = time.perf_counter()
    if name == "month":
        review = run_review(db, period, scheme, cal, as_of=AS_OF, reading=reading)
        result["rows"] = int(review.objects["department"].total["assigned"])
    elif name == "month only":
        review = run_review(db, period, scheme, cal, as_of=AS_OF, compare=False, reading=reading)
        result["rows"] = int(review.objects["department"].total["assigned"])
    elif name == "trend":
        frame = trend(db, period, "department", "score", scheme, cal, as_of=AS_OF, reading=reading)
        result["periods"] = frame.shape[1]
    elif name == "exports":
        review = run_review(db, period, scheme, cal, as_of=AS_OF)
        result["compute"] = time.perf_counter() - began
        result.update(_exports(db, review, Path(out_dir)))
    elif name == "naive":
        result["rows"] = naive(db, period)
    result["seconds"] = time.perf_counter() - began
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if publication is not None:   # the peak then includes publishing October
        from commandcenter.store.review import withdraw_publication
        withdraw_publication(db, publication)
    result["load"] = os.getloadavg()[0]
    db.dispose()
    return result


def _exports(db, review, out: Path) -> dict:
    from commandcenter.review import exports, html_report
    from commandcenter.store.review import area_geometries, case_numbers
    times = {}
    t = time.perf_counter()
    exports.write_json(review, out / "r.json")
    times["json"] = time.perf_counter() - t
    t = time.perf_counter()
    exports.write_xlsx(review, out / "r.xlsx", case_numbers(db, review.members()["case_id"].unique()),
                       ["department", "street"])
    times["xlsx"] = time.perf_counter() - t
    t = time.perf_counter()
    html_report.write_html(review, out / "r.html", "grid", "close_rate", area_geometries(db, "grid"))
    times["html"] = time.perf_counter() - t
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from commandcenter.views.review.pdf_report import write_pdf
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    t = time.perf_counter()
    write_pdf(review, out / "r.pdf")
    times["pdf"] = time.perf_counter() - t
    del app
    times["sizes_kb"] = {p.suffix: round(p.stat().st_size / 1024) for p in out.iterdir()}
    return times


def naive(db, period) -> int:
    """Per case in Python: the month's department and street figures from the event rows."""
    from datetime import timedelta
    from sqlalchemy import select
    from commandcenter.store.schema import Case, CaseEventRow
    since = period.start_at - timedelta(days=31)
    dept = defaultdict(lambda: defaultdict(int))
    street = defaultdict(lambda: defaultdict(int))
    with db.session() as s:
        rows = s.execute(select(CaseEventRow.case_id, CaseEventRow.action, CaseEventRow.at,
                                CaseEventRow.to_stage, CaseEventRow.payload, Case.grid_code,
                                Case.source).join(Case, Case.id == CaseEventRow.case_id)
                         .where(Case.reported_at >= since, Case.reported_at < period.end_at)
                         .order_by(CaseEventRow.case_id, CaseEventRow.seq))
        current, state = None, None

        def finish(st):
            if st is None or st["dispatched"] is None:
                return
            if period.start_at <= st["dispatched"] < period.end_at and not st["returned_last"]:
                d = dept[st["dept"]]
                d["assigned"] += 1
                if st["handled"]:
                    d["handled"] += 1
                    d["handled_on_time"] += st["first_on_time"]
                if st["closed"]:
                    d["closed"] += 1
            if st["filed"] and period.start_at <= st["filed"] < period.end_at:
                street[st["grid"][:9]]["filed"] += 1
                street[st["grid"][:9]]["closed"] += bool(st["closed"])
        for case_id, action, at, to_stage, payload, grid, source in rows:
            payload = json.loads(payload) if isinstance(payload, str) else payload
            if case_id != current:
                finish(state)
                current = case_id
                state = {"dispatched": None, "dept": None, "handled": False, "first_on_time": False,
                         "closed": False, "filed": None, "grid": grid, "due": None,
                         "returned_last": False}
            if action == "file":
                state["filed"] = at
            elif action == "dispatch":
                state.update(dispatched=at, dept=payload.get("department"), returned_last=False)
            elif action == "approve" and payload.get("request") == "return":
                state["returned_last"] = True
            elif action == "handle" and not state["handled"]:
                state["handled"] = True
                state["first_on_time"] = state["due"] is None or at <= state["due"]
            elif action == "close":
                state["closed"] = True
            deadline = payload.get("deadline")
            state["due"] = datetime.fromisoformat(deadline) if deadline else None
        finish(state)
    return sum(d["assigned"] for d in dept.values())


def warm_up(url: str) -> None:
    """Read every event once, so the first task timed does not pay for a cold cache."""
    engine = create_engine(url)
    began = time.perf_counter()
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*), sum(length(CAST(payload AS TEXT))) FROM case_events"))
        conn.execute(text("SELECT count(*), sum(length(number)) FROM cases"))
    engine.dispose()
    print(f"  (warm-up: every event read once in {time.perf_counter() - began:.0f} s)", flush=True)


def measure(name: str, url: str, tasks: list[str]) -> None:
    warm_up(url)
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as out:
        for task in tasks:
            queue = ctx.Queue()
            proc = ctx.Process(target=_child, args=(task, url, out, queue))
            proc.start()
            result = None
            while result is None:
                try:
                    result = queue.get(timeout=2)
                except Exception:  # queue.Empty: still working, unless the child died
                    if not proc.is_alive():
                        result = {"error": f"the process ended with status {proc.exitcode}"}
            proc.join()
            if "error" in result:
                print(f"  {task:<28} failed: {result['error']}")
                continue
            extra = ""
            if task == "exports":
                extra = "  " + "  ".join(f"{k} {result[k]:.2f} s" for k in ("json", "xlsx", "pdf", "html")) \
                    + f"  (review {result['compute']:.2f} s; sizes {result['sizes_kb']} kB)"
            elif "rows" in result:
                extra = f"  (D assigned: {result['rows']:,})"
            print(f"  {task:<28} {result['seconds']:7.2f} s  peak {result['peak_mb']:6.0f} MB"
                  f"  load {result['load']:4.1f}{extra}", flush=True)


def _write(url: str, n: int, queue) -> None:
    from commandcenter.store.db import open_database
    db = open_database(url)
    try:
        seed(db)
        began = time.perf_counter()
        cases, events = fill(db, n)
        queue.put((cases, events, time.perf_counter() - began))
    finally:
        db.dispose()


def _written(url: str, n: int) -> bool:
    """Whether ``url`` already holds the bench's history of ``n`` cases."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM cases")).scalar() == n
    except Exception:  # no database or no tables yet
        return False
    finally:
        engine.dispose()


def run(name: str, url: str, n: int, tasks: list[str], reuse: bool = False) -> None:
    if reuse and _written(url, n):
        print(f"{name}: {n:,} cases already written (--reuse)", flush=True)
        measure(name, url, tasks)
        return
    # Writing happens in a process of its own too, so this one stays small and the
    # measuring processes' peak memory is their own.
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_write, args=(url, n, queue))
    proc.start()
    cases, events, seconds = queue.get()
    proc.join()
    print(f"{name}: {cases:,} cases, {events:,} events written in {seconds:.0f} s", flush=True)
    measure(name, url, tasks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the databases for the next run, and use those kept by the last")
    parser.add_argument("--tasks", default=",".join(DEFAULT_TASKS),
                        help="comma-separated, of: " + "; ".join(TASKS)
                        + " (default: " + "; ".join(DEFAULT_TASKS) + ")")
    args = parser.parse_args()
    chosen = [t.strip() for t in re.split(r",(?! )", args.tasks) if t.strip()]
    unknown = set(chosen) - set(TASKS)
    if unknown:
        parser.error(f"unknown tasks: {', '.join(sorted(unknown))}")
    tasks = [t for t in chosen if not (args.no_naive and t == "naive")]
    if not args.skip_postgres:
        name = f"bench_review_{args.cases}" if args.reuse else f"bench_review_{os.getpid()}"
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        if not (args.reuse and _written(url, args.cases)):
            with admin.connect() as conn:   # a half-written database is written again
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run("PostgreSQL", url, args.cases, tasks, args.reuse)
        finally:
            if not args.reuse:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    if not args.skip_sqlite:
        if args.reuse:
            path = Path(tempfile.gettempdir()) / f"bench_review_{args.cases}.db"
            if not _written(f"sqlite:///{path}", args.cases):
                path.unlink(missing_ok=True)
            run("SQLite", f"sqlite:///{path}", args.cases, tasks, True)
        else:
            with tempfile.TemporaryDirectory() as folder:
                run("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", args.cases, tasks)


if __name__ == "__main__":
    main()
