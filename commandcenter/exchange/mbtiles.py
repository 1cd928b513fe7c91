"""MBTiles raster tile packages: check one, read its tiles, write one.

An MBTiles file is SQLite with ``tiles(zoom_level, tile_column, tile_row, tile_data)``,
rows numbered in TMS order (row 0 at the south), and ``metadata(name, value)`` with
``name``, ``format``, ``bounds``, ``minzoom``, ``maxzoom``. Maps ask for XYZ tiles (row 0
at the north): ``row = 2**z - 1 - y``. No Qt here: the map's URL scheme handler reads
through ``MBTilesReader`` on its own worker threads.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

# The raster formats a browser draws, with the content type they are served as.
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                 "webp": "image/webp"}
_MAGIC = ((b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpg"), (b"RIFF", "webp"))


class MBTilesError(ValueError):
    """A file that is no usable raster tile package; ``reason`` says why, for the
    interface's own words: missing, unreadable, not_sqlite, no_tiles, empty, format."""

    def __init__(self, reason: str, path: str, detail: str):
        super().__init__(f"{path}: {detail}")
        self.reason = reason
        self.path = path
        self.detail = detail


@dataclass(frozen=True)
class TileSetInfo:
    path: str
    name: str
    format: str
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float] | None  # west, south, east, north
    attribution: str = ""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def _connect(path: str) -> sqlite3.Connection:
    """Read-only: a tile package is never written through here, and may sit on a share."""
    uri = "file:" + quote(Path(path).resolve().as_posix(), safe="/:") + "?mode=ro"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _int_or(value: str | None, fallback: int) -> int:
    try:
        return int(float(value)) if value is not None else fallback
    except ValueError:
        return fallback


def _bounds(text: str | None) -> tuple[float, float, float, float] | None:
    try:
        west, south, east, north = (float(v) for v in (text or "").split(","))
    except ValueError:
        return None
    if -180 <= west < east <= 180 and -90 <= south < north <= 90:
        return west, south, east, north
    return None


def read_info(path: str | os.PathLike) -> TileSetInfo:
    """Check that ``path`` is a raster MBTiles file the map can show and describe it;
    raises ``MBTilesError``. Cheap on any size: a few indexed reads, no full scan."""
    path = str(path)
    if not path or not os.path.isfile(path):
        raise MBTilesError("missing", path, "no such file")
    if not os.access(path, os.R_OK):
        raise MBTilesError("unreadable", path, "not readable")
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise MBTilesError("unreadable", path, str(exc)) from None
    try:
        try:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(tiles)")}
        except sqlite3.DatabaseError as exc:  # "file is not a database"
            raise MBTilesError("not_sqlite", path, str(exc)) from None
        if not {"zoom_level", "tile_column", "tile_row", "tile_data"} <= columns:
            raise MBTilesError("no_tiles", path, "no tiles table")
        try:
            meta = dict(conn.execute("SELECT name, value FROM metadata"))
        except sqlite3.DatabaseError:
            meta = {}
        try:
            first = conn.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
            low, high = conn.execute(
                "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        except sqlite3.DatabaseError as exc:
            raise MBTilesError("not_sqlite", path, str(exc)) from None
        if first is None:
            raise MBTilesError("empty", path, "no tiles")
    finally:
        conn.close()
    fmt = (meta.get("format") or _sniff(first[0]) or "").lower()
    if fmt not in CONTENT_TYPES:
        raise MBTilesError("format", path, f"tile format {fmt or 'unknown'!r} is not a "
                                           "raster image (png, jpg or webp)")
    return TileSetInfo(path=path, name=meta.get("name") or Path(path).stem, format=fmt,
                       min_zoom=_int_or(meta.get("minzoom"), low),
                       max_zoom=_int_or(meta.get("maxzoom"), high),
                       bounds=_bounds(meta.get("bounds")),
                       attribution=meta.get("attribution") or "")


def _sniff(data: bytes | None) -> str | None:
    for magic, fmt in _MAGIC:
        if data and data.startswith(magic):
            return fmt
    return None


class MBTilesReader:
    """Tiles by XYZ address, one read-only connection per thread that asks."""

    def __init__(self, path: str | os.PathLike):
        self.path = str(path)
        self._local = threading.local()

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's bytes, or None when the package has none there."""
        if z < 0 or z > 30 or not (0 <= x < 1 << z and 0 <= y < 1 << z):
            return None
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = _connect(self.path)
        row = conn.execute("SELECT tile_data FROM tiles WHERE zoom_level = ? AND "
                           "tile_column = ? AND tile_row = ?",
                           (z, x, (1 << z) - 1 - y)).fetchone()
        return bytes(row[0]) if row else None


def write_mbtiles(path: str | os.PathLike, tiles: Iterable[tuple[int, int, int, bytes]],
                  metadata: dict[str, str]) -> int:
    """Write a new package at ``path`` (replacing any): ``tiles`` as (z, x, y, data) in XYZ
    order. Written beside and renamed into place, so a reader never sees half a file.
    Returns the number of tiles."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        conn.executescript("""
            PRAGMA page_size = 4096;
            CREATE TABLE metadata (name TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                tile_data BLOB);
        """)
        conn.executemany("INSERT INTO metadata VALUES (?, ?)",
                         [(k, str(v)) for k, v in metadata.items()])
        count = 0
        with conn:
            for z, x, y, data in tiles:
                conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                             (z, x, (1 << z) - 1 - y, sqlite3.Binary(data)))
                count += 1
        conn.execute("CREATE UNIQUE INDEX tile_index ON tiles "
                     "(zoom_level, tile_column, tile_row)")
        conn.commit()
    finally:
        conn.close()
    os.replace(partial, path)
    return count
