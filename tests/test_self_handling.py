"""自处理: a field supervisor reports a problem already handled on the spot, in a class the
catalog allows, with photos; the shift lead approves (the case closes, marked) or rejects
(it goes on to filing)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from commandcenter.models.case import Action, Actor, CaseDraft, RequestKind
from commandcenter.models.catalog import CatalogError, load_catalog, parse_catalog
from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.workflow import ForbiddenTransition, InvalidRequest, open_case
from commandcenter.store.queries import case_history, get_case
from commandcenter.store.service import CaseService

from .conftest import GRID_A

MON = datetime(2026, 11, 23, 9, 0)
PHOTO = "/srv/photos/2026/11/23/sup1-0900.jpg"
DRAFT = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0201",
                  urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID_A,
                  description="电线杆上小广告，已当场清除", photos=(PHOTO,), self_handled=True)
HEADER = "kind,major_code,major_name,minor_code,minor_name,normal_limit,urgent_limit,owner_hint"


def test_the_catalog_says_which_classes_may_be_handled_on_the_spot():
    catalog = load_catalog()
    allowed = {m.name for m in catalog if m.self_handling}
    assert {"暴露垃圾", "非法小广告", "乱堆物料", "违规晾晒"} <= allowed
    assert not {"占道经营", "路面塌陷", "违章搭建"} & allowed
    assert all(m.kind is CaseKind.EVENT for m in catalog if m.self_handling)
    assert catalog.allows_self_handling("event:0101")
    assert not catalog.allows_self_handling("event:0501")
    assert not catalog.allows_self_handling("event:9999")


def test_a_catalog_without_the_column_allows_it_nowhere_and_a_bad_value_is_refused():
    old = parse_catalog(HEADER + "\nevent,01,市容环境,01,暴露垃圾,1wd,2wh,sanitation\n")
    assert not old.allows_self_handling("event:0101")
    new = parse_catalog(HEADER + ",self_handling\nevent,01,市容环境,01,暴露垃圾,1wd,2wh,"
                        "sanitation,是\nevent,01,市容环境,02,积存垃圾渣土,2wd,1wd,sanitation,\n")
    assert new.allows_self_handling("event:0101") and not new.allows_self_handling("event:0102")
    with pytest.raises(CatalogError, match="line 2: self_handling 'maybe' must be yes or no"):
        parse_catalog(HEADER + ",self_handling\nevent,01,市容环境,01,暴露垃圾,1wd,2wh,"
                      "sanitation,maybe\n")
    with pytest.raises(CatalogError, match=r"header must be .*owner_hint\[,self_handling\]"):
        parse_catalog(HEADER + ",handled\nevent,01,市容环境,01,暴露垃圾,1wd,2wh,sanitation,\n")


def test_only_a_supervisor_in_an_allowed_class_with_a_photo_may_report_it_handled():
    policy, sup = default_policy(), Actor("sup1", Role.SUPERVISOR)
    case, event = open_case(DRAFT, sup, "2026112300001", MON, policy)
    assert (case.stage, case.pending_request, case.self_handled) == (
        Stage.INTAKE, RequestKind.SELF_HANDLED, False)
    assert case.photos == (PHOTO,) and event.payload["self_handled"] is True
    with pytest.raises(ForbiddenTransition, match="operator .* may not report a case as handled"):
        open_case(DRAFT, Actor("op1", Role.OPERATOR), "n", MON, policy)
    with pytest.raises(InvalidRequest, match="event:0501 占道经营 may not be handled on the spot"):
        open_case(replace(DRAFT, class_key="event:0501"), sup, "n", MON, policy)
    with pytest.raises(InvalidRequest, match="needs at least one photo"):
        open_case(replace(DRAFT, photos=()), sup, "n", MON, policy)
    plain, plain_event = open_case(replace(DRAFT, self_handled=False), sup, "n", MON, policy)
    assert plain.pending_request is None and "self_handled" not in plain_event.payload


@pytest.fixture
def service(world_db):
    return CaseService(world_db, default_policy(), clock=lambda: MON)


def act(service, who, case, action, **kw):
    return service.act(service.actor(who), case.number, action,
                       at=MON + timedelta(minutes=10), **kw)


def test_the_shift_lead_approves_and_the_case_closes_marked_self_handled(service, world_db):
    case = service.report(service.actor("sup1"), DRAFT, at=MON)
    closed = act(service, "lead1", case, Action.APPROVE)
    assert (closed.stage, closed.self_handled, closed.pending_request) == (
        Stage.CLOSED, True, None)
    assert closed.closed_at == MON + timedelta(minutes=10) and closed.deadline is None
    stored = get_case(world_db, case.id)
    assert stored.self_handled and stored.photos == (PHOTO,)
    events = case_history(world_db, case.id)
    assert [(e.action, e.from_stage, e.to_stage) for e in events] == [
        (Action.REPORT, None, Stage.INTAKE), (Action.APPROVE, Stage.INTAKE, Stage.CLOSED)]
    assert events[0].payload["self_handled"] is True
    assert events[1].payload["request"] == "self" and events[1].actor == "lead1"


def test_a_rejected_report_goes_on_through_the_loop(service, world_db):
    case = service.report(service.actor("sup1"), DRAFT, at=MON)
    with pytest.raises(ForbiddenTransition, match="self request .* awaits approval"):
        act(service, "op1", case, Action.ACCEPT)
    with pytest.raises(ForbiddenTransition, match=r"in stage intake .*approve .* needs stage handling"):
        act(service, "disp1", case, Action.APPROVE)
    with pytest.raises(InvalidRequest, match="needs a reason"):
        act(service, "lead1", case, Action.REJECT)
    back = act(service, "lead1", case, Action.REJECT, reason="照片不能反映处置结果")
    assert (back.stage, back.self_handled, back.pending_request) == (Stage.FILING, False, None)
    assert case_history(world_db, case.id)[-1].payload["request"] == "self"
    filed = act(service, "lead1", back, Action.FILE)
    assert filed.stage is Stage.DISPATCH


def test_a_report_waiting_for_approval_may_still_be_voided_or_merged(service, world_db):
    first = service.report(service.actor("sup1"), replace(DRAFT, self_handled=False), at=MON)
    case = service.report(service.actor("sup1"), DRAFT, at=MON)
    merged = act(service, "op1", case, Action.MERGE, merge_into=first.number)
    assert (merged.stage, merged.pending_request) == (Stage.VOID, None)


def test_the_wall_counts_an_approved_self_handled_case_as_closed_today(service, world_db):
    from commandcenter.store.wall import today_counters
    case = service.report(service.actor("sup1"), DRAFT, at=MON)
    before = today_counters(world_db, MON + timedelta(minutes=5)).closed
    act(service, "lead1", case, Action.APPROVE)
    assert today_counters(world_db, MON + timedelta(minutes=15)).closed == before + 1
