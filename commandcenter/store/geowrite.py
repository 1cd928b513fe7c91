"""Replacing one level of the grid hierarchy in one transaction, keeping the cases.

Grids are referenced by cases, components and patrol assignments by code (patrols with a
foreign key): a case or component whose point now lies in another grid moves to it (a
change-log row tells live views), and patrol assignments to grids that no longer exist go.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select, update

from commandcenter.models.placenames import english_name

from .db import Database
from .schema import Area, Case, Component, Grid, StaffGrid
from .service import log_change


@dataclass(frozen=True)
class NewArea:
    code: str
    level: str
    name: str
    parent_code: str | None
    geometry: str
    name_en: str | None = None  # None: pinyin of the name


@dataclass(frozen=True)
class NewGrid:
    code: str
    community_code: str
    street_code: str
    geometry: str
    lon: float
    lat: float
    area_m2: float


@dataclass(frozen=True)
class PlacedPoint:
    id: int | str   # case id or component code
    label: str      # case number or component code
    lon: float
    lat: float
    grid_code: str


def case_points(db: Database) -> list[PlacedPoint]:
    with db.session() as s:
        return [PlacedPoint(*r) for r in s.execute(
            select(Case.id, Case.number, Case.lon, Case.lat, Case.grid_code).order_by(Case.id))]


def component_points(db: Database) -> list[PlacedPoint]:
    with db.session() as s:
        return [PlacedPoint(code, code, lon, lat, grid) for code, lon, lat, grid in s.execute(
            select(Component.code, Component.lon, Component.lat, Component.grid_code)
            .order_by(Component.code))]


def replace_areas(db: Database, level: str, areas: Sequence[NewArea]) -> None:
    with db.session() as s:
        s.execute(delete(Area).where(Area.level == level))
        s.execute(insert(Area), [dict(code=a.code, level=a.level, name=a.name,
                                      short_name=a.name.removesuffix("居委会"),
                                      name_en=a.name_en or english_name(a.name, a.level),
                                      parent_code=a.parent_code, geometry=a.geometry,
                                      synthetic=False) for a in areas])
        log_change(s, "geography", level, "replace", _now())


def replace_grids(db: Database, grids: Sequence[NewGrid],
                  case_moves: Iterable[tuple[int, str]],
                  component_moves: Iterable[tuple[str, str]]) -> int:
    """New grids, moved cases and components; returns how many patrol assignments went."""
    codes = {g.code for g in grids}
    now = _now()
    with db.session() as s:
        # Patrols point at grids by foreign key: set aside, grids replaced, the rest put back.
        patrols = s.execute(select(StaffGrid.user_id, StaffGrid.grid_code)).all()
        kept = [{"user_id": u, "grid_code": g} for u, g in patrols if g in codes]
        s.execute(delete(StaffGrid))
        s.execute(delete(Grid))
        s.execute(insert(Grid), [dict(code=g.code, community_code=g.community_code,
                                      street_code=g.street_code, geometry=g.geometry, lon=g.lon,
                                      lat=g.lat, area_m2=g.area_m2, synthetic=False)
                                 for g in grids])
        if kept:
            s.execute(insert(StaffGrid), kept)
        moves = [{"case_id": i, "grid": code} for i, code in case_moves]
        if moves:
            cases = Case.__table__
            s.execute(update(cases).where(cases.c.id == bindparam("case_id"))
                      .values(grid_code=bindparam("grid")), moves)
            for move in moves:
                log_change(s, "case", move["case_id"], "regrid", now)
        parts = [{"b_code": c, "grid": g} for c, g in component_moves]
        if parts:
            components = Component.__table__
            s.execute(update(components).where(components.c.code == bindparam("b_code"))
                      .values(grid_code=bindparam("grid")), parts)
        log_change(s, "geography", "grid", "replace", now)
    return len(patrols) - len(kept)


def _now() -> datetime:
    from .service import local_now
    return local_now()
