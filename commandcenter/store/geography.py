"""The district's divisions and unit grids as stored (read once at start-up)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from commandcenter.models.codes import Level
from commandcenter.models.space import Area as AreaRecord

from .db import Database
from .schema import Area, Grid


@dataclass(frozen=True)
class GridShape:
    code: str
    community_code: str
    street_code: str
    geometry: str  # GeoJSON text, lon/lat
    lon: float
    lat: float
    synthetic: bool


@dataclass(frozen=True)
class Geography:
    district: AreaRecord | None
    streets: tuple[AreaRecord, ...]
    communities: tuple[AreaRecord, ...]
    grids: tuple[GridShape, ...]

    def names(self) -> dict[str, str]:
        """Street and community names by code, for labels."""
        return {a.code: a.short_name for a in (*self.streets, *self.communities)}


def load_geography(db: Database) -> Geography:
    with db.session() as session:
        areas = [AreaRecord(a.code, a.name, Level(a.level), a.parent_code, a.geometry,
                            a.synthetic, a.name_en)
                 for a in session.scalars(select(Area).order_by(Area.code))]
        grids = tuple(GridShape(*row) for row in session.execute(
            select(Grid.code, Grid.community_code, Grid.street_code, Grid.geometry, Grid.lon,
                   Grid.lat, Grid.synthetic).order_by(Grid.code)))
    by_level = {level: tuple(a for a in areas if a.level is level) for level in Level}
    district = by_level[Level.DISTRICT][0] if by_level[Level.DISTRICT] else None
    return Geography(district, by_level[Level.STREET], by_level[Level.COMMUNITY], grids)


def place_names(db: Database) -> dict[str, str]:
    """English names by Chinese name, full and short (交道口社区居委会 and 交道口社区 →
    Jiaodaokou Community), of every district, street and community that has one."""
    with db.session() as session:
        rows = session.execute(select(Area.name, Area.short_name, Area.name_en)
                               .where(Area.name_en.is_not(None))).all()
    return {chinese: english for name, short, english in rows for chinese in (name, short)}
