"""The wall display over time and on its screens, without Qt: which page shows (the
rotation), text sizes from the viewing distance, splice seams, the burn-in shift, and how
soon a display that died is started again, and when a fresh one takes over."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from .wall import FULL_ROTATION, PlaylistEntry, Schedule, WallConfig

TEXT_HEIGHT_PER_DISTANCE = 1 / 150  # AVIXA: text height × 150 = farthest viewing distance
TILE_PX = (1920, 1080)               # a 55-inch splice tile
TILE_MM = (1215.0, 686.0)


# --- rotation ------------------------------------------------------------------------------
# Background reads keep this far from a page switch (seconds before and after it).
SWITCH_QUIET_BEFORE_S = 1.0
SWITCH_QUIET_AFTER_S = 1.5


@dataclass
class Rotation:
    """Which page shows, given the clock: call :meth:`update` on every tick.

    ``mono`` is a monotonic clock in seconds; ``t`` the local time of day. Entering another
    schedule starts its playlist from the top. ←/→ move by hand and restart the dwell; while
    paused the page stays until moved or resumed.
    """

    config: WallConfig
    schedule: Schedule = field(init=False)
    index: int = 0
    shown_at: float = 0.0
    paused: bool = False

    def __post_init__(self) -> None:
        self.schedule = self.config.schedules[0] if self.config.schedules else FULL_ROTATION

    @property
    def entry(self) -> PlaylistEntry:
        return self.schedule.entries[self.index]

    @property
    def page(self) -> str:
        return self.entry.page

    def start(self, mono: float, t: time) -> str:
        self.schedule, self.index, self.shown_at = self.config.schedule_at(t), 0, mono
        return self.page

    def update(self, mono: float, t: time) -> bool:
        """Advance if the dwell is over or the schedule changed; True when the page did."""
        schedule = self.config.schedule_at(t)
        if schedule is not self.schedule:
            self.start(mono, t)
            return True
        if self.paused or mono - self.shown_at < self.entry.dwell_s:
            return False
        return self.step(1, mono)

    def step(self, delta: int, mono: float) -> bool:
        before = self.index
        self.index = (self.index + delta) % len(self.schedule.entries)
        self.shown_at = mono
        return self.index != before

    def toggle_pause(self, mono: float) -> bool:
        self.paused = not self.paused
        if not self.paused:
            self.shown_at = mono  # the page gets its full dwell again
        return self.paused

    def remaining(self, mono: float) -> float:
        return max(0.0, self.entry.dwell_s - (mono - self.shown_at))

    def quiet_in(self, mono: float, before: float = SWITCH_QUIET_BEFORE_S,
                 after: float = SWITCH_QUIET_AFTER_S) -> float:
        """Seconds until background work may start without overlapping a page switch: the
        switch repaints the whole wall, and a worker building figures meanwhile holds the
        interpreter lock the GUI thread needs to paint. 0 when it may start now."""
        since = mono - self.shown_at
        if since < after:
            return after - since
        if self.paused or len(self.schedule.entries) < 2:
            return 0.0
        left = self.remaining(mono)
        return left + after if left < before else 0.0


# --- sizes -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sizing:
    """Pixel sizes for a picture of ``width`` × ``height`` device pixels.

    ``unit`` is the smallest text height in device pixels: viewing distance / 150 in
    millimetres, times the picture's pixels per millimetre. Without a known physical height
    the picture is taken to be 55-inch panels: one for a 16:9 picture at any resolution (so
    1080p and 4K look alike), a row of tiles per 1080 lines for a splice (5760×2160: two).
    """

    width: int
    height: int
    unit: float
    splice: tuple[int, int]

    @classmethod
    def for_picture(cls, width: int, height: int, distance_m: float = 6.0,
                    height_mm: float | None = None,
                    splice: tuple[int, int] | None = None) -> Sizing:
        splice = splice or guess_splice(width, height)
        if height_mm is None or height_mm < 100:
            height_mm = TILE_MM[1] * splice[1]
        unit = distance_m * 1000 * TEXT_HEIGHT_PER_DISTANCE * height / height_mm
        # never so large that a page cannot hold a title and six lines, nor its top strip
        # the title, the page dots, the live state, the update time and the clock (a
        # small screen in a large room: a 1080p monitor 30 cm tall seen from 6 m)
        unit = min(unit, height / 12, width / 30)
        return cls(width, height, unit, splice)

    def px(self, units: float) -> int:
        return max(1, round(self.unit * units))

    @property
    def seams_x(self) -> list[float]:
        cols = self.splice[0]
        return [self.width * k / cols for k in range(1, cols)]

    @property
    def seams_y(self) -> list[float]:
        rows = self.splice[1]
        return [self.height * k / rows for k in range(1, rows)]


def guess_splice(width: int, height: int) -> tuple[int, int]:
    """Tiles of a picture that is not 16:9 but divides into 1080p tiles (5760×2160 → 3×2);
    a 16:9 picture is taken as one panel."""
    if width * 9 == height * 16:
        return (1, 1)
    if width % TILE_PX[0] == 0 and height % TILE_PX[1] == 0:
        return (width // TILE_PX[0], height // TILE_PX[1])
    return (1, 1)


def off_seams(start: float, length: float, seams: list[float], margin: float = 0.0,
              low: float = 0.0, high: float = math.inf) -> float:
    """Where to put an interval of ``length`` near ``start`` so it crosses no seam (keeping
    ``margin`` from it), within [low, high]. An interval longer than a tile stays put."""
    def crosses(s: float) -> bool:
        return any(s - margin < seam < s + length + margin for seam in seams)

    if not crosses(start):
        return start
    candidates = []
    edges = [low, *seams, high]
    for left, right in zip(edges, edges[1:]):
        lo = left + (margin if left != low else 0)
        hi = right - (margin if right != high else 0) - length
        if hi >= lo:
            candidates.append(min(max(start, lo), hi))
    return min(candidates, key=lambda s: abs(s - start)) if candidates else start


# --- burn-in ---------------------------------------------------------------------------------
# A slow orbit through the square's corners and edge midpoints, so no pixel stays lit the same.
_ORBIT = ((0, 0), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))


def burn_in_offset(elapsed_s: float, interval_s: float, amplitude_px: int) -> tuple[int, int]:
    """The shift of static elements ``elapsed_s`` seconds after the start: constant within
    an interval, different in the next, never more than ``amplitude_px`` either way."""
    if amplitude_px <= 0 or interval_s <= 0:
        return (0, 0)
    step = int(elapsed_s // interval_s)
    dx, dy = _ORBIT[step % len(_ORBIT)]
    lap = (step // len(_ORBIT)) % 2  # every other lap the half-amplitude orbit
    scale = amplitude_px if lap == 0 else max(1, amplitude_px // 2)
    return (dx * scale, dy * scale)


# --- supervision -----------------------------------------------------------------------------
RESTART_CAP_S = 30.0
STEADY_RUN_S = 600.0  # a display that ran this long before dying starts the backoff afresh


def restart_delay(failures_in_a_row: int) -> float:
    """Seconds before restarting a display process that died ``failures_in_a_row`` times
    running (1, 2, 4 … up to 30): quick after a one-off crash, calm when it keeps failing —
    and it never gives up."""
    return min(RESTART_CAP_S, 2.0 ** max(0, failures_in_a_row - 1))


# --- renewal -------------------------------------------------------------------------------
# A display is never renewed for its memory sooner than this after it started: a limit set
# below what the wall needs to run would otherwise renew it in a loop. (The daily renewal
# cannot loop: the fresh display starts after the hour.)
RENEWAL_MIN_RUN_S = 1800.0


def renewal_due(started: datetime, now: datetime, memory_mb: float | None,
                config: WallConfig) -> str:
    """Why a fresh display should take over from one started at ``started`` (local times),
    or "" when none should: the daily hour has come since the display started, or it is
    past its memory limit."""
    if config.renew_at is not None:
        last = datetime.combine(now.date(), config.renew_at, now.tzinfo)
        if last > now:
            last -= timedelta(days=1)
        if started < last:
            return f"the daily renewal at {config.renew_at:%H:%M}"
    limit = config.renew_above_mb
    if limit and memory_mb is not None and memory_mb > limit \
            and (now - started).total_seconds() >= RENEWAL_MIN_RUN_S:
        return f"memory {memory_mb:.0f} MB over the limit of {limit:.0f} MB"
    return ""
