"""Field-staff movement replayed from the GeoLife traces: real data in, plausible patrols out."""
from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from commandcenter.demo import movement
from commandcenter.demo.movement import (CYCLING_SPEED, DAY_SHIFT, NIGHT_SHIFT, WALKING_SPEED,
                                         Duty, Shift, Walker, default_library, load_traces,
                                         make_walkers, trace_steps)
from commandcenter.models.district import build_district
from commandcenter.models.space import LocalProjection

STEPS = 10_000


@pytest.fixture(scope="module")
def district():
    return build_district()


@pytest.fixture(scope="module")
def patrol_areas(district):
    """Patrol areas as the demo assigns them: runs of consecutive grids of one street,
    including one that spans two communities (often two separate pieces)."""
    by_street: dict[str, list] = {}
    for cell in district.grids:
        by_street.setdefault(cell.street_code, []).append(cell)
    areas = {}
    for n, (street, cells) in enumerate(sorted(by_street.items())[:6]):
        cells = sorted(cells, key=lambda c: c.code)
        # Straddle a community boundary: the last grids of one and the first of the next.
        first_of_next = next(i for i, c in enumerate(cells)
                             if c.community_code != cells[0].community_code)
        run = cells[first_of_next - 6:first_of_next + 6] if n % 2 else cells[:12]
        areas[1000 + n] = shapely.union_all([c.polygon for c in run])
    return areas


def _metres(points: np.ndarray, area) -> tuple[np.ndarray, np.ndarray]:
    projection = LocalProjection(area.centroid.x, area.centroid.y)
    return projection.to_metres(points[:, 0], points[:, 1])


def _replay(walker: Walker, n: int = STEPS, dt: float = 1.0) -> np.ndarray:
    return np.array([walker.step(dt) for _ in range(n)])


def test_the_source_traces_load():
    traces = load_traces()
    assert len(traces) == 5
    assert sum(len(t) for t in traces) == 5_908
    assert len({t.tracker for t in traces}) == 3
    for trace in traces:
        assert list(trace.times) == sorted(trace.times)
        assert trace.times[0].tzinfo == timezone.utc
        assert datetime(2008, 1, 1, tzinfo=timezone.utc) < trace.times[0] \
            < datetime(2010, 1, 1, tzinfo=timezone.utc)
        # Central Beijing.
        assert 116.2 < trace.lon.min() and trace.lon.max() < 116.6
        assert 39.8 < trace.lat.min() and trace.lat.max() < 40.1


def test_steps_are_cleaned_of_jumps_and_long_silences():
    library = default_library()
    assert library.steps > 5_000          # nearly every fix survives as a step
    for run in library.runs:
        assert len(run) >= movement.MIN_RUN_STEPS
        assert (run.dt > 0).all()
        assert (run.speed <= movement.JUMP_SPEED).all()
        assert run.dt.max() <= max(movement.GAP_S, movement.MAX_PAUSE_S)
        assert (run.pace >= 0).all()
    # The traces hold walking as well as riding: both paces are there to replay.
    speeds = np.concatenate([r.speed for r in library.runs])
    assert (speeds < 2.0).mean() > 0.2 and (speeds > 5.0).mean() > 0.2
    # A trace broken by a long silence far from where it stopped becomes several runs.
    assert sum(len(trace_steps(t)) for t in load_traces()) > len(load_traces())


@pytest.mark.parametrize("kind", ["walking", "cycling"])
def test_walkers_stay_inside_their_patrol_area(patrol_areas, kind):
    speed = WALKING_SPEED if kind == "walking" else CYCLING_SPEED
    pace = movement.WALKING_PACE if kind == "walking" else movement.CYCLING_PACE
    for user_id, area in patrol_areas.items():
        walker = Walker(user_id, area, seed=7, pace=pace, max_speed=speed)
        assert area.contains(shapely.Point(walker.position))
        points = _replay(walker)
        inside = shapely.contains_xy(area, points[:, 0], points[:, 1])
        assert inside.all(), f"walker {user_id} left its area at step {np.argmin(inside)}"
        # ... and they do patrol it, not stand in one corner.
        x, y = _metres(points, area)
        assert np.hypot(x - x.mean(), y - y.mean()).max() > 100


