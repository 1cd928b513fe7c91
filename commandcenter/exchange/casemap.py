"""The mapping file of a case import: which column holds what, the value tables, the time zone.

    time_zone = "America/New_York"        # zone of naive timestamps (offsets in the data win)
    time_format = "%m/%d/%Y %I:%M:%S %p"  # strptime format, or "iso" (the default)
    id_prefix = "nyc311:"                 # makes external ids unique across systems
    source = "hotline"                    # when no source column, or its cell is empty
    urgency = "normal"

    [columns]        # our field = their column; external_id, reported_at, class, lon and
    external_id = "Unique Key"            # lat (or grid) are required
    ...
    [status]         # their status → open | closed | void (required when a status column is)
    [classes]        # their category → our minor class, "event:0101" / "component:0101"
    [departments]    # their agency → our department code
    [sources]        # their channel → supervisor | hotline | public | video | handed_down
    [relocate]       # rehearsals with another city's data: from = [west, south, east, north]
                     # is mapped linearly onto the district's extent

A value missing from a table rejects the row; a table's "*" entry is its explicit default.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from commandcenter.models.catalog import Catalog
from commandcenter.models.enums import Source, Urgency

from .problems import BadFile

FIELDS = ("external_id", "reported_at", "dispatched_at", "closed_at", "status", "department",
          "class", "lon", "lat", "grid", "source", "urgency", "description", "address")
REQUIRED = ("external_id", "reported_at", "class")
STATUSES = ("open", "closed", "void")


@dataclass(frozen=True)
class CaseMapping:
    columns: dict[str, str]
    classes: dict[str, str]
    time_zone: ZoneInfo
    time_format: str = "iso"
    id_prefix: str = ""
    source: Source = Source.HOTLINE
    urgency: Urgency = Urgency.NORMAL
    status: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    urgencies: dict[str, str] = field(default_factory=dict)
    relocate: tuple[float, float, float, float] | None = None

    def missing_columns(self, present: list[str]) -> list[str]:
        return [c for c in self.columns.values() if c not in present]


def _table(data: dict, name: str, allowed=None) -> dict[str, str]:
    table = data.get(name, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise BadFile(f"mapping [{name}]: expected their value = \"our value\" pairs")
    if allowed is not None:
        for key, value in table.items():
            if value not in allowed:
                raise BadFile(f"mapping [{name}] {key!r} = {value!r}: must be one of "
                              f"{', '.join(allowed)}")
    return {str(k): v for k, v in table.items()}


def load_mapping(path: Path, catalog: Catalog, departments: set[str]) -> CaseMapping:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadFile(f"{path}: no such mapping file") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadFile(f"mapping {Path(path).name}: {exc}") from None
    columns = _table(data, "columns")
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise BadFile(f"mapping [columns]: unknown field(s) {', '.join(unknown)}; "
                      f"known: {', '.join(FIELDS)}")
    missing = [f for f in REQUIRED if f not in columns]
    if "grid" not in columns and not {"lon", "lat"} <= set(columns):
        missing.append("lon and lat (or grid)")
    if missing:
        raise BadFile(f"mapping [columns]: missing {', '.join(missing)}")
    if "status" in columns and not data.get("status"):
        raise BadFile("mapping: a status column needs a [status] table (their value = "
                      "open | closed | void)")
    classes = _table(data, "classes")
    for key, value in classes.items():
        if value not in catalog:
            raise BadFile(f"mapping [classes] {key!r} = {value!r}: no such class in the catalog "
                          "(write kind:MMmm, e.g. event:0101)")
    dept_table = _table(data, "departments")
    for key, value in dept_table.items():
        if value not in departments:
            raise BadFile(f"mapping [departments] {key!r} = {value!r}: no such department")
    try:
        zone = ZoneInfo(str(data.get("time_zone", "Asia/Shanghai")))
    except (ZoneInfoNotFoundError, ValueError):
        raise BadFile(f"mapping time_zone {data.get('time_zone')!r}: unknown time zone") from None
    relocate = data.get("relocate", {}).get("from") if isinstance(data.get("relocate"), dict) else None
    if relocate is not None:
        if (not isinstance(relocate, list) or len(relocate) != 4
                or not all(isinstance(v, (int, float)) for v in relocate)
                or not (relocate[0] < relocate[2] and relocate[1] < relocate[3])):
            raise BadFile("mapping [relocate] from: give [west, south, east, north] in degrees")
        relocate = tuple(float(v) for v in relocate)
    try:
        source, urgency = Source(data.get("source", "hotline")), Urgency(data.get("urgency", "normal"))
    except ValueError as exc:
        raise BadFile(f"mapping: {exc}") from None
    return CaseMapping(
        columns=columns, classes=classes, time_zone=zone,
        time_format=str(data.get("time_format", "iso")), id_prefix=str(data.get("id_prefix", "")),
        source=source, urgency=urgency, status=_table(data, "status", STATUSES),
        departments=dept_table, sources=_table(data, "sources", [s.value for s in Source]),
        urgencies=_table(data, "urgencies", [u.value for u in Urgency]), relocate=relocate)
