"""Merging a duplicate report (合并): the duplicate ends as void pointing to its parent, the
parent records it, both in one transaction; what may not be merged is refused and leaves
everything as it was; a desk that lost a race is told who won."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.workflow import ForbiddenTransition, InvalidRequest
from commandcenter.store.db import open_database
from commandcenter.store.duplicates import merged_into
from commandcenter.store.queries import case_history, get_case
from commandcenter.store.schema import Case, CaseEventRow, ChangeLog
from commandcenter.store.service import CaseService, NotFound, StaleCase, Workflow

from .conftest import GRID_A, PG_ADMIN_URL, seed_world

MON = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def service(world_db):
    return CaseService(world_db, default_policy(), clock=lambda: MON)


def report(service, n: int = 0, *, who="sup1", source=Source.SUPERVISOR):
    draft = CaseDraft(source=source, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=116.4005 + n * 1e-5, lat=39.9105,
                      grid_code=GRID_A, description=f"暴露垃圾 {n}")
    return service.report(service.actor(who), draft, at=MON + timedelta(minutes=n))


def act(service, who, case, action, **kw):
    return service.act(service.actor(who), case.number, action, at=MON + timedelta(hours=1),
                       **kw)


def snapshot(db):
    with db.session() as s:
        return (s.execute(select(Case.id, Case.version, Case.stage, Case.merged_into,
                                 Case.duplicate_count).order_by(Case.id)).all(),
                s.scalar(select(func.count()).select_from(CaseEventRow)),
                s.scalar(select(func.count()).select_from(ChangeLog)))


def test_a_merge_ends_the_duplicate_and_links_both_cases(service, world_db):
    parent = report(service, 0)
    act(service, "op1", parent, Action.ACCEPT)
    dup = report(service, 1, who="op1", source=Source.HOTLINE)
    merged = act(service, "op1", dup, Action.MERGE, merge_into=parent.number,
                 expected_version=dup.version)
    assert merged.stage is Stage.VOID and not merged.is_open
    assert merged.merged_into == parent.id and merged.closed_at is not None
    assert merged.deadline is None and merged.version == 2
    child_events = case_history(world_db, dup.id)
    assert [(e.action, e.from_stage, e.to_stage) for e in child_events][-1] == (
        Action.MERGE, Stage.INTAKE, Stage.VOID)
    assert child_events[-1].payload["into"] == parent.number
    # The parent records it in the same transaction: an event, a count, a new version.
    stored = get_case(world_db, parent.number)
    assert (stored.duplicate_count, stored.version, stored.stage) == (1, 3, Stage.FILING)
    assert stored.updated_by == "op1"
    last = case_history(world_db, parent.id)[-1]
    assert (last.action, last.from_stage, last.to_stage, last.seq) == (
        Action.DUPLICATE, Stage.FILING, Stage.FILING, 3)
    assert last.payload == {"duplicate": dup.number, "duplicate_id": dup.id}
    assert [d.number for d in merged_into(world_db, parent.number)] == [dup.number]
    assert merged_into(world_db, dup.number) == []
    with world_db.session() as s:
        kinds = s.execute(select(ChangeLog.entity_id, ChangeLog.kind)
                          .order_by(ChangeLog.seq.desc()).limit(2)).all()
    assert sorted(kinds) == sorted([(str(dup.id), "merge"), (str(parent.id), "duplicate")])


def test_a_shift_lead_merges_up_to_dispatch_and_duplicates_add_up(service, world_db):
    parent = report(service, 0)
    first, second = report(service, 1), report(service, 2)
    for case in (first, second):
        act(service, "op1", case, Action.ACCEPT)
        act(service, "lead1", case, Action.FILE)
    act(service, "lead1", first, Action.MERGE, merge_into=parent.id)
    act(service, "lead1", second, Action.MERGE, merge_into=parent.number, reason="同一问题")
    assert get_case(world_db, parent.id).duplicate_count == 2
    assert [d.number for d in merged_into(world_db, parent.id)] == [first.number, second.number]
    assert case_history(world_db, parent.id)[-1].reason == "同一问题"


@pytest.mark.parametrize("target, message", [
    ("itself", "not a duplicate of itself"),
    ("closed", "void"),
    ("merged", "itself merged into another"),
    ("has_duplicates", "merge .* into .* instead"),
])
def test_what_may_not_be_merged_is_refused_and_changes_nothing(service, world_db, target,
                                                               message):
    case, other = report(service, 0), report(service, 1)
    if target == "itself":
        into = case
    elif target == "closed":
        act(service, "op1", other, Action.VOID, reason="不属于受理范围")
        into = other
    elif target == "merged":
        third = report(service, 2)
        act(service, "op1", other, Action.MERGE, merge_into=third.number)
        into = other
    else:  # the case to merge has duplicates of its own
        act(service, "op1", other, Action.MERGE, merge_into=case.number)
        into = report(service, 3)
    before = snapshot(world_db)
    with pytest.raises(ForbiddenTransition, match=message):
        act(service, "op1", get_case(world_db, case.id), Action.MERGE, merge_into=into.number)
    assert snapshot(world_db) == before


def test_a_merge_needs_a_known_case_and_the_right_role_and_stage(service, world_db):
    case, parent = report(service, 0), report(service, 1)
    before = snapshot(world_db)
    with pytest.raises(InvalidRequest, match="needs the case to merge into"):
        act(service, "op1", case, Action.MERGE)
    with pytest.raises(NotFound, match="no case 2099"):
        act(service, "op1", case, Action.MERGE, merge_into="209901010001")
    with pytest.raises(ForbiddenTransition, match="may not merge"):
        act(service, "disp1", case, Action.MERGE, merge_into=parent.number)
    act(service, "op1", case, Action.ACCEPT)
    with pytest.raises(ForbiddenTransition, match="needs stage intake"):
        act(service, "op1", case, Action.MERGE, merge_into=parent.number)
    with pytest.raises(ForbiddenTransition, match="recorded by a merge"):
        act(service, "lead1", case, Action.DUPLICATE)
    assert snapshot(world_db)[0][1:] == before[0][1:]  # the parent untouched


def test_the_desk_that_lost_the_merge_is_told_who_won(service, world_db):
    dup, a, b = report(service, 0), report(service, 1), report(service, 2)
    act(service, "op1", dup, Action.MERGE, merge_into=a.number, expected_version=dup.version)
    before = snapshot(world_db)
    with pytest.raises(StaleCase, match=r"changed by 'op1' \(merge, 合并\).* now void"):
        act(service, "lead1", dup, Action.MERGE, merge_into=b.number,
            expected_version=dup.version)
    with pytest.raises(StaleCase, match=r"changed by 'op1' \(merge"):  # no version given
        act(service, "lead1", dup, Action.MERGE, merge_into=b.number)
    assert snapshot(world_db) == before


def test_a_parent_closed_between_read_and_write_refuses_the_merge(service, world_db,
                                                                  monkeypatch):
    dup, parent = report(service, 0), report(service, 1)
    seen_open = get_case(world_db, parent.id)
    act(service, "op1", parent, Action.VOID, reason="重复上报")
    real_get = Workflow.get
    monkeypatch.setattr(Workflow, "get", lambda self, ref: seen_open if ref == parent.number
                        else real_get(self, ref))
    before = snapshot(world_db)
    with pytest.raises(StaleCase, match=rf"case {parent.number} was changed by 'op1' \(void"):
        act(service, "op1", dup, Action.MERGE, merge_into=parent.number)
    assert snapshot(world_db) == before


# --- two desks at once, on PostgreSQL ---------------------------------------------------

def _wait_until(condition, timeout: float = 30.0) -> None:
    """Poll ``condition`` until it holds (like qtbot.waitUntil), failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        pause.wait(0.005)


