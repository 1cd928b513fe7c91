"""The demo district, live: cases reported and worked now, field staff moving now.

:func:`run_simulation` plays the district in real time against any database that holds
it (the demo builder's or an imported one). Reports arrive from the field supervisors on
patrol, the hotline, the public and the cameras at the requested rate; every later step —
intake, verification, filing, dispatch, handling, return and extension requests and their
decisions, holds, checks passing and failing, closing — is taken through the real
:class:`~commandcenter.store.service.Workflow`, with the same per-case plans as the demo
history (:mod:`commandcenter.demo.history`). Only the waiting between steps is shortened:
``time_scale`` simulated seconds pass per real second, and no wait is longer than
``max_step_s``, so a case goes round the loop in minutes rather than days. Events carry the
real time they were taken at, so other workstations watching the same database see them
arrive live.

Field staff move with :mod:`commandcenter.demo.movement` (replayed real GPS traces) and
their phones report a fix every ``fix_interval_s`` seconds, staggered; fixes are written
in one batch per second with one change-log row each.

Work runs in ticks: each tick (``tick_s``) takes the steps that have come due, then the new
reports, in one transaction. A transaction never runs longer than a short budget: when the
machine cannot keep up, the rest waits for the next tick and shows as lag and backlog in
:class:`SimStats` rather than as ever longer transactions. Fixes are written from a second
thread with its own connection, so neither kind of work waits for the other's commits.
"""
from __future__ import annotations

import heapq
import math
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType

import shapely
from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from commandcenter.models.case import Action
from commandcenter.models.catalog import load_catalog
from commandcenter.models.enums import Role, Source, Stage
from commandcenter.models.space import GridCell, GridIndex
from commandcenter.store.board import load_router
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import Database
from commandcenter.store.positions import Fix, maintain_positions, record_fixes
from commandcenter.store.schema import (Component, Department, Grid, StaffGrid,
                                        User)
from commandcenter.store.service import DISTRICT_TZ, CaseService, local_now, log_change

from .history import PERSON_SPREAD, DemoWorld, Spot, _check_world, _Simulation, _Step
from .movement import Walker, make_walkers
from .people import person_name

__all__ = ["DEFAULT_FIX_INTERVAL_S", "DEFAULT_RATE_PER_MIN", "DEFAULT_TIME_SCALE", "SimStats",
           "add_field_staff", "load_patrols", "load_world", "run_simulation"]

DEFAULT_RATE_PER_MIN = 6.0
DEFAULT_FIX_INTERVAL_S = 5.0     # a patrol phone reports every few seconds
DEFAULT_TIME_SCALE = 60.0        # a simulated minute of waiting per real second
DEFAULT_MAX_STEP_S = 90.0        # no case waits longer than this for its next step
DEFAULT_TICK_S = 0.2
MIN_STEP_S = 0.05
GPS_TICK_S = 1.0                 # fixes are written in one batch per second
PRUNE_EVERY_S = 60.0             # fixes older than POSITIONS_KEPT are rolled up this often
# A transaction is kept short even when the run falls behind: steps get half of this
# budget, new reports the rest; what is left waits for the next tick (and shows as lag).
BATCH_BUDGET_S = 0.4
PROGRESS_EVERY_S = 5.0
MAX_FAILED_BATCHES = 5           # consecutive database failures before giving up
MAX_CATCH_UP = 10                # fixes a phone that fell behind makes up for at most


# --- the world, from the database -----------------------------------------------------

