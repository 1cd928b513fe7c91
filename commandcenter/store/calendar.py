"""The policy in force for a database: the standard one plus its local calendar overrides."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from commandcenter.models.policy import Policy, default_policy

from .db import Database
from .schema import CalendarOverride


def load_policy(db: Database, warn_share: float = 0.8) -> Policy:
    with db.session() as session:
        overrides = {row.day: row.working for row in session.scalars(select(CalendarOverride))}
    return replace(default_policy(overrides), warn_share=warn_share)
