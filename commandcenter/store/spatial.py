"""Point lookups against the stored grid polygons."""
from __future__ import annotations

import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import Grid

# Candidate cells are those whose centroid lies within this many degrees of the point
# (≈ 330 m north–south, 260 m east–west at Beijing): wider than any unit grid.
_NEAR = 0.003


def locate_grid(session: Session, lon: float, lat: float) -> str | None:
    """The code of the unit grid containing the point, or None outside the district."""
    point = shapely.Point(lon, lat)
    rows = session.execute(
        select(Grid.code, Grid.geometry)
        .where(Grid.lon.between(lon - _NEAR, lon + _NEAR), Grid.lat.between(lat - _NEAR, lat + _NEAR))
        .order_by(Grid.code)).all()
    for code, geometry in rows:
        if shapely.from_geojson(geometry).covers(point):
            return code
    return None
