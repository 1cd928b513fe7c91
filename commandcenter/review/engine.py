"""The monthly review: load a period's history, compute every object type, compare with
the previous period (环比) and the same period a year earlier (同比), and drill down.

``run_review`` is a plain function (no Qt) that the command line, the exports and the
review window's worker all call; ``progress`` receives short messages as it goes.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Callable

import numpy as np
import pandas as pd

from commandcenter.models.worktime import WorkCalendar
from commandcenter.store.db import Database
from commandcenter.store.review import (Units, latest_publication, load_cases, load_events,
                                        load_units)
from commandcenter.store.review_facts import read_groups

from . import rows as fact_rows
from .clock import WorkClock
from .facts import Facts, build_facts, from_groups
from .indicators import DEFINITIONS_VERSION, OBJECTS, count_bits, indicator
from .periods import Period
from .scheme import Scheme
from .tables import figure_table, members, peer_group, rank_table, red_black

REGIONS = ("street", "community", "grid")


class EmptyPeriod(ValueError):
    """Nothing happened in the period: there is nothing to review."""


class UnknownUnit(ValueError):
    pass


@dataclass
class ObjectReview:
    object_type: str
    table: pd.DataFrame          # one row per unit, indexed by unit code
    total: dict                  # district figures: counts summed, then divided
    members: pd.DataFrame        # unit, case_id, flags: the cases behind the counts
    red: list[str] = field(default_factory=list)
    black: list[str] = field(default_factory=list)
    previous_total: dict = field(default_factory=dict)
    year_earlier_total: dict = field(default_factory=dict)

    def case_ids(self, unit: str | None, key: str) -> list[int]:
        """The cases behind one figure; ``unit`` None for the district's. A rate's cases
        are those of its denominator (its numerator's are a subset)."""
        ind = indicator(self.object_type, key)
        if ind.kind == "rate":
            key = ind.den[0]
        elif not ind.is_count:
            key = ind.num or _FIRST_COUNT[self.object_type]
        bit = np.int64(1) << count_bits(self.object_type)[key]
        m = self.members
        mask = (m["flags"].to_numpy() & bit) != 0
        if ind.kind == "rate" and len(ind.den) > 1:
            for other in ind.den[1:]:
                mask &= (m["flags"].to_numpy() & (np.int64(1) << count_bits(self.object_type)[other])) == 0
        if unit is not None:
            mask &= (m["unit"] == unit).to_numpy()
        return sorted(set(m.loc[mask, "case_id"].astype("int64").tolist()))


_FIRST_COUNT = {o: next(i.key for i in defs if i.is_count) for o, defs in OBJECTS.items()}


@dataclass
class Review:
    period: Period
    scheme: Scheme
    as_of: datetime
    objects: dict[str, ObjectReview]
    definitions_version: str = DEFINITIONS_VERSION
    frozen_at: datetime | None = None        # set when the figures are a publication's
    published_by: str = ""

    def figures(self) -> dict:
        """Everything as plain JSON-able data, for publishing and for the .json export."""
        out = {}
        for name, obj in self.objects.items():
            table = obj.table.reset_index()
            out[name] = {
                "rows": [{k: _json(v) for k, v in row.items()} for row in table.to_dict("records")],
                "total": obj.total, "previous_total": obj.previous_total,
                "year_earlier_total": obj.year_earlier_total,
                "red_list": obj.red, "black_list": obj.black}
        return out

    def members(self) -> pd.DataFrame:
        parts = [obj.members.assign(object_type=name) for name, obj in self.objects.items()]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["unit", "case_id", "flags", "object_type"])


def _json(value):
    if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


