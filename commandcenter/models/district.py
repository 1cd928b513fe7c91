"""The demo district: real Dongcheng (110101) divisions and outline, synthetic polygons inside.

Street and community boundaries are not published openly, so they are derived: streets
partition the real outline, communities partition their street, both as Voronoi cells of
Lloyd-relaxed seeds (near equal areas), and unit grids are a 100 m lattice clipped to each
community. Codes and names are the real ones. The derivation is deterministic for a seed.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from functools import cached_property
from typing import NamedTuple

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from commandcenter.resources import read_text

from .codes import (Level, grid_code, validate_community_code, validate_district_code,
                    validate_street_code)
from .space import Area, GridCell, GridIndex, LocalProjection, to_geojson

DISTRICT_CODE = "110101"
DEFAULT_SEED = 110101
GRID_SIZE_M = 100.0
# Clipping the lattice to community boundaries leaves slivers; below this they join a
# neighbour in the same community. Half a grid keeps the count near the ~100 m norm.
MIN_GRID_AREA_M2 = 5_000.0
SAMPLE_SPACING_M = 25.0  # density of the points the seeds are relaxed over
LLOYD_ITERATIONS = 25


# --- real data ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Divisions:
    """The district with its real streets and communities, in code order, no geometry."""

    district: Area
    streets: tuple[Area, ...]
    communities: tuple[Area, ...]

    def communities_of(self, street_code: str) -> tuple[Area, ...]:
        return tuple(c for c in self.communities if c.parent_code == street_code)


def _division_area(row: dict[str, str]) -> Area:
    level, code, parent = Level(row["level"]), row["code"], row["parent_code"]
    if level is Level.DISTRICT:
        validate_district_code(code)
        parent = None  # the file names the city (1101); our hierarchy starts at the district
    elif level is Level.STREET:
        validate_street_code(code, district=parent)
    elif level is Level.COMMUNITY:
        validate_community_code(code, street=parent)
    return Area(code=code, name=row["name"], level=level, parent_code=parent)


def load_divisions() -> Divisions:
    text = read_text("district", "dongcheng_divisions.csv")
    areas = [_division_area(row) for row in csv.DictReader(io.StringIO(text))]
    by_level = {level: tuple(sorted((a for a in areas if a.level is level), key=lambda a: a.code))
                for level in (Level.DISTRICT, Level.STREET, Level.COMMUNITY)}
    (district,) = by_level[Level.DISTRICT]
    if district.code != DISTRICT_CODE:
        raise ValueError(f"divisions file holds district {district.code}, not {DISTRICT_CODE}")
    return Divisions(district, by_level[Level.STREET], by_level[Level.COMMUNITY])


def load_outline() -> Polygon | MultiPolygon:
    """The real district outline in lon/lat (EPSG:4490)."""
    data = json.loads(read_text("district", "dongcheng_outline.geojson"))
    (feature,) = [f for f in data["features"] if f["properties"]["code"] == DISTRICT_CODE]
    outline = shapely.from_geojson(json.dumps(feature["geometry"]))
    return outline if outline.is_valid else shapely.make_valid(outline)


# --- polygon helpers (all in local metres) ----------------------------------------------

def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    """The polygon parts of an overlay result, which may also carry stray lines or points."""
    return [p for p in shapely.get_parts(geometry) if isinstance(p, Polygon) and not p.is_empty]


def _shared_lengths(piece: Polygon, others: list[BaseGeometry]) -> np.ndarray:
    """Length of border ``piece`` shares with each of ``others``."""
    return shapely.length(shapely.intersection(piece.boundary, shapely.boundary(others)))


def _merge_into(piece: Polygon, others: list[BaseGeometry]) -> int:
    """Index of the polygon ``piece`` should join: the longest shared border, else the nearest."""
    shared = _shared_lengths(piece, others)
    if shared.max(initial=0.0) > 0:
        return int(np.argmax(shared))
    return int(np.argmin(shapely.distance(piece, others)))


def _single_parts(cells: list[BaseGeometry]) -> list[Polygon]:
    """Give each cell one piece: detached bits (a Voronoi cell clipped across a bend of the
    outline) join the neighbour they share the longest border with."""
    keep, loose = [], []
    for cell in cells:
        parts = sorted(_polygons(cell), key=lambda p: p.area, reverse=True)
        keep.append(parts[0])
        loose.extend(parts[1:])
    for part in sorted(loose, key=lambda p: (-p.area, p.centroid.x, p.centroid.y)):
        target = _merge_into(part, keep)
        keep[target] = shapely.union(keep[target], part)
    return keep


# --- seeds and partitions ------------------------------------------------------------------

def _sample_points(region: BaseGeometry, spacing: float) -> np.ndarray:
    """A regular lattice of points inside ``region``, as an (n, 2) array."""
    minx, miny, maxx, maxy = region.bounds
    xs, ys = np.meshgrid(np.arange(minx + spacing / 2, maxx, spacing),
                         np.arange(miny + spacing / 2, maxy, spacing))
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(region, xs, ys)
    return np.column_stack([xs[inside], ys[inside]])


def _nearest(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the centre nearest each point."""
    # |p - c|² = |p|² - 2 p·c + |c|², and |p|² is the same for every centre.
    return ((centres ** 2).sum(axis=1) - 2 * points @ centres.T).argmin(axis=1)


