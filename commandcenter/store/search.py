"""Finding cases by what a person types into the search box.

The text is matched literally: it is always a bound parameter and LIKE wildcards in
it are escaped, so '%', '_', quotes and backslashes are just characters.
"""
from __future__ import annotations

from dataclasses import fields

from sqlalchemy import or_, select

from commandcenter.models.enums import Stage

from .db import Database
from .queries import QueueRow
from .schema import Case

MAX_LIMIT = 500

# QueueRow's fields are all case columns of the same name.
_COLUMNS = tuple(getattr(Case, f.name) for f in fields(QueueRow))


def search_cases(db: Database, text: str, limit: int = 50) -> list[QueueRow]:
    """Cases whose number, grid code or component code starts with ``text``, or whose
    address or description contains it (ignoring ASCII case); open cases first, then
    the most recently reported. Blank text finds nothing."""
    # PostgreSQL text cannot hold NUL, and nobody types one.
    text = (text or "").replace("\x00", "").strip()
    if not text:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    stmt = (select(*_COLUMNS)
            .where(or_(Case.number.startswith(text, autoescape=True),
                       Case.grid_code.startswith(text, autoescape=True),
                       Case.component_code.startswith(text, autoescape=True),
                       Case.address.icontains(text, autoescape=True),
                       Case.description.icontains(text, autoescape=True)))
            .order_by(Case.is_open.desc(), Case.reported_at.desc(), Case.id.desc())
            .limit(limit))
    with db.session() as session:
        rows = session.execute(stmt).mappings()
        return [QueueRow(**{**row, "stage": Stage(row["stage"])}) for row in rows]
