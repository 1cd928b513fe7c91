"""Invariants of the review on random histories made by the real state machine (in memory,
no database): 按期 + 超期 = 结案, the departments add up to the district, every case
counted once per period; plus periods and the scheme file's checks."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commandcenter.models import workflow
from commandcenter.models.case import Action, Actor, CaseDraft
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.worktime import TimeLimit, WorkCalendar
from commandcenter.review.clock import WorkClock
from commandcenter.review.facts import build_facts
from commandcenter.review.periods import PeriodError, month, parse_period
from commandcenter.review.rows import handler_rows, region_rows, supervisor_rows
from commandcenter.review.scheme import SchemeError, load_scheme, parse_scheme
from commandcenter.review.tables import figure_table

POLICY = default_policy()
START = datetime(2026, 10, 20, 8)
AS_OF = datetime(2026, 12, 20)
PEOPLE = {r: Actor(f"{r.value}1", r) for r in Role}
DEPTS = ("D01", "D02", "D03")

# One case's plan: when it is reported, how far apart its steps are, where it goes, and
# which detours it takes.
plans = st.fixed_dictionaries({
    "start": st.integers(0, 40 * 24 * 60), "gaps": st.lists(st.integers(1, 2400), min_size=12,
                                                            max_size=12),
    "dept": st.sampled_from(DEPTS), "other": st.sampled_from(DEPTS),
    "void": st.booleans(), "ret": st.booleans(), "ext": st.booleans(),
    "hold": st.sampled_from(["none", "resume", "stay"]), "fails": st.integers(0, 2),
    "stop": st.integers(3, 12), "source": st.sampled_from([Source.SUPERVISOR, Source.HOTLINE]),
    # 自处理: not so, or handled on the spot and approved, rejected or left undecided.
    "self": st.sampled_from(["no", "approve", "reject", "pending"]),
})


def play(plan, number):
    self_handled = plan["self"] != "no" and plan["source"] is Source.SUPERVISOR
    draft = CaseDraft(plan["source"], CaseKind.EVENT, "event:0101", Urgency.NORMAL, 116.4, 39.9,
                      "110101001001001" if number % 2 else "110101001001002", "x",
                      photos=("photo:x",) * self_handled, self_handled=self_handled)
    t = START + timedelta(minutes=plan["start"])
    case, event = workflow.open_case(draft, PEOPLE[Role.SUPERVISOR], f"N{number}", t, POLICY)
    case = case.__class__(**{**case.__dict__, "id": number})
    events = [event]
    gaps = iter(plan["gaps"])
    steps = [(Role.OPERATOR, Action.ACCEPT, {})]
    if self_handled:
        steps = {"approve": [(Role.SHIFT_LEAD, Action.APPROVE, {})],
                 "reject": [(Role.SHIFT_LEAD, Action.REJECT, {"reason": "x"})],
                 "pending": []}[plan["self"]]
    if plan["source"].needs_verification:
        steps.append((Role.SUPERVISOR, Action.VERIFY, {}))
    if plan["void"]:
        steps.append((Role.SHIFT_LEAD, Action.VOID, {"reason": "x"}))
    steps += [(Role.SHIFT_LEAD, Action.FILE, {}),
              (Role.DISPATCHER, Action.DISPATCH, {"department_code": plan["other"] if plan["ret"] else plan["dept"]})]
    if plan["ret"]:
        steps += [(Role.DEPARTMENT, Action.REQUEST_RETURN, {"reason": "x"}),
                  (Role.DISPATCHER, Action.APPROVE, {}),
                  (Role.DISPATCHER, Action.DISPATCH, {"department_code": plan["dept"]})]
    if plan["ext"]:
        steps += [(Role.DEPARTMENT, Action.REQUEST_EXTENSION, {"extension": TimeLimit.parse("1wd")}),
                  (Role.DISPATCHER, Action.APPROVE, {})]
    if plan["hold"] != "none":
        steps += [(Role.DEPARTMENT, Action.REQUEST_HOLD, {"reason": "x"}),
                  (Role.DISPATCHER, Action.APPROVE, {})]
        if plan["hold"] == "resume":
            steps.append((Role.DISPATCHER, Action.RESUME, {}))
    for _ in range(plan["fails"]):
        steps += [(Role.DEPARTMENT, Action.HANDLE, {}),
                  (Role.SUPERVISOR, Action.CHECK_FAIL, {"reason": "x"})]
    steps += [(Role.DEPARTMENT, Action.HANDLE, {}), (Role.SUPERVISOR, Action.CHECK_PASS, {}),
              (Role.SHIFT_LEAD, Action.CLOSE, {})]
    for role, action, kw in steps[:plan["stop"] + 2 * plan["fails"]]:
        t += timedelta(minutes=next(gaps, 60))
        actor = PEOPLE[role]
        if role is Role.DEPARTMENT:
            actor = Actor("h", role, case.department_code)
        try:
            case, event = workflow.apply(case, action, actor, t, POLICY,
                                         event_seq=case.version + 1, **kw)
        except workflow.DomainError:
            break
        events.append(event)
    return case, events


def frames(plan_list):
    ev, cs = [], []
    for n, plan in enumerate(plan_list, start=1):
        case, events = play(plan, n)
        cs.append({"case_id": n, "number": case.number, "source": case.source.value,
                   "class_key": case.class_key, "grid_code": case.grid_code,
                   "reported_at": case.reported_at})
        for e in events:
            ev.append({"case_id": n, "seq": e.seq, "action": e.action.value, "actor": e.actor,
                       "role": e.role.value, "at": e.at,
                       "from_stage": e.from_stage.value if e.from_stage else None,
                       "to_stage": e.to_stage.value,
                       "deadline": pd.Timestamp(e.payload["deadline"]) if e.payload.get("deadline") else pd.NaT,
                       "department": e.payload.get("department"),
                       # As the log is read: a report handled on the spot opens a request.
                       "request": "self" if e.payload.get("self_handled") else e.payload.get("request")})
    events = pd.DataFrame(ev).astype({"at": "datetime64[us]", "deadline": "datetime64[us]"})
    for c in ("action", "role", "from_stage", "to_stage", "request", "actor"):
        events[c] = events[c].astype("category")
    events["department"] = events["department"].astype(object)
    return events, pd.DataFrame(cs).astype({"reported_at": "datetime64[us]"})


GRIDS = pd.DataFrame({"code": ["110101001001001", "110101001001002"],
                      "community_code": ["110101001001"] * 2, "street_code": ["110101001"] * 2,
                      "area_m2": [9500.0, 9500.0]})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(plans, min_size=1, max_size=25))
def test_invariants_on_random_histories(plan_list):
    events, cases = frames(plan_list)
    facts = build_facts(events, cases, AS_OF)
    clock = WorkClock(WorkCalendar(), START.date(), AS_OF.date())
    s, e = datetime(2026, 11, 1), datetime(2026, 12, 1)
    rows = handler_rows(facts, s, e, clock)
    table, total = figure_table(rows, "department")
    for t in [total] + [r for _, r in table.iterrows()]:
        assert t["closed_on_time"] + t["closed_late"] == t["closed"]
        assert t["handled_on_time"] + t["handled_late"] == t["handled"]
        assert t["closed"] <= t["due_close"] and t["handled"] <= t["assigned"]
    for key in ("assigned", "handled", "closed", "due_close", "rework", "held", "returned"):
        assert table[key].sum() == total[key]
    counted = rows.loc[rows["assigned"] | rows["held"], "case_id"]
    assert counted.is_unique                              # one standing assignment per case
    # A case closed on the spot was handled by no department.
    on_the_spot = facts.cases.loc[facts.cases["self_handled"], "case_id"]
    assert not rows["case_id"].isin(on_the_spot).any()
    regions = region_rows(facts, s, e, GRIDS)
    assert regions["case_id"].is_unique
    assert not (regions["self_handled"] & (regions["filed"] | ~regions["reported"])).any()
    sup = figure_table(supervisor_rows(facts, s, e), "supervisor")[1]
    assert sup["self_handled"] <= sup["self_reported"] <= sup["reported"]
    assert sup["valid"] <= sup["reported"]
    assert sup["self_handled"] == figure_table(regions, "street", "street")[1]["self_handled"]
    street, street_total = figure_table(regions, "street", "street")
    grid, grid_total = figure_table(regions, "grid", "grid")
    assert street["filed"].sum() == grid["filed"].sum() == street_total["filed"]
    assert street_total["closed"] == grid_total["closed"]


def test_clock_counts_working_minutes_like_the_calendar():
    cal = WorkCalendar()
    starts = pd.Series(pd.to_datetime(["2026-09-30 16:00", "2026-11-06 11:30",
                                       "2026-11-07 10:00", "2026-11-02 13:00"]))
    ends = pd.Series(pd.to_datetime(["2026-10-08 10:00", "2026-11-09 08:30",
                                     "2026-11-09 09:00", "2026-11-02 14:30"]))
    clock = WorkClock(cal, date(2026, 9, 1), date(2026, 12, 1))
    expected = [cal.working_minutes_between(a, b) for a, b in zip(starts, ends)]
    assert list(clock.between(starts, ends)) == pytest.approx(expected)
    assert expected == [240, 30 + 240 + 30, 60, 30]


def test_periods():
    nov = parse_period("2026-11")
    assert (nov.start, nov.end, nov.previous().key, nov.year_earlier().key) == (
        date(2026, 11, 1), date(2026, 12, 1), "2026-10", "2025-11")
    assert parse_period("2026-01").previous().key == "2025-12"
    assert parse_period("2026-Q1").previous().key == "2025-Q4"
    assert parse_period("2026-W47").start == date(2026, 11, 16)
    week = parse_period("2026-W47")
    assert (week.previous().key, week.year_earlier().key) == ("2026-W46", "2025-W47")
    rng = parse_period("2026-11-01..2026-11-15")
    assert (rng.end, rng.previous().start) == (date(2026, 11, 16), date(2026, 10, 17))
    assert [p.key for p in nov.trend(3)] == ["2026-09", "2026-10", "2026-11"]
    assert month(2024, 2).year_earlier().key == "2023-02"
    for bad in ("2026-13", "2026/11", "2026-11-20..2026-11-01", ""):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_the_standard_scheme_loads():
    scheme = load_scheme()
    assert scheme.grade(90) == "A" and scheme.grade(89.9) == "B" and scheme.grade(10) == "E"
    rules = scheme.objects["department"]
    assert rules.weights["handle_rate"] == 30 and rules.groups["街道"] == ["street_office"]


@pytest.mark.parametrize("change, message", [
    (("[grades]", "[grade]"), "unknown setting 'grade'"),
    (("E = 0", "E = 10"), "the lowest grade must start at 0"),
    (("min_cases = 10", "min_cases = -1"), "min_cases must be a whole number"),
    (('black_list_scope = "all"', 'black_list_scope = "some"'), "black_list_scope must be"),
    (("rework_rate = 20", "assigned = 20"), "'assigned' is not a rate"),
    (("A = 90", "A = 90 ="), "not valid TOML"),
])
def test_a_bad_scheme_names_line_and_reason(change, message):
    from commandcenter.resources import resource
    text = resource("review", "standard_scheme.toml").read_text(encoding="utf-8")
    changed = text.replace(*change, 1)
    with pytest.raises(SchemeError) as info:
        parse_scheme(changed, "s.toml")
    assert message in str(info.value) and str(info.value).startswith("s.toml")
    where = next(i for i, t in enumerate(changed.splitlines(), 1) if change[1] in t)
    assert f"line {where}" in str(info.value)
