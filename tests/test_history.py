"""Demo history generation: a small world, a few days of work through the real workflow."""
from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter, defaultdict
from datetime import datetime

import pytest
from sqlalchemy import func, select

from commandcenter.demo.history import DemoWorld, HistoryStats, generate_history
from commandcenter.models.case import Action
from commandcenter.models.catalog import load_catalog, load_departments
from commandcenter.models.codes import component_code
from commandcenter.models.enums import Role, Source, Stage
from commandcenter.models.policy import default_policy
from commandcenter.models.routing import Router, default_rules
from commandcenter.store import schema
from commandcenter.store.db import open_database
from commandcenter.store.mapping import case_record, event_record
from commandcenter.store.service import CaseService

# Ends on a Friday afternoon; the window holds a Sunday and the Dragon Boat Festival
# (Monday 2024-06-10), so the off-day rhythm is exercised too.
END = datetime(2024, 6, 14, 16, 0)
DAYS = 5
CASES_PER_DAY = 60
SEED = 1

GRIDS = (  # (code, lon, lat)
    ("110101001001001", 116.4075, 39.9130),
    ("110101001001002", 116.4105, 39.9150),
    ("110101003001001", 116.4030, 39.9370),
    ("110101006002001", 116.4170, 39.9300),
    ("110101011001001", 116.3980, 39.8990),
    ("110101011001002", 116.4010, 39.8975),
)
# (major, minor, owner department)
COMPONENT_CLASSES = (("01", "01", "D10"), ("01", "12", "D01"), ("03", "02", "D09"),
                     ("04", "02", "D03"), ("02", "02", "D17"), ("01", "03", "D13"))
SPEED = {"JD001": 0.6, "JD003": 1.0, "JD006": 1.2, "JD011": 1.9, "D02": 1.5, "D09": 0.7}


def _square(lon: float, lat: float, half: float = 0.001) -> str:
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def build_world(db_url: str):
    db = open_database(db_url)
    catalog, departments = load_catalog(), load_departments()
    users: list[schema.User] = []

    def user(name: str, role: Role, department: str | None = None) -> str:
        users.append(schema.User(username=name, display_name=name, role=role.value,
                                 department_code=department))
        return name

    supervisors = {code: user(f"sup{i}", Role.SUPERVISOR) for i, (code, _, _) in enumerate(GRIDS)}
    operators = [user("op1", Role.OPERATOR), user("op2", Role.OPERATOR)]
    shift_leads = [user("sl1", Role.SHIFT_LEAD), user("sl2", Role.SHIFT_LEAD)]
    dispatchers = [user("dp1", Role.DISPATCHER), user("dp2", Role.DISPATCHER)]
    leaders = [user("ld1", Role.LEADER)]
    system = user("system", Role.SYSTEM)
    handlers = {d.code: [user(f"h_{d.code}_{n}", Role.DEPARTMENT, d.code) for n in (1, 2)]
                for d in departments}
    components = []
    for serial, (code, lon, lat) in enumerate(GRIDS, start=1):
        for i, (major, minor, owner) in enumerate(COMPONENT_CLASSES):
            components.append((component_code("110101", major, minor, serial * 10 + i),
                               f"component:{major}{minor}", code,
                               lon + 0.0002 * i, lat - 0.0001 * i, owner))
    with db.session() as session:
        session.add_all(schema.Department(code=d.code, name=d.name, short_name=d.short_name,
                                          type=d.type, street_code=d.street_code)
                        for d in departments)
        session.flush()
        session.add_all(schema.Grid(code=code, community_code=code[:12], street_code=code[:9],
                                    geometry=_square(lon, lat), lon=lon, lat=lat, area_m2=4.0e4)
                        for code, lon, lat in GRIDS)
        session.add_all(users)
        session.add_all(schema.Component(code=code, class_key=key,
                                         name=catalog.by_key(key).name, owner_department=owner,
                                         maintainer_department=owner, grid_code=grid,
                                         state="normal", lon=lon, lat=lat)
                        for code, key, grid, lon, lat, owner in components)
    policy = default_policy()
    world = DemoWorld(
        grids=GRIDS, supervisor_of_grid=supervisors, operators=operators,
        shift_leads=shift_leads, dispatchers=dispatchers, leaders=leaders, system_user=system,
        handlers=handlers, components=components, catalog=catalog,
        router=Router(default_rules(catalog, departments), departments, catalog),
        department_speed={d.code: SPEED.get(d.code, 1.0) for d in departments})
    return db, CaseService(db, policy), world


