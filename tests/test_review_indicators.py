"""Each indicator of the monthly review on a hand-made history (tests/review_world.py),
on SQLite and PostgreSQL: month boundaries, a holiday, a hold, an extension, rework, a
return and a void, each worked out by hand."""
from __future__ import annotations

import math
from datetime import datetime

import pytest

from commandcenter.models.worktime import WorkCalendar
from commandcenter.review.engine import EmptyPeriod, run_review
from commandcenter.review.periods import parse_period
from commandcenter.review.scheme import load_scheme

from .conftest import GRID_A, GRID_B
from .review_world import AS_OF, play_november


@pytest.fixture
def november(world_db):
    player = play_november(world_db)
    review = run_review(world_db, parse_period("2026-11"), load_scheme(), WorkCalendar(),
                        as_of=AS_OF)
    return world_db, player, review


def ids(player, *names):
    from commandcenter.store.queries import get_case
    return sorted(get_case(player.service.db, player.numbers[n]).id for n in names)


def test_department_figures_by_dispatch_date(november):
    db, player, review = november
    d02 = review.objects["department"].table.loc["D02"]
    # Dispatched to D02 in November: A B C D E I; C is held, so out of the denominators.
    assert (d02.assigned, d02.held) == (5, 1)
    assert (d02.handled, d02.handled_on_time, d02.handled_late) == (4, 3, 1)   # B late, E extended
    assert (d02.due_close, d02.closed, d02.closed_on_time, d02.closed_late) == (5, 4, 4, 0)
    assert (d02.rework, d02.extended, d02.overdue_unhandled, d02.supervised) == (1, 1, 1, 1)
    assert d02.handle_rate == pytest.approx(0.8) and d02.handle_on_time_rate == pytest.approx(0.6)
    assert d02.rework_rate == pytest.approx(0.2) and d02.close_rate == pytest.approx(0.8)
    # Working hours dispatch → first handling: A 3⅔, B 14⅔, E 9, I ⅔.
    assert d02.handle_hours_mean == pytest.approx(7.0)
    assert d02.handle_hours_median == pytest.approx((11 / 3 + 9) / 2)
    d09 = review.objects["department"].table.loc["D09"]
    assert (d09.returned, d09.assigned) == (1, 0) and math.isnan(d09.handle_rate)
    assert d02["name"] == "城管执法局" and d02.group == "专业部门"


def test_drill_down_lists_the_cases_behind_a_figure(november):
    db, player, review = november
    dept = review.objects["department"]
    assert dept.case_ids("D02", "handled_late") == ids(player, "B")
    assert dept.case_ids("D02", "overdue_unhandled") == ids(player, "D")
    assert dept.case_ids("D02", "held") == ids(player, "C")
    assert dept.case_ids("D09", "returned") == ids(player, "D")
    assert dept.case_ids("D02", "handle_rate") == ids(player, "A", "B", "D", "E", "I")
    assert dept.case_ids(None, "closed") == ids(player, "A", "B", "E", "I")


def test_month_boundary_and_holiday(world_db):
    player = play_november(world_db)
    october = run_review(world_db, parse_period("2026-10"), load_scheme(), WorkCalendar(),
                         as_of=AS_OF, object_types=["department"], compare=False)
    d02 = october.objects["department"].table.loc["D02"]
    # Only G (dispatched Fri 30 Oct 17:20, handled Mon 9:00: 40 + 60 working minutes).
    assert (d02.assigned, d02.handled_on_time) == (1, 1)
    assert d02.handle_hours_mean == pytest.approx(100 / 60)
    september = run_review(world_db, parse_period("2026-09"), load_scheme(), WorkCalendar(),
                           as_of=AS_OF, object_types=["department"], compare=False)
    h = september.objects["department"].table.loc["D02"]
    # H: dispatched 30 Sep 16:00, due 8 Oct 16:00 across National Day, handled 8 Oct 10:00.
    assert (h.assigned, h.handled_on_time, h.closed_on_time) == (1, 1, 1)
    assert h.handle_hours_mean == pytest.approx(4.0)
    assert player.numbers


