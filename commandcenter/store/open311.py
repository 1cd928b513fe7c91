"""The read side of Open311: the cases a GeoReport client may see, without personal data.

Only the columns a service request shows are selected: the reporter's name, phone and ID
number never leave the database through here.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from commandcenter.models.enums import Stage

from .db import Database
from .schema import OPEN, Case, Department


@dataclass(frozen=True)
class PublicCase:
    number: str
    class_key: str
    stage: Stage
    description: str
    address: str
    lon: float
    lat: float
    department_name: str | None
    reported_at: datetime
    updated_at: datetime
    deadline: datetime | None


_COLUMNS = (Case.number, Case.class_key, Case.stage, Case.description, Case.address, Case.lon,
            Case.lat, Department.name, Case.reported_at, Case.updated_at,
            Case.handle_deadline, Case.deadline)


def _public(row) -> PublicCase:
    *head, handle_deadline, deadline = row
    head[2] = Stage(head[2])
    return PublicCase(*head, deadline=handle_deadline or deadline)


def public_cases(db: Database, *, numbers: Sequence[str] | None = None,
                 start: datetime | None = None, end: datetime | None = None,
                 status: Sequence[str] = (), class_keys: Sequence[str] = (),
                 limit: int | None = 1000) -> list[PublicCase]:
    """Cases by number, or by reported time, open/closed status and class; newest first."""
    stmt = select(*_COLUMNS).outerjoin(Department, Department.code == Case.department_code)
    if numbers is not None:
        stmt = stmt.where(Case.number.in_(list(numbers)))
    else:
        if start is not None:
            stmt = stmt.where(Case.reported_at >= start)
        if end is not None:
            stmt = stmt.where(Case.reported_at <= end)
        wanted = set(status)
        if wanted == {"open"}:
            stmt = stmt.where(OPEN)
        elif wanted == {"closed"}:
            stmt = stmt.where(~Case.is_open)
        if class_keys:
            stmt = stmt.where(or_(*(Case.class_key == k for k in class_keys)))
    stmt = stmt.order_by(Case.reported_at.desc(), Case.number.desc()).limit(limit)
    with db.session() as s:
        return [_public(r) for r in s.execute(stmt)]

