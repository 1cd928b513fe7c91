"""From fact rows to the tables a review shows: figures per unit, district totals,
scores, grades, ranks within peer groups, and the red and black lists."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from commandcenter.models.catalog import load_catalog

from .indicators import OBJECTS, count_bits
from .scheme import ObjectRules, Scheme

# The count that decides whether a unit has enough cases to be ranked.
MIN_COUNT = {"department": "assigned", "street": "filed", "community": "filed", "grid": "filed",
             "supervisor": "reported", "operator": "accepted", "shift_lead": "filed",
             "dispatcher": "dispatched"}


def _figures(rows: pd.DataFrame, object_type: str, by: str | None) -> pd.DataFrame:
    defs = OBJECTS[object_type]
    counts = [d for d in defs if d.is_count]
    columns = sorted({d.column for d in counts})
    if by is None:
        grouped = rows[columns].sum().to_frame().T
        grouped.index = pd.Index(["__total__"], name="unit")
    else:
        grouped = rows.groupby(by)[columns].sum()
        grouped.index.name = "unit"
    table = pd.DataFrame({d.key: grouped[d.column].astype("int64") for d in counts},
                         index=grouped.index)
    for d in defs:
        if d.kind == "rate":
            den = table[d.den[0]] - sum((table[x] for x in d.den[1:]), 0)
            table[d.key] = (table[d.num] / den.where(den > 0)).astype("float64")
        elif d.kind in ("mean", "median") and len(rows):
            key = rows[by] if by else pd.Series("__total__", index=rows.index)
            stats = rows[d.column].groupby(key).agg(d.kind)
            table[d.key] = stats.reindex(table.index).astype("float64")
        elif d.kind in ("mean", "median"):
            table[d.key] = np.nan
    return table


def figure_table(rows: pd.DataFrame, object_type: str, by: str = "unit",
                 area_km2: pd.Series | None = None, top: int = 3) -> tuple[pd.DataFrame, dict]:
    """Per-unit figures and the totals of all units (counts summed, then divided)."""
    table = _figures(rows, object_type, by)
    total = _figures(rows, object_type, None)
    defs = OBJECTS[object_type]
    if any(d.kind == "density" for d in defs):
        area = (area_km2 if area_km2 is not None else pd.Series(dtype=float))
        table["cases_per_km2"] = table["filed"] / area.reindex(table.index).where(lambda a: a > 0)
        total["cases_per_km2"] = total["filed"] / area.sum() if area.sum() > 0 else np.nan
    if any(d.kind == "text" for d in defs):
        filed = rows.loc[rows["filed"], [by, "class_key"]]
        counted = filed.groupby([by, "class_key"]).size().rename("n").reset_index()
        counted = counted.sort_values([by, "n", "class_key"], ascending=[True, False, True])
        counted["class_key"] = counted["class_key"].map(_class_names()).fillna(counted["class_key"])
        tops = counted.groupby(by).head(top).groupby(by)["class_key"].agg("、".join)
        table["top_classes"] = tops.reindex(table.index).fillna("")
        overall = filed["class_key"].value_counts().sort_index(kind="stable")
        overall = overall.sort_values(ascending=False, kind="stable").head(top)
        total["top_classes"] = "、".join(_class_names().get(k, k) for k in overall.index)
    return table, {k: _plain(total[k].iloc[0]) for k in total.columns}


@lru_cache(maxsize=1)
def _class_names() -> dict[str, str]:
    return {m.key: m.name for m in load_catalog()}


def _plain(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    return value


def score(table: pd.DataFrame, object_type: str, rules: ObjectRules) -> pd.Series:
    """Weighted mean of the weighted rates (1 − rate for those that hurt) × 100; a rate
    without a denominator leaves the others' weights to carry the score."""
    defs = {d.key: d for d in OBJECTS[object_type]}
    total = pd.Series(0.0, index=table.index)
    weight = pd.Series(0.0, index=table.index)
    for key, w in rules.weights.items():
        value = table[key]
        if defs[key].better == "lower":
            value = 1 - value
        present = value.notna()
        total += value.clip(0, 1).fillna(0) * w
        weight += present * w
    return (100 * total / weight.where(weight > 0)).round(2)


def peer_group(object_type: str, units: pd.Index, rules: ObjectRules,
               department_types: pd.Series) -> pd.Series:
    if object_type != "department" or not rules.groups:
        return pd.Series("", index=units)
    types = department_types.reindex(units).fillna("")
    group = pd.Series("", index=units)
    fallback = next((g for g, t in rules.groups.items() if "*" in t), "")
    for name, kinds in rules.groups.items():
        group[types.isin(kinds)] = name
    group[group == ""] = fallback
    return group


def rank_table(table: pd.DataFrame, object_type: str, scheme: Scheme,
               group: pd.Series) -> pd.DataFrame:
    rules = scheme.objects[object_type]
    table = table.copy()
    table["group"] = group.reindex(table.index).fillna("")
    table["score"] = score(table, object_type, rules)
    table["grade"] = table["score"].map(lambda s: scheme.grade(s) if pd.notna(s) else "")
    table["ranked"] = (table[MIN_COUNT[object_type]] >= max(rules.min_cases, 1)) \
        & table["score"].notna()
    ranked = table["score"].where(table["ranked"])
    table["rank"] = ranked.groupby(table["group"]).rank(method="min", ascending=False) \
        .astype("Int64")
    return table


def red_black(table: pd.DataFrame, rules: ObjectRules) -> tuple[list[str], list[str]]:
    """Red list: the best N of each peer group; black list: the worst N overall (or per
    group). A unit never stands on both."""
    ranked = table.loc[table["ranked"]].sort_values(["score"], ascending=False, kind="stable")
    red = ranked.groupby("group", sort=False).head(rules.red_list).index.tolist()
    rest = ranked.drop(index=red)
    worst = rest.iloc[::-1]
    if rules.black_list_scope == "group":
        black = worst.groupby("group", sort=False).head(rules.black_list).index.tolist()
    else:
        black = worst.head(rules.black_list).index.tolist()
    return red, black


def members(rows: pd.DataFrame, object_type: str, by: str = "unit") -> pd.DataFrame:
    """The case list behind the counts: (unit, case_id, flags) with a bit per count."""
    flags = np.zeros(len(rows), dtype=np.int64)
    for d in OBJECTS[object_type]:
        if d.is_count:
            flags |= (rows[d.column].to_numpy() > 0).astype(np.int64) << count_bits(object_type)[d.key]
    out = pd.DataFrame({"unit": rows[by].astype(str).to_numpy(),
                        "case_id": rows["case_id"].to_numpy(), "flags": flags})
    return out.loc[out["flags"] != 0].reset_index(drop=True)
