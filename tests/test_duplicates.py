"""Duplicate search: the pure rule, the grid-hash index against a plain scan (fixed cases and
hypothesis), and the store's set-based read against the same scan on both databases."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.duplicates import (DuplicateIndex, DuplicateRules, OpenCase,
                                             scan_duplicates)
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.space import distance_m, metres_per_degree
from commandcenter.store.duplicates import (duplicates_of_case, load_index, open_cases,
                                            possible_duplicates, refresh_index)
from commandcenter.store.service import CaseService

from .conftest import GRID_A

NOW = datetime(2026, 11, 23, 10, 0)
LON, LAT = 116.4005, 39.9105
KX, KY = metres_per_degree(LAT)


def at_offset(east_m: float, north_m: float) -> tuple[float, float]:
    return LON + east_m / KX, LAT + north_m / KY


def case(i: int, east: float, north: float, *, key: str = "event:0101",
         days_ago: float = 1.0) -> OpenCase:
    lon, lat = at_offset(east, north)
    return OpenCase(i, f"20261120{i:05d}", key, lon, lat, NOW - timedelta(days=days_ago))


FIXED = [case(1, 10, 0), case(2, 0, -30), case(3, 49.5, 0), case(4, 50.5, 0),
         case(5, 5, 5, key="event:0201"), case(6, 20, 0, days_ago=8),
         case(7, 35, 35), case(8, 0, 0)]


@pytest.mark.parametrize("search", ["scan", "index"])
def test_same_class_within_the_radius_and_the_window_nearest_first(search):
    if search == "scan":
        found = scan_duplicates(FIXED, "event:0101", LON, LAT, NOW, exclude=8)
    else:
        found = DuplicateIndex(FIXED).search("event:0101", LON, LAT, NOW, exclude=8)
    # 4 is 50.5 m away, 5 another class, 6 eight days old, 7 49.5 m diagonally; 8 excluded.
    assert [m.case_id for m in found] == [1, 2, 7, 3]
    assert [round(m.distance_m, 1) for m in found] == [10.0, 30.0, 49.5, 49.5]
    assert found[0].number == "2026112000001" and found[0].class_key == "event:0101"


def test_the_radius_and_the_window_are_configurable():
    wide = DuplicateRules(radius_m=100, days=10)
    ids = [m.case_id for m in DuplicateIndex(FIXED).search("event:0101", LON, LAT, NOW, wide)]
    assert ids == [8, 1, 6, 2, 7, 3, 4]
    with pytest.raises(ValueError):
        DuplicateRules(radius_m=0)


def test_the_index_follows_cases_that_open_move_and_end():
    index = DuplicateIndex(FIXED[:2])
    assert len(index) == 2 and 1 in index
    index.add(case(9, -15, 0))                        # reported
    index.add(case(1, 200, 0))                        # moved away (re-added under its id)
    index.discard(2)                                  # closed or merged
    index.discard(12345)                              # unknown: ignored
    assert [m.case_id for m in index.search("event:0101", LON, LAT, NOW)] == [9]
    assert len(index) == 2 and 2 not in index


def test_a_radius_of_many_cells_still_finds_everything():
    index = DuplicateIndex(FIXED, cell_m=5)
    rules = DuplicateRules(radius_m=60)
    assert index.search("event:0101", LON, LAT, NOW, rules) == \
        scan_duplicates(FIXED, "event:0101", LON, LAT, NOW, rules)


@pytest.mark.parametrize("bearing", [0.0, 180.0])
def test_far_from_the_index_origin_the_reach_follows_the_local_scale(bearing):
    # 30 km south of the report a degree of longitude is longer: a case just inside the
    # radius lies more than a radius away in the index's frame.
    east = 199.9 * math.cos(math.radians(bearing))
    index = DuplicateIndex([case(1, east, 0)], cell_m=0.05, origin=at_offset(0, -30_000))
    rules = DuplicateRules(radius_m=200)
    assert [m.case_id for m in index.search("event:0101", LON, LAT, NOW, rules)] == [1]


# --- the index answers what the scan answers ---------------------------------------

_metres = st.floats(-400, 400, allow_nan=False)
# Cases placed relative to the query, in units of the radius and polar, so many fall on
# either side of the circle's edge, where a wrong cell range would lose them.
_near = st.tuples(st.one_of(st.floats(0, 1.5), st.floats(0.97, 1.03)), st.floats(0, 6.2832),
                  st.sampled_from(["event:0101", "event:0201"]), st.floats(0, 12))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=st.lists(_near, max_size=60), query=st.tuples(_metres, _metres),
       radius=st.floats(1, 300), days=st.floats(0.5, 10), cell=st.floats(5, 200),
       origin=st.tuples(st.floats(-5000, 5000), st.floats(-20000, 20000)),
       removed=st.sets(st.integers(0, 59), max_size=10))
def test_indexed_search_equals_the_brute_force_scan(cases, query, radius, days, cell, origin,
                                                    removed):
    qe, qn = query
    stored = [case(i, qe + r * radius * math.cos(a), qn + r * radius * math.sin(a), key=k,
                   days_ago=d) for i, (r, a, k, d) in enumerate(cases)]
    index = DuplicateIndex(stored, cell_m=cell, origin=at_offset(*origin))
    for i in removed:
        index.discard(i)
    live = [c for c in stored if c.case_id not in removed]
    rules = DuplicateRules(radius_m=radius, days=days)
    lon, lat = at_offset(*query)
    for key in ("event:0101", "event:0201"):
        expected = scan_duplicates(live, key, lon, lat, NOW, rules)
        assert index.search(key, lon, lat, NOW, rules) == expected
        assert all(m.distance_m <= radius for m in expected)
        assert [m.distance_m for m in expected] == sorted(m.distance_m for m in expected)


@given(east=st.floats(-300, 300), north=st.floats(-300, 300))
def test_distances_are_metres(east, north):
    lon, lat = at_offset(east, north)
    assert distance_m(LON, LAT, lon, lat) == pytest.approx((east ** 2 + north ** 2) ** 0.5,
                                                           abs=1e-6)


# --- the store ---------------------------------------------------------------------

def report(service, east: float, north: float, *, key="event:0101", at=NOW, who="sup1",
           source=Source.SUPERVISOR):
    lon, lat = at_offset(east, north)
    draft = CaseDraft(source=source, kind=CaseKind.EVENT, class_key=key, urgency=Urgency.NORMAL,
                      lon=lon, lat=lat, grid_code=GRID_A, description="暴露垃圾")
    return service.report(service.actor(who), draft, at=at)


def test_the_store_reads_what_the_scan_finds_among_all_open_cases(world_db):
    service = CaseService(world_db, default_policy(), clock=lambda: NOW)
    for i, (east, north) in enumerate([(5, 0), (-30, 20), (45, 10), (60, 0), (0, 49), (200, 0)]):
        report(service, east, north, at=NOW - timedelta(days=i % 3, hours=1))
    report(service, 3, 3, key="event:0201")
    report(service, 2, 0, at=NOW - timedelta(days=9))
    old = report(service, 1, 1, at=NOW - timedelta(hours=3))
    service.act(service.actor("op1"), old.number, Action.VOID, reason="重复上报", at=NOW)
    every_open = open_cases(world_db)
    for rules in (DuplicateRules(), DuplicateRules(radius_m=70, days=10)):
        expected = scan_duplicates(every_open, "event:0101", LON, LAT, NOW, rules)
        found = possible_duplicates(world_db, "event:0101", LON, LAT, NOW, rules)
        assert found == expected and found
        assert old.id not in {m.case_id for m in found}  # void: no longer open
    new = report(service, 0, 0, who="op1", source=Source.HOTLINE)
    around = duplicates_of_case(world_db, new.number)
    assert new.id not in {m.case_id for m in around}
    assert [m.case_id for m in around] == [
        m.case_id for m in possible_duplicates(world_db, "event:0101", LON, LAT, NOW)
        if m.case_id != new.id]


def test_an_index_kept_current_from_the_changes(world_db):
    service = CaseService(world_db, default_policy(), clock=lambda: NOW)
    first = report(service, 5, 0)
    index = load_index(world_db, since=NOW - timedelta(days=7))
    assert first.id in index
    second = report(service, -5, 0)
    service.act(service.actor("op1"), first.number, Action.VOID, reason="重复上报", at=NOW)
    refresh_index(world_db, index, [first.id, second.id])
    assert [m.case_id for m in index.search("event:0101", LON, LAT, NOW)] == [second.id]
