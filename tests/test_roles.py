"""Role rules hold below the interface: the real service refuses every action to every
role the rules do not name, on SQLite and PostgreSQL, and the refusal changes nothing.

Each case is brought to a stage where the action *would* be allowed (checked against a
role that may take it), so the only reason left for the refusal is the role.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select, text

from commandcenter.models import workflow
from commandcenter.models.case import Action, CaseDraft, CaseRecord
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.workflow import REPORTING_ROLES, RULES, ForbiddenTransition
from commandcenter.models.worktime import TimeLimit
from commandcenter.store import queries
from commandcenter.store.db import open_database
from commandcenter.store.mapping import case_record
from commandcenter.store.schema import Case, CaseEventRow, ChangeLog
from commandcenter.store.service import CaseService

from .conftest import GRID_A, PG_ADMIN_URL, add_wall_account, seed_world

MON = datetime(2026, 11, 23, 9, 0)
LATER = MON + timedelta(days=30)  # every running deadline has passed by then

USER_OF = {Role.SUPERVISOR: "sup1", Role.OPERATOR: "op1", Role.SHIFT_LEAD: "lead1",
           Role.DISPATCHER: "disp1", Role.DEPARTMENT: "h_d02", Role.LEADER: "leader1",
           Role.SYSTEM: "system", Role.VIEWER: "wall1"}

# The stage each action is tried in: one where a role the rules name may take it.
TARGET = {
    Action.ACCEPT: "intake", Action.VOID: "intake", Action.ESCALATE: "intake",
    Action.VERIFY: "verify", Action.FILE: "filing", Action.DISPATCH: "dispatch",
    Action.REQUEST_RETURN: "handling", Action.REQUEST_EXTENSION: "handling",
    Action.REQUEST_HOLD: "handling", Action.HANDLE: "handling", Action.SUPERVISE: "handling",
    Action.APPROVE: "pending", Action.REJECT: "pending", Action.RESUME: "held",
    Action.CHECK_PASS: "check", Action.CHECK_FAIL: "check", Action.CLOSE: "closing",
    Action.RECALL: "handling", Action.MERGE: "intake", Action.ASSIGN: "verify",
    Action.ACKNOWLEDGE: "verify",
}
# Steps along the main line: (stage reached, user, action, arguments).
MAIN_LINE = [
    ("filing", "op1", Action.ACCEPT, {}),
    ("dispatch", "lead1", Action.FILE, {}),
    ("handling", "disp1", Action.DISPATCH, {"department_code": "D02"}),
    ("check", "h_d02", Action.HANDLE, {}),
    ("closing", "sup1", Action.CHECK_PASS, {}),
]
# The open case every merge is tried into: the first the module's world reports.
PARENT = f"{MON:%Y%m%d}00001"
# Every argument an action could need, all valid: only the role can be wrong.
ARGUMENTS = {"reason": "现场情况需要", "department_code": "D02",
             "extension": TimeLimit.parse("2wd"), "merge_into": PARENT, "assignee": "sup1"}


def allowed_roles(action: Action) -> frozenset[Role]:
    return frozenset(r for p in RULES[action] for r in p.roles)


FORBIDDEN = [(action, role) for action in RULES for role in Role
             if role not in allowed_roles(action)]
DEPARTMENT_ACTIONS = [a for a in RULES if Role.DEPARTMENT in allowed_roles(a)]


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_world(request, tmp_path_factory):
    """conftest's ``world_db``, but built once per database for the whole module (a
    PostgreSQL clone per test would be most of the run time). Each test works on a case
    of its own and checks that its refused action left everything as it was, so the
    tests cannot disturb one another."""
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'cc.db'}", None
    else:
        template = request.getfixturevalue("pg_template")
        name = f"cc_roles_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

        def drop():
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    db = open_database(url)
    seed_world(db)
    add_wall_account(db)
    parent = CaseService(db, default_policy()).report(
        CaseService(db, default_policy()).actor("sup1"),
        CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0101",
                  urgency=Urgency.NORMAL, lon=116.4004, lat=39.9104, grid_code=GRID_A,
                  description="暴露垃圾，先报的一起"), at=MON)
    assert parent.number == PARENT
    yield db
    db.dispose()
    if drop:
        drop()


@pytest.fixture
def service(shared_world):
    return CaseService(shared_world, default_policy(), clock=lambda: MON)


def prepare(service: CaseService, action: Action) -> tuple[CaseRecord, datetime]:
    """A new case walked through the real workflow (in one transaction) to the stage
    ``action`` is tried in, and the time to try it at."""
    target = TARGET[action]
    source = Source.PUBLIC if target == "verify" else Source.SUPERVISOR
    draft = CaseDraft(source=source, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID_A,
                      description="暴露垃圾")
    with service.batch() as wf:
        case = wf.report(wf.actor("sup1"), draft, at=MON)

        def act(user: str, step: Action, **kw) -> CaseRecord:
            return wf.act(wf.actor(user), case.number, step, at=MON, **kw)

        if target == "verify":
            case = act("op1", Action.ACCEPT)
        line_target = {"pending": "handling", "held": "handling"}.get(target, target)
        if target != "verify" and line_target != "intake":
            for reached, user, step, kw in MAIN_LINE:
                case = act(user, step, **kw)
                if reached == line_target:
                    break
        if target == "pending":
            case = act("h_d02", Action.REQUEST_EXTENSION, reason="材料未到",
                       extension=TimeLimit.parse("1wd"))
        elif target == "held":
            act("h_d02", Action.REQUEST_HOLD, reason="待上级批复")
            case = act("disp1", Action.APPROVE)
    return case, (LATER if action is Action.ESCALATE else MON)


def snapshot(db, case_id: int):
    """The case, its event count, the number of cases and the change log's last row."""
    with db.session() as s:
        case = case_record(s.get(Case, case_id))
        events = s.scalar(select(func.count()).select_from(CaseEventRow)
                          .where(CaseEventRow.case_id == case_id))
        cases = s.scalar(select(func.count()).select_from(Case))
        last = s.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0)))
    return case, events, cases, last


