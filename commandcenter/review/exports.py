"""Exports of a review: .json (every figure with its definition) and .xlsx (a sheet per
object type with its chart and red/black-list formatting, a summary and the case list).

XlsxWriter writes the workbook: it makes native Excel charts and conditional formats.
Column widths count CJK characters double, or Chinese headers are cut off.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pandas as pd

from .engine import Review
from .indicators import (COLUMN_LABELS, OBJECT_LABELS, OBJECTS, count_bits, format_value,
                         indicator)

SUMMARY_KEYS = {"department": ("assigned", "close_rate", "close_on_time_rate", "rework_rate"),
                "street": ("reported", "filed", "close_rate", "close_on_time_rate"),
                "supervisor": ("reported", "valid_rate"),
                "operator": ("accepted", "accept_on_time_rate"),
                "shift_lead": ("filed", "file_on_time_rate"),
                "dispatcher": ("dispatched", "dispatch_accurate_rate")}
SUMMARY_KEYS["community"] = SUMMARY_KEYS["grid"] = SUMMARY_KEYS["street"]


def title(review: Review) -> str:
    return f"{review.period.key} 网格化城市管理综合评价通报"


def list_mark(review: Review, object_type: str) -> pd.Series:
    obj = review.objects[object_type]
    mark = pd.Series("", index=obj.table.index)
    mark[mark.index.isin(obj.red)] = "红榜"
    mark[mark.index.isin(obj.black)] = "黑榜"
    return mark


def ordered(review: Review, object_type: str) -> pd.DataFrame:
    """The table sorted as a report prints it: by group, then by rank (unranked last)."""
    table = review.objects[object_type].table.copy()
    table["list"] = list_mark(review, object_type)
    return table.sort_values(["group", "rank", "score"], ascending=[True, True, False],
                             na_position="last", kind="stable")


# --- JSON ------------------------------------------------------------------------------

def write_json(review: Review, path: Path) -> None:
    figures = review.figures()
    out = {"title": title(review), "period": review.period.key,
           "period_start": review.period.start.isoformat(),
           "period_end": review.period.end.isoformat(),
           "as_of": review.as_of.isoformat(timespec="seconds"),
           "frozen_at": review.frozen_at.isoformat(timespec="seconds") if review.frozen_at else None,
           "definitions_version": review.definitions_version,
           "scheme": {"name": review.scheme.name, "version": review.scheme.version},
           "objects": {}}
    for name, data in figures.items():
        out["objects"][name] = {
            "label": OBJECT_LABELS[name],
            "definitions": [{"key": d.key, "label": d.label, "kind": d.kind,
                             "numerator": d.num or d.column or None,
                             "denominator": " − ".join(d.den) or None,
                             "better": d.better if d.kind == "rate" else None,
                             "period_date": d.basis or None}
                            for d in OBJECTS[name]], **data}
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


# --- XLSX ------------------------------------------------------------------------------

def text_width(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _columns(object_type: str) -> list[tuple[str, str]]:
    cols = [("unit", COLUMN_LABELS["unit"]), ("name", COLUMN_LABELS["name"])]
    if object_type == "department":
        cols.append(("group", COLUMN_LABELS["group"]))
    cols += [(d.key, d.label) for d in OBJECTS[object_type]]
    cols += [(k, COLUMN_LABELS[k]) for k in ("score", "grade", "rank", "rank_change",
                                             "score_prev", "score_mom", "score_yoy",
                                             "score_yoy_change")]
    cols.append(("list", "榜单"))
    return cols


def write_xlsx(review: Review, path: Path, case_numbers: pd.Series | None = None,
               case_objects: list[str] | None = None) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "head": book.add_format({"bold": True, "bg_color": "#DDE5F0", "border": 1,
                                 "text_wrap": True, "valign": "vcenter"}),
        "pct": book.add_format({"num_format": "0.0%"}),
        "num": book.add_format({"num_format": "0.0"}),
        "int": book.add_format({"num_format": "0"}),
        "red": book.add_format({"bg_color": "#FDE2E1", "font_color": "#9C0006"}),
        "black": book.add_format({"bg_color": "#3A3A3A", "font_color": "#FFFFFF"}),
    }
    _summary_sheet(book, review, fmt)
    for name in review.objects:
        _object_sheet(book, review, name, fmt)
    if case_numbers is not None:
        _case_sheet(book, review, case_numbers, case_objects or list(review.objects), fmt)
    book.close()


def _summary_sheet(book, review: Review, fmt) -> None:
    sheet = book.add_worksheet("综合")
    sheet.write(0, 0, title(review), fmt["title"])
    note = f"方案：{review.scheme.name}（{review.scheme.version}）  统计截至 {review.as_of:%Y-%m-%d %H:%M}"
    if review.frozen_at:
        note += f"  已固化 {review.frozen_at:%Y-%m-%d %H:%M}"
    sheet.write(1, 0, note)
    heads = ["对象", "指标", "本期", "上期", "环比", "去年同期", "同比"]
    for c, h in enumerate(heads):
        sheet.write(3, c, h, fmt["head"])
    r = 4
    for name, obj in review.objects.items():
        for key in SUMMARY_KEYS[name]:
            ind = indicator(name, key)
            now, prev, yoy = (obj.total.get(key), obj.previous_total.get(key),
                              obj.year_earlier_total.get(key))
            cell = fmt["pct"] if ind.kind == "rate" else fmt["int"]
            sheet.write(r, 0, OBJECT_LABELS[name])
            sheet.write(r, 1, ind.label)
            for c, value in ((2, now), (3, prev), (5, yoy)):
                if value is not None:
                    sheet.write_number(r, c, value, cell)
            for c, base in ((4, prev), (6, yoy)):
                change = _change(ind, now, base)
                if change is not None:
                    sheet.write_number(r, c, change, fmt["pct"])
            r += 1
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 6, 11)
    sheet.freeze_panes(4, 0)


def _change(ind, now, base):
    """环比/同比: the change of a rate in points, of a count in per cent of the base."""
    if now is None or base is None:
        return None
    if ind.kind == "rate":
        return now - base
    return (now - base) / base if base else None


def _object_sheet(book, review: Review, name: str, fmt) -> None:
    sheet = book.add_worksheet(OBJECT_LABELS[name].replace("/", "、"))
    table = ordered(review, name)
    columns = _columns(name)
    sheet.write(0, 0, f"{title(review)} — {OBJECT_LABELS[name]}", fmt["title"])
    for c, (_key, label) in enumerate(columns):
        sheet.write(2, c, label, fmt["head"])
    widths = [text_width(label) + 2 for _k, label in columns]
    for r, (unit, row) in enumerate(table.iterrows(), start=3):
        for c, (key, _label) in enumerate(columns):
            value = unit if key == "unit" else row.get(key)
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                continue
            try:
                ind = indicator(name, key)
            except KeyError:
                ind = None
            if isinstance(value, (bool,)) or hasattr(value, "dtype") and value.dtype == bool:
                value = bool(value)
            if ind is not None and ind.kind == "rate":
                sheet.write_number(r, c, float(value), fmt["pct"])
            elif ind is not None and ind.kind in ("mean", "median", "density"):
                sheet.write_number(r, c, float(value), fmt["num"])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, c, float(value))
            else:
                sheet.write(r, c, str(value))
            widths[c] = max(widths[c], min(text_width(format_value(ind, value)) + 2, 40))
    for c, w in enumerate(widths):
        sheet.set_column(c, c, w)
    last = 2 + len(table)
    sheet.freeze_panes(3, 2)
    if len(table):
        sheet.autofilter(2, 0, last, len(columns) - 1)
        list_col = len(columns) - 1
        col = xlsxwriter_col(list_col)
        for kind, mark in (("red", "红榜"), ("black", "黑榜")):
            sheet.conditional_format(3, 0, last, list_col, {
                "type": "formula", "criteria": f'=${col}4="{mark}"', "format": fmt[kind]})
        score_col = [k for k, _ in columns].index("score")
        sheet.conditional_format(3, score_col, last, score_col, {"type": "data_bar",
                                                                 "bar_color": "#5B9BD5"})
        _score_chart(book, sheet, name, table, columns, last)


def xlsxwriter_col(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name
    return xl_col_to_name(index)


def _score_chart(book, sheet, name, table, columns, last) -> None:
    """Ranking bars of the score, the units in table order (at most 40)."""
    keys = [k for k, _ in columns]
    shown = min(len(table), 40)
    chart = book.add_chart({"type": "bar"})
    sheet_name = OBJECT_LABELS[name].replace("/", "、")
    chart.add_series({
        "name": "综合得分",
        "categories": [sheet_name, 3, keys.index("name"), 2 + shown, keys.index("name")],
        "values": [sheet_name, 3, keys.index("score"), 2 + shown, keys.index("score")],
        "fill": {"color": "#5B9BD5"}})
    chart.set_title({"name": f"{OBJECT_LABELS[name]}综合得分"})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"min": 0, "max": 100})
    chart.set_legend({"none": True})
    chart.set_size({"width": 640, "height": max(300, 18 * shown + 80)})
    sheet.insert_chart(last + 2, 1, chart)


def _case_sheet(book, review: Review, numbers: pd.Series, objects: list[str], fmt) -> None:
    sheet = book.add_worksheet("案件清单")
    heads = ["对象", "单位编码", "单位", "案件编号", "计入指标"]
    for c, h in enumerate(heads):
        sheet.write(0, c, h, fmt["head"])
    r = 1
    for name in objects:
        obj = review.objects[name]
        names = obj.table["name"] if "name" in obj.table else pd.Series(dtype=object)
        bits = count_bits(name)
        labels = {b: indicator(name, k).label for k, b in bits.items()}
        m = obj.members.sort_values(["unit", "case_id"])
        # A few distinct combinations of flags: label each once, not once per row.
        counted = {f: "、".join(labels[b] for b in sorted(labels) if f >> b & 1)
                   for f in m["flags"].unique()}
        lines = pd.DataFrame({
            "object": OBJECT_LABELS[name], "unit": m["unit"].to_numpy(),
            "name": m["unit"].map(names).fillna(m["unit"]).astype(str).to_numpy(),
            "number": m["case_id"].map(numbers).fillna(m["case_id"]).astype(str).to_numpy(),
            "counted": m["flags"].map(counted).to_numpy()})
        for values in lines.itertuples(index=False, name=None):
            sheet.write_row(r, 0, values)
            r += 1
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 17)
    sheet.set_column(2, 2, 20)
    sheet.set_column(3, 3, 16)
    sheet.set_column(4, 4, 60)
    sheet.freeze_panes(1, 0)
    if r > 1:
        sheet.autofilter(0, 0, r - 1, len(heads) - 1)
