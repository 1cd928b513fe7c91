"""Payloads for the map page: plain functions from domain values to JSON text, no Qt.

Areas and grids travel as GeoJSON FeatureCollections (a few thousand polygons, built once).
Markers travel column-wise — parallel arrays of ids, numbers, micro-degree integers and
small codes — because at 100,000 markers one GeoJSON feature per case is five times the
bytes and the page would have to walk 100,000 objects to fill its typed arrays anyway.

Coordinates are CGCS2000/WGS84 lon/lat. When the basemap's tiles are in GCJ-02 (most web
maps in China) every overlay is shifted here with ``wgs84_to_gcj02`` before it is sent.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from commandcenter.models.datum import gcj02_to_wgs84, wgs84_to_gcj02  # noqa: F401 (re-exported)
from commandcenter.models.enums import Stage

Datum = Literal["wgs84", "gcj02"]
DATUMS: tuple[str, ...] = ("wgs84", "gcj02")

COUNTDOWNS: tuple[str, ...] = ("normal", "warning", "overdue")
COUNTDOWN_LABELS = {"normal": "正常", "warning": "预警", "overdue": "超期"}
URGENT_FLAG = 4  # flags = countdown index | URGENT_FLAG when urgent
_STAGES: tuple[str, ...] = tuple(s.value for s in Stage)
_STAGE_INDEX = {code: i for i, code in enumerate(_STAGES)}
_MICRO = 1_000_000  # lon/lat travel as integers of 1e-6 degree (≈ 0.1 m)


@dataclass(frozen=True, slots=True)
class Marker:
    """One open case as the map draws it."""

    case_id: int
    number: str
    lon: float
    lat: float
    countdown: str = "normal"  # 'normal' | 'warning' | 'overdue'
    urgent: bool = False
    stage: str = Stage.HANDLING.value

    def __post_init__(self) -> None:
        if self.countdown not in COUNTDOWNS:
            raise ValueError(f"countdown must be one of {COUNTDOWNS}, not {self.countdown!r}")
        if self.stage not in _STAGE_INDEX:
            raise ValueError(f"unknown stage {self.stage!r}")


def marker_from_row(row: Any, countdown: str) -> Marker:
    """A marker from a queue row or board case (id, number, lon, lat, urgency, stage) and
    its countdown."""
    return Marker(case_id=row.id, number=row.number, lon=row.lon, lat=row.lat,
                  countdown=str(countdown), urgent=row.urgency == "urgent", stage=str(row.stage))


@dataclass(frozen=True, slots=True)
class StaffPosition:
    """A field worker's last fix and, oldest first, the fixes of the last hour."""

    staff_id: int
    name: str
    lon: float
    lat: float
    trail: tuple[tuple[float, float], ...] = ()
    on_duty: bool = True


def _check_datum(datum: str) -> None:
    if datum not in DATUMS:
        raise ValueError(f"datum must be one of {DATUMS}, not {datum!r}")


def shift_points(lons, lats, datum: str) -> tuple[np.ndarray, np.ndarray]:
    """Arrays of lon/lat as the basemap of ``datum`` expects them."""
    _check_datum(datum)
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    return wgs84_to_gcj02(lons, lats) if datum == "gcj02" and lons.size else (lons, lats)


# --- geometry --------------------------------------------------------------------------------

def _round(values: np.ndarray) -> list[float]:
    return np.round(values, 6).tolist()


_POLYGON, _MULTIPOLYGON = 3, 6  # shapely type ids


def geometries_json(geometries: Sequence[BaseGeometry | str], datum: str = "wgs84") -> list[dict]:
    """(Multi)Polygons as GeoJSON geometry dicts, rounded to 1e-6° and shifted to ``datum``.

    All coordinates go through numpy at once; only the nesting is rebuilt in Python."""
    _check_datum(datum)
    shapes = np.array([shapely.from_geojson(g) if isinstance(g, str) else g for g in geometries],
                      dtype=object)
    if shapes.size == 0:
        return []
    types = shapely.get_type_id(shapes)
    if not np.isin(types, (_POLYGON, _MULTIPOLYGON)).all():
        bad = shapes[~np.isin(types, (_POLYGON, _MULTIPOLYGON))][0]
        raise TypeError(f"expected a Polygon or MultiPolygon, got {bad.geom_type}")
    if (types == _POLYGON).all():  # get_parts would copy every polygon, holding the GIL
        parts, part_owner = shapes, np.arange(len(shapes))
    else:
        parts, part_owner = shapely.get_parts(shapes, return_index=True)
    rings, ring_owner = shapely.get_rings(parts, return_index=True)
    coords, coord_owner = shapely.get_coordinates(rings, return_index=True)
    lons, lats = shift_points(coords[:, 0], coords[:, 1], datum)
    points = np.column_stack([np.round(lons, 6), np.round(lats, 6)]).tolist()
    ring_cut = np.searchsorted(coord_owner, np.arange(len(rings) + 1)).tolist()
    part_cut = np.searchsorted(ring_owner, np.arange(len(parts) + 1)).tolist()
    shape_cut = np.searchsorted(part_owner, np.arange(len(shapes) + 1)).tolist()
    polygons = [[points[ring_cut[r]:ring_cut[r + 1]] for r in range(part_cut[p], part_cut[p + 1])]
                for p in range(len(parts))]
    return [{"type": "Polygon", "coordinates": polygons[shape_cut[i]]} if t == _POLYGON
            else {"type": "MultiPolygon", "coordinates": polygons[shape_cut[i]:shape_cut[i + 1]]}
            for i, t in enumerate(types.tolist())]


