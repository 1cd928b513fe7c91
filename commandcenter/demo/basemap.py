"""A basemap drawn from the district's own geometry, as an MBTiles file: the demo shows
tiles under its overlays with no tile server.

Drawn with Pillow a row of tiles at a time (geometry at twice the size and reduced, so
lines are smooth; names at the final size): land in quiet tints per street, street and community
boundaries, the district's boundary as a soft band, unit grid lines at the highest zooms,
and names where the map's own labels have none (see NAMES). Names need a CJK font from
the system; without one the tiles carry no names.

The file lives in the user data folder under a name taken from the geometry's
fingerprint, so every database holding the same district shares one file, and a changed
district gets a new one.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from PIL import Image, ImageDraw, ImageFont
from shapely.geometry.base import BaseGeometry

from commandcenter.exchange.mbtiles import write_mbtiles
from commandcenter.store.db import Database
from commandcenter.store.geography import Geography, load_geography

from .fonts import cjk_font

log = logging.getLogger(__name__)

MIN_ZOOM, MAX_ZOOM = 11, 16
STYLE_VERSION = 4  # part of the fingerprint: a new style draws a new file
SUPERSAMPLE = 2
OUTSIDE = (230, 234, 239)        # the map page's own background, so the edge never shows
TINTS = [(245, 243, 236), (238, 242, 233), (236, 241, 244), (245, 239, 238),
         (241, 238, 245), (244, 241, 229)]
GRID_LINE = (226, 222, 212)
COMMUNITY_LINE = (212, 206, 194)
STREET_LINE = (190, 182, 168)
DISTRICT_BAND = (214, 205, 226)
DISTRICT_LINE = (150, 136, 176)
HALO = (250, 249, 246)
# Names only where the map's own labels have none: those name streets up to zoom 14.5 and
# communities from 14, in the interface language and clear of the case markers, and case
# rings cover the district when zoomed out. So the basemap names the street as a faint
# spaced watermark once the view is down among its communities.
# Level → (zoom range, size at its first zoom, px more per zoom).
NAMES = {"street": ((15, 16), 20, 6)}
LABEL_COLOURS = {"street": (178, 168, 150)}
PAD_DEGREES = 0.02  # the tiles reach this far round the district
PALETTE_SIZE = 64  # colours in every tile: the style's own and the blends at their edges


@dataclass
class BuildResult:
    path: Path
    tiles: int
    bytes: int
    seconds: float
    per_zoom: dict[int, int] = field(default_factory=dict)
    labels: bool = True


# --- where the file lives -------------------------------------------------------------------

FOLDER_VARIABLE = "COMMANDCENTER_BASEMAP_DIR"  # elsewhere than the user data folder


def basemap_folder() -> Path:
    if os.environ.get(FOLDER_VARIABLE):
        return Path(os.environ[FOLDER_VARIABLE])
    from platformdirs import user_data_path
    return user_data_path("commandcenter", appauthor=False, ensure_exists=True) / "basemaps"


def fingerprint(geo: Geography, min_zoom: int = MIN_ZOOM, max_zoom: int = MAX_ZOOM) -> str:
    digest = hashlib.sha256(f"{STYLE_VERSION}:{min_zoom}:{max_zoom}".encode())
    areas = ([geo.district] if geo.district else []) + list(geo.streets) + list(geo.communities)
    for area in areas:
        digest.update(f"{area.code}|{area.name}|{area.geometry}\n".encode())
    for grid in geo.grids:
        digest.update(f"{grid.code}|{grid.geometry}\n".encode())
    return digest.hexdigest()[:16]


def district_basemap_path(geo: Geography, folder: Path | None = None) -> Path:
    code = geo.district.code if geo.district else "district"
    return (folder or basemap_folder()) / f"{code}-{fingerprint(geo)}.mbtiles"


def ensure_district_basemap(db: Database, folder: Path | None = None,
                            progress: Callable[[str], None] = lambda _m: None) -> Path | None:
    """The district's basemap file, drawn first if it is not there yet; None when the
    database holds no district outline."""
    geo = load_geography(db)
    if geo.district is None or geo.district.geometry is None:
        return None
    path = district_basemap_path(geo, folder)
    if not path.exists():
        result = build_basemap(geo, path, progress=progress)
        log.info("basemap: %d tiles, %.1f MB in %.1f s → %s", result.tiles,
                 result.bytes / 1e6, result.seconds, path)
    return path


# --- Web Mercator pixels ---------------------------------------------------------------------

def _to_world(geometry: BaseGeometry) -> BaseGeometry:
    """lon/lat → pixels at zoom 0 (256 across the world, y down)."""
    def project(xy: np.ndarray) -> np.ndarray:
        lat = np.clip(xy[:, 1], -85.0511, 85.0511) * np.pi / 180
        return np.column_stack([(xy[:, 0] + 180) / 360 * 256,
                                (1 - np.log(np.tan(lat) + 1 / np.cos(lat)) / np.pi) / 2 * 256])
    return shapely.transform(geometry, project)


def _tile_range(bounds: tuple[float, float, float, float], z: int) -> Iterator[tuple[int, int]]:
    west, south, east, north = bounds
    corner = _to_world(shapely.points([(west, north), (east, south)]))
    (x0, y0), (x1, y1) = (shapely.get_coordinates(corner) * (1 << z) / 256).astype(int)
    for x in range(max(x0, 0), min(x1, (1 << z) - 1) + 1):
        for y in range(max(y0, 0), min(y1, (1 << z) - 1) + 1):
            yield x, y


# --- the drawing -----------------------------------------------------------------------------

@dataclass
class _Label:
    text: str
    x: float  # world pixels at zoom 0
    y: float
    level: str


@dataclass
class _Scene:
    """The district in world pixels, with an index of what to draw per tile."""

    district: BaseGeometry
    streets: np.ndarray
    tints: list[tuple[int, int, int]]
    communities: np.ndarray
    grids: np.ndarray
    labels: dict[str, list[_Label]]

    def __post_init__(self) -> None:
        self.street_index = shapely.STRtree(self.streets)
        self.community_index = shapely.STRtree(self.communities)
        self.grid_index = shapely.STRtree(self.grids)

    @classmethod
    def of(cls, geo: Geography) -> _Scene:
        def shape(item) -> BaseGeometry:
            return shapely.from_geojson(item.geometry)

        streets = [s for s in geo.streets if s.geometry]
        communities = [c for c in geo.communities if c.geometry]
        street_shapes = [shape(s) for s in streets]
        community_shapes = [shape(c) for c in communities]
        # The map writes each community's name on its point_on_surface (map.geojson).
        taken = np.array([(p.x, p.y) for p in (c.point_on_surface() for c in community_shapes)])
        labels: dict[str, list[_Label]] = {"street": []}
        for street, geom in zip(streets, street_shapes):
            point = _to_world(_clear_spot(geom, taken))
            labels["street"].append(_Label(" ".join(street.short_name), point.x, point.y,
                                           "street"))

        def world(shapes) -> np.ndarray:
            return np.array([_to_world(g) for g in shapes], dtype=object)

        return cls(district=_to_world(shape(geo.district)), streets=world(street_shapes),
                   tints=_colour_apart(street_shapes), communities=world(community_shapes),
                   grids=world(shape(g) for g in geo.grids), labels=labels)


def _clear_spot(area: BaseGeometry, taken: np.ndarray, steps: int = 9) -> BaseGeometry:
    """A point inside ``area`` near its middle and away from the ``taken`` label points
    (lon/lat): the street's watermark then sits between its communities' names. Names are
    wide, so sideways distance counts for less."""
    west, south, east, north = area.bounds
    xs, ys = np.meshgrid(np.linspace(west, east, steps + 2)[1:-1],
                         np.linspace(south, north, steps + 2)[1:-1])
    candidates = shapely.points(xs.ravel(), ys.ravel())
    candidates = candidates[shapely.contains(area, candidates)]
    if not len(candidates) or not len(taken):
        return area.point_on_surface()
    xy = shapely.get_coordinates(candidates)
    squash = np.array([0.35 * np.cos(np.radians((south + north) / 2)), 1.0])
    nearest = np.min(np.linalg.norm((xy[:, None, :] - taken[None, :, :]) * squash, axis=2), axis=1)
    centre = area.centroid
    off_centre = np.linalg.norm((xy - (centre.x, centre.y)) * squash, axis=1)
    return candidates[int(np.argmax(nearest - 0.25 * off_centre))]


def _colour_apart(shapes: Sequence[BaseGeometry]) -> list[tuple[int, int, int]]:
    """A tint per street, neighbours different (greedy colouring of the touching graph)."""
    tree = shapely.STRtree(shapes)
    chosen: list[int] = []
    for i, geom in enumerate(shapes):
        taken = {chosen[j] for j in tree.query(geom.buffer(1e-6), predicate="intersects")
                 if j < i}
        chosen.append(next(k for k in range(len(TINTS)) if k not in taken)
                      if len(taken) < len(TINTS) else i % len(TINTS))
    return [TINTS[k] for k in chosen]


def _rings(geometry: BaseGeometry) -> Iterator[tuple[np.ndarray, bool]]:
    """(coordinates, is_hole) of every ring of a polygon or multipolygon."""
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        yield np.asarray(polygon.exterior.coords), False
        for hole in polygon.interiors:
            yield np.asarray(hole.coords), True


class _TileDrawer:
    def __init__(self, scene: _Scene, font_path: tuple[str, int] | None):
        self.scene = scene
        self.font_spec = font_path
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}
        self._placed: dict[int, list] = {}

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        if size not in self._fonts:
            path, index = self.font_spec
            self._fonts[size] = ImageFont.truetype(path, size, index=index)
        return self._fonts[size]

    def labels_at(self, z: int) -> list[tuple[_Label, tuple[float, float, float, float], int]]:
        """The names written at zoom ``z`` with their boxes in world pixels at ``z`` and
        their size:
        placed once per zoom (so a name crossing tiles is whole), none over another."""
        if z in self._placed:
            return self._placed[z]
        placed: list = []
        if self.font_spec is not None:
            scale = 1 << z
            for level, ((low, high), first, step) in NAMES.items():
                if not low <= z <= high:
                    continue
                size = first + step * (z - low)
                for label in self.scene.labels[level]:
                    width = self.font(size).getlength(label.text)
                    x, y = label.x * scale, label.y * scale
                    box = (x - width / 2 - 3, y - size / 2 - 3, x + width / 2 + 3, y + size / 2 + 3)
                    if not any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3]
                               and box[1] < b[3] for _, b, _s in placed):
                        placed.append((label, box, size))
        self._placed[z] = placed
        return placed

    def draw_row(self, z: int, y: int, x0: int, x1: int) -> Image.Image:
        """Tiles ``x0``…``x1`` of row ``y`` as one strip, 256 px high: each shape and name
        is drawn once for the row instead of once per tile."""
        s = SUPERSAMPLE
        scale = (1 << z) * s
        ox, oy = x0 * 256 * s, y * 256 * s
        width, height = (x1 - x0 + 1) * 256 * s, 256 * s
        image = Image.new("RGB", (width, height), OUTSIDE)
        pen = ImageDraw.Draw(image)
        pad = shapely.box((ox - 16) / scale, (oy - 16) / scale, (ox + width + 16) / scale,
                          (oy + height + 16) / scale)
        offset = np.array([ox, oy], dtype=float)

        def pixels(coords: np.ndarray) -> list[float]:
            return (coords * scale - offset).ravel().tolist()

        def fill(geometry: BaseGeometry, colour) -> None:
            for ring, hole in _rings(geometry):
                pen.polygon(pixels(ring), fill=OUTSIDE if hole else colour)

        def outline(geometry: BaseGeometry, colour, line_width: float) -> None:
            for ring, _hole in _rings(geometry):
                pen.line(pixels(ring), fill=colour, width=max(1, round(line_width * s)),
                         joint="curve")

        scene = self.scene
        streets = [k for k in scene.street_index.query(pad)]
        for k in sorted(streets):
            fill(scene.streets[k], scene.tints[k])
        if z >= 15:
            for k in scene.grid_index.query(pad):
                outline(scene.grids[k], GRID_LINE, 1)
        if z >= 13:
            for k in scene.community_index.query(pad):
                outline(scene.communities[k], COMMUNITY_LINE, 1 if z < 15 else 1.3)
        for k in sorted(streets):
            outline(scene.streets[k], STREET_LINE, 1.2 if z < 14 else 1.8)
        outline(scene.district, DISTRICT_BAND, 3 if z <= 12 else 5 if z <= 14 else 8)
        outline(scene.district, DISTRICT_LINE, 1.2)
        image = image.reduce(s)
        self._write_names(image, z, x0 * 256, y * 256)
        return image

    def _write_names(self, image: Image.Image, z: int, left: int, top: int) -> None:
        right, bottom = left + image.width, top + image.height
        pen = ImageDraw.Draw(image)
        for label, box, size in self.labels_at(z):
            if box[2] < left or box[0] > right or box[3] < top or box[1] > bottom:
                continue
            cx, cy = (box[0] + box[2]) / 2 - left, (box[1] + box[3]) / 2 - top
            pen.text((cx, cy), label.text, font=self.font(size),
                     fill=LABEL_COLOURS[label.level], anchor="mm", stroke_width=2,
                     stroke_fill=HALO)


def _palette(drawer: _TileDrawer, bounds, zooms: Sequence[int]) -> Image.Image:
    """One palette for every tile: the style's own colours exactly (so a tint never
    changes shade from one tile to the next), then the blends a middle row of tiles at
    each of ``zooms`` shows (smoothed edges, names)."""
    rows = []
    for z in zooms:
        tiles = list(_tile_range(bounds, z))
        y = sorted({t[1] for t in tiles})[len({t[1] for t in tiles}) // 2]
        xs = [t[0] for t in tiles if t[1] == y]
        rows.append(drawer.draw_row(z, y, min(xs), max(xs)))
    sample = Image.new("RGB", (max(r.width for r in rows), 256 * len(rows)), OUTSIDE)
    for k, row in enumerate(rows):
        sample.paste(row, (0, 256 * k))
    own = [OUTSIDE, *TINTS, GRID_LINE, COMMUNITY_LINE, STREET_LINE, DISTRICT_BAND,
           DISTRICT_LINE, HALO, *(label_colour for label_colour in LABEL_COLOURS.values())]
    blends = sample.quantize(colors=PALETTE_SIZE - len(own), method=Image.Quantize.MEDIANCUT,
                             dither=Image.Dither.NONE).getpalette()
    palette = Image.new("P", (1, 1))
    palette.putpalette([c for colour in own for c in colour] + blends[:3 * (PALETTE_SIZE - len(own))])
    return palette


def _pngs(strip: Image.Image, palette: Image.Image) -> list[bytes]:
    """The strip's tiles as palette PNGs (~2 kB each against ~5 kB in RGB)."""
    indexed = strip.quantize(palette=palette, dither=Image.Dither.NONE)
    tiles = []
    for left in range(0, strip.width, 256):
        out = io.BytesIO()
        indexed.crop((left, 0, left + 256, 256)).save(out, format="PNG", compress_level=6)
        tiles.append(out.getvalue())
    return tiles


