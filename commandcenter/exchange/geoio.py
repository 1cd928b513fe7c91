"""Reading vector files with pyogrio (GDAL inside its wheel): GeoJSON, Shapefile (a .shp
beside its sidecars, or all of them in a .zip) and GeoPackage, into shapely geometries in
the stored datum and plain attribute values.

pyogrio rather than pyshp: one reader for all three formats (pyshp reads only shapefiles),
GDAL's handling of code pages and .prj files, and no GeoPandas pulled in. Coordinates in any
other CRS — a projected one such as CGCS2000 / 3-degree Gauss-Kruger (EPSG:4513–4554) or
UTM, or another datum — are reprojected with pyproj (PROJ); GCJ-02, which no CRS registry
describes, is converted by ``models.datum``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from commandcenter.models.datum import gcj02_to_wgs84

from .problems import BadFile

SUFFIXES = (".geojson", ".json", ".shp", ".zip", ".gpkg")
STORED = "EPSG:4490"     # CGCS2000 longitude/latitude
GCJ02 = "GCJ-02"
# Lon/lat taken as they are: CGCS2000 and WGS84 agree within a metre here.
_AS_STORED = {4490, 4326}


@dataclass(frozen=True)
class VectorFile:
    geometries: np.ndarray       # shapely geometries, lon/lat in the stored datum
    fields: dict[str, list[Any]]
    crs: str | None              # what the file declares
    converted_from: str | None = None   # the CRS reprojected from, when not the stored one

    def __len__(self) -> int:
        return len(self.geometries)


def layers(path: Path) -> list[str]:
    """The layers of a file (a GeoPackage may hold several), in the file's order."""
    import pyogrio
    from pyogrio.errors import DataSourceError
    try:
        return [str(name) for name, _kind in pyogrio.list_layers(Path(path))]
    except DataSourceError as exc:
        raise BadFile(f"{Path(path).name}: cannot be read ({exc})") from None


def read_vector(path: Path, crs: str | None = None, layer: str | None = None) -> VectorFile:
    """``crs``: the coordinates' CRS when the file declares none or declares it wrongly
    (``EPSG:xxxx``, anything PROJ knows, or ``GCJ-02``); by default the file's own, else
    CGCS2000 longitude/latitude."""
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise BadFile(f"{path.name}: unsupported file type; use GeoJSON, a Shapefile "
                      "(.shp or .zip) or a GeoPackage (.gpkg)")
    if not path.exists():
        raise BadFile(f"{path}: no such file")
    names = layers(path)
    if layer is not None and layer not in names:
        raise BadFile(f"{path.name}: no layer {layer!r}; it has {', '.join(names)}")
    try:
        meta, _fids, wkb, values = pyogrio.raw.read(path, layer=layer or (names[0] if names else None))
    except (DataSourceError, DataLayerError) as exc:
        raise BadFile(f"{path.name}: cannot be read ({exc})") from None
    declared = meta.get("crs")
    geometries = shapely.from_wkb(wkb)
    source = crs or declared or STORED
    if source.upper() == GCJ02:
        geometries = shapely.transform(
            geometries, lambda xy: np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1])))
        converted = GCJ02
    else:
        geometries, converted = _to_stored(geometries, source, path.name)
    fields = {name: [_plain(v) for v in column] for name, column in zip(meta["fields"], values)}
    return VectorFile(geometries, fields, declared, converted)


def _to_stored(geometries: np.ndarray, source: str, name: str) -> tuple[np.ndarray, str | None]:
    """Reproject to CGCS2000 lon/lat (the axis order x = east, y = north throughout)."""
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError
    try:
        crs = CRS.from_user_input(source)
    except CRSError:
        raise BadFile(f"{name}: unknown coordinate reference system {source!r} (give "
                      "EPSG:xxxx or GCJ-02)") from None
    if crs.to_epsg() in _AS_STORED or crs.equals(CRS("OGC:CRS84")):
        return geometries, None
    to_stored = Transformer.from_crs(crs, CRS(STORED), always_xy=True)

    def transform(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(to_stored.transform(xy[:, 0], xy[:, 1]))

    label = f"EPSG:{crs.to_epsg()}" if crs.to_epsg() else crs.name
    return shapely.transform(geometries, transform), f"{label} ({crs.name})"


def _plain(value: Any) -> Any:
    """numpy scalars as Python values; integral floats (codes stored as numbers) as ints."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
