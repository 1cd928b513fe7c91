"""The live simulation: a few seconds of the demo district at a high rate, on both databases.

Each backend gets one demo district (built once for the module) and one short run; the
tests then read what the run left behind. Waits between steps are shortened a lot, so cases
go round the whole loop within the run.
"""
from __future__ import annotations

import threading
import uuid
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
import shapely
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from commandcenter.demo.builder import FIELD_STAFF, build_demo
from commandcenter.demo.simulator import SimStats, load_patrols, load_world, run_simulation
from commandcenter.models.case import Action
from commandcenter.models.enums import Role, Source, Stage
from commandcenter.store.db import open_database
from commandcenter.store.mapping import case_record, event_record
from commandcenter.store.positions import latest_positions
from commandcenter.store.schema import (Area, Case, CaseEventRow, ChangeLog, StaffPosition,
                                        User)
from commandcenter.store.service import local_now

from .conftest import PG_ADMIN_URL

RATE_PER_MIN = 3_000          # 50 reports a second
DURATION_S = 3.0
STAFF = FIELD_STAFF + 10      # more than the district has: ten are registered for the run
FIX_INTERVAL_S = 0.5


def _build(url: str) -> None:
    db = open_database(url)
    try:
        build_demo(db, days=1, seed=1, cases_per_day=10)
    finally:
        db.dispose()


