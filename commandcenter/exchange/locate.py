"""Where imported points fall: the stored unit grids as a point index, and the relocation of
another city's coordinates onto the district for rehearsals."""
from __future__ import annotations

import numpy as np
import shapely

from commandcenter.models.space import GridCell, GridIndex
from commandcenter.store.db import Database
from commandcenter.store.geography import load_geography

from .problems import BadFile


class DistrictGrids:
    def __init__(self, db: Database):
        shapes = load_geography(db).grids
        if not shapes:
            raise BadFile("the database has no unit grids: import the geography first "
                          "(commandcenter import geography …) or build the demo district")
        polygons = shapely.from_geojson([g.geometry for g in shapes])
        self.index = GridIndex(GridCell(g.code, g.community_code, g.street_code, p, g.lon, g.lat,
                                        0.0, 0, 0, g.synthetic) for g, p in zip(shapes, polygons))
        self.centres = {g.code: (g.lon, g.lat) for g in shapes}
        self.bounds = tuple(shapely.total_bounds(polygons))

    def relocate(self, lons: np.ndarray, lats: np.ndarray, source_box) -> tuple[np.ndarray, np.ndarray]:
        """Map ``source_box`` (west, south, east, north) linearly onto the district's extent."""
        w, s, e, n = source_box
        W, S, E, N = self.bounds
        return W + (lons - w) / (e - w) * (E - W), S + (lats - s) / (n - s) * (N - S)