def assert_may_be_taken(service, case: CaseRecord, action: Action, now: datetime) -> None:
    """Some role the rules name may take ``action`` on ``case`` now."""
    for role in sorted(allowed_roles(action)):
        try:
            workflow.check(case, action, service.actor(USER_OF[role]), now)
            return
        except ForbiddenTransition:
            continue
    pytest.fail(f"{action.value} is not allowed to anyone on {case.number} "
                f"in stage {case.stage.value}: the preparation is wrong")


def test_every_action_has_a_stage_to_be_tried_in():
    assert set(TARGET) == set(RULES) == set(Action) - workflow.RECORDED_ONLY
    assert {a for a, _ in FORBIDDEN} == set(RULES)


@pytest.mark.parametrize("action, role", FORBIDDEN,
                         ids=[f"{a.value}-by-{r.value}" for a, r in FORBIDDEN])
def test_a_role_the_rules_do_not_name_is_refused_and_nothing_changes(service, action, role):
    case, now = prepare(service, action)
    assert_may_be_taken(service, case, action, now)
    before = snapshot(service.db, case.id)
    with pytest.raises(ForbiddenTransition, match="may not") as err:
        service.act(service.actor(USER_OF[role]), case.number, action, at=now,
                    expected_version=case.version, **ARGUMENTS)
    assert (err.value.action, err.value.role, err.value.stage) == (action, role, case.stage)
    assert snapshot(service.db, case.id) == before


@pytest.mark.parametrize("action", DEPARTMENT_ACTIONS, ids=[a.value for a in DEPARTMENT_ACTIONS])
def test_a_handler_of_another_department_is_refused(service, action):
    case, now = prepare(service, action)
    assert case.department_code == "D02"
    workflow.check(case, action, service.actor("h_d02"), now)  # the right handler may
    before = snapshot(service.db, case.id)
    with pytest.raises(ForbiddenTransition, match="assigned to department D02, not to D09"):
        service.act(service.actor("h_d09"), case.number, action, at=now, **ARGUMENTS)
    assert snapshot(service.db, case.id) == before


@pytest.mark.parametrize("role", sorted(set(Role) - REPORTING_ROLES))
def test_a_role_that_may_not_report_writes_nothing(service, role):
    draft = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID_A,
                      description="暴露垃圾")
    before = service.case_count(), queries.last_change_seq(service.db)
    with pytest.raises(ForbiddenTransition, match="may not report"):
        service.report(service.actor(USER_OF[role]), draft, at=MON)
    assert (service.case_count(), queries.last_change_seq(service.db)) == before
