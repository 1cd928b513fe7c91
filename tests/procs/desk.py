"""Another workstation, as a separate process: ``python desk.py COMMAND DB_URL …``.

Commands (results are JSON lines on stdout):

* ``dispatch URL NUMBER USER DEPARTMENT`` — one dispatch; prints the new version.
* ``report URL GRID COUNT`` — COUNT reports by ``sup1``, one line per commit with the case id.
* ``race URL USER DEPARTMENT`` — reads ``{"cases": [...], "rounds": n}`` from stdin, takes
  every case's version, prints ``ready``, waits for ``go`` on stdin, then tries to dispatch
  each case ``rounds`` times in a row with the version it took; one line per attempt.
"""
from __future__ import annotations

import json
import sys
import time

from sqlalchemy.exc import OperationalError

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store import queries
from commandcenter.store.db import open_database
from commandcenter.store.service import CaseService, StaleCase


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def service_for(url: str) -> CaseService:
    return CaseService(open_database(url, upgrade=False), default_policy())


def actor_when_reachable(service: CaseService, username: str, patience: float = 30.0):
    """The first statement may meet a server that is still starting."""
    give_up = time.monotonic() + patience
    while True:
        try:
            return service.actor(username)
        except OperationalError:
            if time.monotonic() > give_up:
                raise
            time.sleep(0.1)


def dispatch(url: str, number: str, username: str, department: str) -> None:
    service = service_for(url)
    case = service.act(service.actor(username), number, Action.DISPATCH,
                       department_code=department)
    emit(case_id=case.id, version=case.version)


def report(url: str, grid: str, count: str) -> None:
    service = service_for(url)
    sup = actor_when_reachable(service, "sup1")
    for i in range(int(count)):
        draft = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0101",
                          urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=grid,
                          description=f"暴露垃圾 {i}")
        emit(case_id=service.report(sup, draft).id)


def race(url: str, username: str, department: str) -> None:
    plan = json.loads(sys.stdin.readline())
    service = service_for(url)
    me = service.actor(username)
    versions = {cid: queries.get_case(service.db, cid).version for cid in plan["cases"]}
    emit(ready=True)
    if sys.stdin.readline().strip() != "go":
        return
    for case_id, version in versions.items():
        for _ in range(plan["rounds"]):
            try:
                service.act(me, case_id, Action.DISPATCH, expected_version=version,
                            department_code=department)
                emit(case_id=case_id, result="won")
            except StaleCase as lost:
                emit(case_id=case_id, result="stale", winner=lost.current.updated_by)
            except Exception as exc:  # reported, and the test fails on it
                emit(case_id=case_id, result="error", error=repr(exc))


if __name__ == "__main__":
    commands = {"dispatch": dispatch, "report": report, "race": race}
    commands[sys.argv[1]](*sys.argv[2:])
