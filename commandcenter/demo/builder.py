"""Builds the embedded demo district: real Dongcheng divisions, synthetic polygons and
grids, departments, staff, registered components and a case history played through
the real workflow."""
from __future__ import annotations

import random
import time
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Callable

import shapely
from sqlalchemy import insert

from commandcenter.models.accounts import hash_password
from commandcenter.models.catalog import load_catalog, load_departments, resolve_owner_hint
from commandcenter.models.codes import component_code
from commandcenter.models.district import DemoDistrict, build_district
from commandcenter.models.enums import CaseKind
from commandcenter.models.placenames import english_name
from commandcenter.models.routing import default_rules
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import Database
from commandcenter.store.schema import (Area, Component, Department, Grid, RoutingRuleRow,
                                        StaffGrid, User)
from commandcenter.store.queries import has_district
from commandcenter.store.service import CaseService, local_now, log_change

from .history import generate_history
from .people import DEMO_PASSWORD, center_accounts, department_accounts, field_staff
from .simulator import load_world

FIELD_STAFF = 350
COMPONENTS = 24_000
# Relative abundance of registered components by minor-class name; others count 1.
_COMMON = {"上水井盖": 8, "污水井盖": 8, "雨水井盖": 6, "雨水箅子": 10, "电力井盖": 5,
           "通信井盖": 6, "路灯": 12, "行道树": 14, "垃圾箱": 6, "果皮箱": 8, "消防栓": 4,
           "交通标志牌": 5, "隔离护栏": 5, "停车咪表": 2, "公交站亭": 2}
_STATES = (("完好", 0.9), ("破损", 0.06), ("丢失", 0.01), ("占用", 0.03))


class DistrictExists(ValueError):
    pass


def build_demo(db: Database, *, days: int, seed: int, cases_per_day: int = 160,
               end: datetime | None = None, track_hours: float = 0,
               progress: Callable[[str], None] = lambda _msg: None) -> dict:
    """Fill an empty database with the demo district and ``days`` days of history, and
    the field staff's GPS fixes of its last ``track_hours`` (for replaying them)."""
    if days < 0:
        raise ValueError("days of history must be 0 or more")
    if has_district(db):
        raise DistrictExists("the database already holds a district; give a new --db")
    rng = random.Random(seed)
    began = time.perf_counter()
    progress("deriving streets, communities and unit grids inside the Dongcheng outline…")
    district = build_district()
    departments = list(load_departments())
    catalog = load_catalog()
    progress(f"storing {len(district.grids)} grids, {len(departments)} departments…")
    with db.session() as session:
        _store_space(session, district)
        session.execute(insert(Department), [
            dict(code=d.code, name=d.name, short_name=d.short_name, type=d.type,
                 street_code=d.street_code) for d in departments])
        session.execute(insert(RoutingRuleRow), [
            dict(order=r.order, department_code=r.department_code,
                 kind=r.kind.value if r.kind else None, major=r.major, minor=r.minor,
                 area_prefix=r.area_prefix) for r in default_rules(catalog, departments)])
        staff_owner = _store_people(session, district, departments, rng)
        components = _store_components(session, district, departments, catalog, rng)
        log_change(session, "district", district.district.code, "load", local_now())
    progress(f"{components} components, {len(set(staff_owner.values()))} field staff; "
             f"playing {days} days of cases through the workflow…")
    result = {"grids": len(district.grids), "components": components,
              "departments": len(departments), "field_staff": len(set(staff_owner.values())),
              "cases": 0, "events": 0, "open_at_end": 0, "overdue_at_end": 0}
    if days:
        world = load_world(db, seed=seed)
        service = CaseService(db, load_policy(db))
        stats = generate_history(service, world, days=days, seed=seed, end=end or local_now(),
                                 progress=progress, cases_per_day=cases_per_day)
        result.update(cases=stats.reports, events=sum(stats.actions.values()),
                      open_at_end=stats.open_at_end, overdue_at_end=stats.overdue_at_end)
    if track_hours > 0:
        from .tracks import record_tracks
        until = end or local_now()
        result["fixes"] = record_tracks(db, until - timedelta(hours=track_hours), until,
                                        seed=seed, progress=progress)
    return {**result, "seconds": round(time.perf_counter() - began, 1)}


def _store_space(session, district: DemoDistrict) -> None:
    areas = [district.district, *district.streets, *district.communities]
    session.execute(insert(Area), [
        dict(code=a.code, level=a.level, name=a.name, short_name=a.short_name,
             name_en=a.name_en or english_name(a.name, a.level),
             parent_code=a.parent_code, geometry=a.geometry, synthetic=a.synthetic)
        for a in areas])
    session.execute(insert(Grid), [
        dict(code=g.code, community_code=g.community_code, street_code=g.street_code,
             geometry=g.geometry, lon=g.lon, lat=g.lat, area_m2=g.area_m2,
             synthetic=g.synthetic) for g in district.grids])


def _store_people(session, district, departments, rng) -> dict[str, str]:
    by_street: dict[str, list[str]] = defaultdict(list)
    for g in district.grids:
        by_street[g.street_code].append(g.code)
    supervisors, owner = field_staff(by_street, FIELD_STAFF, rng)
    accounts = center_accounts(rng) + department_accounts(departments, rng) + supervisors
    # One slow hash shared by all demo accounts: hashing 430 passwords would take half a
    # minute of the first start.
    demo_hash = hash_password(DEMO_PASSWORD)
    ids = session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [
        dict(username=a.username, display_name=a.display_name, role=a.role.value,
             department_code=a.department_code, password_hash=demo_hash, active=True)
        for a in accounts]).all()
    user_id = {a.username: i for a, i in zip(accounts, ids)}
    session.execute(insert(StaffGrid), [dict(user_id=user_id[u], grid_code=g)
                                        for g, u in owner.items()])
    return owner


def _store_components(session, district, departments, catalog, rng) -> int:
    minors = catalog.minors(CaseKind.COMPONENT)
    weights = [_COMMON.get(m.name, 1) for m in minors]
    picks = rng.choices(minors, weights=weights, k=COMPONENTS)
    cells = district.grids
    cell_weights = [c.area_m2 for c in cells]
    serial: dict[str, int] = defaultdict(int)
    rows = []
    states, state_weights = zip(*_STATES)
    for minor, cell in zip(picks, rng.choices(cells, weights=cell_weights, k=COMPONENTS)):
        serial[minor.key] += 1
        code = component_code(district.district.code, minor.major_code, minor.code,
                              serial[minor.key])
        owner = resolve_owner_hint(minor.owner_hint, departments)
        lon, lat = _point_in(cell.polygon, rng)
        rows.append(dict(code=code, class_key=minor.key, name=minor.name,
                         owner_department=owner.code, maintainer_department=owner.code,
                         grid_code=cell.code, state=rng.choices(states, state_weights)[0],
                         lon=lon, lat=lat))
    session.execute(insert(Component), rows)
    return len(rows)


def _point_in(polygon, rng: random.Random) -> tuple[float, float]:
    """A uniformly random point inside the polygon (rejection sampling in its box)."""
    minx, miny, maxx, maxy = polygon.bounds
    for _ in range(100):
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(shapely.Point(lon, lat)):
            return round(lon, 7), round(lat, 7)
    point = polygon.representative_point()
    return round(point.x, 7), round(point.y, 7)
