"""The policy in force for a database: the standard one plus its local calendar overrides."""
from __future__ import annotations

from sqlalchemy import select

from commandcenter.models.policy import Policy, default_policy

from .db import Database
from .schema import CalendarOverride


def load_policy(db: Database) -> Policy:
    with db.session() as session:
        overrides = {row.day: row.working for row in session.scalars(select(CalendarOverride))}
    return default_policy(overrides)