def test_region_figures(november):
    db, player, review = november
    street = review.objects["street"].table.loc[GRID_A[:9]]
    assert (street.reported, street.filed, street.held) == (7, 6, 1)    # G filed in October
    assert street.supervisor_found == 4                                # A B D E (C held)
    assert street.supervisor_rate == pytest.approx(4 / 5)
    assert (street.due_close, street.closed, street.closed_on_time) == (5, 4, 4)
    grid_b = review.objects["grid"].table.loc[GRID_B]
    assert (grid_b.reported, grid_b.filed, grid_b.held, grid_b.closed) == (2, 2, 1, 1)  # C, I
    assert grid_b.cases_per_km2 == pytest.approx(2 / 0.0095)
    assert grid_b.top_classes == "暴露垃圾"


def test_post_figures(november):
    db, player, review = november
    sup = review.objects["supervisor"].table.loc["sup1"]
    assert (sup.reported, sup.valid) == (6, 5)                      # F voided
    assert (sup.verified, sup.verified_on_time) == (1, 0)           # I verified late
    assert (sup.checked, sup.checked_on_time) == (6, 6)             # A B×2 E G I
    op = review.objects["operator"].table.loc["op1"]
    assert (op.accepted, op.accepted_on_time, op.accepted_accurate) == (7, 6, 6)  # E late, F void
    lead = review.objects["shift_lead"].table.loc["lead1"]
    assert (lead.filed, lead.filed_on_time, lead.filed_accurate, lead.closed) == (6, 6, 6, 5)
    disp = review.objects["dispatcher"].table
    assert (disp.loc["disp1"].dispatched, disp.loc["disp1"].dispatched_accurate) == (6, 5)
    assert disp.loc["disp2"].dispatched == 1


def test_scores_grades_and_comparisons(november):
    db, player, review = november
    d02 = review.objects["department"].table.loc["D02"]
    # 30×0.8 + 20×0.6 + 20×(1−0.2) + 20×(1−0.2) + 10×(1−0.2) = 76
    assert d02.score == pytest.approx(76.0) and d02.grade == "B"
    assert d02.score_prev == pytest.approx(100.0)                 # October: G alone, all on time
    assert d02.score_mom == pytest.approx(-24.0) and math.isnan(d02.score_yoy)
    assert not d02.ranked                                         # fewer than 10 cases
    assert review.objects["department"].previous_total["assigned"] == 1


def test_live_figures_follow_the_log_up_to_as_of(world_db):
    player = play_november(world_db)

    def d02_at(at):
        review = run_review(world_db, parse_period("2026-11"), load_scheme(), WorkCalendar(),
                            as_of=at, object_types=["department"], compare=False)
        return review.objects["department"], review.objects["department"].table.loc["D02"]

    # 4 Nov noon: A closed; B failed its check and has a fresh deadline (5 Nov 10:00), so it
    # is not yet due; D's deadline (4 Nov 16:00) is still ahead.
    _, noon = d02_at(datetime(2026, 11, 4, 12))
    assert (noon.assigned, noon.closed, noon.due_close, noon.overdue_unhandled) == (3, 1, 1, 0)
    # 17:00: B closed at 16:30, D past its deadline and never handled.
    dept, evening = d02_at(datetime(2026, 11, 4, 17))
    assert (evening.closed, evening.due_close, evening.overdue_unhandled) == (2, 3, 1)
    assert dept.case_ids("D02", "due_close") == ids(player, "A", "B", "D")


def test_an_empty_period_is_refused(world_db):
    play_november(world_db)
    with pytest.raises(EmptyPeriod, match="2025-03"):
        run_review(world_db, parse_period("2025-03"), load_scheme(), WorkCalendar(), as_of=AS_OF)


def test_trend_gives_each_period_its_own_figures(world_db):
    from commandcenter.review.engine import trend
    play_november(world_db)
    frame = trend(world_db, parse_period("2026-11"), "department", "assigned", load_scheme(),
                  WorkCalendar(), count=4, as_of=AS_OF)
    assert list(frame.columns) == ["2026-08", "2026-09", "2026-10", "2026-11"]
    assert list(frame.loc["D02", ["2026-09", "2026-10", "2026-11"]]) == [1, 1, 5]   # H, G, Nov
    assert frame.loc["__total__", "2026-11"] == 5