def test_speeds_are_those_of_people_on_foot_or_on_bicycles(patrol_areas):
    speeds = {}
    for kind, pace, top in (("walking", movement.WALKING_PACE, WALKING_SPEED),
                            ("cycling", movement.CYCLING_PACE, CYCLING_SPEED)):
        steps = []
        for user_id, area in patrol_areas.items():
            points = _replay(Walker(user_id, area, seed=3, pace=pace, max_speed=top))
            x, y = _metres(points, area)
            steps.append(np.hypot(np.diff(x), np.diff(y)))    # metres per 1 s step
        speeds[kind] = s = np.concatenate(steps)
        assert np.percentile(s, 95) < 8.0
        assert s.max() <= top + 1e-6
        # They stop now and then (inspections, traffic lights), but mostly move.
        assert 0.05 < (s < 0.05).mean() < 0.5
    moving = {k: s[s > 0.05] for k, s in speeds.items()}
    assert 0.8 < np.median(moving["walking"]) < 1.8
    assert 2.5 < np.median(moving["cycling"]) < 5.5
    assert np.percentile(speeds["walking"], 95) < 2.5


def test_the_same_seed_gives_the_same_walk(patrol_areas):
    user_id, area = next(iter(patrol_areas.items()))
    a = _replay(Walker(user_id, area, seed=11), 2_000, dt=2.5)
    b = _replay(Walker(user_id, area, seed=11), 2_000, dt=2.5)
    c = _replay(Walker(user_id, area, seed=12), 2_000, dt=2.5)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_walkers_are_made_per_person(patrol_areas):
    walkers = make_walkers(patrol_areas, seed=5, usernames={1000: "sup001_01"})
    assert [w.user_id for w in walkers] == sorted(patrol_areas)
    assert walkers[0].username == "sup001_01"
    # Adding a person changes nobody else's patrol.
    fewer = make_walkers({k: v for k, v in patrol_areas.items() if k != 1003}, seed=5)
    again = {w.user_id: _replay(w, 300) for w in fewer}
    for w in walkers:
        if w.user_id != 1003:
            assert np.array_equal(_replay(w, 300), again[w.user_id])
    assert {w.max_speed for w in make_walkers({i: box(116.40, 39.91, 116.401, 39.911)
                                               for i in range(40)}, seed=1)} \
        == {WALKING_SPEED, CYCLING_SPEED}


def test_duty_follows_shifts_with_a_few_off():
    assert DAY_SHIFT.began(datetime(2024, 6, 14, 6, 59)) is None
    assert DAY_SHIFT.began(datetime(2024, 6, 14, 7, 0)) == datetime(2024, 6, 14).date()
    assert DAY_SHIFT.began(datetime(2024, 6, 14, 19, 0)) is None
    # A night shift belongs to the day it began.
    assert NIGHT_SHIFT.began(datetime(2024, 6, 14, 23, 30)) == datetime(2024, 6, 14).date()
    assert NIGHT_SHIFT.began(datetime(2024, 6, 15, 3, 0)) == datetime(2024, 6, 14).date()
    assert NIGHT_SHIFT.began(datetime(2024, 6, 15, 12, 0)) is None
    duties = [Duty(f"1:{i}", DAY_SHIFT) for i in range(2_000)]
    noon = datetime(2024, 6, 14, 12, 0)
    share = sum(d.on_duty(noon) for d in duties) / len(duties)
    assert 0.9 < share < 0.98          # a few are off today...
    tomorrow = datetime(2024, 6, 15, 12, 0)
    off_today = {i for i, d in enumerate(duties) if not d.on_duty(noon)}
    off_tomorrow = {i for i, d in enumerate(duties) if not d.on_duty(tomorrow)}
    assert off_today != off_tomorrow   # ... not always the same few
    assert not any(d.on_duty(datetime(2024, 6, 14, 3, 0)) for d in duties)
    evening = Shift("evening", DAY_SHIFT.end, NIGHT_SHIFT.start)
    assert evening.began(datetime(2024, 6, 14, 19, 0)) is None     # an empty shift


def test_most_staff_patrol_by_day_and_some_at_any_hour(patrol_areas):
    area = next(iter(patrol_areas.values()))
    walkers = make_walkers({i: area for i in range(300)}, seed=9)
    day = datetime(2024, 6, 14, 10, 0)

    def on(hour: int) -> float:
        return sum(w.on_duty(day.replace(hour=hour)) for w in walkers) / len(walkers)

    assert on(10) > 0.7 and on(17) > 0.7
    for hour in (1, 5, 21, 23):      # evenings and nights: a few, never nobody
        assert 0.0 < on(hour) < 0.3