def run(db_url: str) -> tuple[object, HistoryStats, list[str], DemoWorld]:
    db, service, world = build_world(db_url)
    messages: list[str] = []
    stats = generate_history(service, world, days=DAYS, seed=SEED, end=END,
                             progress=messages.append, cases_per_day=CASES_PER_DAY)
    return db, stats, messages, world


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    db, stats, messages, world = run(f"sqlite:///{tmp_path_factory.mktemp('h1')}/t.db")
    with db.session() as session:
        rows = session.scalars(select(schema.Case).order_by(schema.Case.id))
        cases = [case_record(r) for r in rows]
        events = defaultdict(list)
        for row in session.scalars(select(schema.CaseEventRow)
                                   .order_by(schema.CaseEventRow.case_id, schema.CaseEventRow.seq)):
            events[row.case_id].append(event_record(row))
        change_rows = session.scalar(select(func.count()).select_from(schema.ChangeLog))
    yield {"db": db, "stats": stats, "messages": messages, "world": world, "cases": cases,
           "events": events, "change_rows": change_rows}
    db.dispose()


def test_no_rule_was_broken(history):
    stats = history["stats"]
    assert stats.errors == 0
    assert not [m for m in history["messages"] if m.startswith("skipped")]


def test_event_log_matches_the_counted_actions(history):
    stats, events = history["stats"], history["events"]
    n_events = sum(len(e) for e in events.values())
    assert n_events == stats.total_actions
    assert history["change_rows"] == n_events
    assert stats.reports == len(history["cases"]) == stats.actions[Action.REPORT]
    by_action = Counter(e.action for evs in events.values() for e in evs)
    assert by_action == Counter(dict(stats.actions))


def test_every_history_is_a_valid_path(history):
    closed = 0
    for case in history["cases"]:
        evs = history["events"][case.id]
        assert evs[0].action is Action.REPORT and evs[0].from_stage is None
        assert evs[0].to_stage is Stage.INTAKE
        assert [e.seq for e in evs] == list(range(1, len(evs) + 1))
        for before, after in zip(evs, evs[1:]):
            assert after.from_stage is before.to_stage, case.number
            assert after.at >= before.at, case.number
        assert evs[-1].to_stage is case.stage
        assert all(e.at < END for e in evs)
        if case.stage is Stage.CLOSED and case.self_handled:
            # Handled on the spot: the shift lead's approval closes it straight from intake.
            assert [e.action for e in evs] == [Action.REPORT, Action.APPROVE]
            assert evs[0].payload["self_handled"] and evs[1].payload["request"] == "self"
        elif case.stage is Stage.CLOSED:
            closed += 1
            actions = [e.action for e in evs if e.action is not Action.DUPLICATE]
            assert {Action.FILE, Action.DISPATCH, Action.HANDLE, Action.CHECK_PASS} <= set(actions)
            assert actions[-1] is Action.CLOSE
    assert closed > 100


def test_every_source_and_both_kinds_occur_in_plausible_shares(history):
    cases = history["cases"]
    shares = Counter(c.source for c in cases)
    assert set(shares) == set(Source)
    assert 0.45 < shares[Source.SUPERVISOR] / len(cases) < 0.75
    component_share = sum(c.kind == "component" for c in cases) / len(cases)
    assert 0.2 < component_share < 0.5
    assert all(c.component_code for c in cases if c.kind == "component")


def test_reports_come_from_the_right_people(history):
    world = history["world"]
    for case in history["cases"]:
        report = history["events"][case.id][0]
        if case.source is Source.SUPERVISOR:
            assert report.actor == world.supervisor_of_grid[case.grid_code]
            assert report.role is Role.SUPERVISOR
        else:
            assert report.actor in world.operators
        if case.source in (Source.HOTLINE, Source.PUBLIC):
            assert case.reporter_name and re.fullmatch(r"1[3-9]\d{9}", case.reporter_phone)
            assert case.reporter_id_no == "" or re.fullmatch(r"\d{17}[\dX]", case.reporter_id_no)
        else:
            assert case.reporter_phone == ""
        assert case.description.strip()


def test_daily_rhythm(history):
    cases = history["cases"]
    day_time = sum(8 <= c.reported_at.hour < 18 for c in cases) / len(cases)
    night = sum(c.reported_at.hour < 6 for c in cases) / len(cases)
    assert day_time > 0.7 and night < 0.05
    calendar = default_policy().calendar
    per_day = Counter(c.reported_at.date() for c in cases)
    full_days = [d for d in per_day if END.date() > d > min(per_day)]
    working = [per_day[d] for d in full_days if calendar.is_working_day(d)]
    off = [per_day[d] for d in full_days if not calendar.is_working_day(d)]
    assert working and off and max(off) < min(working)


def test_every_branch_happens(history):
    stats = history["stats"]
    assert stats.voids > 0 and stats.returns > 0 and stats.extensions > 0
    assert stats.holds > 0 and stats.reworks > 0 and stats.supervisions > 0
    assert stats.escalations > 0
    actions = stats.actions
    assert actions[Action.REJECT] > 0 and actions[Action.RESUME] > 0
    cases = history["cases"]
    assert sum(c.return_count for c in cases) == stats.returns
    assert sum(c.extension_count for c in cases) == stats.extensions
    assert sum(c.hold_count for c in cases) == stats.holds
    assert sum(c.rework_count for c in cases) == stats.reworks
    # Escalations come from the system user, supervision orders from leaders.
    world = history["world"]
    for evs in history["events"].values():
        for e in evs:
            if e.action is Action.ESCALATE:
                assert e.actor == world.system_user and e.role is Role.SYSTEM
                assert e.payload["overdue_minutes"] >= 0
            if e.action is Action.SUPERVISE:
                assert e.actor in world.leaders and e.reason


