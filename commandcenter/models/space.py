"""Areas of the grid hierarchy, unit grids, point → grid lookup and a local metric frame.

Geometries are lon/lat (CGCS2000, within a metre of WGS84). They are persisted and handed to
the map as GeoJSON geometry text, the same text the store keeps in its ``geometry`` columns.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .codes import Level

# WGS84 ellipsoid; CGCS2000's differs in the flattening's ninth digit, far below our needs.
_A = 6_378_137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)


def to_geojson(geometry: BaseGeometry) -> str:
    """GeoJSON geometry text, the form areas and grids are stored and drawn in."""
    return shapely.to_geojson(geometry)


def from_geojson(text: str) -> BaseGeometry:
    return shapely.from_geojson(text)


def metres_per_degree(lat: float) -> tuple[float, float]:
    """Metres per degree of longitude and of latitude at ``lat``, from the ellipsoid's
    radii of curvature there."""
    phi = math.radians(lat)
    w = 1 - _E2 * math.sin(phi) ** 2
    prime_vertical = _A / math.sqrt(w)
    meridional = _A * (1 - _E2) / w ** 1.5
    rad = math.pi / 180
    return prime_vertical * math.cos(phi) * rad, meridional * rad


def distance_m(lon0: float, lat0: float, lon: float, lat: float,
               scales: tuple[float, float] | None = None) -> float:
    """Metres from (lon0, lat0) to (lon, lat) in the equirectangular frame at lat0: within a
    few centimetres of the geodesic over the few hundred metres it is used for. ``scales``
    is ``metres_per_degree(lat0)``, for a caller measuring many points from one."""
    kx, ky = scales or metres_per_degree(lat0)
    return math.hypot((lon - lon0) * kx, (lat - lat0) * ky)


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular metres around (lon0, lat0): x east, y north.

    Scales are taken from the ellipsoid's radii of curvature at lat0. Across a district
    (±0.06° of latitude) the east-west scale drifts by under 0.2 %, so lengths and areas
    are good to that order without pulling in a projection library.
    """

    lon0: float
    lat0: float

    @classmethod
    def around(cls, geometry: BaseGeometry) -> LocalProjection:
        centre = geometry.centroid
        return cls(centre.x, centre.y)

    @cached_property
    def metres_per_degree(self) -> tuple[float, float]:
        return metres_per_degree(self.lat0)

    def to_metres(self, lon, lat):
        """(x, y) in metres; accepts floats or numpy arrays."""
        kx, ky = self.metres_per_degree
        return (np.subtract(lon, self.lon0) * kx, np.subtract(lat, self.lat0) * ky)

    def to_lonlat(self, x, y):
        kx, ky = self.metres_per_degree
        return (np.divide(x, kx) + self.lon0, np.divide(y, ky) + self.lat0)

    def geometry_to_metres(self, geometry):
        """A geometry (or numpy array of geometries) from lon/lat into this frame."""
        return shapely.transform(geometry, lambda xy: np.column_stack(self.to_metres(*xy.T)))

    def geometry_to_lonlat(self, geometry):
        return shapely.transform(geometry, lambda xy: np.column_stack(self.to_lonlat(*xy.T)))

    def area_m2(self, geometry: BaseGeometry) -> float:
        return float(shapely.area(self.geometry_to_metres(geometry)))


@dataclass(frozen=True)
class Area:
    """A district, street or community. ``geometry`` is GeoJSON text in lon/lat."""

    code: str
    name: str
    level: Level
    parent_code: str | None
    geometry: str | None = None
    synthetic: bool = False  # the polygon was derived, not surveyed
    name_en: str | None = None  # as an English interface shows it (None: not known)

    @property
    def short_name(self) -> str:
        """The name as people say it: 多福巷社区居委会 → 多福巷社区."""
        return self.name.removesuffix("居委会")

    @cached_property
    def shape(self) -> BaseGeometry | None:
        return None if self.geometry is None else from_geojson(self.geometry)


@dataclass(frozen=True)
class GridCell:
    """A unit grid (单元网格) with its polygon in lon/lat."""

    code: str
    community_code: str
    street_code: str
    polygon: Polygon | MultiPolygon
    lon: float  # centroid
    lat: float
    area_m2: float
    row: int  # position of the grid's lattice square, counted from the district's
    col: int  # north-west corner; the serial follows (row, col)
    synthetic: bool = True

    @property
    def district_code(self) -> str:
        return self.code[:6]

    @property
    def serial(self) -> int:
        return int(self.code[12:])

    @property
    def geometry(self) -> str:
        return to_geojson(self.polygon)


class GridIndex:
    """Point → unit grid lookup over an STRtree of the grid polygons.

    A point on an edge shared by two grids (or on a corner shared by four) belongs to
    every one of them geometrically; it is given to the grid whose interior holds it if
    any, else to the one with the smallest code, so each point maps to exactly one grid.
    """

    def __init__(self, cells: Iterable[GridCell]):
        # Sorted by code: the tree's index order is then the tie-break order.
        self._cells = tuple(sorted(cells, key=lambda c: c.code))
        self._polygons = np.array([c.polygon for c in self._cells], dtype=object)
        self._codes = np.array([c.code for c in self._cells], dtype=object)
        self._by_code = {c.code: c for c in self._cells}
        self._tree = shapely.STRtree(self._polygons)
        shapely.prepare(self._polygons)

    def __len__(self) -> int:
        return len(self._cells)

    @property
    def cells(self) -> tuple[GridCell, ...]:
        return self._cells

    def cell(self, code: str) -> GridCell:
        return self._by_code[code]

    def locate(self, lon: float, lat: float) -> str | None:
        """The code of the grid holding the point, or None outside every grid."""
        point = shapely.Point(lon, lat)
        hits = np.sort(self._tree.query(point, predicate="intersects"))
        if hits.size == 0:
            return None
        if hits.size > 1:
            inside = [i for i in hits if self._polygons[i].contains(point)]
            hits = inside or hits
        return self._codes[hits[0]]

    def locate_many(self, lons, lats) -> np.ndarray:
        """Vectorised ``locate``: an object array of codes, None where nothing holds the point."""
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_idx, cell_idx = self._tree.query(points, predicate="intersects")
        on_edge = np.bincount(point_idx, minlength=len(points))[point_idx] > 1
        # Only points on shared edges need the interior test; the rest have one candidate.
        outside = np.zeros(len(point_idx), dtype=bool)
        outside[on_edge] = ~shapely.contains(self._polygons[cell_idx[on_edge]],
                                             points[point_idx[on_edge]])
        order = np.lexsort((cell_idx, outside, point_idx))
        first = order[np.unique(point_idx[order], return_index=True)[1]]
        result = np.full(len(points), None, dtype=object)
        result[point_idx[first]] = self._codes[cell_idx[first]]
        return result

    def covers(self, lon: float, lat: float) -> bool:
        """Whether the point lies in (or on the edge of) some grid."""
        return self._tree.query(shapely.Point(lon, lat), predicate="intersects").size > 0
