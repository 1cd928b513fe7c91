"""The fact rows of each object type for one period: one row per thing counted, with
the unit it counts for, the case behind it and a column per count indicator.

Department rows are assignments, region rows are cases, post rows are the steps a
person took. Which date puts a row into the period is the ``basis`` of its indicators.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .facts import Facts, in_period, lookup


# The actions whose events an object type's figures read (None: all). A handling or a
# check is judged by the deadline the event before it left, and that event is always one
# of these; the report keeps a case that went no further.
HANDLING = ("report", "dispatch", "handle", "check-fail", "approve", "resume", "recall",
            "supervise", "close")
NEEDED: dict[str, tuple[str, ...] | None] = {
    "department": HANDLING, "street": (*HANDLING, "file"), "community": (*HANDLING, "file"),
    "grid": (*HANDLING, "file"), "supervisor": None, "operator": None, "shift_lead": None,
    "dispatcher": None}


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
    minutes = clock.between(a["dispatched_at"], a["first_handle_at"]) - _held_minutes(facts, a, clock)
    rows["handle_hours"] = pd.Series(minutes / 60.0, index=a.index).where(handled)
    return rows.reset_index(drop=True)


def _held_minutes(facts: Facts, a: pd.DataFrame, clock) -> np.ndarray:
    """Working minutes each assignment spent on hold between its dispatch and its first
    handling: the clock stops while a case is held, so handling time leaves it out."""
    out = np.zeros(len(a))
    holds = facts.holds
    if not len(holds) or not len(a):
        return out
    span = a[["case_id", "asg", "dispatched_at", "first_handle_at"]].reset_index()
    span = span.loc[span["first_handle_at"].notna()]
    h = holds.merge(span, on=["case_id", "asg"])
    if not len(h):
        return out
    begin = h[["start", "dispatched_at"]].max(axis=1)
    finish = h["end"].fillna(h["first_handle_at"]).where(
        lambda t: t < h["first_handle_at"], h["first_handle_at"])
    held = pd.Series(np.clip(clock.between(begin, finish), 0, None), index=h.index)
    per_row = held.groupby(h["index"]).sum()
    out[a.index.get_indexer(per_row.index)] = per_row.to_numpy()
    return out


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
        # Closed on the spot, never filed: counted apart from the filed loop's figures.
        "self_handled": reported & c["self_handled"],
    }).reset_index(drop=True)
    places = grid_area.set_index("code")
    rows["community"] = lookup(places["community_code"], rows["grid"]).fillna(rows["grid"].str[:12])
    rows["street"] = lookup(places["street_code"], rows["grid"]).fillna(rows["grid"].str[:9])
    return rows


def _steps(facts: Facts, start, end, actor: str, at: str) -> pd.DataFrame:
    """The cases whose once-in-a-loop step (``at``, taken by ``actor``) fell in the period."""
    c = facts.cases
    return c.loc[in_period(c[at], start, end)].rename(columns={actor: "unit"})


def _post(steps: pd.DataFrame, **flags) -> pd.DataFrame:
    rows = pd.DataFrame({"unit": steps["unit"].astype(str), "case_id": steps["case_id"]})
    for name, values in flags.items():
        rows[name] = pd.Series(values, index=steps.index).astype(bool)
    return rows


def supervisor_rows(facts: Facts, start, end, patrols: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reports (those handled on the spot among them), verifications and checks of each
    supervisor, and the filed cases of the grids they patrol (``patrols``: username,
    grid_code) that someone else reported."""
    reports = _steps(facts, start, end, "reporter", "report_at")
    reports = reports.loc[reports["reporter_role"] == "supervisor"]
    verifies = _steps(facts, start, end, "verifier", "verified_at")
    passes = _steps(facts, start, end, "checker", "checked_at")
    ep = facts.episodes
    fails = ep.loc[(ep["action"] == "check-fail") & in_period(ep["at"], start, end)]
    fails = fails.rename(columns={"actor": "unit"})
    # A report approved as handled on the spot is valid though never filed: the problem
    # was real, and handling it at once must not cost the supervisor.
    valid = (reports["filed_at"].notna() | reports["self_handled"]) & ~reports["voided"]
    parts = [_post(reports, reported=True, valid=valid,
                   self_reported=reports["self_reported"], self_handled=reports["self_handled"]),
             _post(verifies, verified=True, verified_on_time=verifies["verify_on_time"]),
             _post(passes, checked=True, checked_on_time=passes["check_on_time"]),
             _post(fails, checked=True, checked_on_time=fails["on_time"].astype(bool))]
    if patrols is None:
        patrols = pd.DataFrame({"username": pd.Series(dtype=object),
                                "grid_code": pd.Series(dtype=object)})
    c = facts.cases
    filed = c.loc[in_period(c["filed_at"], start, end) & ~c["voided"],
                  ["case_id", "grid_code", "source"]]
    own = filed.merge(patrols.rename(columns={"username": "unit"}), on="grid_code")
    # 漏报: filed, in a grid the supervisor patrols, and not found by a field supervisor.
    parts.append(_post(own, grid_filed=True, missed=own["source"] != "supervisor"))
    return _join(parts)


def operator_rows(facts: Facts, start, end) -> pd.DataFrame:
    accepts = _steps(facts, start, end, "acceptor", "accepted_at")
    return _post(accepts, accepted=True, accepted_on_time=accepts["accept_on_time"],
                 accepted_accurate=~accepts["voided"])


def shift_lead_rows(facts: Facts, start, end) -> pd.DataFrame:
    files = _steps(facts, start, end, "filer", "filed_at")
    closes = _steps(facts, start, end, "closer", "closed_at")
    parts = [_post(files, filed=True, filed_on_time=files["file_on_time"],
                   filed_accurate=~files["voided"]),
             _post(closes, closed=True, closed_on_time=closes["close_on_time"])]
    return _join(parts)


def dispatcher_rows(facts: Facts, start, end) -> pd.DataFrame:
    a = facts.assignments
    dispatches = a.loc[in_period(a["dispatched_at"], start, end)].rename(
        columns={"dispatcher": "unit"})
    # A dispatch was wrong when the department it went to had the return approved.
    return _post(dispatches, dispatched=True, dispatched_on_time=dispatches["dispatch_on_time"],
                 dispatched_accurate=~dispatches["returned"])


def _join(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The parts one under the other, each flag a part lacks False. Filled before joining,
    the flags stay boolean (filled after, they would pass through objects)."""
    columns = list(dict.fromkeys(c for part in parts for c in part.columns))
    return pd.concat([part.reindex(columns=columns, fill_value=False) for part in parts],
                     ignore_index=True)