def _simulate(url: str) -> dict:
    db = open_database(url)
    began = local_now()
    with db.session() as s:
        old_cases = s.scalar(select(func.max(Case.id)))
    messages: list[str] = []
    stats = run_simulation(db, rate_per_min=RATE_PER_MIN, staff=STAFF, duration_s=DURATION_S,
                           seed=3, progress=messages.append, fix_interval_s=FIX_INTERVAL_S,
                           time_scale=5_000, max_step_s=0.25, tick_s=0.1)
    with db.session() as s:
        cases = [case_record(r) for r in s.scalars(select(Case).where(Case.id > old_cases)
                                                   .order_by(Case.id))]
        events = defaultdict(list)
        for row in s.scalars(select(CaseEventRow).where(CaseEventRow.case_id > old_cases)
                             .order_by(CaseEventRow.case_id, CaseEventRow.seq)):
            events[row.case_id].append(event_record(row))
        fixes = s.execute(select(StaffPosition.user_id, StaffPosition.at, StaffPosition.lon,
                                 StaffPosition.lat, StaffPosition.on_duty)).all()
        gps_changes = s.scalar(select(func.count()).select_from(ChangeLog)
                               .where(ChangeLog.entity == "staff", ChangeLog.kind == "fixes"))
        outline = shapely.from_geojson(s.scalar(select(Area.geometry)
                                                .where(Area.level == "district")))
        roles = dict(s.execute(select(User.username, User.role)).all())
        staff_roles = set(s.scalars(select(User.role).where(
            User.id.in_(select(StaffPosition.user_id).distinct()))))
    return {"db": db, "stats": stats, "messages": messages, "cases": cases, "events": events,
            "fixes": fixes, "gps_changes": gps_changes, "staff_roles": staff_roles, "outline": outline, "roles": roles,
            "began": began}


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def run(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sim') / 'sim.db'}"
        _build(url)
        result = _simulate(url)
        yield result
        result["db"].dispose()
        return
    template = request.getfixturevalue("pg_template")
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"cc_sim_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        _build(url)
        result = _simulate(url)
        yield result
        result["db"].dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_run_kept_to_the_rules(run):
    stats: SimStats = run["stats"]
    assert stats.errors == 0, [m for m in run["messages"] if m.startswith("skipped")]
    assert stats.failed_batches == 0
    assert not [m for m in run["messages"] if "rolled back" in m]


def test_cases_were_reported_from_every_quarter(run):
    stats, cases = run["stats"], run["cases"]
    # 150 expected in 3 s; far fewer would mean the loop fell behind badly.
    assert stats.reports == len(cases) >= 60
    sources = Counter(c.source for c in cases)
    assert {Source.SUPERVISOR, Source.HOTLINE, Source.PUBLIC} <= set(sources)
    assert all(c.reported_at >= run["began"] - timedelta(seconds=1) for c in cases)
    for case in cases:
        report = run["events"][case.id][0]
        if case.source is Source.SUPERVISOR:
            # Reported by a supervisor on patrol, from where they stand.
            assert run["roles"][report.actor] == Role.SUPERVISOR
        else:
            assert run["roles"][report.actor] == Role.OPERATOR


def test_cases_went_round_the_loop(run):
    stats, cases = run["stats"], run["cases"]
    reached = {c.stage for c in cases}
    assert len(reached) >= 4, reached
    for action in (Action.ACCEPT, Action.FILE, Action.DISPATCH, Action.HANDLE):
        assert stats.actions.get(action, 0) > 0, action
    # Later stages are reached too: checks, closing, verification of public reports.
    later = {Action.VERIFY, Action.CHECK_PASS, Action.CHECK_FAIL, Action.CLOSE}
    assert later & set(stats.actions)
    assert sum(stats.stages.values()) == len(cases)
    assert stats.stages == {s.value: sum(c.stage is s for c in cases) for s in Stage}


def test_every_event_path_is_valid(run):
    cases, events = run["cases"], run["events"]
    stats = run["stats"]
    assert sum(len(e) for e in events.values()) == stats.total_actions
    for case in cases:
        evs = events[case.id]
        assert evs[0].action is Action.REPORT and evs[0].from_stage is None
        assert [e.seq for e in evs] == list(range(1, len(evs) + 1))
        for before, after in zip(evs, evs[1:]):
            assert after.from_stage is before.to_stage, case.number
            assert after.at >= before.at, case.number
        assert evs[-1].to_stage is case.stage
        assert case.version == len(evs)


def test_fixes_for_every_member_of_staff_inside_the_district(run):
    stats, fixes = run["stats"], run["fixes"]
    assert stats.staff == STAFF and stats.staff_added == STAFF - FIELD_STAFF
    assert len(fixes) == stats.fixes > 0
    assert len({f.user_id for f in fixes}) == STAFF
    assert run["staff_roles"] == {Role.SUPERVISOR.value}
    assert shapely.contains_xy(run["outline"], [f.lon for f in fixes],
                               [f.lat for f in fixes]).all()
    # One change-log row per batch of fixes, not one per fix.
    assert run["gps_changes"] == stats.fix_batches < len(fixes)
    latest = latest_positions(run["db"], run["began"] - timedelta(minutes=1))
    assert len(latest) == STAFF
    assert all(p.at >= run["began"] - timedelta(seconds=1) for p in latest)


def test_added_staff_patrol_alongside_the_supervisors(run):
    patrols, _cells = load_patrols(run["db"])
    assert len(patrols) == STAFF
    added = [p for p in patrols if p.username.startswith("wg")]
    assert len(added) == STAFF - FIELD_STAFF
    assert all(p.grid_codes for p in added)
    # The grids keep their supervisor: the one registered first.
    world = load_world(run["db"])
    assert set(world.supervisor_of_grid.values()) <= {p.username for p in patrols
                                                      if p.username.startswith("sup")}
    assert len(set(world.supervisor_of_grid.values())) == FIELD_STAFF


def test_a_run_stops_when_asked(tmp_path):
    """Without a duration the run goes on until the stop event is set."""
    url = f"sqlite:///{tmp_path / 'stop.db'}"
    _build(url)
    db = open_database(url)
    stop = threading.Event()
    timers = []

    def progress(message: str) -> None:
        if message.startswith("simulating"):      # the clock starts now
            timers.append(threading.Timer(1.0, stop.set))
            timers[0].start()

    try:
        stats = run_simulation(db, rate_per_min=600, staff=5, duration_s=None, seed=1,
                               stop=stop, progress=progress, fix_interval_s=0.5)
    finally:
        for timer in timers:
            timer.cancel()
        db.dispose()
    assert stop.is_set() and stats.seconds >= 1.0
    assert stats.staff == 5 and stats.staff_added == 0
    assert "reports" in stats.summary()
