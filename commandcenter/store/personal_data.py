"""Reading a reporter's personal data, and the log of who saw it unmasked (使用留痕)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select

from commandcenter.models.case import Actor
from commandcenter.models.enums import Role
from commandcenter.models.privacy import ReporterView, reporter_view

from .db import Database
from .mapping import case_record
from .schema import Case, PersonalDataRead
from .service import NotFound, local_now


@dataclass(frozen=True)
class PersonalDataReadRecord:
    id: int
    case_id: int
    case_number: str
    username: str
    role: Role
    at: datetime
    fields: tuple[str, ...]


def read_reporter(db: Database, actor: Actor, case_ref: int | str, *,
                  at: datetime | None = None) -> ReporterView:
    """The reporter of a case as ``actor``'s role may see it.

    An unmasked answer that shows anything is logged (who, role, when, which case, which
    fields) in the same transaction that reads it: no read without its log row.
    """
    column = Case.number if isinstance(case_ref, str) else Case.id
    with db.session() as session:
        row = session.scalar(select(Case).where(column == case_ref))
        if row is None:
            raise NotFound(f"no case {case_ref}")
        view = reporter_view(case_record(row), actor.role)
        if view.revealed_fields:
            session.execute(insert(PersonalDataRead).values(
                case_id=row.id, username=actor.username, role=Role(actor.role).value,
                at=at or local_now(), fields=",".join(view.revealed_fields)))
        return view


def personal_data_reads(db: Database, case_id: int | None = None, *,
                        username: str | None = None) -> list[PersonalDataReadRecord]:
    """Logged unmasked reads, oldest first; of one case and/or one user if given."""
    stmt = (select(PersonalDataRead, Case.number)
            .join(Case, Case.id == PersonalDataRead.case_id)
            .order_by(PersonalDataRead.at, PersonalDataRead.id))
    if case_id is not None:
        stmt = stmt.where(PersonalDataRead.case_id == case_id)
    if username is not None:
        stmt = stmt.where(PersonalDataRead.username == username)
    with db.session() as session:
        return [PersonalDataReadRecord(r.id, r.case_id, number, r.username, Role(r.role), r.at,
                                       tuple(f for f in r.fields.split(",") if f))
                for r, number in session.execute(stmt)]