@pytest.fixture
def pg_world(pg_url):
    db = open_database(pg_url)
    seed_world(db)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = pg_url.rsplit("/", 1)[1]

    def waiting_on_a_lock() -> bool:
        with admin.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                     ":db AND wait_event_type = 'Lock'"), {"db": name}).scalar() > 0
    yield db, waiting_on_a_lock
    admin.dispose()
    db.dispose()


def _hold_then_other(db, first, second):
    """``first`` acts in a transaction kept open until ``second`` (another desk) is waiting
    on its locks; returns what ``second`` ended with."""
    service = CaseService(db, default_policy(), clock=lambda: MON)
    holding, outcome = threading.Event(), {}
    release = threading.Event()

    def desk_one():
        with service.batch() as wf:
            first(wf)
            holding.set()
            release.wait(60)

    def desk_two():
        holding.wait(60)
        try:
            outcome["case"] = second(service)
        except Exception as exc:  # judged by the test
            outcome["error"] = exc

    threads = [threading.Thread(target=desk_one), threading.Thread(target=desk_two)]
    for t in threads:
        t.start()
    return threads, release, outcome


@pytest.mark.postgres
def test_two_duplicates_merged_into_one_case_at_once_both_succeed(pg_world):
    db, waiting = pg_world
    service = CaseService(db, default_policy(), clock=lambda: MON)
    parent, one, two = report(service, 0), report(service, 1), report(service, 2)
    threads, release, outcome = _hold_then_other(
        db, lambda wf: wf.act(wf.actor("op1"), one.id, Action.MERGE, merge_into=parent.id),
        lambda s: act(s, "lead1", two, Action.MERGE, merge_into=parent.number))
    _wait_until(waiting)        # the second desk read the parent and waits for its row
    release.set()
    for t in threads:
        t.join(60)
    assert "error" not in outcome, outcome.get("error")
    stored = get_case(db, parent.id)
    assert (stored.duplicate_count, stored.version) == (2, 3)
    assert [e.seq for e in case_history(db, parent.id)] == [1, 2, 3]