def load_world(db: Database, *, seed: int = 0) -> DemoWorld:
    """The people, grids, components and routing of the district stored in ``db``.

    A grid's supervisor is the first person (lowest user id) assigned to patrol it.
    Departments' working speeds are not stored; they are drawn from ``seed``.
    """
    catalog = load_catalog()
    with db.session() as session:
        users = session.execute(select(User.username, User.role, User.department_code)
                                .where(User.active).order_by(User.username)).all()
        patrolling = session.execute(
            select(StaffGrid.grid_code, User.username)
            .join(User, User.id == StaffGrid.user_id)
            .where(User.active, User.role == Role.SUPERVISOR.value)
            .order_by(StaffGrid.grid_code, User.id)).all()
        grids = session.execute(select(Grid.code, Grid.lon, Grid.lat).order_by(Grid.code)).all()
        components = session.execute(
            select(Component.code, Component.class_key, Component.grid_code, Component.lon,
                   Component.lat, Component.owner_department).order_by(Component.code)).all()
        departments = session.scalars(select(Department.code).order_by(Department.code)).all()
    owners: dict[str, str] = {}
    for grid, username in patrolling:
        owners.setdefault(grid, username)
    by_role: dict[str, list[str]] = defaultdict(list)
    handlers: dict[str, list[str]] = defaultdict(list)
    for username, role, department in users:
        by_role[role].append(username)
        if role == Role.DEPARTMENT and department:
            handlers[department].append(username)
    rng = random.Random(f"department-speed:{seed}")
    speed = {code: rng.choice((0.5, 0.7, 0.8, 1.0, 1.0, 1.2, 1.5, 1.9)) for code in departments}
    system = by_role[Role.SYSTEM]
    return DemoWorld(
        grids=[tuple(g) for g in grids], supervisor_of_grid=owners,
        operators=by_role[Role.OPERATOR], shift_leads=by_role[Role.SHIFT_LEAD],
        dispatchers=by_role[Role.DISPATCHER], leaders=by_role[Role.LEADER],
        system_user=system[0] if system else "", handlers=dict(handlers),
        components=[tuple(c) for c in components], catalog=catalog,
        router=load_router(db, catalog), department_speed=speed)


@dataclass(frozen=True)
class Patrol:
    user_id: int
    username: str
    grid_codes: tuple[str, ...]


def load_patrols(db: Database) -> tuple[list[Patrol], dict[str, GridCell]]:
    """Every active field supervisor with the grids they patrol, and those grids' cells."""
    with db.session() as session:
        rows = session.execute(
            select(User.id, User.username, StaffGrid.grid_code)
            .join(StaffGrid, StaffGrid.user_id == User.id)
            .where(User.active, User.role == Role.SUPERVISOR.value)
            .order_by(User.id, StaffGrid.grid_code)).all()
        grids = session.execute(select(Grid.code, Grid.community_code, Grid.street_code,
                                       Grid.geometry, Grid.lon, Grid.lat, Grid.area_m2,
                                       Grid.synthetic)).all()
    polygons = shapely.from_geojson([g.geometry for g in grids])
    cells = {g.code: GridCell(g.code, g.community_code, g.street_code, polygon, g.lon, g.lat,
                              g.area_m2, 0, 0, g.synthetic)
             for g, polygon in zip(grids, polygons)}
    by_user: dict[tuple[int, str], list[str]] = defaultdict(list)
    for user_id, username, grid in rows:
        by_user[(user_id, username)].append(grid)
    patrols = [Patrol(uid, name, tuple(codes)) for (uid, name), codes in by_user.items()]
    return patrols, cells


