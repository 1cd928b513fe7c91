"""Publishing a review (月末固化): its figures and case lists are stored as they stand, so
cases closed later do not change a published month; live and frozen can be compared."""
from __future__ import annotations

import math
from datetime import datetime

import pandas as pd

from commandcenter.models.enums import Role
from commandcenter.models.workflow import DomainError
from commandcenter.store.db import Database
from commandcenter.store.review import (latest_publication, publication_members,
                                        save_publication, user_role)

from .engine import ObjectReview, Review
from .indicators import OBJECTS
from .periods import Period
from .scheme import Scheme

# Who may publish a month's review: the shift leads (值班长) and the leaders (领导).
PUBLISHERS = (Role.SHIFT_LEAD, Role.LEADER)


class NotAllowed(DomainError):
    """Someone who may not publish asked to."""


def check_publisher(db: Database, username: str) -> None:
    """Refuse anyone but an active shift lead or leader, whatever screen or command asks."""
    role = user_role(db, username)
    if role not in {r.value for r in PUBLISHERS}:
        what = f"{Role(role).value} ({Role(role).label})" if role else "not an active user"
        raise NotAllowed(f"'{username}' is {what}; only shift leads and leaders publish "
                         "reviews")


def publish(db: Database, review: Review, by: str, at: datetime) -> int:
    """Store ``review`` as the published (frozen) figures of its period, published by
    ``by`` (a shift lead or leader, else NotAllowed); returns the publication id."""
    check_publisher(db, by)
    return save_publication(db, review.period.key, review.scheme.version,
                            review.definitions_version, by, at, review.figures(),
                            review.members())


def frozen_review(db: Database, period: Period, scheme: Scheme) -> Review | None:
    """The latest publication of ``period`` as a Review, or None if it was never published."""
    pub = latest_publication(db, period.key)
    if pub is None:
        return None
    members = publication_members(db, pub.id)
    objects = {}
    for name, data in pub.figures.items():
        table = pd.DataFrame(data["rows"])
        if len(table):
            table = table.set_index("unit")
            for column in ("rank", "rank_prev", "rank_change"):
                if column in table:
                    table[column] = table[column].astype("Int64")
        mem = members.loc[members["object_type"] == name, ["unit", "case_id", "flags"]]
        objects[name] = ObjectReview(name, table, data["total"], mem.reset_index(drop=True),
                                     data["red_list"], data["black_list"],
                                     data.get("previous_total", {}),
                                     data.get("year_earlier_total", {}))
    return Review(period, scheme, pub.published_at, objects, pub.definitions_version,
                  frozen_at=pub.published_at, published_by=pub.published_by)


def differences(live: Review, frozen: Review) -> pd.DataFrame:
    """Every count and rate whose live value differs from the published one."""
    out = []
    for name, fobj in frozen.objects.items():
        lobj = live.objects.get(name)
        if lobj is None:
            continue
        keys = [d.key for d in OBJECTS[name] if d.kind in ("count", "rate")]
        units = fobj.table.index.union(lobj.table.index)
        for key in keys:
            f = fobj.table[key].reindex(units) if key in fobj.table else pd.Series(index=units)
            v = lobj.table[key].reindex(units)
            for unit, a, b in zip(units, f, v):
                if not _same(a, b):
                    out.append((name, unit, key, a, b))
        for key in keys:
            a, b = fobj.total.get(key), lobj.total.get(key)
            if not _same(a, b):
                out.append((name, None, key, a, b))
    return pd.DataFrame(out, columns=["object_type", "unit", "indicator", "frozen", "live"])


def _value(x) -> float | None:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(x)


def _same(a, b) -> bool:
    """Equal figures; a unit missing on one side equals a zero on the other."""
    a, b = _value(a), _value(b)
    if a is None or b is None:
        return (a or 0.0) == (b or 0.0)
    return abs(a - b) < 1e-9