def test_merges_reassignments_and_self_handling_happen(history):
    stats, cases = history["stats"], history["cases"]
    by_id = {c.id: c for c in cases}
    assert stats.merges > 0 and stats.reassignments > 0 and stats.self_handled > 0
    merged = [c for c in cases if c.merged_into is not None]
    assert len(merged) == stats.merges == stats.actions[Action.DUPLICATE]
    for child in merged:
        parent = by_id[child.merged_into]
        assert child.stage is Stage.VOID and child.class_key == parent.class_key
        into = [e for e in history["events"][child.id] if e.action is Action.MERGE]
        assert [e.payload["into"] for e in into] == [parent.number]
        assert any(e.action is Action.DUPLICATE and e.payload["duplicate"] == child.number
                   for e in history["events"][parent.id])
    assert sum(c.duplicate_count for c in cases) == stats.merges
    assert sum(c.self_handled for c in cases) == stats.self_handled
    handled_photos = {c.photos for c in cases if c.self_handled}
    assert len(handled_photos) == 1 and next(iter(handled_photos))[0].startswith("photo:")
    # Field work is done by whoever holds the task when it is done.
    world, holders = history["world"], 0
    for evs in history["events"].values():
        holder = None
        for e in evs:
            if "assignee" in e.payload:
                holder = e.payload["assignee"]
            if e.action in (Action.VERIFY, Action.CHECK_PASS, Action.CHECK_FAIL,
                            Action.ACKNOWLEDGE):
                assert holder in (None, e.actor)
                holders += holder is not None
            if e.action is Action.ASSIGN:
                assert e.actor in world.dispatchers and e.payload["assignee"] != e.payload["previous"]
    assert holders > 0


def test_returned_cases_go_elsewhere(history):
    for case in history["cases"]:
        evs = history["events"][case.id]
        departments = [e.payload["department"] for e in evs if e.action is Action.DISPATCH]
        returns = [i for i, e in enumerate(evs)
                   if e.action is Action.APPROVE and e.payload.get("request") == "return"]
        if returns and len(departments) > 1:
            assert departments[0] != departments[1]


def test_history_ends_with_open_and_overdue_cases(history):
    stats, cases = history["stats"], history["cases"]
    open_cases = [c for c in cases if c.is_open]
    assert stats.open_at_end == len(open_cases) > 0
    assert stats.overdue_at_end == sum(c.is_overdue(END) for c in open_cases) > 0
    assert len({c.stage for c in open_cases}) >= 3
    # Old cases are done; what is still open was mostly reported recently.
    recent = sum((END - c.reported_at).days < 2 for c in open_cases)
    assert recent / len(open_cases) > 0.6


def test_slow_departments_run_overdue_more(history):
    cases = {c.id: c for c in history["cases"]}
    handled: dict[str, list[bool]] = defaultdict(list)
    for case_id, evs in history["events"].items():
        for e in evs:
            if e.action is Action.HANDLE:
                handled[cases[case_id].department_code].append(e.payload["on_time"])
    speed = history["world"].department_speed
    busy = [d for d, results in handled.items() if len(results) >= 15]
    fastest = min(busy, key=lambda d: speed[d])
    slowest = max(busy, key=lambda d: speed[d])
    assert speed[fastest] < speed[slowest]

    def on_time(d: str) -> float:
        return sum(handled[d]) / len(handled[d])

    assert on_time(fastest) - on_time(slowest) > 0.15


def test_same_seed_same_history(history, tmp_path):
    db, stats, _, _ = run(f"sqlite:///{tmp_path}/again.db")
    with db.session() as session:
        numbers = session.execute(select(schema.Case.number, schema.Case.stage,
                                         schema.Case.version).order_by(schema.Case.id)).all()
        n_events = session.scalar(select(func.count()).select_from(schema.CaseEventRow))
    db.dispose()
    assert [(c.number, c.stage.value, c.version) for c in history["cases"]] == \
        [tuple(row) for row in numbers]
    assert n_events == history["stats"].total_actions
    assert dict(stats.actions) == dict(history["stats"].actions)
    assert stats.open_at_end == history["stats"].open_at_end


def test_an_incomplete_world_is_refused(tmp_path):
    db, service, world = build_world(f"sqlite:///{tmp_path}/empty.db")
    try:
        empty = dataclasses.replace(world, dispatchers=(), handlers={})
        with pytest.raises(ValueError, match="dispatchers.*handlers"):
            generate_history(service, empty, days=1, seed=1, end=END)
        assert service.case_count() == 0
    finally:
        db.dispose()