def add_field_staff(db: Database, count: int, *, seed: int) -> list[str]:
    """Register ``count`` more grid patrol staff (网格员) and give each a run of grids.

    Used when a simulation asks for more staff than the district has: the newcomers
    patrol alongside the grids' supervisors, spread over the streets by their number of
    grids. Returns the new usernames.
    """
    if count <= 0:
        return []
    rng = random.Random(f"add-staff:{seed}:{count}")
    with db.session() as session:
        by_street: dict[str, list[str]] = defaultdict(list)
        for code, street in session.execute(select(Grid.code, Grid.street_code)
                                            .order_by(Grid.code)):
            by_street[street].append(code)
        if not by_street:
            raise ValueError("the database holds no grids to patrol")
        taken = set(session.scalars(select(User.username)))
        total = sum(len(g) for g in by_street.values())
        # Largest remainders, so the shares add up to exactly ``count``.
        quotas = {s: count * len(g) / total for s, g in by_street.items()}
        shares = {s: int(q) for s, q in quotas.items()}
        for s in sorted(quotas, key=lambda s: (shares[s] - quotas[s], s))[:count - sum(
                shares.values())]:
            shares[s] += 1
        accounts, assignments = [], []
        for street in sorted(by_street):
            grids, k = by_street[street], shares[street]
            serial = 0
            for i in range(k):
                serial += 1
                while (name := f"wg{street[-3:]}_{serial:03d}") in taken:
                    serial += 1
                taken.add(name)
                run = grids[i * len(grids) // k:(i + 1) * len(grids) // k] or \
                    [grids[i % len(grids)]]
                accounts.append(dict(username=name, display_name=person_name(rng),
                                     role=Role.SUPERVISOR.value, department_code=None,
                                     active=True))
                assignments.append(run)
        ids = session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True),
                              accounts).all()
        session.execute(insert(StaffGrid), [dict(user_id=uid, grid_code=g)
                                            for uid, run in zip(ids, assignments) for g in run])
        log_change(session, "staff", "accounts", "add", local_now())
    return [a["username"] for a in accounts]


# --- results -------------------------------------------------------------------------

@dataclass(frozen=True)
class SimStats:
    """What a run achieved. ``actions`` counts events written, reports included."""

    seconds: float
    reports: int
    actions: Mapping[Action, int]
    fixes: int
    staff: int
    staff_added: int
    on_duty_at_end: int
    ticks: int
    fix_batches: int
    errors: int                 # steps the rules refused (StaleCase when people interfere…)
    failed_batches: int         # transactions the database refused (rolled back)
    lag_max_s: float            # how late a due step or report was taken, at worst
    lag_mean_s: float           # ... on average over steps
    fix_lag_max_s: float        # how late a batch of fixes was written, at worst
    backlog: int                # steps already due but not taken when the run stopped
    scheduled: int              # steps planned for later when the run stopped
    stages: Mapping[str, int]   # the simulated cases by stage at the end
    returns: int = 0
    extensions: int = 0
    holds: int = 0

    @property
    def total_actions(self) -> int:
        return sum(self.actions.values())

    @property
    def steps(self) -> int:
        """Workflow actions other than reports."""
        return self.total_actions - self.reports

    def _rate(self, n: int) -> float:
        return n / self.seconds if self.seconds > 0 else 0.0

    @property
    def reports_per_s(self) -> float:
        return self._rate(self.reports)

    @property
    def actions_per_s(self) -> float:
        return self._rate(self.steps)

    @property
    def events_per_s(self) -> float:
        return self._rate(self.total_actions)

    @property
    def fixes_per_s(self) -> float:
        return self._rate(self.fixes)

    def summary(self) -> str:
        acts = ", ".join(f"{a.value} {n}" for a, n in sorted(self.actions.items(),
                                                              key=lambda kv: -kv[1]))
        stages = ", ".join(f"{s} {n}" for s, n in self.stages.items() if n)
        return "\n".join([
            f"ran {self.seconds:.1f} s: {self.reports} reports ({self.reports_per_s:.1f}/s), "
            f"{self.steps} further actions ({self.actions_per_s:.1f}/s), "
            f"{self.fixes} GPS fixes ({self.fixes_per_s:.0f}/s) from {self.staff} staff "
            f"({self.on_duty_at_end} on duty at the end"
            + (f", {self.staff_added} added" if self.staff_added else "") + ")",
            f"actions: {acts}",
            f"cases now: {stages}",
            f"lag: steps {self.lag_mean_s:.2f} s mean, {self.lag_max_s:.2f} s max; fixes "
            f"{self.fix_lag_max_s:.2f} s max; backlog {self.backlog}, scheduled "
            f"{self.scheduled}",
            f"refused steps {self.errors}, failed transactions {self.failed_batches}",
        ])


# --- case work -----------------------------------------------------------------------

