"""Replay of a past stretch of time: which cases were open, how their countdown stood and
where the field staff were, at any instant, from the event log and the stored GPS fixes.

A case's history becomes intervals of constant state — stage, the instant that stage
began, the deadline in force (every event records the deadline it leaves) — and each
interval carries the instant its countdown turns amber, worked out once with the live
map's rule (``store.board.CountdownClock``). A frame at ``t`` is then a few numpy
comparisons over the intervals, never a walk through events. Fixes are one array sorted by
(person, time): everybody's position at ``t`` is one ``searchsorted`` for all at once.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from .enums import Countdown, Stage, Urgency
from .policy import Policy
from .worktime import NATURAL_CALENDAR, LimitUnit, WorkCalendar

STAGES: tuple[Stage, ...] = tuple(Stage)
_STAGE_INDEX = {stage: i for i, stage in enumerate(STAGES)}
LIGHTS: tuple[Countdown, ...] = (Countdown.NORMAL, Countdown.WARNING, Countdown.OVERDUE)
GONE = -1  # a case's code while it is not open (not yet reported, closed or void)
TRAIL = timedelta(hours=1)       # as the live map: the last hour's trail
MAX_GAP = timedelta(minutes=5)   # a person moves between two fixes at most this far apart
_NEVER = np.iinfo(np.int64).max
_EPOCH = datetime(1970, 1, 1)
_US = timedelta(microseconds=1)


def to_us(t: datetime) -> int:
    """A naive local time as integer microseconds (the replay's clock)."""
    return (t - _EPOCH) // _US


def from_us(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=int(us))


def code_of(stage: Stage, light: Countdown) -> int:
    """A case's state in one small integer: stage index × 4 + countdown index."""
    return _STAGE_INDEX[stage] * 4 + LIGHTS.index(light)


def decode(code: int) -> tuple[Stage, Countdown] | None:
    return None if code < 0 else (STAGES[code // 4], LIGHTS[code % 4])


def warning_instant(calendar: WorkCalendar, started: datetime, deadline: datetime,
                    share: float) -> datetime:
    """When a countdown from ``started`` to ``deadline`` turns amber: once ``share`` of its
    working time is used (the earliest such instant), as ``CountdownClock`` lights it."""
    amber = calendar.working_minutes_between(started, deadline) * share
    return calendar.add_minutes(started, amber) if amber > 0 else started


# --- what the store reads ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CaseInfo:
    """What the map draws of a case that does not change over its life."""

    id: int
    number: str
    lon: float
    lat: float
    urgency: Urgency
    class_key: str


@dataclass(frozen=True, slots=True)
class CaseStep:
    """One event as the replay needs it: when, the stages, the deadline it left."""

    case_id: int
    at: datetime
    from_stage: Stage | None
    to_stage: Stage
    deadline: datetime | None


@dataclass(frozen=True)
class Fixes:
    """GPS fixes as columns sorted by (person, time); ``at`` in microseconds."""

    user_id: np.ndarray
    at: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    on_duty: np.ndarray

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, datetime, float, float, bool]]) -> Fixes:
        rows = list(rows)
        if not rows:
            return cls.empty()
        users, ats, lons, lats, duty = zip(*rows)
        at = np.array(ats, dtype="datetime64[us]").astype(np.int64)
        return cls.from_columns(np.array(users, dtype=np.int64), at, np.array(lons, float),
                                np.array(lats, float), np.array(duty, bool))

    @classmethod
    def from_columns(cls, user_id, at, lon, lat, on_duty) -> Fixes:
        order = np.lexsort((at, user_id))
        return cls(user_id[order], at[order], lon[order], lat[order], on_duty[order])

    @classmethod
    def empty(cls) -> Fixes:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0),
                   np.zeros(0, bool))

    def __len__(self) -> int:
        return len(self.at)


@dataclass(frozen=True)
class ReplayData:
    """A stretch of the past: the cases open at some instant of [start, end) with their
    events up to ``end``, and the fixes taken in [start − trail, end)."""

    start: datetime
    end: datetime
    cases: Sequence[CaseInfo]
    steps: Sequence[CaseStep]          # by case, then in the order they were taken
    fixes: Fixes
    names: Mapping[int, str]


# --- frames -------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffFrame:
    """The people shown at an instant: index into ``Replay.people``, position, duty, and
    their trail as a range of ``Replay.trail_points`` (empty off duty)."""

    person: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    on_duty: np.ndarray
    trail_from: np.ndarray
    trail_to: np.ndarray


@dataclass(frozen=True)
class Frame:
    t: datetime
    codes: np.ndarray        # per case (``Replay.cases`` order): GONE or ``code_of``
    staff: StaffFrame


