"""Payloads of the map's replay layer: plain functions from a ``models.replay.Replay`` to
JSON text, no Qt (like ``geojson``).

The page is sent the replayed stretch's cases once (``cases``: number, place, urgency, in
the order of ``Replay.cases``) and every person's trail points once (``staff``); a frame
then carries only the cases whose state changed, by their index in that list, and where
each person shown is with the range of their trail points to draw. Coordinates travel
as integers of 1e-6 degree from ``lon0``/``lat0``, trail points as differences from the
point before, to keep the text the web channel copies on the GUI thread small.
"""
from __future__ import annotations

import json
from datetime import timedelta

import numpy as np

from commandcenter.models.replay import STAGES, FramePatch, Replay

from .geojson import _check_datum, shift_points

_MICRO = 1_000_000
CASES_PER_MESSAGE = 10_000
POINTS_PER_MESSAGE = 25_000  # ~200 kB: handing one to the page takes the GUI thread a few ms


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _micro(lons, lats, datum: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = shift_points(lons, lats, datum)
    return np.rint(x * _MICRO).astype(np.int64), np.rint(y * _MICRO).astype(np.int64)


def _origin(x: np.ndarray, y: np.ndarray) -> tuple[int, int]:
    return (int(x.min()), int(y.min())) if x.size else (0, 0)


def cases_payload_parts(replay: Replay, datum: str = "wgs84",
                        size: int = CASES_PER_MESSAGE) -> list[str]:
    """The replayed cases in parts: part 0 starts a replay afresh (the page hides its live
    cases and staff), later parts append; ``stages`` is the [code, label] table the frames'
    stage indexes refer to; ``oneDay``: the stretch lies within a day, so the map's badge
    shows the time of day only (the date is on the replay bar)."""
    _check_datum(datum)
    cases = replay.cases
    x, y = _micro([c.lon for c in cases], [c.lat for c in cases], datum)
    lon0, lat0 = _origin(x, y)
    slices = [slice(i, i + size) for i in range(0, len(cases), size)] or [slice(0, 0)]
    stages = [[stage.value, stage.label] for stage in STAGES]
    parts = []
    for k, part in enumerate(slices):
        chunk = cases[part]
        numbers = [c.number for c in chunk]
        joined = ",".join(numbers)
        parts.append(_dumps({
            "op": "cases", "part": k, "parts": len(slices),
            "start": f"{replay.start:%Y-%m-%d %H:%M:%S}", "end": f"{replay.end:%Y-%m-%d %H:%M:%S}",
            "oneDay": replay.start.date() == (replay.end - timedelta(microseconds=1)).date(),
            "id": [c.id for c in chunk],
            "no": joined if joined.count(",") == max(len(numbers) - 1, 0) else numbers,
            "lon0": lon0, "lat0": lat0,
            "lon": (x[part] - lon0).tolist(), "lat": (y[part] - lat0).tolist(),
            "u": replay.urgent[part].astype(int).tolist(), "stages": stages}))
    return parts


def staff_payload_parts(replay: Replay, datum: str = "wgs84",
                        size: int = POINTS_PER_MESSAGE) -> list[str]:
    """Every person's trail points (taken on duty, oldest first) in parts of about ``size``
    points: ``id``, ``name``, ``n`` points each, then ``x``/``y``, each point the difference
    from the one before (a person's first from ``lon0``/``lat0``)."""
    _check_datum(datum)
    people = range(len(replay.people))
    points = [replay.trail_points(p) for p in people]
    groups: list[list[int]] = [[]]
    count = 0
    for p in people:
        if groups[-1] and count + len(points[p][0]) > size:
            groups.append([])
            count = 0
        groups[-1].append(p)
        count += len(points[p][0])
    parts = []
    for k, group in enumerate(groups):
        lons = np.concatenate([points[p][0] for p in group]) if group else np.zeros(0)
        lats = np.concatenate([points[p][1] for p in group]) if group else np.zeros(0)
        x, y = _micro(lons, lats, datum)
        lon0, lat0 = _origin(x, y)
        counts = [len(points[p][0]) for p in group]
        dx, dy = np.diff(x, prepend=lon0), np.diff(y, prepend=lat0)
        if x.size:  # each person's first point counts from the origin, not the last person's
            starts = np.cumsum([0] + counts[:-1])[np.array(counts) > 0]
            dx[starts], dy[starts] = x[starts] - lon0, y[starts] - lat0
        parts.append(_dumps({
            "op": "staff", "part": k, "parts": len(groups),
            "first": group[0] if group else 0,
            "id": [int(replay.people[p]) for p in group],
            "name": [replay.names[p] for p in group], "n": counts,
            "lon0": lon0, "lat0": lat0, "x": dx.tolist(), "y": dy.tolist()}))
    return parts


def frame_payload(patch: FramePatch, datum: str = "wgs84", off_duty: bool = False) -> str:
    """A frame: ``t``; ``i``/``c`` the cases that changed (index, code = stage × 4 +
    countdown, −1 gone), all of them when ``full``; ``s`` the people shown (``k`` index,
    ``x``/``y`` position, ``d`` on duty, ``a``/``b`` their trail points to draw) — those
    off duty only with ``off_duty``, as on the live map."""
    _check_datum(datum)
    staff = patch.staff
    keep = slice(None) if off_duty else staff.on_duty
    x, y = _micro(staff.lon[keep], staff.lat[keep], datum)
    lon0, lat0 = _origin(x, y)
    return _dumps({
        "op": "frame", "t": f"{patch.t:%Y-%m-%d %H:%M:%S}", "full": patch.full,
        "i": patch.changed.tolist(), "c": patch.codes.tolist(),
        "s": {"k": staff.person[keep].tolist(), "lon0": lon0, "lat0": lat0,
              "x": (x - lon0).tolist(), "y": (y - lat0).tolist(),
              "d": staff.on_duty[keep].astype(int).tolist(),
              "a": staff.trail_from[keep].tolist(), "b": staff.trail_to[keep].tolist()}})


def end_payload() -> str:
    """Back to the live picture."""
    return '{"op":"end"}'
