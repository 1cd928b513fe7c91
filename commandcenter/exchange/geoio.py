"""Reading vector files with pyogrio (GDAL inside its wheel): GeoJSON, Shapefile (a .shp
beside its sidecars, or all of them in a .zip) and GeoPackage, into shapely geometries and
plain attribute values.

pyogrio rather than pyshp: one reader for all three formats (pyshp reads only shapefiles),
GDAL's handling of code pages and .prj files, and no GeoPandas or pandas pulled in.
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
DATUMS = ("EPSG:4490", "EPSG:4326", "GCJ-02")
# Geographic CRSs whose lon/lat we take as ours: CGCS2000 and WGS84 agree within a metre.
_LONLAT = {"EPSG:4490", "EPSG:4326", "OGC:CRS84", "EPSG:4610", "EPSG:4214"}


@dataclass(frozen=True)
class VectorFile:
    geometries: np.ndarray       # shapely geometries, lon/lat in the stored datum
    fields: dict[str, list[Any]]
    crs: str | None

    def __len__(self) -> int:
        return len(self.geometries)


def read_vector(path: Path, datum: str = "EPSG:4490", layer: str | None = None) -> VectorFile:
    import pyogrio
    from pyogrio.errors import DataSourceError, DataLayerError
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise BadFile(f"{path.name}: unsupported file type; use GeoJSON, a Shapefile "
                      "(.shp or .zip) or a GeoPackage (.gpkg)")
    if not path.exists():
        raise BadFile(f"{path}: no such file")
    if datum not in DATUMS:
        raise BadFile(f"--crs {datum}: use one of {', '.join(DATUMS)}")
    try:
        meta, _fids, wkb, values = pyogrio.raw.read(path, layer=layer)
    except (DataSourceError, DataLayerError) as exc:
        raise BadFile(f"{path.name}: cannot be read ({exc})") from None
    crs = meta.get("crs")
    if crs and crs.upper() not in _LONLAT:
        raise BadFile(f"{path.name}: coordinates are in {crs}; give longitude/latitude in "
                      "CGCS2000 (EPSG:4490), WGS84 (EPSG:4326) or GCJ-02")
    geometries = shapely.from_wkb(wkb)
    if datum == "GCJ-02":
        geometries = shapely.transform(
            geometries, lambda xy: np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1])))
    fields = {name: [_plain(v) for v in column] for name, column in zip(meta["fields"], values)}
    return VectorFile(geometries, fields, crs)


def _plain(value: Any) -> Any:
    """numpy scalars as Python values; integral floats (codes stored as numbers) as ints."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