def build_basemap(geo: Geography, out: Path, *, min_zoom: int = MIN_ZOOM,
                  max_zoom: int = MAX_ZOOM,
                  progress: Callable[[str], None] = lambda _m: None) -> BuildResult:
    """Draw the district's tiles for zooms ``min_zoom``…``max_zoom`` into ``out``."""
    if geo.district is None or geo.district.geometry is None:
        raise ValueError("the database holds no district outline to draw a basemap from")
    if not 0 <= min_zoom <= max_zoom <= 20:
        raise ValueError("zooms must satisfy 0 ≤ min ≤ max ≤ 20")
    began = time.perf_counter()
    scene = _Scene.of(geo)
    font = cjk_font()
    if font is None:
        log.warning("basemap: no CJK font found; the tiles carry no names")
    drawer = _TileDrawer(scene, font)
    west, south, east, north = shapely.bounds(shapely.from_geojson(geo.district.geometry))
    bounds = (west - PAD_DEGREES, south - PAD_DEGREES, east + PAD_DEGREES, north + PAD_DEGREES)
    per_zoom: dict[int, int] = {}
    reach = shapely.buffer(scene.district, 0)  # world px at zoom 0

    def tiles() -> Iterator[tuple[int, int, int, bytes]]:
        palette = _palette(drawer, bounds, sorted({min(13, max_zoom), max_zoom}))
        blank = _pngs(Image.new("RGB", (256, 256), OUTSIDE), palette)[0]
        for z in range(min_zoom, max_zoom + 1):
            progress(f"basemap: drawing zoom {z}…")
            rows: dict[int, list[int]] = {}
            for x, y in _tile_range(bounds, z):
                rows.setdefault(y, []).append(x)
            size = 256 / (1 << z)
            for y, xs in sorted(rows.items()):
                # Tiles that touch the district (with a margin for its boundary band) are
                # drawn; the rest of the bounds share one plain tile.
                inside = [x for x in xs if shapely.intersects(reach, shapely.box(
                    (x - 0.1) * size, (y - 0.1) * size, (x + 1.1) * size, (y + 1.1) * size))]
                drawn = {}
                if inside:
                    x0, x1 = min(inside), max(inside)
                    drawn = dict(zip(range(x0, x1 + 1), _pngs(drawer.draw_row(z, y, x0, x1), palette)))
                for x in xs:
                    per_zoom[z] = per_zoom.get(z, 0) + 1
                    yield z, x, y, drawn.get(x, blank)

    name = geo.district.short_name if geo.district else "district"
    count = write_mbtiles(out, tiles(), {
        "name": f"{name} 区划底图", "format": "png", "type": "baselayer", "version": "1",
        "description": "drawn from the district's street and community outlines",
        "bounds": ",".join(f"{v:.6f}" for v in bounds),
        "center": f"{(west + east) / 2:.6f},{(south + north) / 2:.6f},{min(max_zoom, 13)}",
        "minzoom": str(min_zoom), "maxzoom": str(max_zoom),
        "attribution": "区划示意底图"})
    return BuildResult(path=out, tiles=count, bytes=out.stat().st_size,
                       seconds=time.perf_counter() - began, per_zoom=per_zoom,
                       labels=font is not None)
