"""Following the change log: every change once and in order, woken by NOTIFY on PostgreSQL."""
from __future__ import annotations

import importlib
import json
import select
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select as query, text

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store import feed, queries
from commandcenter.store.db import open_database
from commandcenter.store.feed import (Backoff, ChangeFollower, FeedState, LiveFeed, NotifierError,
                                      PgNotifier)
from commandcenter.store.schema import ChangeLog
from commandcenter.store.service import CaseService

from .conftest import GRID_A, seed_world

MON = datetime(2026, 11, 23, 9, 0)
DESK = Path(__file__).parent / "procs" / "desk.py"
postgres_only = pytest.mark.postgres


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FeedRun:
    """A LiveFeed following in a background thread, recording what it reports."""

    def __init__(self, live: LiveFeed):
        self.changes: list[queries.Change] = []
        self.states: list[FeedState] = []
        self.failure: BaseException | None = None
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(live,), daemon=True)
        self._thread.start()

    def _run(self, live: LiveFeed) -> None:
        try:
            live.run(self._stop, self._record_changes, self._record_state)
        except BaseException as exc:
            with self._cond:
                self.failure = exc
                self._cond.notify_all()

    def _record_changes(self, changes) -> None:
        with self._cond:
            self.changes.extend(changes)
            self._cond.notify_all()

    def _record_state(self, state) -> None:
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    @property
    def seqs(self) -> list[int]:
        with self._cond:
            return [c.seq for c in self.changes]

    def wait_for(self, predicate, timeout: float = 30.0, what: str = "") -> None:
        with self._cond:
            met = self._cond.wait_for(lambda: self.failure is not None or predicate(), timeout)
            assert self.failure is None, f"the feed stopped: {self.failure!r}"
            assert met, f"not within {timeout} s: {what} (states {self.states}, " \
                        f"seqs {[c.seq for c in self.changes]})"

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)
        assert not self._thread.is_alive()

    def __enter__(self) -> FeedRun:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def eventually(check, timeout: float = 30.0, what: str = "") -> None:
    give_up = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < give_up, f"not within {timeout} s: {what}"
        time.sleep(0.05)


@pytest.fixture
def service(world_db):
    return CaseService(world_db, default_policy(), clock=lambda: MON)


@pytest.fixture
def pg_service(pg_url):
    db = open_database(pg_url)
    seed_world(db)
    yield CaseService(db, default_policy(), clock=lambda: MON)
    db.dispose()


def report(service):
    draft = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID_A,
                      description="暴露垃圾")
    return service.report(service.actor("sup1"), draft)


def to_dispatch(service):
    case = report(service)
    service.act(service.actor("op1"), case.number, Action.ACCEPT)
    return service.act(service.actor("lead1"), case.number, Action.FILE)


def logged_seqs(db) -> list[int]:
    with db.session() as s:
        return list(s.scalars(query(ChangeLog.seq).order_by(ChangeLog.seq)))


def add_change(db, seq: int) -> None:
    with db.session() as s:
        s.execute(insert(ChangeLog).values(seq=seq, entity="case", entity_id="1", kind="accept",
                                           at=MON))


# -- the follower ------------------------------------------------------------------------------

def test_a_follower_delivers_each_change_once_in_order(service, world_db):
    follower = ChangeFollower(world_db)
    assert follower.poll() == []
    case = report(service)
    service.act(service.actor("op1"), case.number, Action.ACCEPT)
    first = follower.poll()
    assert [(c.entity, c.entity_id, c.kind) for c in first] == [
        ("case", str(case.id), "report"), ("case", str(case.id), "accept")]
    assert follower.poll() == []
    service.act(service.actor("lead1"), case.number, Action.FILE)
    assert [c.kind for c in follower.poll()] == ["file"]
    assert follower.last_seq == logged_seqs(world_db)[-1] and follower.holes == []


def test_a_follower_starts_at_the_end_of_the_log_unless_told_where(service, world_db):
    report(service), report(service)
    assert ChangeFollower(world_db).poll() == []
    assert [c.seq for c in ChangeFollower(world_db, after_seq=1).poll()] == [2]
    assert [c.seq for c in ChangeFollower(world_db, after_seq=0).poll()] == [1, 2]


def test_a_full_batch_is_followed_by_the_rest(service, world_db):
    follower = ChangeFollower(world_db, after_seq=0, batch=3)
    for _ in range(4):
        report(service)
    assert [c.seq for c in follower.poll()] == [1, 2, 3]
    assert [c.seq for c in follower.poll()] == [4]


def test_a_number_that_appears_late_is_delivered_after_the_higher_ones(world_db):
    clock = FakeClock()
    follower = ChangeFollower(world_db, after_seq=0, clock=clock)
    add_change(world_db, 2)
    add_change(world_db, 5)
    assert [c.seq for c in follower.poll()] == [2, 5]
    assert follower.holes == [1, 3, 4]
    add_change(world_db, 3)
    clock.now += 1
    assert [c.seq for c in follower.poll()] == [3]
    assert follower.holes == [1, 4] and follower.poll() == []
    clock.now += follower.grace
    # On PostgreSQL they go once no transaction that was running when they were noticed is
    # left (sessions of other programs on the same server can hold on for a moment).
    eventually(lambda: follower.poll() == [] and follower.holes == [], what="holes given up")


