"""The wall display's account (大屏 / viewer) reads and never acts: the real service refuses
it every action in every stage it could be tried in, and it never sees personal data."""
from __future__ import annotations

import pytest

from commandcenter.models import workflow
from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.privacy import reporter_view
from commandcenter.models.workflow import ForbiddenTransition
from commandcenter.store import queries

from .conftest import GRID_A
from .test_roles import ARGUMENTS, TARGET, prepare, service, shared_world, snapshot  # noqa: F401

ACTIONS = sorted(TARGET, key=lambda a: a.value)


@pytest.mark.parametrize("action", ACTIONS, ids=[a.value for a in ACTIONS])
def test_the_wall_is_refused_every_action_and_nothing_changes(service, action):
    case, now = prepare(service, action)
    wall = service.actor("wall1")
    assert wall.role is Role.VIEWER
    assert action not in workflow.allowed_actions(case, wall, now)
    before = snapshot(service.db, case.id)
    with pytest.raises(ForbiddenTransition, match="viewer .*大屏.* may not"):
        service.act(wall, case.number, action, at=now, expected_version=case.version,
                    **ARGUMENTS)
    assert snapshot(service.db, case.id) == before


def test_the_wall_may_not_report(service):
    draft = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID_A,
                      description="暴露垃圾", reporter_name="张三丰",
                      reporter_phone="13812345678")
    before = service.case_count(), queries.last_change_seq(service.db)
    with pytest.raises(ForbiddenTransition, match="may not report"):
        service.report(service.actor("wall1"), draft)
    assert (service.case_count(), queries.last_change_seq(service.db)) == before


def test_the_wall_sees_the_reporter_masked(service):
    case, _now = prepare(service, Action.ACCEPT)
    record = case.__class__(**{**case.__dict__, "reporter_name": "张三丰",
                               "reporter_phone": "13812345678",
                               "reporter_id_no": "110101199003071234"})
    seen = reporter_view(record, Role.VIEWER)
    assert seen.masked and seen.revealed_fields == ()
    assert (seen.name, seen.phone, seen.id_no) == ("张**", "138****5678", "110101********1234")
