"""From the event log to facts: one frame of assignments and one of cases, vectorised.

Every event records the deadline in force *after* it (``payload.deadline``), so the
deadline an event was judged against is the previous event's; an event is on time when
it happened no later than that. A dispatch opens an *assignment* (case × department); an
approved return ends it, and the next dispatch opens another. Rework (核查不通过) stays
inside the assignment: the same department handles again.

No Python loop runs per case: everything is a groupby, a shift or a merge.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd


@dataclass
class Facts:
    events: pd.DataFrame        # the log, sorted, with due / on_time / asg columns
    assignments: pd.DataFrame   # one row per (case_id, asg)
    cases: pd.DataFrame         # one row per case
    as_of: datetime


def _first(frame: pd.DataFrame, mask: pd.Series, keys: list[str], columns: dict[str, str],
           keep: str = "first") -> pd.DataFrame:
    """Columns of the first (or last) event per key among the rows where ``mask`` holds."""
    picked = frame.loc[mask, keys + list(columns)].drop_duplicates(keys, keep=keep)
    return picked.rename(columns=columns).set_index(keys)


def _count(frame: pd.DataFrame, mask: pd.Series, keys: list[str], name: str) -> pd.Series:
    return frame.loc[mask].groupby(keys, observed=True).size().rename(name)


def build_facts(events: pd.DataFrame, cases: pd.DataFrame, as_of: datetime) -> Facts:
    e = events.sort_values(["case_id", "seq"], kind="stable").reset_index(drop=True)
    by_case = e.groupby("case_id", sort=False)
    e["due"] = by_case["deadline"].shift(1)
    e["on_time"] = e["due"].isna() | (e["at"] <= e["due"])
    # Categorical columns compare with a string without converting every row.
    action, request = e["action"], e["request"]
    is_dispatch = action == "dispatch"
    e["asg"] = is_dispatch.groupby(e["case_id"], sort=False).cumsum()

    keys = ["case_id", "asg"]
    inside = e["asg"] > 0
    a = _first(e, is_dispatch, keys, {"department": "department", "actor": "dispatcher",
                                      "at": "dispatched_at", "on_time": "dispatch_on_time"})
    handle = inside & (action == "handle")
    a = a.join(_first(e, handle, keys, {"at": "first_handle_at", "on_time": "first_on_time"}))
    a = a.join(_first(e, handle, keys, {"at": "last_handle_at", "on_time": "last_on_time"},
                      keep="last"))
    fail = inside & (action == "check-fail")
    a = a.join(_first(e, fail, keys, {"at": "last_fail_at"}, keep="last"))
    # The handling deadline now: that of the last event leaving the case in handling.
    a = a.join(_first(e, inside & (e["to_stage"] == "handling"), keys,
                      {"deadline": "handle_due"}, keep="last"))
    approve = inside & (action == "approve")
    a = a.join(_count(e, approve & (request == "return"), keys, "returned"))
    a = a.join(_count(e, approve & (request == "extension"), keys, "extensions"))
    a = a.join(_count(e, approve & (request == "hold"), keys, "holds"))
    a = a.join(_count(e, fail, keys, "reworks"))
    a = a.join(_count(e, inside & (action == "supervise"), keys, "supervisions"))
    a = a.reset_index()
    for column in ("returned", "extensions", "holds", "reworks", "supervisions"):
        a[column] = a[column].fillna(0).astype("int64")
    a["returned"] = a["returned"] > 0
    for column in ("first_on_time", "last_on_time"):
        a[column] = a[column].astype("boolean").fillna(False).astype(bool)

    c = cases.set_index("case_id")
    last = by_case.tail(1).set_index("case_id")
    c = c.join(last["to_stage"].astype(str).rename("stage"))
    c = c.join(_first(e, action == "report", ["case_id"], {"actor": "reporter", "role": "reporter_role"}))
    c = c.join(_first(e, action == "file", ["case_id"], {"at": "filed_at"}))
    c = c.join(_first(e, action == "close", ["case_id"], {"at": "closed_at"}))
    c = c.join(_first(e, action == "void", ["case_id"], {"at": "voided_at",
                                                         "from_stage": "voided_from"}))
    c["stage"] = c["stage"].fillna("")
    c["voided"] = c["voided_at"].notna()

    # The assignment that stands (not returned) carries the case's handling outcome.
    final = ~a["returned"]
    a["final"] = final
    closed_at = lookup(c["closed_at"], a["case_id"])
    stage = lookup(c["stage"], a["case_id"])
    a["closed"] = final & closed_at.notna()
    a["held"] = final & (stage == "held")
    a["pending"] = a["first_handle_at"].isna() | (a["last_fail_at"] > a["last_handle_at"])
    past_due = a["handle_due"].notna() & (a["handle_due"] < as_of)
    a["overdue_open"] = final & ~a["closed"] & ~a["held"] & past_due & (a["pending"] | ~a["last_on_time"])
    a["overdue_unhandled"] = final & ~a["closed"] & ~a["held"] & past_due & a["pending"]
    a["closed_on_time"] = a["closed"] & a["last_on_time"]

    standing = a.loc[final].drop_duplicates("case_id", keep="last").set_index("case_id")
    for column in ("department", "closed", "closed_on_time", "overdue_open", "held"):
        values = standing[column].reindex(c.index)
        c[column] = values if column == "department" else \
            values.astype("boolean").fillna(False).astype(bool)
    c = c.reset_index()
    return Facts(e, a, c, as_of)


def lookup(values: pd.Series, keys: pd.Series) -> pd.Series:
    """``values`` (indexed by unique keys) looked up for each of ``keys``, aligned to them."""
    return pd.Series(values.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


def in_period(times: pd.Series, start: datetime, end: datetime) -> pd.Series:
    return times.notna() & (times >= start) & (times < end)


def working_hours(clock, start: pd.Series, end: pd.Series) -> np.ndarray:
    return clock.between(start, end) / 60.0