@dataclass(frozen=True)
class FramePatch:
    """What changed since the frame sent before: the cases whose code changed (all of them
    when ``full``), and every person shown."""

    t: datetime
    changed: np.ndarray
    codes: np.ndarray
    staff: StaffFrame
    full: bool


class Replay:
    """The precomputed replay of a ``ReplayData``; :meth:`frame` is cheap enough to call for
    every movement of a slider."""

    def __init__(self, data: ReplayData, policy: Policy, *, trail: timedelta = TRAIL,
                 trail_since: datetime | None = None, max_gap: timedelta = MAX_GAP):
        self.start, self.end = data.start, data.end
        self.cases: tuple[CaseInfo, ...] = tuple(data.cases)
        self.case_ids = np.array([c.id for c in self.cases], dtype=np.int64)
        self.urgent = np.array([c.urgency is Urgency.URGENT for c in self.cases], dtype=bool)
        self._trail = trail // _US
        self._trail_since = to_us(trail_since) if trail_since else None
        self._max_gap = max_gap // _US
        self._build_intervals(data.steps, policy)
        self._build_staff(data.fixes, data.names)

    # --- cases --------------------------------------------------------------------------------
    def _build_intervals(self, steps: Sequence[CaseStep], policy: Policy) -> None:
        index = {c.id: i for i, c in enumerate(self.cases)}
        info = {c.id: c for c in self.cases}
        natural: dict[tuple[str, Urgency], bool] = {}
        warn_cache: dict[tuple, int] = {}
        rows: list[tuple[int, int, int, int, int, int]] = []
        current: list | None = None   # [case, start, stage, began, deadline] of the open one
        previous_case = None
        for step in steps:
            if step.case_id not in index:
                continue
            if step.case_id != previous_case:
                if current is not None:  # the case before is still open at the end
                    rows.append(self._interval(current, _NEVER, info, policy, natural,
                                               warn_cache))
                current, previous_case, began = None, step.case_id, step.at
            elif step.from_stage is not step.to_stage:
                began = step.at
            at = to_us(step.at)
            state = (step.to_stage, began, step.deadline)
            if current is not None and tuple(current[2:]) == state:
                continue  # an event that changed nothing the map shows
            if current is not None:
                rows.append(self._interval(current, at, info, policy, natural, warn_cache))
            current = [index[step.case_id], at, *state] if step.to_stage.is_open else None
        if current is not None:
            rows.append(self._interval(current, _NEVER, info, policy, natural, warn_cache))
        table = np.array([r for r in rows if r[2] > r[1]], dtype=np.int64).reshape(-1, 6)
        table = table[np.argsort(table[:, 1], kind="stable")]
        (self._iv_case, self._iv_start, self._iv_end, self._iv_stage, self._iv_warn,
         self._iv_dead) = (np.ascontiguousarray(table[:, k]) for k in range(6))

    def _interval(self, current, end: int, info, policy: Policy, natural, warn_cache):
        case, start, stage, began, deadline = current
        if deadline is None:
            warn = dead = _NEVER  # no running clock (held, or a stage without a limit)
        else:
            case_info = info[int(self.case_ids[case])]
            calendar = policy.calendar
            if stage is Stage.HANDLING and self._natural(case_info, policy, natural):
                calendar = NATURAL_CALENDAR
            key = (calendar is NATURAL_CALENDAR, began, deadline)
            warn = warn_cache.get(key)
            if warn is None:
                warn = warn_cache[key] = to_us(warning_instant(calendar, began, deadline,
                                                               policy.warn_share))
            dead = to_us(deadline)
        return (case, start, end, _STAGE_INDEX[stage], warn, dead)

    @staticmethod
    def _natural(case: CaseInfo, policy: Policy, cache) -> bool:
        key = (case.class_key, case.urgency)
        if key not in cache:
            try:
                limit = policy.stage_limit(Stage.HANDLING, case.urgency, case.class_key)
            except KeyError:
                limit = None
            cache[key] = limit is not None and limit.unit is LimitUnit.NATURAL_HOURS
        return cache[key]

    @property
    def intervals(self) -> int:
        return len(self._iv_start)

    def case_codes(self, t: datetime) -> np.ndarray:
        """Every case's code at ``t``: of the intervals begun by then (a prefix, as they
        are sorted by start), the ones not yet ended; a case has one at a time."""
        now = to_us(t)
        codes = np.full(len(self.cases), GONE, dtype=np.int16)
        stop = int(np.searchsorted(self._iv_start, now, side="right"))
        live = np.nonzero(self._iv_end[:stop] > now)[0]
        light = (now >= self._iv_warn[live]).astype(np.int16) + (now >= self._iv_dead[live])
        codes[self._iv_case[live]] = self._iv_stage[live].astype(np.int16) * 4 + light
        return codes

    # --- staff --------------------------------------------------------------------------------
    def _build_staff(self, fixes: Fixes, names: Mapping[int, str]) -> None:
        self.people = np.unique(fixes.user_id)
        self.names = tuple(names.get(int(u), str(int(u))) for u in self.people)
        person = np.searchsorted(self.people, fixes.user_id)
        self._base = int(fixes.at.min()) if len(fixes) else 0
        self._span = (int(fixes.at.max()) - self._base + 1) if len(fixes) else 1
        self._key = person * self._span + (fixes.at - self._base)
        self._at, self._lon, self._lat, self._duty = fixes.at, fixes.lon, fixes.lat, fixes.on_duty
        self._first = np.searchsorted(person, np.arange(len(self.people)), side="left")
        self._stop = np.searchsorted(person, np.arange(len(self.people)), side="right")
        # Trails are drawn through the fixes taken on duty only.
        on = fixes.on_duty
        self._trail_key = self._key[on]
        self._trail_lon, self._trail_lat = fixes.lon[on], fixes.lat[on]
        trail_person = person[on]
        self._trail_first = np.searchsorted(trail_person, np.arange(len(self.people)), "left")
        self._trail_stop = np.searchsorted(trail_person, np.arange(len(self.people)), "right")

    def trail_points(self, person: int) -> tuple[np.ndarray, np.ndarray]:
        """Lon and lat of every fix ``person`` took on duty, oldest first."""
        part = slice(int(self._trail_first[person]), int(self._trail_stop[person]))
        return self._trail_lon[part], self._trail_lat[part]

    def _offset(self, us: int) -> int:
        return min(max(us - self._base, -1), self._span - 1)

    def staff_at(self, t: datetime) -> StaffFrame:
        """Whoever reported within the trail's length before ``t``, where they were
        (between two fixes close in time, on the straight line between them), and their
        trail since ``t`` − trail (or ``trail_since``) as a range of their trail points."""
        now, n = to_us(t), len(self.people)
        ranks = np.arange(n, dtype=np.int64) * self._span
        i = np.searchsorted(self._key, ranks + self._offset(now), side="right") - 1
        shown = i >= self._first
        i = np.where(shown, i, 0)
        shown &= (now - self._at[i]) <= self._trail  # as live: an hour unheard, off the map
        people = np.nonzero(shown)[0]
        i = i[people]
        j = np.minimum(i + 1, max(len(self._at) - 1, 0))
        gap = self._at[j] - self._at[i]
        moving = (j > i) & (j < self._stop[people]) & (gap > 0) & (gap <= self._max_gap)
        share = np.where(moving, (now - self._at[i]) / np.where(moving, gap, 1), 0.0)
        lon = self._lon[i] + share * (self._lon[j] - self._lon[i])
        lat = self._lat[i] + share * (self._lat[j] - self._lat[i])
        duty = self._duty[i]
        since = now - self._trail
        if self._trail_since is not None:
            since = max(since, self._trail_since)
        lo = np.searchsorted(self._trail_key, ranks[people] + self._offset(since), "left")
        hi = np.searchsorted(self._trail_key, ranks[people] + self._offset(now), "right")
        first = self._trail_first[people]
        lo = np.clip(lo, first, self._trail_stop[people]) - first
        hi = np.clip(hi, first, self._trail_stop[people]) - first
        hi = np.where(duty, np.maximum(hi, lo), lo)
        return StaffFrame(people, lon, lat, duty, lo, hi)

    # --- frames -------------------------------------------------------------------------------
    def frame(self, t: datetime) -> Frame:
        return Frame(t, self.case_codes(t), self.staff_at(t))

    def case_states(self, frame: Frame) -> dict[int, tuple[Stage, Countdown]]:
        """The open cases of a frame by id, with their stage and countdown."""
        return {int(self.case_ids[i]): decode(int(frame.codes[i]))
                for i in np.nonzero(frame.codes >= 0)[0]}


class ReplayCursor:
    """What the map was last sent, so that the next frame goes as the cases that changed.
    Used by one thread at a time (the map's payload worker)."""

    def __init__(self, replay: Replay):
        self.replay = replay
        self._codes: np.ndarray | None = None

    def reset(self) -> None:
        """The next patch carries every case (the page starts afresh)."""
        self._codes = None

    def patch(self, t: datetime) -> FramePatch:
        frame = self.replay.frame(t)
        full = self._codes is None
        changed = np.arange(len(frame.codes)) if full else np.nonzero(frame.codes != self._codes)[0]
        self._codes = frame.codes
        return FramePatch(t, changed, frame.codes[changed], frame.staff, full)
