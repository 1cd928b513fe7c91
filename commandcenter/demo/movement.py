"""Plausible movement of field staff, replayed from real GPS traces of people in Beijing.

The GeoLife traces shipped in ``resources/gps`` (Zheng et al., Microsoft Research) are
turned into *steps*: the displacement in metres and the time between consecutive fixes.
A step keeps what makes a trace look real — speeds that vary, turns at street corners,
stops of a few minutes, the jitter of a phone's GPS — without keeping where the person
was. Cleaning keeps the steps at walking and cycling pace:

* a fix far from both neighbours at an impossible speed is a GPS jump and is dropped;
* a long silence is a pause if the person stayed put (shortened to a few minutes), and a
  break in the trace otherwise (the step is not replayed: it would be a jump);
* a stretch ridden faster than the walker's usual pace (a bus, a car, a fast rider) is
  slowed down as a whole to that pace, so its stops and changes of pace survive, and a
  single step still faster than the walker's top speed is taken at that speed.

A :class:`Walker` replays steps one after the other, rotated (and for some, mirrored) into
its own frame, starting at a random place in its patrol area, the union of the unit grids
it is assigned. A step that would leave the area turns the walker back or aside, the way
a patrol turns at the edge of its beat; if no direction fits, the walker waits for the
next step. Positions therefore never leave the area. Now and then a walker stops for a
while to look at something, as supervisors do.

Duty follows a shift: most staff patrol in the daytime, a few in the evening or at night,
and on any day a few are off. Everything is deterministic for a seed.
"""
from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from commandcenter.models.space import LocalProjection
from commandcenter.resources import read_text

__all__ = ["CYCLING_PACE", "CYCLING_SPEED", "DAY_SHIFT", "Duty", "EVENING_SHIFT",
           "NIGHT_SHIFT", "Shift", "StepLibrary", "Steps", "Trace", "WALKING_PACE",
           "WALKING_SPEED", "Walker", "default_library", "load_traces", "make_walkers",
           "parse_traces", "trace_steps"]

TRACE_RESOURCE = ("gps", "geolife_small.csv")

# Cleaning the traces.
JUMP_SPEED = 40.0        # m/s: faster than anything in a city street, so a GPS jump
GAP_S = 120.0            # a longer silence between two fixes is a pause or a break
PAUSE_RADIUS_M = 50.0    # ... a pause if the person moved less than this meanwhile
MAX_PAUSE_S = 300.0      # pauses are shortened to at most this (an inspection, a photo)

# The two kinds of patrol: a usual pace and a top speed.
WALKING_PACE, WALKING_SPEED = 1.3, 2.2      # m/s
CYCLING_PACE, CYCLING_SPEED = 3.8, 6.5      # m/s, a bicycle or an e-bike in town traffic
CYCLING_SHARE = 0.4      # share of staff who patrol by bicycle
PACE_WINDOW = 9          # steps in the running median that gives a stretch's pace
MIN_RUN_STEPS = 10       # shorter runs are too short to replay
# Supervisors stop to look at things, photograph them and talk to people: on average every
# INSPECT_EVERY_S seconds of moving, for a lognormal while around INSPECT_MEDIAN_S.
INSPECT_EVERY_S = 480.0
INSPECT_MEDIAN_S = 90.0
INSPECT_SPREAD = 0.6

# Turns tried, in this order (with a random sign), when a step would leave the area.
_TURNS = (math.pi, math.pi / 2, 3 * math.pi / 4, math.pi / 4)


# --- the source traces ---------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Trace:
    """One GeoLife trajectory: fixes in time order, lon/lat in WGS84, times in UTC."""

    trajectory_id: int
    tracker: int
    times: tuple[datetime, ...]
    lon: np.ndarray
    lat: np.ndarray

    def __len__(self) -> int:
        return len(self.times)


def _utc(text: str) -> datetime:
    text = text.strip()
    if text.endswith("+00"):
        text += ":00"
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_traces(text: str) -> tuple[Trace, ...]:
    """Traces from GeoLife CSV text (``X;Y;fid;id;sequence;trajectory_id;tracker;t``)."""
    rows: dict[int, list[tuple[int, float, float, datetime, int]]] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        rows.setdefault(int(row["trajectory_id"]), []).append(
            (int(row["sequence"]), float(row["X"]), float(row["Y"]), _utc(row["t"]),
             int(row["tracker"])))
    traces = []
    for trajectory_id, fixes in sorted(rows.items()):
        fixes.sort(key=lambda f: (f[3], f[0]))
        traces.append(Trace(trajectory_id, fixes[0][4], tuple(f[3] for f in fixes),
                            np.array([f[1] for f in fixes]), np.array([f[2] for f in fixes])))
    return tuple(traces)