@postgres_only
def test_transactions_committing_out_of_order_are_each_delivered_once(pg_service):
    service = pg_service
    db = service.db
    follower = ChangeFollower(db)
    a, b = to_dispatch(service), to_dispatch(service)
    assert len(follower.poll()) == 6
    with service.batch() as slow:  # desk A takes the lower number and is slow to commit…
        slow.act(slow.actor("disp1"), a.number, Action.DISPATCH, department_code="D02")
        # …desk B takes the next number and commits first
        service.act(service.actor("disp2"), b.number, Action.DISPATCH, department_code="D09")
        seen_b = follower.poll()
        assert [(c.entity_id, c.kind) for c in seen_b] == [(str(b.id), "dispatch")]
        assert follower.holes == [seen_b[0].seq - 1]
    seen_a = follower.poll()
    assert [(c.entity_id, c.kind) for c in seen_a] == [(str(a.id), "dispatch")]
    assert seen_a[0].seq == seen_b[0].seq - 1
    assert follower.poll() == [] and follower.holes == []


@postgres_only
def test_a_rolled_back_number_is_given_up_after_the_grace_period(pg_service):
    service = pg_service
    clock = FakeClock()
    db = service.db
    follower = ChangeFollower(db, clock=clock)
    case = report(service)
    with pytest.raises(RuntimeError), service.batch() as doomed:
        doomed.act(doomed.actor("op1"), case.number, Action.ACCEPT)
        later = report(service)
        raise RuntimeError("rolled back")
    assert [c.entity_id for c in follower.poll()] == [str(case.id), str(later.id)]
    hole = follower.holes
    assert len(hole) == 1 and hole[0] not in logged_seqs(db)
    clock.now += follower.grace - 0.5
    assert follower.poll() == [] and follower.holes == hole
    clock.now += 0.5
    # Given up once every transaction running when it was noticed has ended (other sessions
    # on the server may still hold some for a moment).
    eventually(lambda: follower.poll() == [] and follower.holes == [], what="hole given up")
    report(service)
    assert [c.seq for c in follower.poll()] == [logged_seqs(db)[-1]]


@postgres_only
def test_a_transaction_open_longer_than_the_grace_period_is_still_waited_for(pg_service):
    service = pg_service
    clock = FakeClock()
    follower = ChangeFollower(service.db, clock=clock, max_wait=60)
    case = report(service)
    with service.batch() as long_import:
        long_import.act(long_import.actor("op1"), case.number, Action.ACCEPT)
        report(service)
        assert len(follower.poll()) == 2 and len(follower.holes) == 1
        clock.now += follower.grace + 1
        assert follower.poll() == [] and len(follower.holes) == 1
    assert [c.kind for c in follower.poll()] == ["accept"] and follower.holes == []


@postgres_only
def test_a_hole_is_given_up_after_the_longest_wait_even_if_its_transaction_runs_on(pg_service):
    service = pg_service
    clock = FakeClock()
    follower = ChangeFollower(service.db, clock=clock, max_wait=60)
    case = report(service)
    with service.batch() as forgotten:
        forgotten.act(forgotten.actor("op1"), case.number, Action.ACCEPT)
        report(service)
        assert len(follower.poll()) == 2 and len(follower.holes) == 1
        clock.now += 60
        assert follower.poll() == [] and follower.holes == []


@postgres_only
def test_a_follower_started_while_a_lower_number_is_uncommitted_still_gets_it(pg_service):
    service = pg_service
    case = report(service)
    with service.batch() as slow:
        slow.act(slow.actor("op1"), case.number, Action.ACCEPT)
        report(service)
        follower = ChangeFollower(service.db)  # starts above the uncommitted number
        assert follower.poll() == [] and len(follower.holes) == 1
    assert [(c.entity_id, c.kind) for c in follower.poll()] == [(str(case.id), "accept")]


# -- notifications ----------------------------------------------------------------------------

def test_the_channel_is_the_one_the_trigger_notifies():
    migration = importlib.import_module(
        "commandcenter.store.migrations.versions.0002_change_feed_and_personal_data")
    assert feed.CHANNEL == migration.CHANNEL


def test_backoff_doubles_up_to_a_cap_and_starts_over():
    backoff = Backoff(first=0.25, cap=2.0)
    assert [backoff.next() for _ in range(6)] == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]
    backoff.reset()
    assert backoff.next() == 0.25