class _LiveCases(_Simulation):
    """The history's per-case plans, taken at wall-clock time with shortened waits.

    The history's step handlers plan each next step at a simulated moment; here that
    moment becomes a real one, ``time_scale`` times sooner (at most ``max_step_s`` away),
    on the monotonic clock of the run.
    """

    def __init__(self, service: CaseService, world: DemoWorld, rng: random.Random,
                 progress: Callable[[str], None], *, time_scale: float, max_step_s: float,
                 extra_people: Sequence[str] = ()):
        super().__init__(service, world, rng, service.clock(), 1, 1, progress)
        self.time_scale, self.max_step_s = time_scale, max_step_s
        self.extra_people = tuple(extra_people)
        self.mono = 0.0
        self.live: dict[int, object] = {}
        self.pending: Counter[int] = Counter()
        self.next_no = 0
        self.ended: Counter[str] = Counter()
        self.touched: list[int] = []             # cases stepped in the current transaction
        self.lag_max = self.lag_sum = 0.0
        self.lag_n = 0

    def prepare(self) -> None:
        """Look up everyone who will act (one query each), before the clock starts."""
        self._load_actors()

    def _load_actors(self) -> None:
        super()._load_actors()
        missing = sorted(set(self.extra_people) - self.actors.keys())
        with self.service.batch() as wf:
            for name in missing:
                self.actors[name] = wf.actor(name)
        for name in missing:
            self.pace[name] = self.rng.lognormvariate(0.0, PERSON_SPREAD)

    def _push(self, at: datetime, case, step: _Step, epoch: int = 0, user: str = "") -> None:
        delay = (at - self.now).total_seconds() / self.time_scale
        if delay > self.max_step_s:
            delay = self.max_step_s * self.rng.uniform(0.5, 1.0)
        self.tie += 1
        heapq.heappush(self.heap, (self.mono + max(delay, MIN_STEP_S), self.tie, case.no,
                                   step, epoch, user))
        self.pending[case.no] += 1

    def report(self, wf, at: datetime, source: Source, spot: Spot | None) -> None:
        case = self._new_case(self.next_no, source, spot)
        self.live[case.no] = case
        self.next_no += 1
        self.touched.append(case.no)
        self._take(wf, case, _Step.REPORT, at, 0, "")
        self._forget_if_done(case.no)

    def take_due(self, wf, at: datetime, until: float) -> int:
        """Take the steps that have come due, oldest first, until the monotonic ``until``."""
        taken = 0
        while self.heap and self.heap[0][0] <= self.mono and time.monotonic() < until:
            due, _tie, no, step, epoch, user = heapq.heappop(self.heap)
            lag = self.mono - due
            self.lag_max = max(self.lag_max, lag)
            self.lag_sum += lag
            self.lag_n += 1
            self.pending[no] -= 1
            self.touched.append(no)
            self._take(wf, self.live[no], step, at, epoch, user)
            self._forget_if_done(no)
            taken += 1
        return taken

    def _forget_if_done(self, no: int) -> None:
        # A case with nothing planned is finished (or dead): count where it ended, let it go.
        if self.pending[no] <= 0:
            self.pending.pop(no, None)
            case = self.live.pop(no, None)
            if case is not None and case.record is not None:
                self.ended[case.record.stage.value] += 1

    def stages(self) -> Counter[str]:
        """The cases of this run by stage: those finished and those still in play."""
        stages = Counter(self.ended)
        stages.update(c.record.stage.value for c in self.live.values() if c.record is not None)
        return stages

    def begin(self) -> None:
        """Start of a transaction: remember the counts, in case it is rolled back."""
        self.touched = []
        self._saved = (Counter(self.actions), Counter(self.counts), self.errors)

    def rolled_back(self) -> None:
        """The transaction failed: its actions did not happen, and what we hold of the
        cases it touched is no longer true, so they are left alone from now on."""
        self.actions, self.counts, self.errors = self._saved
        for no in self.touched:
            case = self.live.get(no)
            if case is not None:
                case.dead = True
        self.touched = []

    def due(self) -> int:
        return sum(1 for item in self.heap if item[0] <= self.mono)