@pytest.mark.postgres
def test_crossing_merges_leave_one_winner_and_name_it(pg_world):
    db, waiting = pg_world
    service = CaseService(db, default_policy(), clock=lambda: MON)
    x, y = report(service, 0), report(service, 1)
    threads, release, outcome = _hold_then_other(
        db, lambda wf: wf.act(wf.actor("op1"), y.id, Action.MERGE, merge_into=x.id),
        lambda s: act(s, "lead1", x, Action.MERGE, merge_into=y.number))
    _wait_until(waiting)
    release.set()
    for t in threads:
        t.join(60)
    error = outcome.get("error")
    assert isinstance(error, StaleCase), error
    assert "changed by 'op1' (duplicate, 并入重复案件)" in str(error)  # Y became its duplicate
    assert get_case(db, y.id).merged_into == x.id
    assert get_case(db, x.id).stage is Stage.INTAKE and get_case(db, x.id).duplicate_count == 1


def test_a_merged_duplicate_is_not_a_valid_report_in_the_review(world_db):
    """Counted once: the duplicate ends like a void, in both ways of folding the log."""
    from commandcenter.review.engine import read_window
    from commandcenter.store.calendar import load_policy
    from commandcenter.store.queries import get_case
    from commandcenter.store.service import CaseService, local_now
    service = CaseService(world_db, load_policy(world_db))
    draft = CaseDraft(Source.SUPERVISOR, CaseKind.EVENT, "event:0101", Urgency.NORMAL,
                      116.4005, 39.9105, GRID_A, "暴露垃圾")
    parent = service.report(service.actor("sup1"), draft)
    child = service.report(service.actor("sup1"), draft)
    service.act(service.actor("op1"), child.id, Action.MERGE, merge_into=parent.id)
    assert get_case(world_db, child.id).merged_into == parent.id
    now = local_now()
    folds = ("memory", "database") if world_db.dialect == "postgresql" else ("memory",)
    for fold in folds:
        cases = read_window(world_db, now - timedelta(days=1), now + timedelta(minutes=1),
                            now + timedelta(minutes=1), fold).cases
        voided = dict(zip(cases["case_id"] if "case_id" in cases else cases.index,
                          cases["voided"]))
        assert voided[child.id] and not voided[parent.id], fold
