"""One value of an old system's export, and one imported case with the events it implies.

The rules for a single value (a time, a number, a value table's entry), each raising
:class:`RowError` with the reason; :mod:`.caseframe` applies them to whole chunks of rows and
falls back to these for the values it does not parse vectorised.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from commandcenter.models.case import Action
from commandcenter.models.enums import Stage

from .casemap import CaseMapping

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
IMPORT_ACTOR = "import"


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


def cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_time(value: Any, mapping: CaseMapping, what: str) -> datetime | None:
    """A timestamp of the export as naive district time (Asia/Shanghai); None when empty."""
    if isinstance(value, datetime):
        t = value
    else:
        text = cell_text(value)
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
    try:
        return t.astimezone(DISTRICT_TZ).replace(tzinfo=None, microsecond=0)
    except OverflowError:   # year 1 or 9999 moved across midnight
        raise RowError(f"{what} {t.isoformat()!r} is out of range") from None


def lookup(table: dict[str, str], value: str, what: str, section: str,
            accept: set[str] | None = None) -> str:
    if value in table:
        return table[value]
    if accept is not None and value in accept:   # already one of ours
        return value
    if "*" in table:
        return table["*"]
    raise RowError(f"unknown {what} {value!r} (not in the mapping's [{section}])")


def number(value: Any, what: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = cell_text(value)
    if not text:
        raise RowError(f"no {what}")
    try:
        return float(text)
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None


def implied_events(case: ImportedCase) -> list[ImportedEvent]:
    """report; dispatch (a department is known); handle and close (closed); void (voided).
    ``store.importpg`` writes the same events with one INSERT … SELECT on PostgreSQL."""
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


