"""Several workstations at once, as separate processes, on the real PostgreSQL server."""
from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store.db import open_database
from commandcenter.store.feed import Backoff, FeedState, LiveFeed
from commandcenter.store.schema import Case, CaseEventRow, ChangeLog, User
from commandcenter.store.service import CaseService

from .conftest import GRID_A, seed_world
from .test_feed import FeedRun, logged_seqs

DESK = Path(__file__).parent / "procs" / "desk.py"
CASES, ROUNDS = 125, 2
DESKS = [("disp1", "D02"), ("disp2", "D09"), ("disp3", "D02"), ("lead1", "D09")]
# 4 desks × 125 cases × 2 attempts = 1,000 conflicting dispatches, 8 per case.

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def pg_db(pg_url):
    db = open_database(pg_url)
    seed_world(db)
    yield db
    db.dispose()


def cases_waiting_for_dispatch(service: CaseService, count: int) -> list[int]:
    ids = []
    with service.batch() as wf:
        sup, op, lead = wf.actor("sup1"), wf.actor("op1"), wf.actor("lead1")
        for i in range(count):
            draft = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT,
                              class_key="event:0101", urgency=Urgency.NORMAL, lon=116.4005,
                              lat=39.9105, grid_code=GRID_A, description=f"暴露垃圾 {i}")
            case = wf.report(sup, draft)
            wf.act(op, case.id, Action.ACCEPT)
            wf.act(lead, case.id, Action.FILE)
            ids.append(case.id)
    return ids


def test_concurrent_dispatches_of_the_same_cases_leave_exactly_one_winner_each(pg_db):
    with pg_db.session() as s:
        s.add(User(username="disp3", display_name="disp3", role="dispatcher", active=True))
    service = CaseService(pg_db, default_policy())
    case_ids = cases_waiting_for_dispatch(service, CASES)
    plan = json.dumps({"cases": case_ids, "rounds": ROUNDS})
    desks = [subprocess.Popen([sys.executable, DESK, "race", pg_db.url, user, department],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for user, department in DESKS]
    try:
        for desk in desks:  # every desk takes the versions, then all start together
            desk.stdin.write(plan + "\n")
            desk.stdin.flush()
        for desk in desks:
            assert json.loads(desk.stdout.readline() or "{}") == {"ready": True}, \
                desk.stderr.read()
        for desk in desks:
            desk.stdin.write("go\n")
            desk.stdin.flush()
        outcomes = []
        for (user, _), desk in zip(DESKS, desks):
            out, err = desk.communicate(timeout=120)
            assert desk.returncode == 0, err
            outcomes += [dict(json.loads(line), desk=user) for line in out.splitlines()]
    finally:
        for desk in desks:
            if desk.poll() is None:
                desk.kill()
                desk.wait()

    assert [o for o in outcomes if o["result"] == "error"] == []
    tally = Counter(o["result"] for o in outcomes)
    assert tally["won"] + tally["stale"] == len(outcomes) == len(DESKS) * CASES * ROUNDS
    winners = {}
    for o in outcomes:
        if o["result"] == "won":
            assert o["case_id"] not in winners, f"case {o['case_id']} dispatched twice"
            winners[o["case_id"]] = o["desk"]
    assert sorted(winners) == sorted(case_ids)
    # Every loser was told who won.
    assert all(o["winner"] == winners[o["case_id"]] for o in outcomes if o["result"] == "stale")
    with pg_db.session() as s:
        dispatches = Counter(s.scalars(select(CaseEventRow.case_id)
                                       .where(CaseEventRow.action == "dispatch")))
        events = dict(s.execute(select(CaseEventRow.case_id, func.count())
                                .group_by(CaseEventRow.case_id)).all())
        stored = {c.id: (c.version, c.updated_by, c.stage) for c in s.scalars(select(Case))}
        logged = s.scalar(select(func.count()).select_from(ChangeLog)
                          .where(ChangeLog.kind == "dispatch"))
    assert dispatches == Counter(case_ids)
    assert all(version == events[cid] == 4 for cid, (version, _, _) in stored.items())
    assert {cid: who for cid, (_, who, _) in stored.items()} == winners
    assert {stage for _, _, stage in stored.values()} == {"handling"}
    assert logged == CASES


# -- a server restart --------------------------------------------------------------------------

class Cluster:
    """The machine's PostgreSQL cluster, restarted through Debian's pg_ctlcluster."""

    def __init__(self, version: str, name: str = "main"):
        self.args = ["--skip-systemctl-redirect", version, name]

    def _ctl(self, action: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["pg_ctlcluster", *self.args, action], capture_output=True,
                              text=True, timeout=120, check=check)

    def restart(self) -> None:
        self._ctl("restart")

    def ensure_running(self) -> None:
        if self._ctl("status", check=False).returncode != 0:
            self._ctl("start")
        subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-t", "60"],
                       capture_output=True, timeout=90)


@pytest.fixture
def cluster(pg_url):
    if shutil.which("pg_ctlcluster") is None or not os.path.isdir("/etc/postgresql"):
        pytest.skip("needs the machine's PostgreSQL cluster (pg_ctlcluster)")
    if os.environ.get("COMMANDCENTER_NO_PG_RESTART"):
        # Other test runs sharing this server would lose their connections mid-test.
        pytest.skip("COMMANDCENTER_NO_PG_RESTART is set: the shared server is not restarted")
    version = max(os.listdir("/etc/postgresql"), key=lambda v: float(v))
    server = Cluster(version)
    yield server
    server.ensure_running()
    # Engines made before the restart (the fixtures' own among them) still pool connections
    # to the old server process: drop them so their next use connects afresh.
    for obj in gc.get_objects():
        if isinstance(obj, Engine):
            obj.pool.dispose()


def test_a_feed_rides_out_a_server_restart_and_misses_nothing(cluster, pg_db):
    service = CaseService(pg_db, default_policy())
    case_ids = cases_waiting_for_dispatch(service, 2)
    live = LiveFeed(pg_db, after_seq=0, safety_interval=1.0,
                    backoff=Backoff(first=0.1, cap=0.5))
    with FeedRun(live) as run:
        run.wait_for(lambda: run.states == [FeedState.LIVE] and len(run.seqs) == 6,
                     what="the first changes")
        cluster.restart()
        # Another workstation writes as soon as the server is back, maybe before we are.
        writer = subprocess.run([sys.executable, DESK, "report", pg_db.url, GRID_A, "20"],
                                capture_output=True, text=True, timeout=120)
        assert writer.returncode == 0, writer.stderr
        assert len(writer.stdout.splitlines()) == 20
        expected = logged_seqs(pg_db)
        assert len(expected) == 6 + 20
        run.wait_for(lambda: len(run.seqs) >= len(expected) and run.states[-1] is FeedState.LIVE,
                     timeout=60, what="caught up after the restart")
    assert run.states[0] is FeedState.LIVE and run.states[-1] is FeedState.LIVE
    assert FeedState.RECONNECTING in run.states
    assert run.seqs == expected  # each exactly once, in order
    reported = {c.entity_id for c in run.changes if c.kind == "report"}
    assert {str(cid) for cid in case_ids} <= reported and len(reported) == 22
