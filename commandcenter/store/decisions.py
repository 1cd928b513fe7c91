"""The center's decisions on a department's requests (回退, 延期, 挂账), read from the
event log: every approval or rejection is an event, so none is missed however quickly
one follows another, and a handler who logs in later still sees the day's decisions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from commandcenter.models.case import Action, RequestKind

from .db import Database
from .schema import Case, CaseEventRow


@dataclass(frozen=True)
class Decision:
    event_id: int
    case_id: int
    number: str
    kind: RequestKind
    approved: bool
    deadline: datetime | None  # the case's deadline after the decision (None: clock stopped)
    by: str
    at: datetime
    reason: str


def decisions_for(db: Database, department_code: str, *, after_id: int = 0,
                  since: datetime | None = None, limit: int = 200) -> list[Decision]:
    """Approvals and rejections of ``department_code``'s requests after event ``after_id``
    (and at or after ``since``), oldest first."""
    e = CaseEventRow
    stmt = (select(e.id, e.case_id, e.action, e.actor, e.at, e.reason, e.payload,
                   Case.number, Case.department_code)
            .join(Case, Case.id == e.case_id)
            .where(e.id > after_id, e.action.in_((Action.APPROVE.value, Action.REJECT.value)))
            .order_by(e.id).limit(limit))
    if since is not None:
        stmt = stmt.where(e.at >= since)
    with db.session() as session:
        rows = session.execute(stmt).all()
    found = []
    for row in rows:
        payload = row.payload or {}
        # A granted return leaves the case without a department; the event names it.
        department = payload.get("returned_by") or row.department_code
        if department != department_code or "request" not in payload:
            continue
        deadline = payload.get("deadline")
        found.append(Decision(row.id, row.case_id, row.number, RequestKind(payload["request"]),
                              row.action == Action.APPROVE.value,
                              datetime.fromisoformat(deadline) if deadline else None,
                              row.actor, row.at, row.reason or ""))
    return found
