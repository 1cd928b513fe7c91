"""The routing rules as stored (editable in the database, seeded from the defaults)."""
from __future__ import annotations

from sqlalchemy import select

from commandcenter.models.enums import CaseKind
from commandcenter.models.routing import RoutingRule

from .db import Database
from .schema import RoutingRuleRow


def load_rules(db: Database) -> list[RoutingRule]:
    with db.session() as session:
        return [RoutingRule(r.order, r.department_code, CaseKind(r.kind) if r.kind else None,
                            r.major, r.minor, r.area_prefix)
                for r in session.scalars(select(RoutingRuleRow).order_by(RoutingRuleRow.order))]
