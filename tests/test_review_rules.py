"""Rules of the review worked out by hand: time on hold is not handling time, a recalled
dispatch counts for no department, supervisors' 漏报 in the grids they patrol, periods
counted from today, and who may publish (below any interface)."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert, select

from commandcenter.models.case import Action
from commandcenter.models.enums import Source
from commandcenter.models.worktime import WorkCalendar
from commandcenter.review.engine import run_review
from commandcenter.review.freeze import NotAllowed, publish
from commandcenter.review.periods import PeriodError, parse_period
from commandcenter.review.scheme import load_scheme
from commandcenter.store.review import count_publications
from commandcenter.store.schema import StaffGrid, User

from .conftest import GRID_B
from .review_world import AS_OF, T, Player, play_november


def november(db, types=("department",)):
    return run_review(db, parse_period("2026-11"), load_scheme(), WorkCalendar(), as_of=AS_OF,
                      object_types=list(types), compare=False)


def case_id(player, name):
    from commandcenter.store.queries import get_case
    return get_case(player.service.db, player.numbers[name]).id


def test_time_on_hold_is_not_handling_time(world_db):
    p = Player(world_db)
    p.report("K", T(11, 2, 9))
    p.to_handling("K", T(11, 2, 9))                        # dispatched Mon 2 Nov 9:20
    p.act("K", "h_d02", Action.REQUEST_HOLD, T(11, 2, 10, 20))
    p.act("K", "disp1", Action.APPROVE, T(11, 2, 10, 30))   # held from 10:30 …
    p.act("K", "disp1", Action.RESUME, T(11, 3, 9, 30))     # … to Tue 9:30
    p.act("K", "h_d02", Action.HANDLE, T(11, 3, 11))
    d02 = november(world_db).objects["department"].table.loc["D02"]
    # Dispatch → handling: Mon 9:20–12, 14–18, Tue 8–11 = 580 working minutes, of which
    # Mon 10:30–12, 14–18 and Tue 8–9:30 (420) on hold: 160 minutes of handling.
    assert (d02.handled, d02.handled_on_time) == (1, 1)
    assert d02.handle_hours_mean == pytest.approx(160 / 60)
    assert d02.handle_hours_median == pytest.approx(160 / 60)


def test_a_recalled_dispatch_counts_for_no_department(world_db):
    p = Player(world_db)
    p.report("R", T(11, 2, 9))
    p.to_handling("R", T(11, 2, 9), department="D09")       # the wrong tile …
    p.act("R", "disp1", Action.RECALL, T(11, 2, 9, 21))      # … taken back at once
    p.act("R", "disp1", Action.DISPATCH, T(11, 2, 9, 25), department_code="D02")
    table = november(world_db, ("department", "dispatcher")).objects
    dept = table["department"].table
    assert dept.loc["D02", "assigned"] == 1
    assert "D09" not in dept.index or dept.loc["D09", ["assigned", "returned"]].sum() == 0
    assert table["dispatcher"].table.loc["disp1", "dispatched"] == 2


def test_missed_reports_are_filed_cases_of_a_supervisors_grids_reported_by_others(world_db):
    player = play_november(world_db)
    with world_db.session() as s:
        sup1 = s.scalar(select(User.id).where(User.username == "sup1"))
        s.execute(insert(StaffGrid).values(user_id=sup1, grid_code=GRID_B))
    review = november(world_db, ["supervisor"])
    obj = review.objects["supervisor"]
    sup = obj.table.loc["sup1"]
    # Filed in November in grid B: C (reported by sup1) and I (a hotline call): I is missed.
    assert (sup.grid_filed, sup.missed) == (2, 1) and sup.missed_rate == pytest.approx(0.5)
    assert obj.case_ids("sup1", "missed") == [case_id(player, "I")]
    assert obj.case_ids("sup1", "missed_rate") == sorted(case_id(player, n) for n in "CI")
    # 有效上报率 5/6 ×40, (1 − 漏报率) ×20, 按期核实率 0/1 ×20, 按期核查率 6/6 ×20; nothing
    # was reported as handled on the spot, so 自处理通过率 (×10) is left out of the mean.
    assert sup.score == pytest.approx(round(40 * 5 / 6 + 20 * 0.5 + 0 + 20, 2))
    weights = load_scheme().objects["supervisor"].weights
    assert weights == {"valid_rate": 40, "missed_rate": 20, "verify_on_time_rate": 20,
                       "check_on_time_rate": 20, "self_handled_rate": 10}


def test_a_supervisor_without_grids_has_no_missed_rate(world_db):
    play_november(world_db)
    sup = november(world_db, ["supervisor"]).objects["supervisor"].table.loc["sup1"]
    assert sup.grid_filed == 0 and sup.missed_rate != sup.missed_rate     # NaN: no weight


@pytest.mark.parametrize("text, today, key", [
    ("last-month", date(2027, 1, 5), "2026-12"), ("this-month", date(2027, 1, 5), "2027-01"),
    ("last-month", date(2026, 3, 31), "2026-02"), ("Last-Month", date(2026, 3, 1), "2026-02"),
    ("last-week", date(2027, 1, 5), "2026-W53"), ("this-quarter", date(2026, 11, 30), "2026-Q4"),
    ("last-year", date(2027, 1, 1), "2026"),
    ("last-30-days", date(2027, 1, 5), "2026-12-07..2027-01-05"),
])
def test_periods_counted_from_today(text, today, key):
    assert parse_period(text, today).key == key


def test_periods_counted_from_today_default_to_the_districts_today():
    from commandcenter.store.service import local_now
    now = local_now()
    assert parse_period("this-month").start == date(now.year, now.month, 1)
    for bad in ("next-month", "last-0-days", "this-decade"):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_only_shift_leads_and_leaders_publish(world_db):
    play_november(world_db)
    review = november(world_db, ["department"])
    for who in ("disp1", "op1", "h_d02", "sup1", "nobody"):
        with pytest.raises(NotAllowed, match="only shift leads and leaders"):
            publish(world_db, review, who, datetime(2026, 12, 1, 8))
    assert count_publications(world_db) == 0
    publish(world_db, review, "leader1", datetime(2026, 12, 1, 8))
    assert count_publications(world_db) == 1


def test_the_window_job_refuses_before_computing(world_db):
    from commandcenter.views.review import jobs
    play_november(world_db)
    asked = []
    with pytest.raises(NotAllowed):
        jobs.publish(world_db, parse_period("2026-11"), load_scheme(), WorkCalendar(), "disp1",
                     asked.append)
    assert asked == [] and count_publications(world_db) == 0
