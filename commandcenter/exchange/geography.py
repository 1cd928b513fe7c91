"""``import geography``: streets, communities or unit grids from a vector file, replacing the
level after every feature has passed every check.

Checks, each naming the feature's index (0-based, as GIS tools count) and code: the code
(length, digits, its parent's prefix, no duplicates), the parent exists one level up, the
geometry is a valid (multi)polygon in lon/lat, the unit lies inside its parent (up to
``TOLERANCE``), siblings do not overlap (same tolerance), and — for grids — each is small
enough for the point lookup. Gaps between siblings are reported with their area but do not
reject the file. Re-importing grids keeps the cases: those whose point lies in another grid
now are moved to it and listed; a case in no grid of the file rejects the file.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from commandcenter.models.codes import CodeError, Level, validate_community_code, \
    validate_grid_code, validate_street_code
from commandcenter.models.space import GridCell, GridIndex, LocalProjection, to_geojson
from commandcenter.store import geowrite
from commandcenter.store.db import Database
from commandcenter.store.geography import load_geography

from .geoio import read_vector
from .problems import BadFile, ImportRejected, Problem, Progress, no_progress

TOLERANCE_M2, TOLERANCE_SHARE = 5.0, 0.01   # outside its parent, or overlapping a sibling
GAP_M2 = 1.0                                # smaller slivers are rounding, not gaps
GRID_REACH = 0.003                          # store.spatial.locate_grid's reach, in degrees
_VALIDATE = {Level.STREET: validate_street_code, Level.COMMUNITY: validate_community_code,
             Level.GRID: validate_grid_code}
_PARENT = {Level.STREET: Level.DISTRICT, Level.COMMUNITY: Level.STREET,
           Level.GRID: Level.COMMUNITY}


@dataclass
class Unit:
    index: int
    code: str
    name: str
    parent: str
    shape: shapely.Geometry
    area_m2: float = 0.0

    @property
    def where(self) -> str:
        return f"feature {self.index} ({self.code})"


@dataclass
class GeographyReport:
    level: Level
    features: int = 0
    problems: list[Problem] = field(default_factory=list)
    gaps: list[tuple[str, float]] = field(default_factory=list)     # parent, m²
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # case number, from, to
    moved_components: int = 0
    patrols_dropped: int = 0
    dry_run: bool = False
    written: bool = False
    converted_from: str | None = None   # the file's CRS, when reprojected

    def lines(self) -> list[str]:
        out = [f"{self.features} {self.level.value} features"
               + (" (dry run: nothing written)" if self.dry_run else "")]
        if self.converted_from:
            out.append(f"coordinates converted from {self.converted_from} to CGCS2000 "
                       "longitude/latitude (EPSG:4490)")
        out += [f"problem: {p}" for p in self.problems]
        out += [f"gap of {m2:,.0f} m² inside {parent}" for parent, m2 in self.gaps]
        out += [f"case {n} moves from grid {a} to {b}" for n, a, b in self.moved]
        if self.moved_components:
            out.append(f"{self.moved_components} components move to another grid")
        if self.patrols_dropped:
            out.append(f"{self.patrols_dropped} patrol assignments to removed grids dropped")
        if self.written:
            out.append(f"replaced the {self.level.value} level")
        return out


def import_geography(db: Database, path: Path, level: str, code_field: str, *,
                     name_field: str | None = None, parent_field: str | None = None,
                     crs: str | None = None, layer: str | None = None, dry_run: bool = False,
                     progress: Progress = no_progress) -> GeographyReport:
    level = Level(level)
    data = read_vector(path, crs, layer)
    for name in filter(None, (code_field, name_field, parent_field)):
        if name not in data.fields:
            raise BadFile(f"{Path(path).name}: no field {name!r}; it has "
                          f"{', '.join(data.fields) or 'no fields'}")
    report = GeographyReport(level, len(data), dry_run=dry_run,
                             converted_from=data.converted_from)
    if not len(data):
        raise BadFile(f"{Path(path).name}: no features")
    world = load_geography(db)
    parents = {Level.DISTRICT: [world.district] if world.district else [],
               Level.STREET: list(world.streets), Level.COMMUNITY: list(world.communities)}
    parent_shapes = {a.code: a.shape for a in parents[_PARENT[level]] if a.shape is not None}
    if not parent_shapes:
        raise BadFile(f"the database has no {_PARENT[level].value} level to put "
                      f"{level.value}s in: import it first")
    frame = LocalProjection.around(shapely.union_all(list(parent_shapes.values())))
    units = _read_units(data, level, code_field, name_field, parent_field, parent_shapes,
                        frame, report, progress)
    _check_siblings(units, frame, report)
    _check_gaps(units, parent_shapes, frame, report)
    _check_children(level, {u.code for u in units}, world, report)
    case_moves, component_moves = [], []
    if level is Level.GRID and not report.problems:
        case_moves, component_moves = _regrid(db, units, report)
    if report.problems:
        if dry_run:
            return report
        raise ImportRejected(f"{Path(path).name}", report.problems)
    if dry_run:
        return report
    if level is Level.GRID:
        grids = [geowrite.NewGrid(u.code, u.code[:12], u.code[:9], to_geojson(u.shape),
                                  *_centre(u.shape), round(u.area_m2, 1)) for u in units]
        report.patrols_dropped = geowrite.replace_grids(db, grids, case_moves, component_moves)
    else:
        geowrite.replace_areas(db, level.value, [
            geowrite.NewArea(u.code, level.value, u.name, u.parent, to_geojson(u.shape))
            for u in units])
    report.written = True
    return report


def _code(value) -> str:
    return "" if value is None else str(value).strip()


def _read_units(data, level, code_field, name_field, parent_field, parent_shapes, frame,
                report, progress) -> list[Unit]:
    units, seen = [], {}
    problem = report.problems.append
    for i, shape in enumerate(data.geometries):
        code = _code(data.fields[code_field][i])
        where = f"feature {i} ({code or 'no code'})"
        progress(i, len(data))
        parent = _code(data.fields[parent_field][i]) if parent_field else code[:-3]
        try:
            _VALIDATE[level](code, parent or None)
        except CodeError as exc:
            problem(Problem(where, str(exc)))
            continue
        if code in seen:
            problem(Problem(where, f"code {code} again (first at feature {seen[code]})"))
            continue
        seen[code] = i
        if parent not in parent_shapes:
            problem(Problem(where, f"its {_PARENT[level].value} {parent} does not exist"))
            continue
        reason = _shape_problem(shape, level)
        if reason:
            problem(Problem(where, reason))
            continue
        name = _code(data.fields[name_field][i]) if name_field else ""
        unit = Unit(i, code, name or code, parent, shape, frame.area_m2(shape))
        outside = frame.area_m2(shapely.difference(shape, parent_shapes[parent]))
        if outside > max(TOLERANCE_M2, TOLERANCE_SHARE * unit.area_m2):
            problem(Problem(where, f"{outside:,.0f} m² ({outside / unit.area_m2:.0%}) lies "
                                   f"outside its {_PARENT[level].value} {parent}"))
            continue
        units.append(unit)
    progress(len(data), len(data))
    return units


def _shape_problem(shape, level: Level) -> str | None:
    if shape is None or shape.is_empty:
        return "no geometry"
    if shape.geom_type not in ("Polygon", "MultiPolygon"):
        return f"a {shape.geom_type}, not a polygon"
    if not shape.is_valid:
        return f"invalid polygon: {shapely.is_valid_reason(shape)}"
    west, south, east, north = shape.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return "coordinates are not longitude/latitude"
    if level is Level.GRID:
        centre = shape.centroid
        reach = max(abs(west - centre.x), abs(east - centre.x), abs(south - centre.y),
                    abs(north - centre.y))
        if reach > GRID_REACH:
            return (f"reaches {reach * 111_000:,.0f} m from its centre; a unit grid may reach "
                    f"{GRID_REACH * 111_000:,.0f} m")
    return None


def _check_siblings(units: list[Unit], frame, report) -> None:
    if len(units) < 2:
        return
    shapes = np.array([u.shape for u in units], dtype=object)
    left, right = shapely.STRtree(shapes).query(shapes, predicate="intersects")
    for a, b in zip(left, right):
        if a >= b or units[a].parent != units[b].parent:
            continue
        overlap = frame.area_m2(shapely.intersection(shapes[a], shapes[b]))
        smaller = min(units[a].area_m2, units[b].area_m2)
        if overlap > max(TOLERANCE_M2, TOLERANCE_SHARE * smaller):
            report.problems.append(Problem(units[b].where, f"overlaps {units[a].code} by "
                                                           f"{overlap:,.0f} m²"))


def _check_gaps(units: list[Unit], parent_shapes, frame, report) -> None:
    children = defaultdict(list)
    for u in units:
        children[u.parent].append(u.shape)
    for parent in sorted(children):
        gap = frame.area_m2(shapely.difference(parent_shapes[parent],
                                               shapely.union_all(children[parent])))
        if gap > GAP_M2:
            report.gaps.append((parent, gap))


def _check_children(level: Level, codes: set[str], world, report) -> None:
    """Units of the level below must keep their parent (grids keep their cases by regridding)."""
    below = {Level.STREET: [(c.code, c.parent_code) for c in world.communities],
             Level.COMMUNITY: [(g.code, g.community_code) for g in world.grids]}.get(level, [])
    orphans = sorted({parent for _child, parent in below if parent not in codes})
    for parent in orphans:
        count = sum(1 for _c, p in below if p == parent)
        report.problems.append(Problem(f"{level.value} {parent}", f"missing from the file, "
                                       f"but {count} stored units below it belong to it"))


def _centre(shape) -> tuple[float, float]:
    centre = shape.centroid
    if not shape.covers(centre):   # a C-shaped grid: a point surely inside it
        centre = shape.point_on_surface()
    return round(centre.x, 7), round(centre.y, 7)


def _regrid(db: Database, units: list[Unit], report) -> tuple[list, list]:
    index = GridIndex(GridCell(u.code, u.code[:12], u.code[:9], u.shape, 0, 0, u.area_m2, 0, 0)
                      for u in units)
    moves = []
    for kind, points in (("case", geowrite.case_points(db)),
                         ("component", geowrite.component_points(db))):
        if not points:
            moves.append([])
            continue
        found = index.locate_many([p.lon for p in points], [p.lat for p in points])
        mine = []
        for p, code in zip(points, found):
            if code is None:
                report.problems.append(Problem(f"{kind} {p.label}", f"at {p.lon:.6f},{p.lat:.6f} "
                                               "lies in no grid of the file"))
            elif code != p.grid_code:
                mine.append((p.id, code))
                if kind == "case":
                    report.moved.append((p.label, p.grid_code, code))
        if kind == "component":
            report.moved_components = len(mine)
        moves.append(mine)
    return moves[0], moves[1]
