"""Masking of reporters' personal data, who sees it unmasked, and the read log (使用留痕)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given, strategies as st

from commandcenter.models.case import Actor, CaseDraft
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.privacy import (PERSONAL_DATA_ROLES, ReporterView, mask_id_no,
                                          mask_name, mask_phone, reporter_view)
from commandcenter.models.workflow import open_case
from commandcenter.store.personal_data import personal_data_reads, read_reporter
from commandcenter.store.service import CaseService, NotFound

from .conftest import GRID_A

MON = datetime(2026, 11, 23, 9, 0)


# --- masks ---------------------------------------------------------------------------

def test_standard_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_no("110101199003071234") == "110101********1234"
    assert mask_id_no("11010119900307123X") == "110101********123X"
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


@pytest.mark.parametrize("value, phone, id_no, name", [
    ("", "", "", ""),
    (None, "", "", ""),
    ("  ", "", "", ""),
    ("1", "*", "*", "*"),
    ("1234", "****", "****", "1***"),
    ("12345678", "****5678", "********", "1*******"),        # a local landline number
    ("E12345678", "*****5678", "********8", "E********"),    # a passport number
    ("  13812345678 ", "138****5678", "********678", "1" + "*" * 10),
    ("+8613812345678", "+86*******5678", "**********5678", "+" + "*" * 13),
    ("110101900307123", "110********7123", "110101******123", "1" + "*" * 14),  # old 15-digit ID
])
def test_odd_input_is_masked_more_never_less(value, phone, id_no, name):
    assert (mask_phone(value), mask_id_no(value), mask_name(value)) == (phone, id_no, name)


@given(st.text(max_size=40))
def test_masks_never_crash_and_never_reveal_more_than_the_standard(value):
    clean = value.strip()
    n = len(clean)
    # (mask, most characters shown, fewest characters hidden)
    for mask, most, least in ((mask_phone, 7, min(n, 4)), (mask_id_no, 10, min(n, 6)),
                              (mask_name, 1, n - 1 if n > 1 else n)):
        out = mask(value)
        assert len(out) == n
        assert all(m == "*" or m == o for m, o in zip(out, clean))  # shown means in place
        shown = sum(1 for m in out if m != "*")
        assert shown <= most and n - shown >= least


# --- who sees what -------------------------------------------------------------------

def _case():
    draft = CaseDraft(source=Source.HOTLINE, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID_A,
                      description="暴露垃圾", reporter_name="张三丰",
                      reporter_phone="13812345678", reporter_id_no="110101199003071234")
    case, _ = open_case(draft, Actor("op1", Role.OPERATOR), "2026112300001", MON,
                        default_policy())
    return case


def test_operators_and_shift_leads_see_the_reporter_unmasked():
    case = _case()
    assert PERSONAL_DATA_ROLES == {Role.OPERATOR, Role.SHIFT_LEAD}
    for role in (Role.OPERATOR, Role.SHIFT_LEAD, "operator"):
        assert reporter_view(case, role) == ReporterView(
            "张三丰", "13812345678", "110101199003071234", masked=False)


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.OPERATOR, Role.SHIFT_LEAD}))
def test_everyone_else_sees_the_reporter_masked(role):
    view = reporter_view(_case(), role)
    assert view == ReporterView("张**", "138****5678", "110101********1234", masked=True)
    assert view.revealed_fields == ()


def test_an_unknown_role_sees_masked_data():
    assert reporter_view(_case(), "root").masked


def test_revealed_fields_are_those_shown_with_content():
    case = replace(_case(), reporter_id_no="", reporter_name="")
    assert reporter_view(case, Role.OPERATOR).revealed_fields == ("phone",)
    anonymous = replace(case, reporter_phone="")
    assert reporter_view(anonymous, Role.OPERATOR).revealed_fields == ()


# --- reads through the store, with their log ---------------------------------------

@pytest.fixture
def service(world_db):
    return CaseService(world_db, default_policy(), clock=lambda: MON)


def _report(service, **reporter):
    draft = CaseDraft(source=Source.HOTLINE, kind=CaseKind.EVENT, class_key="event:0101",
                      urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=GRID_A,
                      description="暴露垃圾", **reporter)
    return service.report(service.actor("op1"), draft, at=MON)


def test_unmasked_reads_are_logged_and_masked_reads_are_not(service, world_db):
    case = _report(service, reporter_name="张三丰", reporter_phone="13812345678",
                   reporter_id_no="110101199003071234")
    other = _report(service, reporter_phone="13900001111")
    op, lead = service.actor("op1"), service.actor("lead1")
    disp, handler = service.actor("disp1"), service.actor("h_d02")

    assert read_reporter(world_db, op, case.number, at=MON).phone == "13812345678"
    assert read_reporter(world_db, disp, case.number).phone == "138****5678"
    assert read_reporter(world_db, handler, case.id).id_no == "110101********1234"
    assert not read_reporter(world_db, lead, other.id, at=datetime(2026, 11, 23, 10)).masked

    reads = personal_data_reads(world_db)
    assert [(r.case_number, r.username, r.role, r.at, r.fields) for r in reads] == [
        (case.number, "op1", Role.OPERATOR, MON, ("name", "phone", "id_no")),
        (other.number, "lead1", Role.SHIFT_LEAD, datetime(2026, 11, 23, 10), ("phone",)),
    ]
    assert [r.username for r in personal_data_reads(world_db, case.id)] == ["op1"]
    assert [r.case_id for r in personal_data_reads(world_db, username="lead1")] == [other.id]
    assert personal_data_reads(world_db, case.id, username="lead1") == []


def test_an_anonymous_report_leaves_nothing_to_log(service, world_db):
    case = _report(service)
    view = read_reporter(world_db, service.actor("op1"), case.number)
    assert view == ReporterView("", "", "", masked=False)
    assert personal_data_reads(world_db) == []


def test_reading_an_unknown_case_logs_nothing(service, world_db):
    with pytest.raises(NotFound):
        read_reporter(world_db, service.actor("op1"), "2026112399999")
    assert personal_data_reads(world_db) == []