def geometry_json(geometry: BaseGeometry | str, datum: str = "wgs84") -> dict:
    """One (Multi)Polygon as a GeoJSON geometry dict (see ``geometries_json``)."""
    return geometries_json([geometry], datum)[0]


def _shape(item: Any) -> BaseGeometry:
    """The polygon of a GridCell/Area (``polygon``/``shape``) or a store row (``geometry`` text)."""
    for attribute in ("polygon", "shape"):
        value = getattr(item, attribute, None)
        if isinstance(value, BaseGeometry):
            return value
    return shapely.from_geojson(item.geometry)


def _label_points(cells: Sequence[Any], shapes: Sequence[BaseGeometry]) -> list[tuple]:
    """Where to write each grid's name: its stored centroid when that lies inside it (a
    clipped or merged grid's may not), else a point on its surface."""
    stored = np.array([(c.lon, c.lat) if getattr(c, "lon", None) is not None
                       and getattr(c, "lat", None) is not None else (np.nan, np.nan)
                       for c in cells], dtype=float).reshape(-1, 2)
    inside = shapely.contains_xy(np.array(shapes, dtype=object), stored[:, 0], stored[:, 1]) \
        if len(shapes) else np.zeros(0, dtype=bool)
    return [tuple(xy) if ok else (lambda p: (p.x, p.y))(shape.point_on_surface())
            for xy, ok, shape in zip(stored.tolist(), inside.tolist(), shapes)]


def _label_point(shape: BaseGeometry, datum: str) -> list[float]:
    point = shape.point_on_surface()
    lon, lat = shift_points([point.x], [point.y], datum)
    return [round(float(lon[0]), 6), round(float(lat[0]), 6)]


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _feature_collection(features: list[dict], batch: int = 400, head: str = "") -> str:
    """The collection's text, encoded a few hundred features at a time: one ``json.dumps``
    of 4,000 polygons holds the interpreter lock (and so the GUI thread) for ~35 ms.
    ``head`` is extra members, already encoded, ending in a comma."""
    chunks = [_dumps(features[i:i + batch])[1:-1] for i in range(0, len(features), batch)]
    return ('{"type":"FeatureCollection",' + head + '"features":[' + ",".join(chunks) + "]}")


def grids_payload(cells: Iterable[Any], datum: str = "wgs84") -> str:
    """Unit grids (``GridCell`` or store ``Grid`` rows) as a FeatureCollection.

    properties: ``code``, ``community``, ``street``, ``label`` [lon, lat] (the stored
    centroid, else a point on the surface), ``synthetic``.
    """
    return grids_payload_parts(cells, datum, size=None)[0]


def grids_payload_parts(cells: Iterable[Any], datum: str = "wgs84",
                        size: int | None = 1_000) -> list[str]:
    """The grids as consecutive FeatureCollections of at most ``size`` features, marked
    ``part``/``parts`` (part 0 replaces, the page draws after the last)."""
    _check_datum(datum)
    cells = list(cells)
    size = max(1, size or len(cells) or 1)
    slices = [cells[i:i + size] for i in range(0, len(cells), size)] or [[]]
    # Part by part, so only one part's dicts and lists are alive at a time: thousands of
    # them surviving together would set off full garbage collections, which stop the GUI.
    return [_feature_collection(_grid_features(chunk, datum),
                                head=f'"part":{k},"parts":{len(slices)},')
            for k, chunk in enumerate(slices)]


