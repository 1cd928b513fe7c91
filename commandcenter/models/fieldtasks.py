"""Field tasks: who verifies (核实) or checks (核查) a case on the spot, and when a task is late.

A case entering the verify or check stage becomes one task for one field supervisor:

1. the supervisor who patrols the case's grid, if on duty (several: the least loaded, then
   the nearest);
2. else the on-duty supervisor with the lowest cost: metres from their newest position
   to the case, plus ``load_penalty_m`` metres for each open task they already hold;
3. else the grid's own supervisor though off duty (the task waits for their next shift,
   and the desk sees it late to start);
4. else nobody: the task is open to every supervisor, and the first to take it (接单)
   holds it.

"On duty" is what the newest GPS fix of the last ``fresh_fix`` says; an older fix says
nothing. A task is *started* when its supervisor takes it (接单) or does it; one not
started within ``start_limit`` of working time after it was given is late.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .space import distance_m, metres_per_degree
from .worktime import TimeLimit, WorkCalendar


@dataclass(frozen=True)
class FieldTaskRules:
    start_limit: TimeLimit = field(default_factory=lambda: TimeLimit.parse("30wm"))
    fresh_fix: timedelta = timedelta(minutes=10)
    load_penalty_m: float = 300.0

    def start_due(self, calendar: WorkCalendar, assigned_at: datetime) -> datetime:
        """When a task given at ``assigned_at`` should have been taken at the latest."""
        return calendar.add(assigned_at, self.start_limit)


@dataclass(frozen=True, slots=True)
class Supervisor:
    """A field supervisor as the choice sees them."""

    username: str
    own_grid: bool                 # patrols the case's grid
    load: int = 0                  # open field tasks held now
    on_duty: bool = False          # the newest fresh fix says so
    lon: float | None = None       # that fix (None: no fresh fix)
    lat: float | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    username: str
    own_grid: bool
    on_duty: bool
    load: int
    distance_m: float | None       # None: where they are is not known
    cost_m: float | None           # distance plus the load's penalty (on-duty people only)


# Why the chosen supervisor got the task, as the history records it.
BY_GRID, BY_NEAREST, BY_GRID_OFF_DUTY, NOBODY, BY_HAND = (
    "grid", "nearest", "grid-off-duty", "none", "hand")


@dataclass(frozen=True)
class Assignment:
    username: str | None
    how: str
    candidates: tuple[Candidate, ...]   # best first: whom a desk may offer instead


def choose_supervisor(lon: float, lat: float, staff: Iterable[Supervisor],
                      rules: FieldTaskRules = FieldTaskRules()) -> Assignment:
    """The supervisor for a task at (lon, lat), and every candidate ranked (see module)."""
    scales = metres_per_degree(lat)
    ranked, seen = [], set()
    for person in staff:
        if person.username in seen:
            raise ValueError(f"supervisor {person.username!r} given twice")
        seen.add(person.username)
        known = person.on_duty and person.lon is not None and person.lat is not None
        distance = distance_m(lon, lat, person.lon, person.lat, scales) if known else None
        cost = distance + person.load * rules.load_penalty_m if known else None
        if known and person.own_grid:
            key = (0, person.load, distance)
        elif known:
            key = (1, cost, 0.0)
        elif person.own_grid:
            key = (2, person.load, 0.0)
        else:
            continue
        candidate = Candidate(person.username, person.own_grid, known, person.load, distance,
                              cost)
        ranked.append((key, person.username, candidate))
    ranked.sort(key=lambda item: (item[0], item[1]))
    candidates = tuple(c for _, _, c in ranked)
    if not ranked:
        return Assignment(None, NOBODY, ())
    how = (BY_GRID, BY_NEAREST, BY_GRID_OFF_DUTY)[ranked[0][0][0]]
    return Assignment(candidates[0].username, how, candidates)


def candidate_of(lon: float, lat: float, person: Supervisor,
                 rules: FieldTaskRules = FieldTaskRules()) -> Candidate:
    """``person`` as a candidate for a task at (lon, lat) when a desk picks them by hand,
    ranked or not: their distance whenever a fresh fix says where they are (on duty or
    not), the cost only on duty, as :func:`choose_supervisor` counts it."""
    placed = person.lon is not None and person.lat is not None
    distance = (distance_m(lon, lat, person.lon, person.lat, metres_per_degree(lat))
                if placed else None)
    on_duty = person.on_duty and placed
    cost = distance + person.load * rules.load_penalty_m if on_duty else None
    return Candidate(person.username, person.own_grid, on_duty, person.load, distance, cost)


def late_to_start(assigned_at: datetime | None, started_at: datetime | None, now: datetime,
                  calendar: WorkCalendar, rules: FieldTaskRules = FieldTaskRules()) -> bool:
    """Whether a task given at ``assigned_at`` is still not started past its limit."""
    return (assigned_at is not None and started_at is None
            and now >= rules.start_due(calendar, assigned_at))
