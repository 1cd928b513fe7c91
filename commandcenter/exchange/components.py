"""``import components``: the component registry (部件) from CSV, checked whole before writing.

Columns: ``code`` (16 digits: district 6 + major 2 + minor 2 + serial 6), ``class`` (the
code's major+minor, e.g. 0101, or ``component:0101``), ``name`` (default: the class's name),
``owner`` and ``maintainer`` (department codes; the maintainer defaults to the owner),
``state`` (完好 破损 丢失 占用; default 完好), ``lon``, ``lat``. A component in the file replaces
the stored one with its code; the others stay. One bad line rejects the file.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from commandcenter.models.catalog import load_catalog
from commandcenter.models.codes import CodeError, validate_component_code
from commandcenter.models.datum import gcj02_to_wgs84
from commandcenter.store.db import Database
from commandcenter.store.geography import load_geography
from commandcenter.store.imports import department_codes, upsert_components

from .locate import DistrictGrids
from .problems import BadFile, ImportRejected, Problem, Progress, no_progress
from .tables import Table

REQUIRED = ("code", "class", "owner", "lon", "lat")
STATES = ("完好", "破损", "丢失", "占用")


@dataclass
class ComponentReport:
    rows: int = 0
    new: int = 0
    replaced: int = 0
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        verb = "would write" if self.dry_run else "wrote"
        return f"{self.rows} components: {verb} {self.new} new, {self.replaced} replaced"


def import_components(db: Database, path: Path, *, crs: str = "EPSG:4490", dry_run: bool = False,
                      progress: Progress = no_progress) -> ComponentReport:
    table = Table(path)
    if table.suffix != ".csv":
        raise BadFile(f"{Path(path).name}: components come as CSV")
    catalog = load_catalog()
    with db.session() as s:
        departments = department_codes(s)
    district = load_geography(db).district
    grids = DistrictGrids(db)
    report = ComponentReport(dry_run=dry_run)
    rows, seen = [], {}
    for line, row in table.rows():
        if report.rows == 0:
            missing = [c for c in REQUIRED if c not in table.columns]
            if missing:
                raise BadFile(f"{Path(path).name}: no column(s) {', '.join(missing)}")
        report.rows += 1
        try:
            rows.append(_component(line, row, catalog, departments,
                                   district.code if district else None, seen))
        except ValueError as exc:
            report.problems.append(Problem(f"line {line}", str(exc)))
        if report.rows % 1000 == 0:
            progress(report.rows, None)
    if rows:
        lons, lats = np.array([r["lon"] for r in rows]), np.array([r["lat"] for r in rows])
        if crs == "GCJ-02":
            lons, lats = gcj02_to_wgs84(lons, lats)
        for r, lon, lat, grid in zip(rows, lons, lats, grids.index.locate_many(lons, lats)):
            if grid is None:
                report.problems.append(Problem(f"line {r.pop('line')}", f"{r['code']} at "
                                               f"{lon:.6f},{lat:.6f} is outside the district"))
                continue
            r.pop("line")
            r.update(lon=round(float(lon), 7), lat=round(float(lat), 7), grid_code=grid)
    progress(report.rows, report.rows)
    if report.problems:
        report.problems.sort(key=lambda p: int(p.where.split()[1]))
        raise ImportRejected(Path(path).name, report.problems)
    report.new, report.replaced = upsert_components(db, rows, dry_run=dry_run)
    return report


def _component(line: int, row: dict, catalog, departments: set[str], district: str | None,
               seen: dict[str, int]) -> dict:
    code = str(row.get("code", "")).strip()
    try:
        validate_component_code(code, district)
    except CodeError as exc:
        raise ValueError(str(exc)) from None
    if code in seen:
        raise ValueError(f"component {code} again (first on line {seen[code]})")
    seen[code] = line
    klass = str(row.get("class", "")).strip().removeprefix("component:")
    if klass != code[6:10]:
        raise ValueError(f"class {klass!r} differs from the code's major+minor {code[6:10]}")
    key = f"component:{klass}"
    if key not in catalog:
        raise ValueError(f"unknown component class {klass}")
    owner = str(row.get("owner", "")).strip()
    maintainer = str(row.get("maintainer", "") or owner).strip()
    for who, dept in (("owner", owner), ("maintainer", maintainer)):
        if dept not in departments:
            raise ValueError(f"unknown {who} department {dept!r}")
    state = str(row.get("state", "") or "完好").strip()
    if state not in STATES:
        raise ValueError(f"state {state!r} is not one of {' '.join(STATES)}")
    try:
        lon, lat = float(row.get("lon", "")), float(row.get("lat", ""))
    except ValueError:
        raise ValueError(f"lon/lat {row.get('lon')!r},{row.get('lat')!r} are not numbers") from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError("lon/lat must be finite numbers")
    name = str(row.get("name", "")).strip() or catalog.by_key(key).name
    return {"line": line, "code": code, "class_key": key, "name": name[:60],
            "owner_department": owner, "maintainer_department": maintainer, "state": state,
            "lon": lon, "lat": lat}