def _grid_features(cells: list[Any], datum: str) -> list[dict]:
    shapes = [_shape(cell) for cell in cells]
    points = _label_points(cells, shapes)
    label_lons, label_lats = shift_points([p[0] for p in points], [p[1] for p in points], datum)
    return [{
        "type": "Feature",
        "geometry": geometry,
        "properties": {"code": cell.code, "community": cell.community_code,
                       "street": cell.street_code, "label": [x, y],
                       "synthetic": bool(getattr(cell, "synthetic", False))}}
        for cell, geometry, x, y in zip(cells, geometries_json(shapes, datum),
                                        _round(label_lons), _round(label_lats))]


def outlines_payload(district: Any | None, streets: Iterable[Any] = (),
                     communities: Iterable[Any] = (), datum: str = "wgs84") -> str:
    """District, street and community outlines with their names and a label point.

    Takes ``commandcenter.models.space.Area`` values (or rows with ``code``, ``name``,
    ``geometry``); properties: ``code``, ``name``, ``level``, ``label`` [lon, lat],
    ``synthetic``. Areas without geometry are skipped.
    """
    _check_datum(datum)
    features = []
    for level, areas in (("district", [district] if district is not None else []),
                         ("street", streets), ("community", communities)):
        for area in areas:
            if getattr(area, "geometry", None) is None:
                continue
            shape = _shape(area)
            name = getattr(area, "short_name", None) or area.name
            features.append({
                "type": "Feature",
                "geometry": geometry_json(shape, datum),
                "properties": {"code": area.code, "name": name, "level": level,
                               "label": _label_point(shape, datum),
                               "synthetic": bool(getattr(area, "synthetic", False))}})
    return _feature_collection(features)


# --- markers ---------------------------------------------------------------------------------

def _marker_columns(markers: Sequence[Marker], datum: str) -> str:
    """The marker columns as the members of a JSON object (no braces).

    Each column is encoded on its own: a single ``json.dumps`` of 100,000 markers holds the
    interpreter lock for tens of milliseconds, one column at a time stays under ten. The
    text is kept small and low in quotes, because the web channel copies and escapes it
    again on the GUI thread: lon/lat are offsets from ``lon0``/``lat0``, and the case
    numbers are one comma-joined string unless a number holds a comma.
    """
    lons, lats = shift_points([m.lon for m in markers], [m.lat for m in markers], datum)
    lon_i = np.rint(lons * _MICRO).astype(np.int64)
    lat_i = np.rint(lats * _MICRO).astype(np.int64)
    lon0 = int(lon_i.min()) if lon_i.size else 0
    lat0 = int(lat_i.min()) if lat_i.size else 0
    numbers = [m.number for m in markers]
    joined = ",".join(numbers)
    countdown_index = {c: i for i, c in enumerate(COUNTDOWNS)}
    columns = {
        "id": [m.case_id for m in markers],
        "no": joined if joined.count(",") == max(len(numbers) - 1, 0) else numbers,
        "lon0": lon0,
        "lat0": lat0,
        "lon": (lon_i - lon0).tolist(),
        "lat": (lat_i - lat0).tolist(),
        "f": [countdown_index[m.countdown] | (URGENT_FLAG if m.urgent else 0) for m in markers],
        "st": [_STAGE_INDEX[m.stage] for m in markers],
    }
    return ",".join(f'"{name}":{_dumps(values)}' for name, values in columns.items())


def _stage_table() -> str:
    return _dumps([[s.value, s.label] for s in Stage])


def markers_payload(markers: Iterable[Marker], datum: str = "wgs84") -> str:
    """Every marker, column-wise: ``id``; ``no`` (case numbers: one comma-joined string, or
    a list if a number holds a comma); ``lon``/``lat`` (integers of 1e-6° counted from
    ``lon0``/``lat0``); ``f`` (countdown index | 4 if urgent); ``st`` (index into
    ``stages``: [code, label]); ``part``/``parts`` say it is the whole set in one message."""
    return markers_payload_parts(markers, datum, size=None)[0]


def markers_payload_parts(markers: Iterable[Marker], datum: str = "wgs84",
                          size: int | None = 10_000) -> list[str]:
    """The full marker set as consecutive messages of at most ``size`` markers: part 0
    replaces what the page holds, later parts add to it, the page draws after the last.
    Each part stays near a megabyte, so handing one to the page never blocks the GUI
    thread for long (the web channel serialises a message on the sending thread)."""
    _check_datum(datum)
    markers = list(markers)
    size = max(1, size or len(markers) or 1)
    slices = [markers[i:i + size] for i in range(0, len(markers), size)] or [[]]
    stages = _stage_table()
    return [f'{{"stages":{stages},"part":{k},"parts":{len(slices)},'
            f'{_marker_columns(chunk, datum)}}}' for k, chunk in enumerate(slices)]


