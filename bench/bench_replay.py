"""Replaying a full simulated day on the map: load time, then frames per second while the
slider is dragged across the day (each frame's compute time and its time from being handed
to the map to being painted), and how late a 16 ms GUI-thread heartbeat runs meanwhile.

The day: the 24 hours up to now in the demo district with ``--cases-per-day`` cases a day
of history played through the workflow, and the staff's fixes as the table keeps them —
one per person per 30 s, and every raw fix at ``--rate`` a second over the last
``--raw-minutes`` (the stretch the simulator has not thinned yet).

Compared in the same run with the naive replay: every frame recomputes every case's state
by scanning its events up to the frame's instant and lighting it with ``worktime.countdown``,
picks every fix of the last hour out of the day's fixes for the trails, and sends the whole
picture through the live layers (markers replaced, staff set), on the GUI thread.

Run: python bench/bench_replay.py [--cases-per-day 1000] [--days 3] [--rate 2000]
     [--raw-minutes 60] [--seconds 10] [--db-name NAME]   (PostgreSQL on 127.0.0.1)
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from collections import defaultdict
from datetime import datetime, timedelta

from commandcenter.map.webengine import prepare_webengine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_webengine()

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from commandcenter.demo.builder import build_demo  # noqa: E402
from commandcenter.map import replay_layer  # noqa: E402
from commandcenter.map.geojson import Marker, StaffPosition  # noqa: E402
from commandcenter.map.view import MapView  # noqa: E402
from commandcenter.models import replay as model  # noqa: E402
from commandcenter.models.worktime import NATURAL_CALENDAR, countdown  # noqa: E402
from commandcenter.store.calendar import load_policy  # noqa: E402
from commandcenter.store.db import open_database  # noqa: E402
from commandcenter.store.geography import load_geography  # noqa: E402
from commandcenter.store.replay import load_replay  # noqa: E402
from commandcenter.store.service import local_now  # noqa: E402
from commandcenter.views.common.replay import ReplayController, build_replay  # noqa: E402
from commandcenter.views.common.tasks import TaskRunner  # noqa: E402

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NAME = "cc_bench_replay"


class Heartbeat(QObject):
    """A 16 ms timer on the GUI thread, recording how late each tick runs."""

    def __init__(self):
        super().__init__()
        self.timer = QTimer(self, interval=16, timeout=self._tick)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.late: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self.late, self._last = [], time.perf_counter()
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        return self.late

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late.append(max(0.0, (now - self._last) * 1000 - 16))
        self._last = now


def spin_until(condition, timeout: float = 300) -> None:
    loop, deadline = QEventLoop(), time.perf_counter() + timeout
    timer = QTimer(interval=5, timeout=lambda: (condition() or time.perf_counter() > deadline)
                   and loop.quit())
    timer.start()
    loop.exec()
    timer.stop()


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def pct(values, q) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


# --- the day ---------------------------------------------------------------------------------

def fill_fixes(url: str, start: datetime, end: datetime, rate: float,
               raw_minutes: float) -> tuple[int, int]:
    """Fixes as kept: every 30 s per person, raw at ``rate`` over the last ``raw_minutes``
    before ``end``; each person walks a smooth loop in their own part of the district, on
    duty 07:00–19:00. From an hour before ``start`` (whole trails from the first frame)."""
    engine = create_engine(url, poolclass=NullPool)
    raw_from = end - timedelta(minutes=raw_minutes)
    walk = ("116.41 + 0.012 * sin(u.id) + 0.002 * sin(extract(epoch FROM t) / 900 + u.id), "
            "39.92 + 0.02 * cos(u.id * 1.7) + 0.002 * cos(extract(epoch FROM t) / 700 + u.id), "
            "extract(hour FROM t) BETWEEN 7 AND 18")
    with engine.begin() as conn:
        staff = conn.execute(text("SELECT count(*) FROM users WHERE role = 'supervisor'")).scalar()
        conn.execute(text(
            "INSERT INTO staff_positions (user_id, at, lon, lat, on_duty) "
            f"SELECT u.id, t, {walk} FROM (SELECT id FROM users WHERE role = 'supervisor') u, "
            "generate_series(CAST(:a AS timestamp), CAST(:b AS timestamp) - interval '1 second', "
            "interval '30 seconds') t"), {"a": start - timedelta(hours=1), "b": raw_from})
        thinned = conn.execute(text("SELECT count(*) FROM staff_positions")).scalar()
        step = staff / rate
        conn.execute(text(
            "INSERT INTO staff_positions (user_id, at, lon, lat, on_duty) "
            f"SELECT u.id, t, {walk} FROM (SELECT id FROM users WHERE role = 'supervisor') u, "
            "LATERAL (SELECT CAST(:a AS timestamp) + make_interval(secs => g * :step "
            "+ (u.id % 97) * :step / 97) t FROM generate_series(0, :n - 1) g) s"),
            {"a": raw_from, "step": step, "n": int(raw_minutes * 60 / step)})
        total = conn.execute(text("SELECT count(*) FROM staff_positions")).scalar()
        conn.execute(text("ANALYZE staff_positions"))
    engine.dispose()
    return thinned, total - thinned


# --- the naive replay ------------------------------------------------------------------------

class NaiveReplay:
    """What a first version does: per frame, every case's events scanned and lit from
    scratch, every fix of the trail window picked out, the whole picture sent again."""

    def __init__(self, data: model.ReplayData, policy):
        self.policy, self.cases = policy, {c.id: c for c in data.cases}
        self.events = defaultdict(list)
        for step in data.steps:
            self.events[step.case_id].append(step)
        self.fixes, self.names = data.fixes, data.names

    def markers(self, t: datetime) -> list[Marker]:
        result = []
        for case_id, events in self.events.items():
            last = began = None
            for e in events:                       # every event, every frame
                if e.at > t:
                    break
                if last is None or e.from_stage is not e.to_stage:
                    began = e.at
                last = e
            if last is None or not last.to_stage.is_open:
                continue
            light = "normal"
            if last.deadline is not None:
                case = self.cases[case_id]
                calendar = self.policy.calendar
                limit = self.policy.stage_limit(last.to_stage, case.urgency, case.class_key)
                if limit is not None and limit.unit.value == "natural_hours":
                    calendar = NATURAL_CALENDAR
                light = countdown(calendar, began, last.deadline, t,
                                  self.policy.warn_share).value
            case = self.cases[case_id]
            result.append(Marker(case_id, case.number, case.lon, case.lat, light,
                                 case.urgency.value == "urgent", last.to_stage.value))
        return result

    def staff(self, t: datetime) -> list[StaffPosition]:
        now = model.to_us(t)
        f = self.fixes
        window = (f.at <= now) & (f.at >= now - model.TRAIL // model._US)
        people = defaultdict(list)
        for user, lon, lat, duty in zip(f.user_id[window].tolist(), f.lon[window].tolist(),
                                        f.lat[window].tolist(), f.on_duty[window].tolist()):
            people[user].append((lon, lat, duty))
        return [StaffPosition(u, self.names.get(u, str(u)), p[-1][0], p[-1][1],
                              tuple((x, y) for x, y, d in p if d), on_duty=p[-1][2])
                for u, p in people.items() if p[-1][2]]


# --- measuring -------------------------------------------------------------------------------

def scrub_targets(day: datetime, n: int) -> list[datetime]:
    """A drag from 06:00 to 22:00, then back to 12:00: ``n`` slider positions."""
    forward = [day + timedelta(hours=6) + timedelta(hours=16) * k / (0.7 * n)
               for k in range(int(0.7 * n))]
    back = [day + timedelta(hours=22) - timedelta(hours=10) * k / (n - len(forward))
            for k in range(n - len(forward))]
    return forward + back


def measure_ours(view: MapView, db, policy, runner, day, seconds: float) -> dict:
    controller = ReplayController(view, db, policy, runner)
    compute: list[float] = []
    posted: dict[int, float] = {}
    latency: list[float] = []
    patch, frame_payload = model.ReplayCursor.patch, replay_layer.payloads.frame_payload

    def timed_patch(self, t):
        began = time.perf_counter()
        result = patch(self, t)
        compute.append(time.perf_counter() - began)
        return result

    def timed_payload(*args, **kw):
        began = time.perf_counter()
        text_ = frame_payload(*args, **kw)
        compute[-1] += time.perf_counter() - began
        return text_

    model.ReplayCursor.patch = timed_patch
    replay_layer.payloads.frame_payload = timed_payload
    seek = view.replay.seek

    def timed_seek(t):
        seq = seek(t)
        posted[seq] = time.perf_counter()
        return seq
    view.replay.seek = timed_seek
    view.sig_painted.connect(lambda seq: [latency.append(time.perf_counter() - posted.pop(s))
                                          for s in sorted(posted) if s <= seq])
    beat = Heartbeat()
    beat.start()
    began = time.perf_counter()
    controller.load(day, day + timedelta(days=1), at=day + timedelta(hours=6))
    # (build_replay reads the raw stretch as the product does: POSITIONS_KEPT before now)
    spin_until(lambda: controller.replay is not None and view.painted_seq >= controller._frame_seq)
    loaded = time.perf_counter() - began
    load_late = beat.stop()
    compute.clear()
    latency.clear()
    targets = scrub_targets(day, int(seconds * 1000 / 16))
    frames_before = controller.frames
    beat.start()
    began = time.perf_counter()
    drag = QTimer(interval=16)
    drag.timeout.connect(lambda: controller.seek(targets.pop(0)) if targets else drag.stop())
    drag.start()
    spin_until(lambda: not targets and view.painted_seq >= controller._frame_seq)
    took = time.perf_counter() - began
    scrub_late = beat.stop()
    model.ReplayCursor.patch, replay_layer.payloads.frame_payload = patch, frame_payload
    view.replay.seek = seek
    frames = controller.frames - frames_before
    controller.stop()
    return {"load": loaded, "load_late": load_late, "frames": frames, "fps": frames / took,
            "compute": compute, "latency": latency, "late": scrub_late}


def measure_naive(view: MapView, naive: NaiveReplay, day, seconds: float) -> dict:
    compute: list[float] = []
    latency: list[float] = []
    state = {"seq": 0, "posted": 0.0, "frames": 0}
    targets = scrub_targets(day, int(seconds * 1000 / 16))
    wanted = {"t": None}

    def post() -> None:
        if wanted["t"] is None or (state["seq"] and view.painted_seq < state["seq"]):
            return
        t, wanted["t"] = wanted["t"], None
        began = time.perf_counter()
        markers, staff = naive.markers(t), naive.staff(t)
        compute.append(time.perf_counter() - began)
        view.replace_markers(markers)
        state["seq"], state["posted"] = view.set_staff(staff), time.perf_counter()
        state["frames"] += 1

    def painted(seq: int) -> None:
        if state["seq"] and seq >= state["seq"] and state["posted"]:
            latency.append(time.perf_counter() - state["posted"])
            state["posted"] = 0.0
            post()

    view.sig_painted.connect(painted)

    def drag() -> None:
        if targets:
            wanted["t"] = targets.pop(0)
            post()
        else:
            timer.stop()
    beat = Heartbeat()
    beat.start()
    began = time.perf_counter()
    timer = QTimer(interval=16, timeout=drag)
    timer.start()
    spin_until(lambda: not targets and wanted["t"] is None and view.painted_seq >= state["seq"])
    took = time.perf_counter() - began
    late = beat.stop()
    view.sig_painted.disconnect(painted)
    return {"frames": state["frames"], "fps": state["frames"] / took, "compute": compute,
            "latency": latency, "late": late}


def pure_frames(replay: model.Replay, naive: NaiveReplay, day: datetime, n: int) -> tuple:
    """Compute time alone, outside the GUI: ours (patch + JSON) and the naive markers+staff."""
    from commandcenter.map.replay import frame_payload
    targets = scrub_targets(day, n)
    cursor = model.ReplayCursor(replay)
    began = time.perf_counter()
    for t in targets:
        frame_payload(cursor.patch(t))
    ours = (time.perf_counter() - began) / n
    few = targets[::max(1, n // 40)]
    began = time.perf_counter()
    for t in few:
        naive.markers(t), naive.staff(t)
    return ours, (time.perf_counter() - began) / len(few)


def row(label: str, r: dict) -> str:
    ms = lambda xs, q: 1000 * pct(xs, q)  # noqa: E731
    return (f"  {label:<34} {r['fps']:5.1f} frames/s ({r['frames']} frames); compute mean "
            f"{1000 * statistics.fmean(r['compute'] or [0]):6.1f} ms p95 {ms(r['compute'], .95):6.1f}"
            f"; handed to painted p50 {ms(r['latency'], .5):6.0f} ms p95 "
            f"{ms(r['latency'], .95):6.0f}; heartbeat late p99 {pct(r['late'], .99):5.0f} ms, "
            f"max {max(r['late'] or [0]):5.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases-per-day", type=int, default=1000)
    parser.add_argument("--days", type=int, default=3, help="days of history (the last replayed)")
    parser.add_argument("--rate", type=float, default=2000, help="raw fixes a second")
    parser.add_argument("--raw-minutes", type=float, default=60,
                        help="minutes at the end of the day still holding every raw fix")
    parser.add_argument("--seconds", type=float, default=10, help="length of each drag")
    parser.add_argument("--db-name", default=NAME, help="scratch database (dropped after)")
    args = parser.parse_args()
    app = QApplication([])
    print("machine:", uptime())
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    url = ADMIN.rsplit("/", 1)[0] + f"/{args.db_name}"
    end = local_now().replace(microsecond=0)
    day = end - timedelta(days=1)   # the replayed stretch: the 24 hours up to now
    try:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {args.db_name} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {args.db_name}"))
        db = open_database(url)
        began = time.perf_counter()
        build_demo(db, days=args.days, seed=3, cases_per_day=args.cases_per_day, end=end)
        built = time.perf_counter() - began
        began = time.perf_counter()
        thinned, raw = fill_fixes(url, day, end, args.rate, args.raw_minutes)
        print(f"history: {args.days} days at {args.cases_per_day} cases/day in {built:.0f} s; "
              f"fixes: {thinned:,} at 30 s, {raw:,} raw ({args.raw_minutes:.0f} min at "
              f"{args.rate:.0f}/s) in {time.perf_counter() - began:.0f} s; replayed "
              f"{day:%m-%d %H:%M} – {end:%m-%d %H:%M}")
        policy = load_policy(db)

        began = time.perf_counter()
        data = load_replay(db, day, end)
        read = time.perf_counter() - began
        replay = model.Replay(data, policy)
        built = time.perf_counter() - began - read
        print(f"load (worker, no GUI): read {read:.2f} s ({len(data.cases):,} cases, "
              f"{len(data.steps):,} events, {len(data.fixes):,} fixes kept of "
              f"{thinned + raw:,}), precompute {built:.2f} s ({replay.intervals:,} intervals, "
              f"{len(replay.people)} people)")
        naive = NaiveReplay(data, policy)
        ours, theirs = pure_frames(replay, naive, day, 600)
        print(f"frame compute alone: ours (patch + JSON) {1000 * ours:.2f} ms, naive "
              f"(scan + light every case, pick the hour's fixes) {1000 * theirs:.1f} ms "
              f"({theirs / ours:.0f}×)")

        runner = TaskRunner()
        view = MapView()
        view.resize(1600, 900)
        view.show()
        spin_until(lambda: view.is_ready, 60)
        geo = load_geography(db)
        view.set_outlines(geo.district, geo.streets, geo.communities)
        seq = view.set_grids(geo.grids)
        spin_until(lambda: view.painted_seq >= seq, 60)
        print("machine:", uptime())
        beat = Heartbeat()
        beat.start()
        spin_until(lambda: False, 5)
        idle = beat.stop()
        r_ours = measure_ours(view, db, policy, runner, day, args.seconds)
        r_naive = measure_naive(view, naive, day, args.seconds)
        print("machine:", uptime())
        print(f"in the app (1600×900 offscreen map, district drawn): load off the GUI thread "
              f"{r_ours['load']:.2f} s to the first frame painted, heartbeat late at most "
              f"{max(r_ours['load_late'] or [0]):.0f} ms meanwhile; then a {args.seconds:.0f} s "
              f"drag across the day, a slider move every 16 ms:")
        print(row("ours: patches, paced by paints", r_ours))
        print(row("naive: whole picture per frame", r_naive))
        print(f"  (the same heartbeat with the map idle, 5 s: late p99 {pct(idle, .99):.0f} ms, "
              f"max {max(idle or [0]):.0f} ms — what the machine's load alone does)")
        view.close()
        view.deleteLater()
        runner.wait()
        db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {args.db_name} WITH (FORCE)"))
    del app


if __name__ == "__main__":
    main()