@lru_cache(maxsize=1)
def load_traces() -> tuple[Trace, ...]:
    """The GeoLife traces shipped with the application."""
    return parse_traces(read_text(*TRACE_RESOURCE))


# --- steps ---------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Steps:
    """A run of steps: time taken (s), displacement east and north (m) of each, and the
    pace (m/s) of the stretch of trace around each step (a running median)."""

    dt: np.ndarray
    dx: np.ndarray
    dy: np.ndarray
    pace: np.ndarray

    def __len__(self) -> int:
        return len(self.dt)

    @property
    def distance(self) -> np.ndarray:
        return np.hypot(self.dx, self.dy)

    @property
    def speed(self) -> np.ndarray:
        return self.distance / self.dt

    @property
    def duration(self) -> float:
        return float(self.dt.sum())


def _drop_jumps(t: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Drop fixes reached and left at more than JUMP_SPEED (GPS jumps), until none is."""
    while len(t) > 2:
        dt = np.maximum(np.diff(t), 1.0)
        speed = np.hypot(np.diff(x), np.diff(y)) / dt
        fast_in = np.concatenate(([False], speed > JUMP_SPEED))
        fast_out = np.concatenate((speed > JUMP_SPEED, [False]))
        # A lone jump at either end has only one neighbour to be fast to.
        bad = (fast_in & fast_out) | (fast_out & (np.arange(len(t)) == 0)) \
            | (fast_in & (np.arange(len(t)) == len(t) - 1))
        if not bad.any():
            break
        keep = ~bad
        t, x, y = t[keep], x[keep], y[keep]
    return t, x, y


def trace_steps(trace: Trace) -> list[Steps]:
    """The walkable runs of steps of a trace (a break in the trace starts a new run)."""
    projection = LocalProjection(float(trace.lon.mean()), float(trace.lat.mean()))
    x, y = projection.to_metres(trace.lon, trace.lat)
    t0 = trace.times[0]
    t = np.array([(moment - t0).total_seconds() for moment in trace.times])
    keep = np.concatenate(([True], np.diff(t) > 0))     # repeated timestamps add nothing
    t, x, y = _drop_jumps(t[keep], np.asarray(x)[keep], np.asarray(y)[keep])
    dt, dx, dy = np.diff(t), np.diff(x), np.diff(y)
    distance = np.hypot(dx, dy)
    gap = dt > GAP_S
    pause = gap & (distance < PAUSE_RADIUS_M)
    dt = np.where(pause, np.minimum(dt, MAX_PAUSE_S), dt)
    # What is left of the gaps is a break: the person moved far while the phone was silent,
    # or the fix jumped and never came back.
    breaks = (gap & ~pause) | (distance > JUMP_SPEED * dt)
    runs, start = [], 0
    for i in np.flatnonzero(breaks).tolist() + [len(dt)]:
        if i - start >= MIN_RUN_STEPS:
            run_dt, run_dx, run_dy = dt[start:i].copy(), dx[start:i].copy(), dy[start:i].copy()
            runs.append(Steps(run_dt, run_dx, run_dy, _running_pace(run_dt, run_dx, run_dy)))
        start = i + 1
    return runs


def _running_pace(dt: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Median speed over a centred window of PACE_WINDOW steps (shorter at the ends)."""
    speed = np.hypot(dx, dy) / dt
    half = PACE_WINDOW // 2
    padded = np.pad(speed, half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, PACE_WINDOW)
    return np.median(windows, axis=1)


@dataclass(frozen=True, eq=False)
class StepLibrary:
    """All runs of steps the walkers replay, as plain lists for a quick inner loop."""

    runs: tuple[Steps, ...]

    def __post_init__(self) -> None:
        if not self.runs:
            raise ValueError("no steps to replay")
        object.__setattr__(self, "_lists", tuple(
            (r.dt.tolist(), r.dx.tolist(), r.dy.tolist(), r.distance.tolist(), r.pace.tolist())
            for r in self.runs))
        object.__setattr__(self, "_weights", [len(r) for r in self.runs])

    @classmethod
    def from_traces(cls, traces: Sequence[Trace]) -> StepLibrary:
        return cls(tuple(run for trace in traces for run in trace_steps(trace)))

    @property
    def steps(self) -> int:
        return sum(len(r) for r in self.runs)

    def run(self, index: int) -> tuple[list[float], ...]:
        """(dt, dx, dy, distance, pace) of a run, as lists."""
        return self._lists[index]

    def pick(self, rng: random.Random) -> tuple[int, int]:
        """A run (longer runs more often) and a place in it to start."""
        run = rng.choices(range(len(self.runs)), self._weights)[0]
        return run, rng.randrange(len(self.runs[run]))


@lru_cache(maxsize=1)
def default_library() -> StepLibrary:
    return StepLibrary.from_traces(load_traces())


# --- duty ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Shift:
    """A daily shift; ``end`` before ``start`` means it runs past midnight."""

    name: str
    start: time
    end: time

    def began(self, at: datetime) -> date | None:
        """The day the shift running at ``at`` began, or None outside the shift."""
        t = at.time()
        if self.start <= self.end:
            return at.date() if self.start <= t < self.end else None
        if t >= self.start:
            return at.date()
        if t < self.end:
            return at.date() - timedelta(days=1)
        return None


DAY_SHIFT = Shift("day", time(7), time(19))
EVENING_SHIFT = Shift("evening", time(15), time(23))
NIGHT_SHIFT = Shift("night", time(19), time(7))
# Most patrol in the daytime, a few cover evenings and nights.
SHIFT_SHARES: tuple[tuple[Shift, float], ...] = ((DAY_SHIFT, 0.82), (EVENING_SHIFT, 0.11),
                                                 (NIGHT_SHIFT, 0.07))
OFF_SHARE = 0.06         # on any day, the share of staff on a rest day or on leave


@lru_cache(maxsize=65_536)
def _off(seed: str, day: date, share: float) -> bool:
    # Seeded by text, so the answer never depends on the process's hash seed.
    return random.Random(f"{seed}:{day.isoformat()}").random() < share


@dataclass(frozen=True)
class Duty:
    """When a person patrols: their shift, minus the days they are off."""

    seed: str
    shift: Shift
    off_share: float = OFF_SHARE

    def off(self, day: date) -> bool:
        return _off(self.seed, day, self.off_share)

    def on_duty(self, at: datetime) -> bool:
        day = self.shift.began(at)
        return day is not None and not self.off(day)


# --- walkers -------------------------------------------------------------------------

def _random_point(area: BaseGeometry, rng: random.Random) -> tuple[float, float]:
    minx, miny, maxx, maxy = area.bounds
    for _ in range(1000):
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(area, lon, lat):
            return lon, lat
    point = area.representative_point()
    return point.x, point.y


class Walker:
    """One member of staff moving about their patrol area.

    ``area`` is a polygon or multipolygon in lon/lat. :meth:`step` moves the walker on by
    ``dt`` seconds of replayed trace and returns the new (lon, lat). ``pace`` is the
    walker's usual speed and ``max_speed`` its top speed (m/s).
    """

    def __init__(self, user_id: int, area: Polygon | MultiPolygon, *, seed: int | str,
                 library: StepLibrary | None = None, pace: float = WALKING_PACE,
                 max_speed: float = WALKING_SPEED, duty: Duty | None = None,
                 username: str = ""):
        if area.is_empty or area.area <= 0:
            raise ValueError(f"walker {user_id} has an empty patrol area")
        if not 0 < pace <= max_speed:
            raise ValueError("need 0 < pace <= max_speed")
        self.user_id, self.username = user_id, username
        self.area = area
        shapely.prepare(area)
        self.pace, self.max_speed = pace, max_speed
        self.library = library or default_library()
        self.rng = random.Random(f"walker:{seed}:{user_id}")
        self.duty = duty or Duty(f"{seed}:{user_id}", DAY_SHIFT)
        projection = LocalProjection(area.centroid.x, area.centroid.y)
        self._lon0, self._lat0 = projection.lon0, projection.lat0
        self._kx, self._ky = projection.metres_per_degree
        lon, lat = _random_point(area, self.rng)
        self._x, self._y = (lon - self._lon0) * self._kx, (lat - self._lat0) * self._ky
        self.lon, self.lat = lon, lat
        self._mirror = self.rng.random() < 0.5
        self._turn(self.rng.uniform(0, 2 * math.pi))
        self._run, self._i = self.library.pick(self.rng)
        self._load_run()
        self._into = 0.0
        self._pause = 0.0                        # seconds left of an inspection stop
        self._until_pause = self._next_inspection()

    @property
    def position(self) -> tuple[float, float]:
        return self.lon, self.lat

    def on_duty(self, at: datetime) -> bool:
        return self.duty.on_duty(at)

    def step(self, dt: float) -> tuple[float, float]:
        """Move on by ``dt`` seconds; returns the new (lon, lat), always inside the area."""
        remaining = float(dt)
        while remaining > 1e-9:
            if self._pause > 0.0:
                wait = min(self._pause, remaining)
                self._pause -= wait
                remaining -= wait
                continue
            step_dt, distance = self._step_time(), self._dist[self._i]
            take = min(step_dt - self._into, remaining, self._until_pause)
            if distance > 0.0 and take > 0.0:
                share = take / step_dt
                self._move(self._dxs[self._i] * share, self._dys[self._i] * share)
            self._into += take
            remaining -= take
            self._until_pause -= take
            if self._into >= step_dt - 1e-9:
                self._next_step()
            if self._until_pause <= 1e-9:
                self._pause = self.rng.lognormvariate(math.log(INSPECT_MEDIAN_S), INSPECT_SPREAD)
                self._until_pause = self._next_inspection()
        return self.lon, self.lat

    # -- internals ----------------------------------------------------------------------

    def _step_time(self) -> float:
        """How long this walker takes over the current step."""
        step_dt = self._dts[self._i]
        # A stretch of trace faster than this walker's pace is slowed down as a whole...
        pace = self._paces[self._i]
        if pace > self.pace:
            step_dt *= pace / self.pace
        # ... and a single step still too fast is taken at the top speed.
        distance = self._dist[self._i]
        if distance > self.max_speed * step_dt:
            step_dt = distance / self.max_speed
        return step_dt

    def _next_inspection(self) -> float:
        return self.rng.expovariate(1.0 / INSPECT_EVERY_S)

    def _turn(self, angle: float) -> None:
        self._angle = angle % (2 * math.pi)
        self._cos, self._sin = math.cos(self._angle), math.sin(self._angle)

    def _load_run(self) -> None:
        self._dts, self._dxs, self._dys, self._dist, self._paces = self.library.run(self._run)

    def _next_step(self) -> None:
        self._into = 0.0
        self._i += 1
        if self._i >= len(self._dts):
            # The run is over: carry on with another one, from wherever we are.
            self._run, _ = self.library.pick(self.rng)
            self._i = 0
            self._load_run()

    def _try(self, dx: float, dy: float) -> bool:
        if self._mirror:
            dx = -dx
        x = self._x + dx * self._cos - dy * self._sin
        y = self._y + dx * self._sin + dy * self._cos
        lon, lat = x / self._kx + self._lon0, y / self._ky + self._lat0
        if not shapely.contains_xy(self.area, lon, lat):
            return False
        self._x, self._y, self.lon, self.lat = x, y, lon, lat
        return True

    def _move(self, dx: float, dy: float) -> None:
        if self._try(dx, dy):
            return
        # At the edge of the beat: turn back or aside, and keep that heading.
        angle = self._angle
        for turn in _TURNS:
            sign = 1 if self.rng.random() < 0.5 else -1
            for t in (sign * turn, -sign * turn) if turn != math.pi else (turn,):
                self._turn(angle + t)
                if self._try(dx, dy):
                    return
        # Nothing fits (a narrow corner): wait here, facing somewhere new.
        self._turn(self.rng.uniform(0, 2 * math.pi))


def make_walkers(areas: Mapping[int, Polygon | MultiPolygon], *, seed: int,
                 usernames: Mapping[int, str] | None = None,
                 library: StepLibrary | None = None) -> list[Walker]:
    """A walker per user id, each in its patrol area, in user-id order.

    Each person's kind of patrol (on foot or by bicycle), shift and starting point depend
    only on the seed and their user id, so adding people changes nobody else.
    """
    library = library or default_library()
    shifts, shares = zip(*SHIFT_SHARES)
    walkers = []
    for user_id in sorted(areas):
        rng = random.Random(f"staff:{seed}:{user_id}")
        cycling = rng.random() < CYCLING_SHARE
        shift = rng.choices(shifts, shares)[0]
        walkers.append(Walker(
            user_id, areas[user_id], seed=seed, library=library,
            pace=CYCLING_PACE if cycling else WALKING_PACE,
            max_speed=CYCLING_SPEED if cycling else WALKING_SPEED,
            duty=Duty(f"{seed}:{user_id}", shift), username=(usernames or {}).get(user_id, "")))
    return walkers
