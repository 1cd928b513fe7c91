"""From the event log to facts: one frame of assignments and one of cases.

Every event records the deadline in force *after* it (``payload.deadline``), so the
deadline an event was judged against is the previous event's; an event is on time when
it happened no later than that. A dispatch opens an *assignment* (case × department); an
approved return ends it (as does a recall), and the next dispatch opens another. Rework
(核查不通过) stays inside the assignment: the same department handles again.

The log is folded into raw facts in one of two ways that give the same frames:
``from_groups`` takes what the database folded (``store.review_facts``: a row per
assignment, computed there), ``build_facts`` folds an event log held in memory with
pandas. ``derive`` then works out, for both, what each figure needs. No Python loop runs
per case: everything is a groupby, a shift or a merge.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from commandcenter.store.review_facts import ONCE, SELF_HANDLED

CASE_RAW = ["stage", "reporter_role", "voided_at", "voided_from",
            *[c for cols in ONCE.values() for c in cols if c], *SELF_HANDLED.values()]
ASG_RAW = ["department", "dispatcher", "dispatched_at", "dispatch_on_time", "first_handle_at",
           "first_on_time", "last_handle_seq", "last_on_time", "handle_due", "returned",
           "recalled", "extensions", "supervisions"]
EPISODE_COLUMNS = ["case_id", "asg", "seq", "action", "actor", "at", "on_time"]


@dataclass
class Facts:
    assignments: pd.DataFrame   # one row per (case_id, asg)
    cases: pd.DataFrame         # one row per case
    episodes: pd.DataFrame      # each failed check, approved hold and resumption
    holds: pd.DataFrame         # one row per hold: case_id, asg, start, end (NaT: still held)
    as_of: datetime


def _first(frame: pd.DataFrame, mask: pd.Series, keys: list[str], columns: dict[str, str],
           keep: str = "first") -> pd.DataFrame:
    """Columns of the first (or last) event per key among the rows where ``mask`` holds."""
    picked = frame.loc[mask, keys + list(columns)].drop_duplicates(keys, keep=keep)
    return picked.rename(columns=columns).set_index(keys)


def _count(frame: pd.DataFrame, mask: pd.Series, keys: list[str], name: str) -> pd.Series:
    return frame.loc[mask].groupby(keys, observed=True).size().rename(name)


def build_facts(events: pd.DataFrame, cases: pd.DataFrame, as_of: datetime) -> Facts:
    """Facts from an event log in memory (columns as ``store.review.EVENT_COLUMNS``).
    A case with no event (reported after ``as_of``) has nothing to count yet."""
    cases = cases.loc[cases["case_id"].isin(events["case_id"])]
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
    a = a.join(_first(e, handle, keys, {"seq": "last_handle_seq", "on_time": "last_on_time"},
                      keep="last"))
    # The handling deadline now: that of the last event leaving the case in handling.
    a = a.join(_first(e, inside & (e["to_stage"] == "handling"), keys,
                      {"deadline": "handle_due"}, keep="last"))
    approve = inside & (action == "approve")
    a = a.join(_count(e, approve & (request == "return"), keys, "returned"))
    a = a.join(_count(e, inside & (action == "recall"), keys, "recalled"))
    a = a.join(_count(e, approve & (request == "extension"), keys, "extensions"))
    a = a.join(_count(e, inside & (action == "supervise"), keys, "supervisions"))

    last = by_case.tail(1).set_index("case_id")
    c = pd.DataFrame({"stage": last["to_stage"].astype(str)})
    for act, (actor, at, on_time) in ONCE.items():
        columns = {"actor": actor, "at": at} | ({"on_time": on_time} if on_time else {})
        if act == "report":
            columns["role"] = "reporter_role"
        c = c.join(_first(e, action == act, ["case_id"], columns))
    for act, at in SELF_HANDLED.items():
        c = c.join(_first(e, (action == act) & (request == "self"), ["case_id"], {"at": at}))
    # A merged duplicate ends like a void: one problem is counted once.
    ended = action.isin(["void", "merge"])
    c = c.join(_first(e, ended, ["case_id"], {"at": "voided_at", "from_stage": "voided_from"}))
    own = (action.isin(["check-fail", "resume"]) | ((action == "approve") & (request == "hold")))
    episodes = e.loc[own, EPISODE_COLUMNS].copy()
    episodes["action"] = episodes["action"].astype(str).replace("approve", "hold")
    return derive(c, a.reset_index(), episodes, cases, as_of)


def from_groups(groups: pd.DataFrame, as_of: datetime) -> Facts:
    """Facts from the rows the database folded (``store.review_facts.read_groups``)."""
    g = groups
    keys = ["case_id", "asg"]
    head = (g["own"] == 0) & (g["asg"] <= 1)
    first = g.loc[head].set_index("case_id")
    cases = first[["source", "class_key", "grid_code", "reported_at"]].reset_index()
    c = first[CASE_RAW].copy()
    # The last event, the passed check and the closing may come in a later row.
    for columns in (["stage"], ["checker", "checked_at", "check_on_time"],
                    ["closer", "closed_at", "close_on_time"]):
        later = g.loc[~head & g[columns[0]].notna()]
        c.loc[later["case_id"].to_numpy(), columns] = later[columns].to_numpy()
    a = g.loc[(g["own"] == 0) & (g["asg"] > 0)].set_index(keys)[
        ["department", "dispatcher", "dispatched_at", "dispatch_on_time", "extensions",
         "supervisions"]]
    own = g.loc[g["own"] > 0, ["case_id", "asg", "own", "own_action", "own_actor", "own_at",
                               "own_on_time", "own_due"]]
    own.columns = [*EPISODE_COLUMNS, "due"]
    own = own.sort_values(["case_id", "seq"], kind="stable")
    handles = own.loc[own["action"] == "handle"]
    first = handles.drop_duplicates(keys).set_index(keys)
    last = handles.drop_duplicates(keys, keep="last").set_index(keys)
    a = a.join(first[["at", "on_time"]].rename(columns={"at": "first_handle_at",
                                                        "on_time": "first_on_time"}))
    a = a.join(last[["seq", "on_time"]].rename(columns={"seq": "last_handle_seq",
                                                       "on_time": "last_on_time"}))
    for name in ("return", "recall"):
        a = a.join(own.loc[own["action"] == name].groupby(keys).size()
                   .rename("returned" if name == "return" else "recalled"))
    # The handling deadline now: the deadline left by the assignment's last event if that
    # left the case in handling, else the one the step that took it out of handling
    # (handled, held, returned, recalled) was due by.
    ends = g.loc[g["end_stage"].notna()].set_index(keys)
    exits = own.loc[own["action"].isin(["handle", "hold", "return", "recall"])]
    exit_due = exits.drop_duplicates(keys, keep="last").set_index(keys)["due"]
    in_handling = ends["end_stage"] == "handling"
    a = a.join(ends["end_deadline"].where(in_handling, exit_due.reindex(ends.index))
               .rename("handle_due"))
    episodes = own.loc[own["action"].isin(["check-fail", "hold", "resume"]), EPISODE_COLUMNS]
    return derive(c, a.reset_index(), episodes, cases, as_of)


def _bool(values: pd.Series) -> pd.Series:
    return values.astype("boolean").fillna(False).astype(bool)


def derive(case_raw: pd.DataFrame, asg_raw: pd.DataFrame, episodes: pd.DataFrame,
           cases: pd.DataFrame, as_of: datetime) -> Facts:
    """What the figures need, from the raw facts of either folding."""
    keys = ["case_id", "asg"]
    episodes = episodes.loc[episodes["asg"] > 0].sort_values(["case_id", "seq"], kind="stable")
    episodes = episodes.reset_index(drop=True)
    episodes["on_time"] = _bool(episodes["on_time"])
    fails = episodes.loc[episodes["action"] == "check-fail"]
    a = asg_raw.set_index(keys)
    a = a.join(fails.groupby(keys).size().rename("reworks"))
    a = a.join(fails.drop_duplicates(keys, keep="last").set_index(keys)["seq"]
               .rename("last_fail_seq"))
    a = a.join((episodes["action"] == "hold").groupby([episodes["case_id"], episodes["asg"]])
               .sum().rename("holds"))
    a = a.reset_index()
    for column in ("returned", "recalled", "extensions", "holds", "reworks", "supervisions"):
        a[column] = a[column].fillna(0).astype("int64")
    a["returned"] = a["returned"] > 0
    for column in ("dispatch_on_time", "first_on_time", "last_on_time"):
        a[column] = _bool(a[column])
    a["department"] = a["department"].astype(object)

    c = cases.set_index("case_id").join(case_raw)
    c["stage"] = c["stage"].fillna("").astype(str)
    c["voided"] = c["voided_at"].notna()
    # 自处理: reported as handled on the spot; approved so (the case closed at once).
    c["self_reported"] = c["self_reported_at"].notna()
    c["self_handled"] = c["self_approved_at"].notna()
    for _, _, on_time in ONCE.values():
        if on_time:
            c[on_time] = _bool(c[on_time])

    # The assignment that stands (neither returned nor recalled) carries the case's
    # handling outcome.
    final = ~a["returned"] & (a["recalled"] == 0)
    a["final"] = final
    closed_at = lookup(c["closed_at"], a["case_id"])
    stage = lookup(c["stage"], a["case_id"])
    a["closed"] = final & closed_at.notna()
    a["held"] = final & (stage == "held")
    # Unhandled, or back in rework: the last check failed after the last handling.
    a["pending"] = a["first_handle_at"].isna() | (a["last_fail_seq"] > a["last_handle_seq"])
    past_due = a["handle_due"].notna() & (a["handle_due"] < as_of)
    a["overdue_open"] = final & ~a["closed"] & ~a["held"] & past_due & (a["pending"] | ~a["last_on_time"])
    a["overdue_unhandled"] = final & ~a["closed"] & ~a["held"] & past_due & a["pending"]
    a["closed_on_time"] = a["closed"] & a["last_on_time"]

    standing = a.loc[final].drop_duplicates("case_id", keep="last").set_index("case_id")
    for column in ("department", "closed", "closed_on_time", "overdue_open", "held"):
        values = standing[column].reindex(c.index)
        c[column] = values if column == "department" else _bool(values)
    return Facts(a, c.reset_index(), episodes, _holds(episodes), as_of)


def _holds(episodes: pd.DataFrame) -> pd.DataFrame:
    """Each approved hold with the resumption that ended it (NaT while it lasts)."""
    ep = episodes.loc[episodes["action"].isin(["hold", "resume"])]
    following = ep.groupby("case_id", sort=False)["action"].shift(-1)
    ends = ep.groupby("case_id", sort=False)["at"].shift(-1)
    starts = ep["action"] == "hold"
    return pd.DataFrame({"case_id": ep.loc[starts, "case_id"], "asg": ep.loc[starts, "asg"],
                         "start": ep.loc[starts, "at"],
                         "end": ends[starts].where(following[starts] == "resume")}
                        ).reset_index(drop=True)


def lookup(values: pd.Series, keys: pd.Series) -> pd.Series:
    """``values`` (indexed by unique keys) looked up for each of ``keys``, aligned to them."""
    return pd.Series(values.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


def in_period(times: pd.Series, start: datetime, end: datetime) -> pd.Series:
    return times.notna() & (times >= start) & (times < end)


def working_hours(clock, start: pd.Series, end: pd.Series) -> np.ndarray:
    return clock.between(start, end) / 60.0