# --- computing ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """How the log is read: where it is folded, whether cases reported before the periods
    with no event since are left out, and how many windows of history are read at once.

    ``fold`` "memory": the database sends the events and pandas folds them
    (``facts.build_facts``); "database": the database folds them into a row per
    assignment (``store.review_facts``) and sends those. Both give the same facts. On the
    benchmark (two cores shared by the database and the review) folding in pandas was
    the quicker on both databases, a month's trend most of all; folding in the database
    moves the work to the database server, where a server with cores to spare would do
    it in parallel."""
    fold: str = "memory"
    prune: bool = True
    # More at once was slower on two cores: each window already reads its ranges of cases
    # on connections of their own.
    windows_at_once: int = 1
    # A trend of one object type reads only the events its figures need (rows.NEEDED).
    needed_only: bool = True
    # 环比 and 同比 of a period published (固化) before ``as_of`` under the same scheme and
    # definitions are its published figures, what was announced, and its log is not read.
    published_comparisons: bool = True


# Every event of every window folded in pandas, one window after the other: how the
# review read the log before (the benchmark's reference).
EVERY_EVENT = Reading("memory", prune=False, windows_at_once=1, needed_only=False,
                      published_comparisons=False)


@dataclass
class Window:
    since: datetime
    until: datetime
    facts: Facts
    rows: dict = field(default_factory=dict)     # (period, kind) -> fact rows, reused

    def covers(self, period: Period, lookback: timedelta) -> bool:
        return self.since <= period.start_at - lookback and period.end_at <= self.until


def read_window(db: Database, since: datetime, until: datetime, as_of: datetime,
                fold: str = "memory", active_since: datetime | None = None,
                actions: tuple[str, ...] | None = None) -> Facts:
    """The facts of the cases reported in [since, until), but those reported before
    ``active_since`` with no event since, folded as ``fold`` says (see ``Reading``), from
    the events of ``actions`` only if given (enough for some object types' figures)."""
    if fold == "memory":
        cases = load_cases(db, since, until)
        return build_facts(load_events(db, cases, as_of, active_since, actions), cases, as_of)
    return from_groups(read_groups(db, since, until, as_of, active_since, actions), as_of)


def windows_of(periods: list[Period], lookback: timedelta) -> list[list[Period]]:
    """The periods grouped by the window of history they read: overlapping spans (each
    period with its look-back) share one."""
    groups: list[list[Period]] = []
    for p in sorted(periods, key=lambda p: p.start_at):
        if groups and p.start_at - lookback <= max(q.end_at for q in groups[-1]):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def load_facts(db: Database, periods: list[Period], scheme: Scheme, as_of: datetime,
               progress: Callable[[str], None] | None = None,
               reading: Reading = Reading(),
               actions: tuple[str, ...] | None = None) -> list[Window]:
    """The windows of history the periods need (the previous period shares the current
    one's window; a year earlier has its own), each read by ranges of cases on connections
    of their own, ``reading.windows_at_once`` windows at a time.

    A case reported before a window's periods with no event since they began counts in
    none of them, so it is not read (``reading.prune``); unless departments are judged by
    the handling deadline, which may fall in a period after the case's last event."""
    lookback = timedelta(days=scheme.lookback_days)
    groups = windows_of(periods, lookback)
    spans = [(min(p.start_at for p in g) - lookback, max(p.end_at for p in g)) for g in groups]
    if progress:
        progress(", ".join(f"{since:%Y-%m-%d} … {until:%Y-%m-%d}" for since, until in spans))

    def read(i):
        active = min(p.start_at for p in groups[i]) \
            if reading.prune and scheme.handler_period_date != "deadline" else None
        return Window(*spans[i], read_window(db, *spans[i], as_of, reading.fold, active,
                                             actions))
    if len(spans) == 1 or reading.windows_at_once < 2:
        return [read(i) for i in range(len(spans))]
    with ThreadPoolExecutor(min(len(spans), reading.windows_at_once)) as pool:
        return list(pool.map(read, range(len(spans))))


def _object_rows(facts: Facts, object_type: str, period: Period, scheme: Scheme,
                 clock: WorkClock, units: Units) -> pd.DataFrame:
    s, e = period.start_at, period.end_at
    if object_type == "department":
        return fact_rows.handler_rows(facts, s, e, clock, scheme.handler_period_date)
    if object_type in REGIONS:
        return fact_rows.region_rows(facts, s, e, units.grids)
    if object_type == "supervisor":
        return fact_rows.supervisor_rows(facts, s, e, units.patrols)
    return getattr(fact_rows, f"{object_type}_rows")(facts, s, e)


def _area_km2(units: Units, level: str) -> pd.Series:
    grids = units.grids
    key = {"grid": "code", "community": "community_code", "street": "street_code"}[level]
    return grids.groupby(key)["area_m2"].sum() / 1e6


def _unit_names(units: Units, object_type: str) -> pd.Series:
    if object_type == "department":
        return units.departments.set_index("code")["short_name"]
    if object_type in ("street", "community"):
        areas = units.areas
        return areas.loc[areas["level"] == object_type].set_index("code")["short_name"]
    if object_type == "grid":
        return pd.Series(dtype=object)
    return units.users.set_index("username")["display_name"]


def evaluate(windows: list[Window], period: Period, object_type: str, scheme: Scheme,
             calendar: WorkCalendar, units: Units,
             cases: bool = True) -> tuple[pd.DataFrame, dict, pd.DataFrame | None]:
    """Figures per unit, district totals, and (if ``cases``) the cases behind them."""
    lookback = timedelta(days=scheme.lookback_days)
    window = next(w for w in windows if w.covers(period, lookback))
    # Streets, communities and grids group the same case rows.
    kind = "region" if object_type in REGIONS else object_type
    rows = window.rows.get((period.key, kind))
    if rows is None:
        clock = WorkClock(calendar, window.since.date(),
                          max(window.until, window.facts.as_of).date())
        rows = window.rows[(period.key, kind)] = _object_rows(
            window.facts, object_type, period, scheme, clock, units)
    by = object_type if object_type in REGIONS else "unit"
    area = _area_km2(units, object_type) if object_type in REGIONS else None
    table, total = figure_table(rows, object_type, by, area, scheme.top_classes)
    return table, total, members(rows, object_type, by) if cases else None


def run_review(db: Database, period: Period, scheme: Scheme, calendar: WorkCalendar, *,
               object_types: list[str] | None = None, as_of: datetime | None = None,
               compare: bool = True, progress: Callable[[str], None] | None = None,
               units: Units | None = None, reading: Reading = Reading()) -> Review:
    from commandcenter.store.service import local_now
    as_of = as_of or local_now()
    object_types = object_types or list(OBJECTS)
    units = units or load_units(db)
    previous, year_earlier = period.previous(), period.year_earlier()
    published = {p.key: figures for p in ((previous, year_earlier) if compare else ())
                 if reading.published_comparisons
                 and (figures := published_figures(db, p, scheme, as_of, object_types))}
    periods = [period] + [p for p in ((previous, year_earlier) if compare else ())
                          if p.key not in published]
    windows = load_facts(db, periods, scheme, as_of, progress, reading)
    department_types = units.departments.set_index("code")["type"]
    result = {}
    any_rows = False
    for object_type in object_types:
        if progress:
            progress(object_type)
        rules = scheme.objects[object_type]
        table, total, mem = evaluate(windows, period, object_type, scheme, calendar, units)
        any_rows |= len(mem) > 0
        group = peer_group(object_type, table.index, rules, department_types)
        table = rank_table(table, object_type, scheme, group)
        names = _unit_names(units, object_type)
        table.insert(0, "name", names.reindex(table.index).fillna(pd.Series(table.index, index=table.index)))
        obj = ObjectReview(object_type, table, total, mem)
        if compare:
            for other, prefix in ((previous, "prev"), (year_earlier, "yoy")):
                if other.key in published:
                    ot, ototal = _published_table(published[other.key][object_type])
                else:
                    # A comparison shows figures, never the cases behind them.
                    ot, ototal, _ = evaluate(windows, other, object_type, scheme, calendar,
                                             units, cases=False)
                    ot = rank_table(ot, object_type, scheme,
                                    peer_group(object_type, ot.index, rules, department_types))
                table[f"score_{prefix}"] = ot["score"].reindex(table.index)
                if prefix == "prev":
                    table["rank_prev"] = ot["rank"].reindex(table.index)
                    obj.previous_total = ototal
                else:
                    obj.year_earlier_total = ototal
            table["score_mom"] = (table["score"] - table["score_prev"]).round(2)
            table["score_yoy_change"] = (table["score"] - table["score_yoy"]).round(2)
            table["rank_change"] = (table["rank_prev"] - table["rank"]).astype("Int64")
        obj.table = table
        obj.red, obj.black = red_black(table, rules)
        result[object_type] = obj
    if not any_rows:
        raise EmptyPeriod(f"no cases in {period.key}: nothing was reported, filed, dispatched "
                          "or handled in that period")
    return Review(period, scheme, as_of, result)


def published_figures(db: Database, period: Period, scheme: Scheme, as_of: datetime,
                      object_types: list[str]) -> dict | None:
    """The figures ``period`` was published with, if it was by ``as_of``, under this
    scheme's version and these definitions, with every one of ``object_types``."""
    pub = latest_publication(db, period.key)
    if (pub is None or pub.published_at > as_of or pub.scheme_version != scheme.version
            or pub.definitions_version != DEFINITIONS_VERSION
            or any(o not in pub.figures for o in object_types)):
        return None
    return pub.figures


def _published_table(figures: dict) -> tuple[pd.DataFrame, dict]:
    """Scores and ranks per unit, and the totals, of an object type's published figures."""
    rows = pd.DataFrame(figures["rows"], columns=["unit", "score", "rank"])
    table = rows.set_index("unit").astype({"score": "float64", "rank": "Int64"})
    return table, figures["total"]


def trend(db: Database, period: Period, object_type: str, key: str, scheme: Scheme,
          calendar: WorkCalendar, count: int = 12, units: Units | None = None,
          as_of: datetime | None = None,
          progress: Callable[[str], None] | None = None,
          reading: Reading = Reading()) -> pd.DataFrame:
    """One indicator (or ``score``) for every unit over the ``count`` periods ending with
    ``period``: units as rows, period keys as columns, and the district as ``__total__``."""
    from commandcenter.store.service import local_now
    as_of = as_of or local_now()
    units = units or load_units(db)
    department_types = units.departments.set_index("code")["type"]
    rules = scheme.objects[object_type]
    periods = period.trend(count)

    def chunk_values(chunk: list[Period]) -> list[tuple[str, pd.Series]]:
        windows = load_facts(db, chunk, scheme, as_of, reading=replace(reading, windows_at_once=1),
                             actions=fact_rows.NEEDED[object_type] if reading.needed_only else None)
        out = []
        for p in chunk:
            table, total, _ = evaluate(windows, p, object_type, scheme, calendar, units,
                                       cases=False)
            table = rank_table(table, object_type, scheme,
                               peer_group(object_type, table.index, rules, department_types))
            values = table[key].astype("float64")
            district = total.get(key) if key != "score" else np.nan
            values.loc["__total__"] = np.nan if district is None else district
            out.append((p.key, values))
        return out
    # Three consecutive periods share one window (their look-backs overlap); windows are
    # read a few at a time, each on connections of its own, at the memory of about four
    # months of facts each.
    chunks = [periods[i:i + 3] for i in range(0, len(periods), 3)]
    columns = {}
    with ThreadPoolExecutor(max(1, reading.windows_at_once)) as pool:
        for values in pool.map(chunk_values, chunks):
            for key_, series in values:
                columns[key_] = series
                if progress:
                    progress(key_)
    return pd.DataFrame(columns)


def check_unit(review: Review, object_type: str, unit: str) -> None:
    table = review.objects[object_type].table
    if unit not in table.index:
        known = ", ".join(map(str, table.index[:10]))
        raise UnknownUnit(f"unknown {object_type} {unit!r} in {review.period.key}; "
                          f"units with figures include {known}")
