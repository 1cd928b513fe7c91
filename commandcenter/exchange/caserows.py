"""One row of an old system's export → one imported case with the events it implies.

Pure functions over a :class:`CaseMapping`; locating the point in a grid and writing are the
caller's. A row that cannot become a case raises :class:`RowError` with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from commandcenter.models.case import Action
from commandcenter.models.catalog import Catalog
from commandcenter.models.enums import Source, Stage, Urgency
from commandcenter.models.policy import Policy

from .casemap import CaseMapping

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
IMPORT_ACTOR = "import"
_SOURCES = {s.value for s in Source}
_URGENCIES = {u.value for u in Urgency}


class RowError(ValueError):
    pass


class ImportedEvent(NamedTuple):   # a tuple: a million cases make several million of them
    action: Action
    at: datetime
    from_stage: Stage | None
    to_stage: Stage
    payload: dict[str, Any]


@dataclass(slots=True)
class ImportedCase:
    line: int
    external_id: str
    source: str
    kind: str
    class_key: str
    urgency: str
    lon: float
    lat: float
    description: str
    address: str
    department_code: str | None
    status: str
    reported_at: datetime
    dispatched_at: datetime | None
    closed_at: datetime | None
    grid_code: str | None = None
    stage: Stage = Stage.INTAKE
    stage_started_at: datetime | None = None
    deadline: datetime | None = None
    handle_started_at: datetime | None = None
    handle_deadline: datetime | None = None
    version: int = 1

    @property
    def updated_at(self) -> datetime:
        return self.closed_at or self.handle_started_at or self.reported_at


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_time(value: Any, mapping: CaseMapping, what: str) -> datetime | None:
    """A timestamp of the export as naive district time (Asia/Shanghai); None when empty."""
    if isinstance(value, datetime):
        t = value
    else:
        text = _text(value)
        if not text:
            return None
        try:
            if mapping.time_format == "iso":
                t = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1] == "Z" else text)
            else:
                t = datetime.strptime(text, mapping.time_format)
        except ValueError:
            raise RowError(f"{what} {text!r} is not a time in the form "
                           f"{mapping.time_format!r}") from None
    if t.tzinfo is None:
        if mapping.time_zone.key == DISTRICT_TZ.key:   # already district time: no conversion
            return t.replace(microsecond=0) if t.microsecond else t
        t = t.replace(tzinfo=mapping.time_zone)
    return t.astimezone(DISTRICT_TZ).replace(tzinfo=None, microsecond=0)


def _lookup(table: dict[str, str], value: str, what: str, section: str,
            accept: set[str] | None = None) -> str:
    if value in table:
        return table[value]
    if accept is not None and value in accept:   # already one of ours
        return value
    if "*" in table:
        return table["*"]
    raise RowError(f"unknown {what} {value!r} (not in the mapping's [{section}])")


def _number(value: Any, what: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = _text(value)
    if not text:
        raise RowError(f"no {what}")
    try:
        return float(text)
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None


class RowReader:
    """Turns export rows into :class:`ImportedCase` (without grid) by one mapping."""

    def __init__(self, mapping: CaseMapping, catalog: Catalog, departments: set[str],
                 now: datetime):
        self.m, self.catalog, self.departments, self.now = mapping, catalog, departments, now
        self.col = mapping.columns
        # Column names looked up once: read() runs a million times in a large import.
        self._c = {name: mapping.columns.get(name) for name in
                   ("external_id", "class", "reported_at", "closed_at", "dispatched_at", "status",
                    "department", "source", "urgency", "grid", "lon", "lat", "description",
                    "address")}

    def _get(self, row: dict, name: str) -> Any:
        column = self._c[name]
        return row.get(column) if column else None

    def read(self, line: int, row: dict) -> ImportedCase:
        m = self.m
        external = _text(self._get(row, "external_id"))
        if not external:
            raise RowError("no external id")
        external = m.id_prefix + external
        if len(external) > 64:
            raise RowError(f"external id {external!r} is longer than 64 characters")
        their_class = _text(self._get(row, "class"))
        class_key = _lookup(m.classes, their_class, "category", "classes", set())
        kind = class_key.split(":", 1)[0]
        reported = parse_time(self._get(row, "reported_at"), m, "reported time")
        if reported is None:
            raise RowError("no reported time")
        if reported > self.now:
            raise RowError(f"reported {reported:%Y-%m-%d %H:%M} (district time), in the future")
        closed = parse_time(self._get(row, "closed_at"), m, "closing time")
        dispatched = parse_time(self._get(row, "dispatched_at"), m, "dispatch time")
        if "status" in self.col:
            status = _lookup(m.status, _text(self._get(row, "status")), "status", "status")
        else:
            status = "closed" if closed else "open"
        if status == "open":
            closed = None    # an open case's "closed" column is at most a stale update time
        elif closed is None:
            raise RowError(f"status {status} but no closing time")
        elif closed < reported:
            raise RowError(f"closed {closed:%Y-%m-%d %H:%M} before it was reported "
                           f"{reported:%Y-%m-%d %H:%M}")
        if dispatched is not None and dispatched < reported:
            raise RowError(f"dispatched {dispatched:%Y-%m-%d %H:%M} before it was reported "
                           f"{reported:%Y-%m-%d %H:%M}")
        agency = _text(self._get(row, "department"))
        department = (_lookup(m.departments, agency, "agency", "departments", self.departments)
                      if agency else None)
        channel = _text(self._get(row, "source"))
        source = (_lookup(m.sources, channel, "source", "sources", _SOURCES) if channel
                  else m.source.value)
        level = _text(self._get(row, "urgency"))
        urgency = (_lookup(m.urgencies, level, "urgency", "urgencies", _URGENCIES) if level
                   else m.urgency.value)
        if "grid" in self.col and _text(self._get(row, "grid")):
            lon = lat = float("nan")     # placed by its grid's centre
        else:
            lon, lat = _number(self._get(row, "lon"), "longitude"), _number(self._get(row, "lat"), "latitude")
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise RowError(f"coordinates {lon},{lat} are not longitude/latitude")
        description = _text(self._get(row, "description")) or self.catalog.by_key(class_key).name
        return ImportedCase(
            line=line, external_id=external, source=source, kind=kind, class_key=class_key,
            urgency=urgency, lon=lon, lat=lat, description=description,
            address=_text(self._get(row, "address"))[:120], department_code=department,
            status=status, reported_at=reported, dispatched_at=dispatched, closed_at=closed)

    def grid_of(self, row: dict) -> str:
        return _text(self._get(row, "grid"))


def imply_history(case: ImportedCase, policy: Policy) -> None:
    """The stage and deadlines the data implies, as the events of :func:`implied_events`
    leave them: dispatched when a department is known, handled and closed when the case was
    closed (or voided). Nothing is invented beyond that: no intake or filing steps the old
    system did not record."""
    urgency = Urgency(case.urgency)
    t0 = case.reported_at
    stage, started, version = Stage.INTAKE, t0, 1
    if case.department_code:
        at = case.dispatched_at or t0
        limit = policy.stage_limit(Stage.HANDLING, urgency, case.class_key)
        case.handle_started_at = at
        case.handle_deadline = policy.calendar.add(at, limit) if limit else None
        stage, started, version = Stage.HANDLING, at, 2
    if case.status == "closed":
        stage, started = Stage.CLOSED, case.closed_at
        version += 2 if case.department_code else 1
    elif case.status == "void":
        stage, started, version = Stage.VOID, case.closed_at, version + 1
    case.stage, case.stage_started_at, case.version = stage, started, version
    if stage is Stage.HANDLING:
        case.deadline = case.handle_deadline
    elif stage is Stage.INTAKE:
        limit = policy.stage_limit(Stage.INTAKE, urgency, case.class_key)
        case.deadline = policy.calendar.add(t0, limit) if limit else None


def implied_events(case: ImportedCase) -> list[ImportedEvent]:
    """report; dispatch (a department is known); handle and close (closed); void (voided).
    ``store.imports`` writes the same events with one INSERT … SELECT on PostgreSQL."""
    events = [ImportedEvent(Action.REPORT, case.reported_at, None, Stage.INTAKE,
                            {"source": case.source, "imported": True,
                             "external_id": case.external_id})]
    stage = Stage.INTAKE
    if case.department_code:
        events.append(ImportedEvent(Action.DISPATCH, case.handle_started_at, stage, Stage.HANDLING,
                                    {"department": case.department_code,
                                     "deadline": _iso(case.handle_deadline)}))
        stage = Stage.HANDLING
    if case.status == "closed":
        if stage is Stage.HANDLING:
            on_time = case.handle_deadline is None or case.closed_at <= case.handle_deadline
            events.append(ImportedEvent(Action.HANDLE, case.closed_at, stage, Stage.CHECK,
                                        {"on_time": on_time}))
            stage = Stage.CHECK
        events.append(ImportedEvent(Action.CLOSE, case.closed_at, stage, Stage.CLOSED, {}))
    elif case.status == "void":
        events.append(ImportedEvent(Action.VOID, case.closed_at, stage, Stage.VOID, {}))
    return events


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


