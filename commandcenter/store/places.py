"""Where a call is about: a point from a click on the map, a grid code, a component code
or an address, each turned into a point inside a unit grid before anything is registered."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from .db import Database
from .schema import Area, Case, Component, Grid
from .spatial import locate_grid


@dataclass(frozen=True)
class Place:
    lon: float
    lat: float
    grid_code: str
    address: str = ""
    component_code: str | None = None
    component_class: str | None = None  # the component's class key, to preselect it
    found_by: str = "point"             # point | grid | component | address | area


def place_at(db: Database, lon: float, lat: float) -> Place | None:
    """The point itself, with its grid; None outside the district."""
    with db.session() as session:
        grid = locate_grid(session, lon, lat)
    return Place(lon, lat, grid) if grid else None


def find_place(db: Database, text: str) -> Place | None:
    """A grid code (15 digits: its centre), a component code (16 digits: the component),
    else an address: the most recent case at that address, else a community or street
    of that name (its centre). None when nothing matches."""
    text = text.strip()
    if not text:
        return None
    with db.session() as session:
        if text.isdigit() and len(text) == 15:
            row = session.execute(select(Grid.lon, Grid.lat).where(Grid.code == text)).first()
            return Place(row.lon, row.lat, text, found_by="grid") if row else None
        if text.isdigit() and len(text) == 16:
            c = session.get(Component, text)
            return Place(c.lon, c.lat, c.grid_code, c.name, c.code, c.class_key,
                         "component") if c else None
        # Addresses the center has already placed: what a 12345 operator types is most
        # often an address somebody reported before.
        row = session.execute(
            select(Case.lon, Case.lat, Case.grid_code, Case.address)
            .where(Case.address.contains(text, autoescape=True))
            .order_by(Case.reported_at.desc()).limit(1)).first()
        if row is not None:
            return Place(row.lon, row.lat, row.grid_code, row.address, found_by="address")
        area = session.execute(
            select(Area.code, Area.name).where(Area.level.in_(("community", "street")),
                                               Area.name.contains(text, autoescape=True))
            .order_by(func.length(Area.code).desc(), Area.code).limit(1)).first()
        if area is None:
            return None
        cells = session.execute(select(Grid.code, Grid.lon, Grid.lat)
                                .where(Grid.code.startswith(area.code))).all()
        if not cells:
            return None
        # The grid nearest the area's middle (a concave community's own middle may lie
        # outside it).
        lon = sum(c.lon for c in cells) / len(cells)
        lat = sum(c.lat for c in cells) / len(cells)
        best = min(cells, key=lambda c: (c.lon - lon) ** 2 + (c.lat - lat) ** 2)
        return Place(best.lon, best.lat, best.code, area.name, found_by="area")
