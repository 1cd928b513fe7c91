"""The review as one self-contained HTML page: summary, red and black lists, tables, and a
folium map of the streets or grids coloured by a chosen indicator.

folium makes the map; its page normally links Leaflet, jQuery and Bootstrap from CDNs and
is blank offline. Here the map uses only Leaflet, and the project's own copy of Leaflet
(resources/map/vendor) is written inline, so the file opens with no network at all.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import folium

from commandcenter.resources import resource

from .engine import Review
from .exports import SUMMARY_KEYS, ordered, title
from .indicators import COLUMN_LABELS, HEADLINE, OBJECT_LABELS, format_value, indicator

_LOW, _MID, _HIGH = (215, 48, 39), (254, 224, 139), (26, 152, 80)


class _OfflineMap(folium.Map):
    default_js = [("leaflet", "leaflet.js")]
    default_css = [("leaflet_css", "leaflet.css")]


def colour(share: float) -> str:
    """Red (worst) through yellow to green (best) for a share in [0, 1]."""
    share = min(max(share, 0.0), 1.0)
    a, b, t = (_LOW, _MID, share * 2) if share < 0.5 else (_MID, _HIGH, share * 2 - 1)
    return "#%02x%02x%02x" % tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def shares(values: dict[str, float], better: str) -> dict[str, float]:
    present = [v for v in values.values() if v is not None and v == v]
    if not present:
        return {}
    lo, hi = min(present), max(present)
    span = hi - lo or 1.0
    out = {}
    for unit, v in values.items():
        if v is None or v != v:
            continue
        share = (v - lo) / span if hi > lo else 1.0
        out[unit] = 1 - share if better == "lower" else share
    return out


def map_html(review: Review, level: str, key: str, geometries: dict[str, str]) -> str:
    obj = review.objects[level]
    ind = indicator(level, key) if key != "score" else None
    values = {u: (None if v != v else float(v)) for u, v in obj.table[key].items()} \
        if key in obj.table else {}
    tint = shares(values, ind.better if ind is not None else "higher")
    names = obj.table["name"].to_dict() if "name" in obj.table else {}
    features = []
    for unit, geometry in geometries.items():
        value = values.get(unit)
        features.append({"type": "Feature", "geometry": json.loads(geometry), "properties": {
            "unit": unit, "name": str(names.get(unit, unit)),
            "value": format_value(ind, value) if key != "score" else format_value(None, value),
            "fill": colour(tint[unit]) if unit in tint else "#cccccc"}})
    collection = {"type": "FeatureCollection", "features": features}
    m = _OfflineMap(tiles=None, zoom_control=True, height=560, prefer_canvas=True)
    layer = folium.GeoJson(collection, style_function=lambda f: {
        "fillColor": f["properties"]["fill"], "color": "#555555", "weight": 0.6,
        "fillOpacity": 0.75},
        tooltip=folium.GeoJsonTooltip(["name", "value"], aliases=["", ""]))
    layer.add_to(m)
    if features:
        m.fit_bounds(_bounds(collection))
    page = m.get_root().render()
    vendor = resource("map", "vendor", "leaflet")
    js = (vendor / "leaflet.js").read_text(encoding="utf-8")
    css = (vendor / "leaflet.css").read_text(encoding="utf-8")
    page = page.replace('<script src="leaflet.js"></script>', f"<script>{js}</script>")
    page = page.replace('<link rel="stylesheet" href="leaflet.css"/>', f"<style>{css}</style>")
    return page


def _bounds(collection) -> list[list[float]]:
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)
    for f in collection["features"]:
        walk(f["geometry"]["coordinates"])
    return [[min(ys), min(xs)], [max(ys), max(xs)]]


def _table(review: Review, name: str) -> str:
    table = ordered(review, name)
    keys = HEADLINE[name]
    heads = [COLUMN_LABELS["rank"], COLUMN_LABELS["name"]]
    if name == "department":
        heads.append(COLUMN_LABELS["group"])
    heads += [indicator(name, k).label for k in keys]
    heads += [COLUMN_LABELS[k] for k in ("score", "grade", "rank_change", "score_mom")] + ["榜单"]
    rows = []
    for unit, row in table.iterrows():
        cells = [format_value(None, row.get("rank")), html.escape(str(row.get("name", unit)))]
        if name == "department":
            cells.append(html.escape(str(row.get("group", ""))))
        cells += [format_value(indicator(name, k), row.get(k)) for k in keys]
        cells += [format_value(None, row.get(k)) for k in ("score", "grade", "rank_change",
                                                          "score_mom")]
        cells.append(row.get("list", ""))
        css = {"红榜": ' class="red"', "黑榜": ' class="black"'}.get(row.get("list", ""), "")
        rows.append(f"<tr{css}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    return (f"<h2>{html.escape(OBJECT_LABELS[name])}</h2><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


_STYLE = """<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0}
#report{padding:12px 24px} h1{font-size:22px} h2{font-size:17px;margin-top:22px}
table{border-collapse:collapse;font-size:13px} th,td{border:1px solid #bbb;padding:3px 7px}
th{background:#dde5f0} td{text-align:right} td:nth-child(-n+2){text-align:left}
table.lists td{text-align:left;max-width:520px} table.lists td.red{background:#fde2e1}
table.lists td.black{background:#3a3a3a;color:#fff}
tr.red td{background:#fde2e1;color:#9c0006} tr.black td{background:#3a3a3a;color:#fff}
.legend span{display:inline-block;width:40px;height:10px}
.folium-map{margin:0 24px;border:1px solid #999}
</style>"""


def report_html(review: Review, level: str, key: str, geometries: dict[str, str]) -> str:
    parts = [f"<div id=\"report\"><h1>{html.escape(title(review))}</h1>",
             f"<p>方案：{html.escape(review.scheme.name)}（{review.scheme.version}）；"
             f"统计截至 {review.as_of:%Y-%m-%d %H:%M}"
             + (f"；已固化 {review.frozen_at:%Y-%m-%d %H:%M}" if review.frozen_at else "")
             + "</p>", "<h2>概况</h2><table><tr><th>对象</th><th>指标</th><th>本期</th>"
             "<th>上期</th><th>去年同期</th></tr>"]
    for name, obj in review.objects.items():
        for k in SUMMARY_KEYS[name]:
            ind = indicator(name, k)
            parts.append(f"<tr><td>{OBJECT_LABELS[name]}</td><td>{ind.label}</td>"
                         f"<td>{format_value(ind, obj.total.get(k))}</td>"
                         f"<td>{format_value(ind, obj.previous_total.get(k))}</td>"
                         f"<td>{format_value(ind, obj.year_earlier_total.get(k))}</td></tr>")
    parts.append("</table><h2>红黑榜</h2><table class=\"lists\"><tr><th>对象</th>"
                 "<th>红榜</th><th>黑榜</th></tr>")
    for name, obj in review.objects.items():
        names = obj.table["name"].to_dict() if "name" in obj.table else {}
        red = "、".join(html.escape(str(names.get(u, u))) for u in obj.red) or "—"
        black = "、".join(html.escape(str(names.get(u, u))) for u in obj.black) or "—"
        parts.append(f"<tr><td>{OBJECT_LABELS[name]}</td><td class=\"red\">{red}</td>"
                     f"<td class=\"black\">{black}</td></tr>")
    parts.append("</table>")
    if level in review.objects:
        label = COLUMN_LABELS["score"] if key == "score" else indicator(level, key).label
        parts.append(f"<h2>{OBJECT_LABELS[level]}分布：{html.escape(label)}</h2>"
                     f"<p class=\"legend\">差 <span style=\"background:{colour(0)}\"></span>"
                     f"<span style=\"background:{colour(0.5)}\"></span>"
                     f"<span style=\"background:{colour(1)}\"></span> 好</p>")
    body = "".join(parts) + "</div>"
    tables = "<div id=\"report\">" + "".join(_table(review, n) for n in review.objects) + "</div>"
    if level in review.objects:
        page = map_html(review, level, key, geometries)
    else:
        page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>"
    page = page.replace("<head>", f"<head><title>{html.escape(title(review))}</title>{_STYLE}", 1)
    start = page.index("<body>") + len("<body>")
    page = page[:start] + body + page[start:]
    end = page.rindex("</body>")
    return page[:end] + tables + page[end:]


def write_html(review: Review, path: Path, level: str, key: str,
               geometries: dict[str, str]) -> None:
    path.write_text(report_html(review, level, key, geometries), encoding="utf-8")
