"""A small district for exchange tests: one street, two communities and 4 × 4 unit grids of
0.002° (≈ 170 m × 220 m), with their polygons."""
from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from commandcenter.models.space import to_geojson
from sqlalchemy import delete

from commandcenter.store.db import open_database
from commandcenter.store.schema import Area, Component, Grid

from .conftest import seed_world

DATA = Path(__file__).parent / "data" / "exchange"
STREET = "110101001"
COMMUNITIES = ("110101001001", "110101001002")
WEST, SOUTH, STEP = 116.400, 39.912, 0.002


def block_cells():
    """(code, community, polygon) west→east, north→south; the west half is community 001.
    Serials start at 101, apart from the shared world's grids 001 and 002 (removed here)."""
    cells = []
    for row in range(4):
        for col in range(4):
            community = COMMUNITIES[0] if col < 2 else COMMUNITIES[1]
            lon, lat = WEST + col * STEP, SOUTH + (3 - row) * STEP
            cells.append((community, shapely.box(lon, lat, lon + STEP, lat + STEP)))
    serial: dict[str, int] = {}
    out = []
    for community, poly in cells:
        serial[community] = serial.get(community, 0) + 1
        out.append((f"{community}{100 + serial[community]:03d}", community, poly))
    return out


def seed_block(db) -> None:
    """The shared world's users and departments, with this block as its only grids."""
    seed_world(db)
    cells = block_cells()
    with db.session() as s:
        s.execute(delete(Component))
        s.execute(delete(Grid))
        whole = shapely.box(WEST, SOUTH, WEST + 4 * STEP, SOUTH + 4 * STEP)
        s.add(Area(code="110101", level="district", name="东城区", short_name="东城区",
                   parent_code=None, geometry=to_geojson(shapely.box(116.39, 39.90, 116.42, 39.93)),
                   synthetic=True))
        s.add(Area(code=STREET, level="street", name="东华门街道", short_name="东华门街道",
                   parent_code="110101", geometry=to_geojson(whole), synthetic=True))
        for i, community in enumerate(COMMUNITIES):
            half = shapely.box(WEST + i * 2 * STEP, SOUTH, WEST + (i + 1) * 2 * STEP, SOUTH + 4 * STEP)
            s.add(Area(code=community, level="community", name=f"测试{i + 1}社区居委会",
                       short_name=f"测试{i + 1}社区", parent_code=STREET,
                       geometry=to_geojson(half), synthetic=True))
        for code, community, poly in cells:
            s.add(Grid(code=code, community_code=community, street_code=STREET,
                       geometry=to_geojson(poly), lon=poly.centroid.x, lat=poly.centroid.y,
                       area_m2=40_000.0, synthetic=True))


@pytest.fixture(name="db")
def block_db(db_url):
    """A database holding the block (SQLite and PostgreSQL); import it as ``block_db``."""
    database = open_database(db_url)
    seed_block(database)
    yield database
    database.dispose()