# --- field staff ---------------------------------------------------------------------

@dataclass
class _Gps:
    walkers: list[Walker]
    db: Database
    interval: float
    fixes: int = 0
    pruned: int = 0
    thinned: datetime | None = None  # fixes before this are thinned
    batches: int = 0
    lag_max: float = 0.0
    failed: int = 0                 # batches refused by the database in a row
    failed_total: int = 0
    error: BaseException | None = None
    # (username, lon, lat) of everyone on patrol, as of their newest fix
    on_duty: list[tuple[str, float, float]] = field(default_factory=list)
    _where: dict[int, tuple[str, float, float]] = field(default_factory=dict)

    def run(self, started: float, done: threading.Event) -> None:
        try:
            self._run(started, done)
        except BaseException as exc:       # reported by the case thread, which stops too
            self.error = exc
            done.set()

    def upkeep(self, done: threading.Event) -> None:
        """Both positions tables stay bounded: rolled up and pruned on a thread of their
        own, so a round working off a backlog (minutes of 120,000 fixes each at 2,000 a
        second) never holds up the fixes."""
        while not done.wait(PRUNE_EVERY_S):
            try:
                self.pruned += maintain_positions(self.db, _wall_now())[0]
            except SQLAlchemyError:
                self.failed_total += 1  # tried again at the next round

    def _run(self, started: float, done: threading.Event) -> None:
        n = len(self.walkers)
        # Phones report staggered, each on its own phase within the interval.
        due = [started + self.interval * (i + 0.5) / max(n, 1) for i in range(n)]
        last = [started] * n
        tick = started
        while not done.is_set():
            tick += GPS_TICK_S
            wait = tick - time.monotonic()
            if wait > 0 and done.wait(wait):
                break
            now = time.monotonic()
            self.lag_max = max(self.lag_max, now - tick)
            at = _wall_now()
            fixes = []
            for i, walker in enumerate(self.walkers):
                if due[i] > now:
                    continue
                if now - due[i] > MAX_CATCH_UP * self.interval:
                    # Far behind (the machine stalled): the fixes in between are lost.
                    due[i] += self.interval * math.floor((now - due[i]) / self.interval)
                while due[i] <= now:
                    # Each fix at its own moment: phones do not report in step.
                    moment = at - timedelta(seconds=now - due[i])
                    on_duty = walker.on_duty(moment)
                    if on_duty:
                        walker.step(due[i] - last[i])
                    last[i] = due[i]
                    due[i] += self.interval
                    fixes.append(Fix(walker.user_id, moment, walker.lon, walker.lat, on_duty))
                if on_duty:
                    self._where[walker.user_id] = (walker.username, walker.lon, walker.lat)
                else:
                    self._where.pop(walker.user_id, None)
            # A new list each time: the case thread reads it without a lock.
            self.on_duty = list(self._where.values())
            try:
                self.fixes += record_fixes(self.db, fixes, at=at.replace(microsecond=0))
                self.batches += bool(fixes)
            except SQLAlchemyError:
                self.failed += 1
                self.failed_total += 1
                if self.failed >= MAX_FAILED_BATCHES:
                    raise
            else:
                self.failed = 0


def _wall_now() -> datetime:
    """Now on the district's wall clock, to the microsecond (fixes come many a second)."""
    return datetime.now(DISTRICT_TZ).replace(tzinfo=None)


