"""Routing suggestions: owner, locality and explicit rules."""
from __future__ import annotations

import json

import pytest

from commandcenter.models.enums import CaseKind
from commandcenter.models.routing import (
    Router, RoutingRule, SuggestionBasis, default_rules,
)

QIANMEN_GRID = "110101011002003"  # a grid in 前门街道
QIANMEN_OFFICE = "JD011"
ENFORCEMENT, LANDSCAPING, WATER_SUPPLY, GAS = "D02", "D03", "D10", "D11"


@pytest.fixture(scope="module")
def router(catalog, departments):
    return Router(default_rules(catalog, departments), departments, catalog)


def codes(suggestions):
    return [s.department_code for s in suggestions]


def test_component_goes_to_its_owner_then_the_street(router):
    # 上水井盖 registered to the water company.
    result = router.suggest(CaseKind.COMPONENT, "01", "01", QIANMEN_GRID, component_owner=WATER_SUPPLY)
    assert codes(result)[:2] == [WATER_SUPPLY, QIANMEN_OFFICE]
    assert result[0].reason == "部件权属单位" and result[0].basis is SuggestionBasis.OWNER
    assert result[1].reason == "属地街道" and result[1].basis is SuggestionBasis.LOCALITY


def test_registered_owner_beats_the_rules(router):
    # A gas manhole cover whose register names the water company: the register wins.
    result = router.suggest(CaseKind.COMPONENT, "01", "08", QIANMEN_GRID, component_owner=WATER_SUPPLY)
    assert codes(result)[:3] == [WATER_SUPPLY, QIANMEN_OFFICE, GAS]


def test_component_without_registered_owner_uses_the_rules_first(router):
    result = router.suggest(CaseKind.COMPONENT, "01", "08", QIANMEN_GRID)  # 燃气井盖
    assert codes(result)[:2] == [GAS, QIANMEN_OFFICE]
    assert result[0].basis is SuggestionBasis.RULE


def test_event_goes_to_the_street_then_the_department(router):
    result = router.suggest(CaseKind.EVENT, "05", "01", QIANMEN_GRID)  # 占道经营
    assert codes(result) == [QIANMEN_OFFICE, ENFORCEMENT]
    assert result[1].reason.startswith("规则#") and "05 街面秩序" in result[1].reason
    assert result[1].reason.endswith("→ 城管执法局")


def test_component_owner_is_ignored_for_events(router):
    result = router.suggest(CaseKind.EVENT, "05", "01", QIANMEN_GRID, component_owner=GAS)
    assert GAS not in codes(result)


def test_unknown_grid_prefix_gives_no_locality(router):
    for grid in ("110102001001001", "1101", "", None):
        result = router.suggest(CaseKind.EVENT, "05", "01", grid)
        assert SuggestionBasis.LOCALITY not in {s.basis for s in result}
        assert codes(result) == [ENFORCEMENT]


def test_rules_are_tried_in_order_not_in_list_position(departments):
    rules = [
        RoutingRule(20, LANDSCAPING, CaseKind.EVENT, "05"),
        RoutingRule(10, ENFORCEMENT, CaseKind.EVENT, "05", "01"),
    ]
    result = Router(rules, departments).suggest(CaseKind.EVENT, "05", "01", QIANMEN_GRID)
    assert codes(result) == [QIANMEN_OFFICE, ENFORCEMENT, LANDSCAPING]
    assert result[1].reason == "规则#10: 事件 05 01 → 城管执法局"  # no catalog, no names


def test_area_rule_ordered_first_beats_the_wildcard(departments):
    wildcard = RoutingRule(20, ENFORCEMENT, CaseKind.EVENT, "01")
    area = RoutingRule(10, "D09", CaseKind.EVENT, "01", area_prefix="110101011")
    router = Router([wildcard, area], departments)
    inside = router.suggest(CaseKind.EVENT, "01", "01", QIANMEN_GRID)
    assert codes(inside) == [QIANMEN_OFFICE, "D09", ENFORCEMENT]
    assert "区域 110101011" in inside[1].reason
    outside = router.suggest(CaseKind.EVENT, "01", "01", "110101001001001")
    assert codes(outside) == ["JD001", ENFORCEMENT]


def test_duplicates_keep_the_first_reason(departments):
    rules = [RoutingRule(10, ENFORCEMENT, CaseKind.EVENT, "05", "01"),
             RoutingRule(20, ENFORCEMENT, CaseKind.EVENT, "05"),
             RoutingRule(30, QIANMEN_OFFICE, area_prefix="110101011")]
    result = Router(rules, departments).suggest(CaseKind.EVENT, "05", "01", QIANMEN_GRID)
    assert codes(result) == [QIANMEN_OFFICE, ENFORCEMENT]
    assert result[0].reason == "属地街道"
    assert result[1].reason.startswith("规则#10")


def test_class_owner_hint_is_the_last_resort(catalog, departments):
    router = Router([], departments, catalog)
    result = router.suggest(CaseKind.EVENT, "04", "03", QIANMEN_GRID)  # 燃气泄漏
    assert codes(result) == [QIANMEN_OFFICE, GAS]
    assert result[1].basis is SuggestionBasis.CLASS


def test_default_rules_cover_every_minor_class(catalog, departments, router):
    by_code = {d.code: d for d in departments}
    for minor in catalog:
        matched = router.matching_rules(minor.kind, minor.major_code, minor.code, QIANMEN_GRID)
        professional = [r for r in matched if not by_code[r.department_code].is_street_office]
        assert professional, f"{minor.key} {minor.name} has no professional department"


def test_default_rules_send_classes_to_their_owner(catalog, departments, router):
    suggestions = router.suggest(CaseKind.EVENT, "04", "03", QIANMEN_GRID)  # 燃气泄漏
    assert codes(suggestions)[1] == GAS
    orders = [r.order for r in default_rules(catalog, departments)]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_rules_round_trip_through_plain_dicts(catalog, departments):
    rules = default_rules(catalog, departments) + [
        RoutingRule(5, QIANMEN_OFFICE, area_prefix="110101011"),
        RoutingRule(7, "D09", CaseKind.EVENT, "01", "01", "110101011002"),
    ]
    stored = json.loads(json.dumps([r.to_dict() for r in rules]))
    assert [RoutingRule.from_dict(d) for d in stored] == rules
    assert stored[-1] == {"order": 7, "department_code": "D09", "kind": "event", "major": "01",
                          "minor": "01", "area_prefix": "110101011002"}
    # Empty cells from a form mean "any".
    assert RoutingRule.from_dict({"order": "3", "department_code": "D02", "kind": "",
                                  "major": None, "area_prefix": " "}) == RoutingRule(3, "D02")


@pytest.mark.parametrize("kwargs", [
    {"major": "5"},
    {"kind": CaseKind.EVENT, "minor": "01"},
    {"major": "05"},
    {"area_prefix": "1101-01"},
    {"kind": "incident"},
])
def test_malformed_rules_are_rejected(kwargs):
    with pytest.raises(ValueError):
        RoutingRule(1, ENFORCEMENT, **kwargs)


def test_rules_must_name_known_departments(departments):
    with pytest.raises(ValueError, match="X99"):
        Router([RoutingRule(1, "X99")], departments)
