"""The fact rows of each object type for one period: one row per thing counted, with
the unit it counts for, the case behind it and a column per count indicator.

Department rows are assignments, region rows are cases, post rows are the events a
person took. Which date puts a row into the period is the ``basis`` of its indicators.
"""
from __future__ import annotations

import pandas as pd

from .facts import Facts, in_period, lookup


def handler_rows(facts: Facts, start, end, clock, basis: str = "dispatch") -> pd.DataFrame:
    a = facts.assignments
    when = a["handle_due"] if basis == "deadline" else a["dispatched_at"]
    a = a.loc[in_period(when, start, end)]
    counted = a["final"] & ~a["held"]
    handled = counted & a["first_handle_at"].notna()
    closed = counted & a["closed"]
    on_time_close = closed & a["closed_on_time"]
    rows = pd.DataFrame({
        "unit": a["department"].astype(str), "case_id": a["case_id"],
        "assigned": counted, "handled": handled,
        "handled_on_time": handled & a["first_on_time"],
        "handled_late": handled & ~a["first_on_time"],
        "due_close": closed | (counted & a["overdue_open"]),
        "closed": closed, "closed_on_time": on_time_close, "closed_late": closed & ~on_time_close,
        "reworks": a["reworks"].where(counted, 0),
        "returned": a["returned"], "extended": counted & (a["extensions"] > 0),
        "overdue_unhandled": counted & a["overdue_unhandled"],
        "held": a["final"] & a["held"],
        "supervisions": a["supervisions"].where(counted, 0),
    })
    hours = clock.between(a["dispatched_at"], a["first_handle_at"]) / 60.0
    rows["handle_hours"] = pd.Series(hours, index=a.index).where(handled)
    return rows.reset_index(drop=True)


def region_rows(facts: Facts, start, end, grid_area: pd.DataFrame) -> pd.DataFrame:
    """Case rows with grid, community and street; reported or filed in the period."""
    c = facts.cases
    reported = in_period(c["reported_at"], start, end)
    filed = in_period(c["filed_at"], start, end)
    c = c.loc[reported | filed]
    reported, filed = reported[c.index], filed[c.index]
    held = filed & (c["stage"] == "held")
    rows = pd.DataFrame({
        "grid": c["grid_code"].astype(str), "case_id": c["case_id"], "class_key": c["class_key"],
        "reported": reported, "filed": filed,
        "supervisor_found": filed & ~held & (c["source"] == "supervisor"),
        "held": held,
        "due_close": filed & ~held & (c["closed"] | c["overdue_open"]),
        "closed": filed & ~held & c["closed"],
        "closed_on_time": filed & ~held & c["closed_on_time"],
    }).reset_index(drop=True)
    places = grid_area.set_index("code")
    rows["community"] = lookup(places["community_code"], rows["grid"]).fillna(rows["grid"].str[:12])
    rows["street"] = lookup(places["street_code"], rows["grid"]).fillna(rows["grid"].str[:9])
    return rows


def _event_rows(facts: Facts, start, end, action: str, role: str | None = None) -> pd.DataFrame:
    e = facts.events
    mask = (e["action"] == action) & in_period(e["at"], start, end)
    if role is not None:
        mask &= e["role"] == role
    return e.loc[mask, ["case_id", "actor", "on_time", "asg"]]


def _case_flag(facts: Facts, ids: pd.Series, column: str) -> pd.Series:
    return lookup(facts.cases.set_index("case_id")[column], ids).fillna(False).astype(bool)


def _post(events: pd.DataFrame, **flags) -> pd.DataFrame:
    rows = pd.DataFrame({"unit": events["actor"].astype(str), "case_id": events["case_id"]})
    for name, values in flags.items():
        rows[name] = pd.Series(values, index=events.index).astype(bool)
    return rows


def supervisor_rows(facts: Facts, start, end) -> pd.DataFrame:
    reports = _event_rows(facts, start, end, "report", "supervisor")
    filed = lookup(facts.cases.set_index("case_id")["filed_at"], reports["case_id"]).notna()
    voided = _case_flag(facts, reports["case_id"], "voided")
    verifies = _event_rows(facts, start, end, "verify")
    checks = pd.concat([_event_rows(facts, start, end, "check-pass"),
                        _event_rows(facts, start, end, "check-fail")])
    parts = [_post(reports, reported=True, valid=filed & ~voided),
             _post(verifies, verified=True, verified_on_time=verifies["on_time"]),
             _post(checks, checked=True, checked_on_time=checks["on_time"])]
    return _fill(pd.concat(parts, ignore_index=True))


def operator_rows(facts: Facts, start, end) -> pd.DataFrame:
    accepts = _event_rows(facts, start, end, "accept")
    voided = _case_flag(facts, accepts["case_id"], "voided")
    return _post(accepts, accepted=True, accepted_on_time=accepts["on_time"],
                 accepted_accurate=~voided)


def shift_lead_rows(facts: Facts, start, end) -> pd.DataFrame:
    files = _event_rows(facts, start, end, "file")
    voided = _case_flag(facts, files["case_id"], "voided")
    closes = _event_rows(facts, start, end, "close")
    parts = [_post(files, filed=True, filed_on_time=files["on_time"], filed_accurate=~voided),
             _post(closes, closed=True, closed_on_time=closes["on_time"])]
    return _fill(pd.concat(parts, ignore_index=True))


def dispatcher_rows(facts: Facts, start, end) -> pd.DataFrame:
    dispatches = _event_rows(facts, start, end, "dispatch")
    # A dispatch was wrong when the department it went to had the return approved.
    keys = pd.MultiIndex.from_frame(dispatches[["case_id", "asg"]])
    returned = facts.assignments.set_index(["case_id", "asg"])["returned"].reindex(keys)
    returned = pd.Series(returned.to_numpy(), index=dispatches.index).fillna(False).astype(bool)
    return _post(dispatches, dispatched=True, dispatched_on_time=dispatches["on_time"],
                 dispatched_accurate=~returned)


def _fill(rows: pd.DataFrame) -> pd.DataFrame:
    flags = [c for c in rows.columns if c not in ("unit", "case_id")]
    rows[flags] = rows[flags].fillna(False).astype(bool)
    return rows