def _walkers(db: Database, staff: int | None, seed: int,
             progress: Callable[[str], None]) -> tuple[list[Walker], GridIndex | None, int]:
    patrols, cells = load_patrols(db)
    if staff is None:
        staff = len(patrols)
    if not staff:
        return [], None, 0
    added = 0
    if staff > len(patrols):
        new = add_field_staff(db, staff - len(patrols), seed=seed)
        added = len(new)
        progress(f"the district has {len(patrols)} field staff; registered {added} more "
                 f"grid patrol staff to reach {staff}")
        patrols, cells = load_patrols(db)
    rng = random.Random(f"staff-choice:{seed}")
    chosen = sorted(rng.sample(patrols, staff), key=lambda p: p.user_id) \
        if staff < len(patrols) else patrols
    areas = {p.user_id: shapely.union_all([cells[c].polygon for c in p.grid_codes])
             for p in chosen}
    names = {p.user_id: p.username for p in chosen}
    walkers = make_walkers(areas, seed=seed, usernames=names)
    return walkers, GridIndex(cells.values()), added


# --- the run -------------------------------------------------------------------------

def run_simulation(db: Database, *, rate_per_min: float = DEFAULT_RATE_PER_MIN,
                   staff: int | None = None, duration_s: float | None = None, seed: int = 0,
                   stop: threading.Event | None = None,
                   progress: Callable[[str], None] | None = None,
                   fix_interval_s: float = DEFAULT_FIX_INTERVAL_S,
                   time_scale: float = DEFAULT_TIME_SCALE,
                   max_step_s: float = DEFAULT_MAX_STEP_S,
                   tick_s: float = DEFAULT_TICK_S) -> SimStats:
    """Play the district stored in ``db`` live until ``duration_s`` has passed (None: until
    ``stop`` is set or Ctrl-C).

    ``rate_per_min`` new reports a minute arrive at random (a Poisson stream); ``staff``
    field staff (None: all the district has) move and report a fix every ``fix_interval_s``
    seconds. If the district has fewer field staff than asked for, grid patrol staff are
    registered to make up the number. Movement and the case plans follow ``seed``; when
    things happen follows the clock. Raises ValueError if ``db`` holds no district to play.
    """
    if rate_per_min < 0 or (staff is not None and staff < 0) or fix_interval_s <= 0 \
            or time_scale <= 0 or max_step_s <= 0 or tick_s <= 0 \
            or (duration_s is not None and duration_s < 0):
        raise ValueError("rates, counts and times must be positive")
    say = progress or (lambda _message: None)
    stop = stop or threading.Event()
    world = load_world(db, seed=seed)
    if not world.grids:
        raise ValueError("the database holds no district to simulate")
    _check_world(world)
    walkers, index, added = _walkers(db, staff, seed, say)
    service = CaseService(db, load_policy(db))
    cases = _LiveCases(service, world, random.Random(seed), say, time_scale=time_scale,
                       max_step_s=max_step_s, extra_people=[w.username for w in walkers])
    cases.prepare()
    components_in: dict[str, list[tuple]] = defaultdict(list)
    for component in cases.components:
        components_in[component[2]].append(component)
    arrivals = random.Random(f"arrivals:{seed}")
    per_second = rate_per_min / 60.0

    say(f"simulating {rate_per_min:g} reports/min, {len(walkers)} field staff reporting "
        f"every {fix_interval_s:g} s, waits shortened {time_scale:g}x"
        + (f", for {duration_s:g} s" if duration_s is not None else ", until stopped"))
    gps = _Gps(walkers, db, fix_interval_s)
    done = threading.Event()
    started = time.monotonic()
    gps_thread = threading.Thread(target=gps.run, args=(started, done), name="sim-gps",
                                  daemon=True)
    upkeep_thread = threading.Thread(target=gps.upkeep, args=(done,), name="sim-positions",
                                     daemon=True)
    if walkers:
        gps_thread.start()
        upkeep_thread.start()
    next_arrival = started + (arrivals.expovariate(per_second) if per_second else math.inf)
    ticks = failed = failed_in_row = 0
    tick = started
    next_progress = started + PROGRESS_EVERY_S
    try:
        while not stop.is_set() and not done.is_set():
            now = time.monotonic()
            if duration_s is not None and now - started >= duration_s:
                break
            cases.mono = now
            at = service.clock()
            cases.now = max(at, cases.now)
            cases.begin()
            try:
                budget = max(BATCH_BUDGET_S, 2 * tick_s)
                with service.batch() as wf:
                    cases.take_due(wf, cases.now, now + budget / 2)
                    # Reports last: a report takes the day's case-number counter, whose row
                    # stays locked until the commit, so other writers wait the least.
                    while next_arrival <= now and time.monotonic() < now + budget:
                        cases.lag_max = max(cases.lag_max, now - next_arrival)
                        source = _source(cases, arrivals, at, gps.on_duty)
                        spot = _spot(arrivals, gps.on_duty, index, components_in) \
                            if source is Source.SUPERVISOR else None
                        cases.report(wf, cases.now, source, spot)
                        next_arrival += arrivals.expovariate(per_second)
                failed_in_row = 0
            except SQLAlchemyError as exc:
                cases.rolled_back()
                failed += 1
                failed_in_row += 1
                say(f"a transaction failed and was rolled back: {exc.__class__.__name__}: "
                    f"{str(exc).splitlines()[0]}")
                if failed_in_row >= MAX_FAILED_BATCHES:
                    raise
            except KeyboardInterrupt:
                cases.rolled_back()
                raise
            ticks += 1
            if now >= next_progress:
                next_progress += PROGRESS_EVERY_S
                elapsed = now - started
                say(f"{elapsed:5.0f} s: {cases.actions[Action.REPORT]} reports, "
                    f"{sum(cases.actions.values())} events, {gps.fixes} fixes, "
                    f"{len(cases.live)} cases in play, lag {cases.lag_max:.2f} s")
            tick += tick_s
            wait = tick - time.monotonic()
            if wait > 0:
                stop.wait(wait)
            else:
                tick = time.monotonic()     # behind: go straight on, do not try to catch up
    except KeyboardInterrupt:
        say("interrupted; stopping")
    finally:
        done.set()
        if walkers:
            gps_thread.join()
            upkeep_thread.join()
    elapsed = time.monotonic() - started
    if gps.error is not None:
        raise gps.error
    cases.mono = time.monotonic()
    stages = cases.stages()
    at_end = _wall_now()
    return SimStats(
        seconds=elapsed, reports=cases.actions[Action.REPORT],
        actions=MappingProxyType({a: cases.actions[a] for a in Action if cases.actions[a]}),
        fixes=gps.fixes, staff=len(walkers), staff_added=added,
        on_duty_at_end=sum(w.on_duty(at_end) for w in walkers), ticks=ticks,
        fix_batches=gps.batches, errors=cases.errors, failed_batches=failed + gps.failed_total,
        lag_max_s=max(cases.lag_max, 0.0),
        lag_mean_s=cases.lag_sum / cases.lag_n if cases.lag_n else 0.0,
        fix_lag_max_s=max(gps.lag_max, 0.0), backlog=cases.due(),
        scheduled=len(cases.heap) - cases.due(),
        stages=MappingProxyType({s.value: stages.get(s.value, 0) for s in Stage}),
        returns=cases.counts["returns"], extensions=cases.counts["extensions"],
        holds=cases.counts["holds"])


def _source(cases: _LiveCases, rng: random.Random, at: datetime,
            on_duty: Sequence[tuple[str, float, float]]) -> Source:
    source = rng.choices(cases.sources, cases.source_weights)[0]
    if source is Source.HANDED_DOWN and not cases.calendar.is_working_day(at.date()):
        source = Source.HOTLINE
    if source is Source.SUPERVISOR and not on_duty:
        # Nobody on patrol right now: the cameras see it instead.
        source = Source.VIDEO
    return source


def _spot(rng: random.Random, on_duty: Sequence[tuple[str, float, float]],
          index: GridIndex | None, components_in: Mapping[str, list[tuple]]) -> Spot | None:
    """Where a supervisor on patrol stands: their newest position and the grid there."""
    username, lon, lat = rng.choice(on_duty)
    grid = index.locate(lon, lat) if index is not None else None
    if grid is None:
        return None
    return Spot(grid, lon, lat, username, tuple(components_in.get(grid, ())))
