"""The event log folded in the database (one SQL statement, store/review_facts.py) and
the same events folded in pandas (review/facts.py build_facts) must give the same facts,
on SQLite and PostgreSQL, for random histories played by the real state machine:
returns, recalls, extensions granted and refused, holds resumed or not, rework,
supervision, voids, reports handled on the spot (approved, rejected or pending), steps at
the same instant and times with microseconds."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import insert

from commandcenter.models import workflow
from commandcenter.models.case import Action, Actor, CaseDraft
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.worktime import TimeLimit, WorkCalendar
from commandcenter.review.engine import Reading, read_window, run_review
from commandcenter.review.periods import parse_period
from commandcenter.review.scheme import load_scheme
from commandcenter.store.mapping import case_columns, event_columns
from commandcenter.store.schema import Case, CaseEventRow

from .conftest import GRID_A, GRID_B

POLICY = default_policy()
START = datetime(2026, 10, 20, 8)
AS_OF = datetime(2026, 12, 3, 10, 30)
PEOPLE = {r: Actor(f"{r.value}1", r) for r in Role}
SOURCES = [Source.SUPERVISOR, Source.HOTLINE, Source.PUBLIC, Source.VIDEO]


def _gap(rng: random.Random) -> timedelta:
    """Mostly minutes to hours; sometimes nothing (two steps at one instant) or with
    microseconds."""
    kind = rng.random()
    if kind < 0.08:
        return timedelta(0)
    minutes = rng.choice([1, 5, 20, 60, 200, 900, 2000])
    extra = timedelta(microseconds=rng.randrange(1_000_000)) if kind > 0.8 else timedelta(0)
    return timedelta(minutes=rng.randrange(1, minutes + 1)) + extra


def _steps(rng: random.Random, source: Source,
           self_handled: bool = False) -> list[tuple[Role, Action, dict]]:
    d = rng.choice(["D01", "D02", "D09"])
    if self_handled:      # approved: closed at once; rejected: on as if taken in; or pending
        decision = rng.choice([Action.APPROVE, Action.APPROVE, Action.REJECT, None])
        if decision is Action.APPROVE:
            return [(Role.SHIFT_LEAD, Action.APPROVE, {})]
        steps = [(Role.SHIFT_LEAD, Action.REJECT, {"reason": "x"})] if decision else []
    else:
        steps = [(Role.OPERATOR, Action.ACCEPT, {})]
    if source.needs_verification:
        steps.append((Role.SUPERVISOR, Action.VERIFY, {}))
    if rng.random() < 0.08:
        steps.append((Role.SHIFT_LEAD, Action.VOID, {"reason": "x"}))
    steps.append((Role.SHIFT_LEAD, Action.FILE, {}))
    if rng.random() < 0.15:
        steps.append((Role.LEADER, Action.SUPERVISE, {"reason": "x"}))
    for _ in range(rng.choice([0, 0, 0, 1, 2])):       # wrong departments first
        other = rng.choice(["D03", "D04"])
        steps.append((Role.DISPATCHER, Action.DISPATCH, {"department_code": other}))
        if rng.random() < 0.4:
            steps.append((Role.DISPATCHER, Action.RECALL, {}))
        else:
            steps += [(Role.DEPARTMENT, Action.REQUEST_RETURN, {"reason": "x"}),
                      (Role.DISPATCHER, Action.APPROVE, {})]
    steps.append((Role.DISPATCHER, Action.DISPATCH, {"department_code": d}))
    for _ in range(rng.choice([0, 0, 1, 2])):
        steps += rng.choice([
            [(Role.DEPARTMENT, Action.REQUEST_EXTENSION, {"extension": TimeLimit.parse("1wd")}),
             (Role.DISPATCHER, rng.choice([Action.APPROVE, Action.REJECT]), {"reason": "x"})],
            [(Role.DEPARTMENT, Action.REQUEST_HOLD, {"reason": "x"}),
             (Role.DISPATCHER, Action.APPROVE, {}), (Role.DISPATCHER, Action.RESUME, {})],
            [(Role.LEADER, Action.SUPERVISE, {"reason": "x"})]])
    for _ in range(rng.choice([0, 0, 1, 2])):
        steps += [(Role.DEPARTMENT, Action.HANDLE, {}),
                  (Role.SUPERVISOR, Action.CHECK_FAIL, {"reason": "x"})]
    if rng.random() < 0.1:
        steps += [(Role.DEPARTMENT, Action.REQUEST_HOLD, {"reason": "x"}),
                  (Role.DISPATCHER, Action.APPROVE, {})]
    steps += [(Role.DEPARTMENT, Action.HANDLE, {}), (Role.SUPERVISOR, Action.CHECK_PASS, {}),
              (Role.SHIFT_LEAD, Action.CLOSE, {})]
    return steps[:rng.randrange(2, len(steps) + 3)]


def play(rng: random.Random, number: int):
    source = rng.choice(SOURCES)
    # A third of the supervisors' reports come in handled on the spot (自处理).
    self_handled = source is Source.SUPERVISOR and rng.random() < 0.35
    draft = CaseDraft(source, CaseKind.EVENT, "event:0101", Urgency.NORMAL, 116.4, 39.9,
                      rng.choice([GRID_A, GRID_B]), "x", photos=("photo:x",) * self_handled,
                      self_handled=self_handled)
    t = START + timedelta(minutes=rng.randrange(45 * 24 * 60))
    reporter = PEOPLE[Role.SUPERVISOR if source is Source.SUPERVISOR else Role.OPERATOR]
    case, event = workflow.open_case(draft, reporter, f"F{number:07d}", t, POLICY)
    events = [event]
    for role, action, kw in _steps(rng, source, self_handled):
        # A recall comes at once, from the dispatcher who dispatched.
        t += timedelta(seconds=30) if action is Action.RECALL else _gap(rng)
        actor = Actor("h", role, case.department_code) if role is Role.DEPARTMENT else PEOPLE[role]
        try:
            case, event = workflow.apply(case, action, actor, t, POLICY,
                                         event_seq=case.version + 1, **kw)
        except workflow.DomainError:
            break
        events.append(event)
    return case, events


def write_history(db, count: int, seed: int) -> None:
    """Case ids follow the order of reporting, as the service gives them, but for every
    tenth case, written last (as an import might)."""
    rng = random.Random(seed)
    played = sorted((play(rng, n) for n in range(count)), key=lambda p: p[0].reported_at)
    played = [p for i, p in enumerate(played) if i % 10] + played[::10]
    with db.session() as s:
        for case, events in played:
            case_id = s.execute(insert(Case).values(case_columns(case)).returning(Case.id)).scalar_one()
            s.execute(insert(CaseEventRow), [event_columns(e, case_id) for e in events])


def _same(left: pd.DataFrame, right: pd.DataFrame, keys: list[str], what: str) -> None:
    left = left.sort_values(keys).reset_index(drop=True)
    right = right.sort_values(keys).reset_index(drop=True)
    assert len(left) == len(right), what
    for column in left.columns:
        a, b = left[column], right[column]
        if pd.api.types.is_datetime64_any_dtype(a) or pd.api.types.is_datetime64_any_dtype(b):
            a, b = pd.to_datetime(a), pd.to_datetime(b)
            assert ((a == b) | (a.isna() & b.isna())).all(), f"{what}.{column}"
        elif pd.api.types.is_bool_dtype(a) or pd.api.types.is_numeric_dtype(a):
            x, y = a.astype("float64").to_numpy(), b.astype("float64").to_numpy()
            assert np.array_equal(x, y, equal_nan=True), f"{what}.{column}"
        else:
            x = a.astype(object).where(a.notna(), None).map(lambda v: None if v is None else str(v))
            y = b.astype(object).where(b.notna(), None).map(lambda v: None if v is None else str(v))
            assert x.tolist() == y.tolist(), f"{what}.{column}"


@pytest.fixture
def history(world_db):
    write_history(world_db, 160, seed=11)
    return world_db


def test_the_database_folds_the_log_as_pandas_does(history):
    since, until = datetime(2026, 10, 1), datetime(2026, 12, 31)
    in_db = read_window(history, since, until, AS_OF, "database")
    in_memory = read_window(history, since, until, AS_OF, "memory")
    a_db, a_mem = in_db.assignments, in_memory.assignments
    assert len(a_db) > 160 and a_db["recalled"].sum() > 0 and a_db["returned"].sum() > 0
    assert a_db["reworks"].sum() > 0 and a_db["holds"].sum() > 0 and len(in_db.holds) > 0
    c = in_db.cases
    assert c["self_handled"].sum() > 0 and (c["self_reported"] & c["filed_at"].notna()).sum() > 0
    _same(a_db, a_mem[a_db.columns], ["case_id", "asg"], "assignments")
    _same(in_db.cases, in_memory.cases[in_db.cases.columns], ["case_id"], "cases")
    _same(in_db.episodes, in_memory.episodes[in_db.episodes.columns], ["case_id", "seq"],
          "episodes")
    _same(in_db.holds, in_memory.holds, ["case_id", "start"], "holds")


def test_every_figure_is_the_same_either_way(history):
    """Folded in the database or in memory, and with or without leaving out the cases
    whose log ended before the period: the same figures and the same cases behind them."""
    scheme = load_scheme()
    week = parse_period("2026-W46")
    window = (week.start_at - timedelta(days=31), week.end_at, AS_OF, "database")
    assert 0 < len(read_window(history, *window, active_since=week.start_at).cases) \
        < len(read_window(history, *window).cases)          # some cases are left out
    for key in ("2026-11", "2026-W46"):
        period = parse_period(key)
        reviews = [run_review(history, period, scheme, WorkCalendar(), as_of=AS_OF,
                              compare=False, reading=Reading(fold, prune))
                   for fold, prune in (("database", True), ("memory", True), ("memory", False))]
        for other in reviews[1:]:
            for name, obj in reviews[0].objects.items():
                theirs = other.objects[name]
                pd.testing.assert_frame_equal(obj.table, theirs.table, check_dtype=False)
                pd.testing.assert_frame_equal(
                    obj.members.sort_values(["unit", "case_id", "flags"]).reset_index(drop=True),
                    theirs.members.sort_values(["unit", "case_id", "flags"]).reset_index(drop=True),
                    check_dtype=False)
                assert obj.total == theirs.total


def test_a_trend_reads_only_the_events_its_figures_need(history):
    """A trend of departments or streets reads a third of the events: the same figures."""
    from commandcenter.review.engine import trend
    scheme, period = load_scheme(), parse_period("2026-W47")
    for object_type, key in (("department", "score"), ("department", "handle_hours_mean"),
                             ("department", "supervised"), ("department", "returned"),
                             ("street", "close_on_time_rate"), ("grid", "reported")):
        frames = [trend(history, period, object_type, key, scheme, WorkCalendar(), count=4,
                        as_of=AS_OF, reading=Reading(fold, needed_only=needed))
                  for fold, needed in (("memory", True), ("database", True), ("memory", False))]
        for other in frames[1:]:
            pd.testing.assert_frame_equal(frames[0], other)
        assert frames[0].notna().to_numpy().sum() > 4
