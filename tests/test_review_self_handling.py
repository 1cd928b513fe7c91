"""Reports handled on the spot (自处理) in the monthly review, on SQLite and PostgreSQL,
folded in pandas and in the database: counted apart for the supervisor (申报, 通过, 通过率)
and the region, an approved one is a valid report that no department handled, and a
rejected one goes on through the loop and counts like any other case."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from commandcenter.models.worktime import WorkCalendar
from commandcenter.review.engine import Reading, run_review
from commandcenter.review.exports import write_json
from commandcenter.review.periods import parse_period
from commandcenter.review.scheme import load_scheme

from .conftest import GRID_A, GRID_B
from .review_world import AS_OF, play_november, play_self_handled


def review_of(db, key="2026-11", fold="memory"):
    return run_review(db, parse_period(key), load_scheme(), WorkCalendar(), as_of=AS_OF,
                      compare=False, reading=Reading(fold))


@pytest.fixture
def world(world_db):
    player = play_self_handled(play_november(world_db))
    return world_db, player


def ids(player, *names):
    from commandcenter.store.queries import get_case
    return sorted(get_case(player.service.db, player.numbers[n]).id for n in names)


@pytest.mark.parametrize("fold", ["memory", "database"])
def test_the_supervisor_counts_reports_handled_on_the_spot_apart(world, fold):
    db, player = world
    obj = review_of(db, fold=fold).objects["supervisor"]
    sup = obj.table.loc["sup1"]
    # November's six reports and S, R, P; O was reported in October.
    assert (sup.reported, sup.self_reported, sup.self_handled) == (9, 3, 1)
    assert sup.self_handled_rate == pytest.approx(1 / 3)          # P undecided: not approved
    # Valid: A B C D E (F voided), S approved on the spot, R filed after its rejection.
    assert sup.valid == 7
    assert (sup.checked, sup.checked_on_time) == (7, 7)           # R's check too
    # 有效上报率 7/9 ×40, 按期核实率 0/1 ×20, 按期核查率 7/7 ×20, 自处理通过率 1/3 ×10; no
    # patrolled grid, so no 漏报率 and its weight is left out.
    assert sup.score == pytest.approx(round((40 * 7 / 9 + 0 + 20 + 10 / 3) / 90 * 100, 2))
    assert obj.case_ids("sup1", "self_handled") == ids(player, "S")
    assert obj.case_ids("sup1", "self_reported") == ids(player, "S", "R", "P")
    assert obj.case_ids("sup1", "self_handled_rate") == ids(player, "S", "R", "P")
    assert obj.case_ids(None, "self_handled") == ids(player, "S")
    assert obj.total["self_handled_rate"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("fold", ["memory", "database"])
def test_no_department_counts_a_case_closed_on_the_spot(world, fold):
    db, player = world
    review = review_of(db, fold=fold)
    dept = review.objects["department"]
    d02 = dept.table.loc["D02"]
    # November's five standing assignments and R, dispatched after its rejection.
    assert (d02.assigned, d02.handled, d02.closed, d02.due_close) == (6, 5, 5, 6)
    assert dept.total["assigned"] == 6
    assert dept.case_ids(None, "assigned") == ids(player, "A", "B", "D", "E", "I", "R")
    assert dept.members["case_id"].isin(ids(player, "S", "P", "O")).sum() == 0
    lead = review.objects["shift_lead"].table.loc["lead1"]
    # R is filed on time: judged by the deadline its rejection set (10:30 + 30 working
    # minutes), not by the report's (10:10). Approving S is no 结案 (closing) of the loop.
    assert (lead.filed, lead.filed_on_time, lead.closed) == (7, 7, 6)
    assert review.objects["operator"].table.loc["op1"].accepted == 7   # R taken in by the rejection
    assert review.objects["dispatcher"].table.loc["disp1"].dispatched == 7


@pytest.mark.parametrize("fold", ["memory", "database"])
def test_regions_count_them_reported_and_closed_on_the_spot(world, fold):
    db, player = world
    review = review_of(db, fold=fold)
    street = review.objects["street"]
    s = street.table.loc[GRID_A[:9]]
    assert (s.reported, s.filed, s.self_handled) == (10, 7, 1)      # S, R, P reported
    assert (s.due_close, s.closed, s.closed_on_time) == (6, 5, 5)    # the filed loop only
    assert s.close_rate == pytest.approx(5 / 6)
    grids = review.objects["grid"].table
    assert (grids.loc[GRID_A, "self_handled"], grids.loc[GRID_B, "self_handled"]) == (1, 0)
    assert street.case_ids(GRID_A[:9], "self_handled") == ids(player, "S")
    assert review.objects["grid"].case_ids(GRID_B, "reported") == ids(player, "C", "I", "R")


def test_a_report_counts_in_the_month_it_was_made(world):
    db, player = world
    october = review_of(db, "2026-10")
    sup = october.objects["supervisor"].table.loc["sup1"]
    assert (sup.self_reported, sup.self_handled, sup.valid) == (1, 1, 2)   # O (and G)
    assert october.objects["street"].table.loc[GRID_A[:9], "self_handled"] == 1
    assert october.objects["supervisor"].case_ids("sup1", "self_handled") == ids(player, "O")


def test_both_foldings_give_the_same_figures_and_cases(world):
    db, _ = world
    memory, database = review_of(db), review_of(db, fold="database")
    for name, obj in memory.objects.items():
        other = database.objects[name]
        pd.testing.assert_frame_equal(obj.table, other.table, check_dtype=False)
        order = ["unit", "case_id", "flags"]
        pd.testing.assert_frame_equal(obj.members.sort_values(order).reset_index(drop=True),
                                      other.members.sort_values(order).reset_index(drop=True),
                                      check_dtype=False)
        assert obj.total == other.total, name


def test_the_json_export_defines_the_new_figures(world, tmp_path):
    db, _ = world
    write_json(review_of(db), tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    sup = data["objects"]["supervisor"]
    rate = next(d for d in sup["definitions"] if d["key"] == "self_handled_rate")
    assert (rate["label"], rate["numerator"], rate["denominator"]) == (
        "自处理通过率", "self_handled", "self_reported")
    count = next(d for d in sup["definitions"] if d["key"] == "self_handled")
    assert (count["label"], count["period_date"]) == ("自处理数", "report")
    row = next(r for r in sup["rows"] if r["unit"] == "sup1")
    assert (row["self_reported"], row["self_handled"]) == (3, 1)
    street = data["objects"]["street"]
    assert next(d for d in street["definitions"] if d["key"] == "self_handled")["label"] == "自处理数"