def _spread_seeds(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ start, then Lloyd steps: over a uniform sample each seed's Voronoi cell
    drifts towards an equal share of the region."""
    centres = np.empty((k, 2))
    centres[0] = points[rng.integers(len(points))]
    d2 = ((points - centres[0]) ** 2).sum(axis=1)
    for j in range(1, k):
        centres[j] = points[rng.choice(len(points), p=d2 / d2.sum())]
        d2 = np.minimum(d2, ((points - centres[j]) ** 2).sum(axis=1))
    for _ in range(LLOYD_ITERATIONS):
        labels = _nearest(points, centres)
        counts = np.bincount(labels, minlength=k)
        filled = counts > 0  # an emptied seed keeps its place rather than vanish
        for axis in (0, 1):
            sums = np.bincount(labels, weights=points[:, axis], minlength=k)
            centres[filled, axis] = sums[filled] / counts[filled]
    return centres


def _north_to_south(seeds: np.ndarray) -> np.ndarray:
    """Seeds ordered north → south (west → east on ties), so neighbouring codes sit close."""
    return seeds[np.lexsort((seeds[:, 0], -seeds[:, 1]))]


def _partition(region: Polygon | MultiPolygon, k: int, rng: np.random.Generator) -> list[Polygon]:
    """``region`` cut into k near equal-area Voronoi cells, listed north → south."""
    if k == 1:
        return [region]
    seeds = _north_to_south(_spread_seeds(_sample_points(region, SAMPLE_SPACING_M), k, rng))
    cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=region, ordered=True)
    return _single_parts(list(shapely.intersection(np.array(cells.geoms), region)))


# --- unit grids ----------------------------------------------------------------------------

class _Piece(NamedTuple):
    row: int
    col: int
    polygon: Polygon


@dataclass(frozen=True)
class _Lattice:
    """Square cells anchored on the projection origin, numbered from the district's NW corner."""

    size: float
    north_index: int  # lattice index of the northernmost row
    west_index: int

    @classmethod
    def over(cls, region: BaseGeometry, size: float) -> _Lattice:
        minx, _, _, maxy = region.bounds
        return cls(size, int(np.floor(maxy / size)), int(np.floor(minx / size)))

    def pieces(self, region: Polygon) -> list[_Piece]:
        """The lattice squares clipped to ``region``; a square cut in two gives two pieces."""
        minx, miny, maxx, maxy = region.bounds
        i, j = np.meshgrid(np.arange(np.floor(minx / self.size), np.ceil(maxx / self.size)),
                           np.arange(np.floor(miny / self.size), np.ceil(maxy / self.size)))
        i, j = i.ravel().astype(int), j.ravel().astype(int)
        squares = shapely.box(i * self.size, j * self.size, (i + 1) * self.size,
                              (j + 1) * self.size)
        shapely.prepare(region)
        whole = shapely.contains_properly(region, squares)
        # Squares well inside stay exact; only the ones on the boundary need an overlay.
        clipped = squares.copy()
        clipped[~whole] = shapely.intersection(squares[~whole], region)
        return [_Piece(self.north_index - int(jj), int(ii) - self.west_index, part)
                for ii, jj, shape in zip(i, j, clipped) if not shape.is_empty
                for part in _polygons(shape)]


def _merge_slivers(pieces: list[_Piece], min_area: float) -> list[_Piece]:
    """Fold pieces under ``min_area`` into the neighbour with the longest shared border,
    smallest first; the neighbour keeps its lattice position."""
    pieces = list(pieces)
    while len(pieces) > 1:
        areas = shapely.area([p.polygon for p in pieces])
        smallest = int(np.argmin(areas))
        if areas[smallest] >= min_area:
            break
        sliver = pieces.pop(smallest)
        target = _merge_into(sliver.polygon, [p.polygon for p in pieces])
        kept = pieces[target]
        pieces[target] = kept._replace(polygon=shapely.union(kept.polygon, sliver.polygon))
    return pieces


def _west_to_east_rows(pieces: list[_Piece]) -> list[_Piece]:
    """Serial order: rows north → south, west → east within a row."""
    return sorted(pieces, key=lambda p: (p.row, p.col, p.polygon.centroid.x))


# --- the district ------------------------------------------------------------------------

@dataclass(frozen=True)
class DemoDistrict:
    district: Area
    streets: tuple[Area, ...]
    communities: tuple[Area, ...]
    grids: tuple[GridCell, ...]

    @cached_property
    def index(self) -> GridIndex:
        return GridIndex(self.grids)

    @cached_property
    def projection(self) -> LocalProjection:
        return LocalProjection.around(self.district.shape)


def _community_grids(community: Area, street: Area, polygon_m: Polygon, lattice: _Lattice,
                     projection: LocalProjection) -> list[GridCell]:
    pieces = _west_to_east_rows(_merge_slivers(lattice.pieces(polygon_m), MIN_GRID_AREA_M2))
    polygons = np.array([p.polygon for p in pieces], dtype=object)
    centroids = shapely.get_coordinates(shapely.centroid(polygons))
    lons, lats = projection.to_lonlat(centroids[:, 0], centroids[:, 1])
    return [GridCell(code=grid_code(community.code, serial), community_code=community.code,
                     street_code=street.code, polygon=shape, lon=float(lon), lat=float(lat),
                     area_m2=float(area), row=piece.row, col=piece.col)
            for serial, (piece, shape, lon, lat, area)
            in enumerate(zip(pieces, projection.geometry_to_lonlat(polygons), lons, lats,
                             shapely.area(polygons)), start=1)]


def _with_polygon(area: Area, polygon_m: Polygon, projection: LocalProjection) -> Area:
    return replace(area, geometry=to_geojson(projection.geometry_to_lonlat(polygon_m)),
                   synthetic=True)


def build_district(seed: int = DEFAULT_SEED) -> DemoDistrict:
    """Derive the demo district. The same seed gives the same polygons and codes."""
    rng = np.random.default_rng(seed)
    divisions = load_divisions()
    outline = load_outline()
    projection = LocalProjection.around(outline)
    outline_m = projection.geometry_to_metres(outline)
    lattice = _Lattice.over(outline_m, GRID_SIZE_M)

    streets, communities, grids = [], [], []
    for street, street_m in zip(divisions.streets,
                                _partition(outline_m, len(divisions.streets), rng)):
        streets.append(_with_polygon(street, street_m, projection))
        members = divisions.communities_of(street.code)
        for community, community_m in zip(members, _partition(street_m, len(members), rng)):
            communities.append(_with_polygon(community, community_m, projection))
            grids.extend(_community_grids(community, street, community_m, lattice, projection))

    district = replace(divisions.district, geometry=to_geojson(outline))
    return DemoDistrict(district, tuple(streets), tuple(communities), tuple(grids))
