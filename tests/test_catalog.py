"""The class catalog, stage limits and departments shipped with the product."""
from __future__ import annotations

import pytest

from commandcenter.models.catalog import (
    CatalogError, Department, MinorClass, StageLimits,
    parse_catalog, parse_departments, resolve_owner_hint,
)
from commandcenter.models.enums import CaseKind, Stage, Urgency
from commandcenter.models.worktime import LimitUnit, TimeLimit

HEADER = "kind,major_code,major_name,minor_code,minor_name,normal_limit,urgent_limit,owner_hint\n"
GOOD_ROW = "event,01,市容环境,01,暴露垃圾,1wd,2wh,sanitation\n"


def by_name(catalog, kind, name) -> MinorClass:
    found = [m for m in catalog.minors(kind) if m.name == name]
    assert len(found) == 1, name
    return found[0]


# --- catalog contents ----------------------------------------------------------------

def test_catalog_has_enough_minor_classes(catalog):
    assert len(catalog) >= 60
    assert len(catalog.minors(CaseKind.COMPONENT)) >= 30
    assert len(catalog.minors(CaseKind.EVENT)) >= 30


@pytest.mark.parametrize("kind, names", [
    (CaseKind.COMPONENT, ["公用设施", "道路交通", "市容环境", "园林绿化", "房屋土地", "其他设施"]),
    (CaseKind.EVENT, ["市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "其他事件"]),
])
def test_major_classes_follow_the_standard(catalog, kind, names):
    majors = catalog.majors(kind)
    assert [m.code for m in majors] == ["01", "02", "03", "04", "05", "06"]
    assert [m.name for m in majors] == names
    for major in majors:
        assert catalog.minors(kind, major.code), f"{major.name} has no minor classes"


def test_every_minor_has_both_limits_and_a_known_owner(catalog, departments):
    for minor in catalog:
        assert set(minor.limits) == {Urgency.NORMAL, Urgency.URGENT}, minor.key
        assert all(isinstance(limit, TimeLimit) for limit in minor.limits.values())
        owner = resolve_owner_hint(minor.owner_hint, departments)
        assert owner is not None and not owner.is_street_office, minor.key


@pytest.mark.parametrize("kind, name, normal, urgent", [
    (CaseKind.EVENT, "暴露垃圾", "1wd", "2wh"),
    (CaseKind.EVENT, "道路不洁", "5wh", "2wh"),
    (CaseKind.EVENT, "违章搭建", "15wd", "5wd"),
    (CaseKind.EVENT, "燃气泄漏", "4h", "2h"),
    (CaseKind.COMPONENT, "上水井盖", "1wd", "2h"),
])
def test_specific_limits(catalog, kind, name, normal, urgent):
    minor = by_name(catalog, kind, name)
    assert catalog.handle_limit(minor.key, Urgency.NORMAL) == TimeLimit.parse(normal)
    assert catalog.handle_limit(minor.key, Urgency.URGENT) == TimeLimit.parse(urgent)


def test_lookups_agree(catalog):
    minor = catalog.by_key("event:0101")
    assert minor.name == "暴露垃圾"
    assert minor.key == "event:0101" and minor.code4 == "0101"
    assert catalog.minor(CaseKind.EVENT, "01", "01") is minor
    assert catalog.minor("event", "01", "01") is minor
    assert catalog.major(CaseKind.EVENT, "01").name == "市容环境"
    assert by_name(catalog, CaseKind.COMPONENT, "上水井盖").key == "component:0101"
    assert all(m.major_code == "05" for m in catalog.minors(CaseKind.EVENT, "05"))
    assert "event:0101" in catalog and "event:9999" not in catalog
    with pytest.raises(KeyError):
        catalog.by_key("event:9999")
    with pytest.raises(KeyError):
        catalog.minor(CaseKind.COMPONENT, "07", "01")


def test_minor_class_is_hashable_and_immutable(catalog):
    minor = catalog.by_key("event:0101")
    assert {minor: 1}[minor] == 1
    with pytest.raises(TypeError):
        minor.limits[Urgency.NORMAL] = TimeLimit(1, LimitUnit.WORK_MINUTES)


# --- parsing -----------------------------------------------------------------------

def test_parse_catalog_accepts_a_minimal_file():
    catalog = parse_catalog(HEADER + GOOD_ROW)
    assert len(catalog) == 1
    assert [m.name for m in catalog.majors(CaseKind.EVENT)] == ["市容环境"]
    assert catalog.majors(CaseKind.COMPONENT) == ()


@pytest.mark.parametrize("bad_row, reason", [
    ("event,1,市容环境,02,积存垃圾渣土,2wd,1wd,sanitation", "major_code"),
    ("event,01,市容环境,2,积存垃圾渣土,2wd,1wd,sanitation", "minor_code"),
    ("incident,01,市容环境,02,积存垃圾渣土,2wd,1wd,sanitation", "kind"),
    ("event,07,新类别,02,积存垃圾渣土,2wd,1wd,sanitation", "major class 07"),
    ("event,01,宣传广告,02,积存垃圾渣土,2wd,1wd,sanitation", "市容环境"),
    ("event,01,市容环境,02,积存垃圾渣土,two days,1wd,sanitation", "normal_limit"),
    ("event,01,市容环境,02,积存垃圾渣土,2wd,,sanitation", "urgent_limit"),
    ("event,01,市容环境,02,积存垃圾渣土,1wh,2wh,sanitation", "longer"),
    ("event,01,市容环境,02,积存垃圾渣土,4wh,1wd,sanitation", "longer"),
    ("event,01,市容环境,01,暴露垃圾,1wd,2wh,sanitation", "duplicate"),
    ("event,01,市容环境,02,积存垃圾渣土,2wd,1wd,", "owner_hint"),
    ("event,01,市容环境,02,积存垃圾渣土,2wd,1wd", "fields"),
])
def test_malformed_row_is_rejected_with_its_line(bad_row, reason):
    text = HEADER + GOOD_ROW + "\n" + bad_row + "\n"  # the blank line keeps line numbers honest
    with pytest.raises(CatalogError) as info:
        parse_catalog(text)
    assert info.value.line == 4
    assert "line 4" in str(info.value)
    assert reason in str(info.value)


def test_urgent_limit_in_another_clock_is_not_compared():
    # 4 natural hours vs 1 working day: different clocks, both plausible.
    catalog = parse_catalog(HEADER + "event,04,突发事件,03,燃气泄漏,1wd,4h,utility\n")
    assert catalog.handle_limit("event:0403", Urgency.URGENT) == TimeLimit(4, LimitUnit.NATURAL_HOURS)


def test_bad_header_and_empty_file_are_rejected():
    with pytest.raises(CatalogError, match="line 1"):
        parse_catalog(HEADER.replace("owner_hint", "owner") + GOOD_ROW)
    with pytest.raises(CatalogError):
        parse_catalog("")
    with pytest.raises(CatalogError, match="no classes"):
        parse_catalog(HEADER)


def test_local_major_extensions_are_opt_in():
    row = "event,07,城市安全,01,违规充电,1wd,2wh,enforcement\n"
    with pytest.raises(CatalogError):
        parse_catalog(HEADER + row)
    majors = {CaseKind.EVENT: {"07": "城市安全"}}
    assert parse_catalog(HEADER + row, majors=majors).by_key("event:0701").name == "违规充电"


def test_bom_written_by_spreadsheets_is_ignored():
    assert len(parse_catalog("\ufeff" + HEADER + GOOD_ROW)) == 1


# --- stage limits --------------------------------------------------------------------

@pytest.mark.parametrize("stage, normal, urgent", [
    (Stage.INTAKE, "10wm", "5wm"),
    (Stage.VERIFY, "1wh", "30wm"),
    (Stage.FILING, "30wm", "10wm"),
    (Stage.DISPATCH, "30wm", "10wm"),
    (Stage.CHECK, "2wh", "1wh"),
    (Stage.CLOSING, "1wh", "30wm"),
])
def test_default_stage_limits(stage, normal, urgent):
    limits = StageLimits.default()
    assert limits.limit(stage, Urgency.NORMAL) == TimeLimit.parse(normal)
    assert limits.limit(stage, Urgency.URGENT) == TimeLimit.parse(urgent)


@pytest.mark.parametrize("stage", [Stage.HANDLING, Stage.HELD, Stage.CLOSED, Stage.VOID])
def test_stages_without_their_own_limit(stage):
    assert StageLimits.default().limit(stage, Urgency.NORMAL) is None


def test_handling_limit_comes_from_the_class(catalog):
    assert catalog.stage_limit(Stage.HANDLING, Urgency.NORMAL, "event:0103") == TimeLimit.parse("5wh")
    assert catalog.stage_limit(Stage.DISPATCH, Urgency.URGENT, "event:0103") == TimeLimit.parse("10wm")
    with pytest.raises(ValueError):
        StageLimits({Stage.HANDLING: {Urgency.NORMAL: TimeLimit.parse("1wd")}})


# --- departments ---------------------------------------------------------------------

DONGCHENG_STREETS = {
    "110101001": "东华门", "110101002": "景山", "110101003": "交道口", "110101004": "安定门",
    "110101005": "北新桥", "110101006": "东四", "110101007": "朝阳门", "110101008": "建国门",
    "110101009": "东直门", "110101010": "和平里", "110101011": "前门", "110101012": "崇文门外",
    "110101013": "东花市", "110101014": "龙潭", "110101015": "体育馆路", "110101016": "天坛",
    "110101017": "永定门外",
}


def test_seventeen_street_offices_with_their_codes(departments):
    offices = [d for d in departments if d.is_street_office]
    assert len(offices) == 17
    assert {d.street_code: d.short_name.removesuffix("街道") for d in offices} == DONGCHENG_STREETS
    assert all(d.street_code is None for d in departments if not d.is_street_office)


def test_department_list_size_and_codes(departments):
    assert 28 <= len(departments) <= 36
    codes = [d.code for d in departments]
    assert len(set(codes)) == len(codes)
    types = {d.type for d in departments}
    assert {"city_mgmt", "enforcement", "landscaping", "sanitation", "utility"} <= types


def test_owner_hint_resolves_codes_before_types(departments):
    assert resolve_owner_hint("D11", departments).short_name == "燃气东城分公司"
    assert resolve_owner_hint("enforcement", departments).short_name == "城管执法局"
    assert resolve_owner_hint("nobody", departments) is None


def test_malformed_department_rows_are_rejected():
    header = "code,name,short_name,type,street_code\n"
    good = "D01,东城区城市管理委员会,区城管委,city_mgmt,\n"
    assert parse_departments(header + good) == (
        Department("D01", "东城区城市管理委员会", "区城管委", "city_mgmt", None),)
    for bad, reason in [
        ("JD001,东华门街道办事处,东华门街道,street_office,11010100", "street_code"),
        ("D02,执法局,执法局,enforcement,110101001", "street_code"),
        ("D01,重复,重复,city_mgmt,", "duplicate"),
        ("D03,,园林,landscaping,", "name"),
    ]:
        with pytest.raises(CatalogError, match=reason) as info:
            parse_departments(header + good + bad + "\n")
        assert info.value.line == 3