def test_a_notifier_says_clearly_that_the_server_is_out_of_reach():
    pauses = []
    notifier = PgNotifier("postgresql+psycopg://postgres@127.0.0.1:1/nowhere", sleep=pauses.append)
    assert notifier.ensure_connected(attempts=4) is False
    assert pauses == [0.25, 0.5, 1.0]
    assert notifier.last_error and not notifier.connected
    with pytest.raises(NotifierError, match="not listening"):
        notifier.fileno()
    with pytest.raises(NotifierError, match="cannot listen for changes"):
        notifier.connect()
    notifier.close()
    notifier.close()


@postgres_only
def test_a_notifier_wakes_on_each_committed_change(pg_service):
    service = pg_service
    with PgNotifier(service.db.url) as notifier:
        assert notifier.ensure_connected()
        assert notifier.drain() is False
        report(service)
        assert notifier.wait(30) is True
        assert notifier.drain() is False  # one wake-up per transaction, already consumed
        case = report(service)
        readable, _, _ = select.select([notifier.fileno()], [], [], 30)
        assert readable == [notifier.fileno()] and notifier.drain() is True
        with service.batch() as wf:  # two changes, one transaction: one notification
            wf.act(wf.actor("op1"), case.number, Action.ACCEPT)
            wf.act(wf.actor("lead1"), case.number, Action.FILE)
        assert notifier.wait(30) is True and notifier.drain() is False


def terminate_listeners(db) -> int:
    with db.session() as s:
        return len(s.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = 'commandcenter feed'"
        )).all())


@postgres_only
def test_a_lost_notifier_connection_is_reported_and_reopened(pg_service):
    service = pg_service
    with PgNotifier(service.db.url) as notifier:
        assert notifier.ensure_connected()
        assert terminate_listeners(service.db) == 1
        with pytest.raises(NotifierError, match="lost the change notifications"):
            notifier.wait(30)
        assert not notifier.connected
        assert notifier.ensure_connected()
        report(service)
        assert notifier.wait(30) is True


# -- the live feed -----------------------------------------------------------------------------

@postgres_only
def test_a_dispatch_at_another_desk_arrives_woken_by_its_notification(pg_service):
    service = pg_service
    case = to_dispatch(service)
    # No scheduled reads: only a notification can wake this feed.
    live = LiveFeed(service.db, safety_interval=3600)
    with FeedRun(live) as run:
        run.wait_for(lambda: run.states == [FeedState.LIVE], what="live")
        desk_a = subprocess.run([sys.executable, DESK, "dispatch", service.db.url, case.number, "disp2",
                                 "D02"], capture_output=True, text=True, timeout=60)
        assert desk_a.returncode == 0, desk_a.stderr
        run.wait_for(lambda: any(c.kind == "dispatch" for c in run.changes), what="dispatch")
    assert [(c.entity, c.entity_id, c.kind) for c in run.changes] == [
        ("case", str(case.id), "dispatch")]
    assert queries.get_case(service.db, case.id).updated_by == "disp2"


@postgres_only
def test_a_feed_whose_listener_is_cut_reconnects_and_catches_up(pg_service):
    service = pg_service
    live = LiveFeed(service.db, after_seq=0, safety_interval=3600,
                    backoff=Backoff(first=0.05, cap=0.2))
    with FeedRun(live) as run:
        run.wait_for(lambda: run.states == [FeedState.LIVE], what="live")
        assert terminate_listeners(service.db) == 1
        report(service)  # committed while nobody is listening
        run.wait_for(lambda: run.states[-1:] == [FeedState.LIVE] and len(run.states) == 3
                     and run.seqs == logged_seqs(service.db), what="caught up")
    assert run.states == [FeedState.LIVE, FeedState.RECONNECTING, FeedState.LIVE]


def test_a_feed_that_cannot_reach_its_database_goes_from_reconnecting_to_offline():
    db = open_database("postgresql+psycopg://postgres@127.0.0.1:1/nowhere", upgrade=False)
    ticks = iter(range(0, 10**6, 4))
    live = LiveFeed(db, after_seq=0, offline_after=10, clock=lambda: float(next(ticks)),
                    backoff=Backoff(first=0.01, cap=0.02))
    with FeedRun(live) as run:
        run.wait_for(lambda: FeedState.OFFLINE in run.states, what="offline")
    assert run.states == [FeedState.RECONNECTING, FeedState.OFFLINE]
    db.dispose()


def test_on_sqlite_a_polling_feed_sees_another_process_write(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    db = open_database(url)
    seed_world(db)
    live = LiveFeed(db)
    assert live.notifier is None
    with FeedRun(live) as run:
        run.wait_for(lambda: run.states == [FeedState.LIVE], what="live")
        writer = subprocess.run([sys.executable, DESK, "report", url, GRID_A, "5"],
                                capture_output=True, text=True, timeout=60)
        assert writer.returncode == 0, writer.stderr
        ids = [str(json.loads(line)["case_id"]) for line in writer.stdout.splitlines()]
        run.wait_for(lambda: len(run.changes) == 5, what="five reports")
    assert [(c.entity_id, c.kind) for c in run.changes] == [(i, "report") for i in ids]
    assert run.seqs == logged_seqs(db)
    db.dispose()