def markers_patch_payload(upserts: Iterable[Marker], removed_ids: Iterable[int] = (),
                          datum: str = "wgs84") -> str:
    """Markers to insert or replace (same columns as ``markers_payload``) and ids to drop.
    A case both upserted and removed in one patch is removed."""
    _check_datum(datum)
    removed = sorted({int(i) for i in removed_ids})
    gone = set(removed)
    upserts = [m for m in upserts if m.case_id not in gone]
    return (f'{{"stages":{_stage_table()},"upsert":{{{_marker_columns(upserts, datum)}}},'
            f'"remove":{_dumps(removed)}}}')


def decode_markers(payload: str | Mapping) -> list[Marker]:
    """The inverse of ``markers_payload`` (for WGS84 payloads); used by tests and tools."""
    data = json.loads(payload) if isinstance(payload, str) else payload
    stages = [code for code, _label in data["stages"]]
    numbers = data["no"]
    if isinstance(numbers, str):
        numbers = numbers.split(",") if data["id"] else []
    lon0, lat0 = data.get("lon0", 0), data.get("lat0", 0)
    return [Marker(case_id=i, number=no, lon=(lon0 + x) / _MICRO, lat=(lat0 + y) / _MICRO,
                   countdown=COUNTDOWNS[f & 3], urgent=bool(f & URGENT_FLAG), stage=stages[s])
            for i, no, x, y, f, s in zip(data["id"], numbers, data["lon"], data["lat"],
                                         data["f"], data["st"])]


# --- grid load -------------------------------------------------------------------------------

def load_breaks(counts: Iterable[int], classes: int = 5) -> list[int]:
    """Lower bounds of the shading classes for open-case counts: the first is 1, the rest
    sit at the quantiles of the non-zero counts, rounded to whole cases, strictly rising."""
    positive = np.sort(np.asarray([c for c in counts if c > 0], dtype=float))
    breaks = [1]
    if positive.size:
        for q in np.linspace(0, 1, classes + 1)[1:-1]:
            value = int(math.ceil(np.quantile(positive, q)))
            if value > breaks[-1]:
                breaks.append(value)
    return breaks


def grid_load_payload(loads: Iterable[Any], classes: int = 5) -> str:
    """Open and overdue counts per grid (``GridLoad``-like: grid_code, open, overdue).

    ``breaks`` are the lower bounds of the shading classes of open cases; ``late_from`` is
    the overdue count from which a grid is outlined in red (the top fifth of the grids with
    overdue cases, at least 1), so the outline still singles grids out when most have one.
    Grids left out have no open case.
    """
    loads = [load for load in loads if load.open > 0 or load.overdue > 0]
    late = np.asarray([load.overdue for load in loads if load.overdue > 0], dtype=float)
    late_from = max(1, int(math.ceil(np.quantile(late, 0.8)))) if late.size else 1
    return _dumps({"breaks": load_breaks([load.open for load in loads], classes),
                   "late_from": late_from,
                   "code": [load.grid_code for load in loads],
                   "open": [int(load.open) for load in loads],
                   "overdue": [int(load.overdue) for load in loads]})


# --- staff and focus -------------------------------------------------------------------------

def staff_payload(staff: Iterable[StaffPosition], datum: str = "wgs84") -> str:
    """Positions and trails: [{id, name, lon, lat, on_duty, trail: [[lon, lat], …]}]."""
    _check_datum(datum)
    items = []
    for person in staff:
        lons = [person.lon] + [p[0] for p in person.trail]
        lats = [person.lat] + [p[1] for p in person.trail]
        lons, lats = shift_points(lons, lats, datum)
        lons, lats = _round(lons), _round(lats)
        items.append({"id": person.staff_id, "name": person.name, "lon": lons[0],
                      "lat": lats[0], "on_duty": person.on_duty,
                      "trail": [list(p) for p in zip(lons[1:], lats[1:])]})
    return _dumps({"staff": items})


def focus_payload(kind: str, *, key: str | int | None = None, lon: float | None = None,
                  lat: float | None = None, label: str | None = None,
                  zoom: int | None = None, datum: str = "wgs84") -> str:
    """Where to pan and what to highlight: ``kind`` is 'case' (key = case id), 'grid'
    (key = grid code; the page knows its polygon) or 'point' (a component, an address)."""
    _check_datum(datum)
    if kind not in ("case", "grid", "point"):
        raise ValueError(f"unknown focus kind {kind!r}")
    payload: dict[str, Any] = {"kind": kind, "key": key, "label": label, "zoom": zoom}
    if lon is not None and lat is not None:
        (x,), (y,) = shift_points([lon], [lat], datum)
        payload.update(lon=round(float(x), 6), lat=round(float(y), 6))
    elif kind != "grid":
        raise ValueError(f"a {kind} focus needs lon and lat")
    return _dumps(payload)
