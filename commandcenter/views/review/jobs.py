"""What the review window asks of the worker threads: plain functions, no widgets."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from commandcenter.models.worktime import WorkCalendar
from commandcenter.review.engine import Review, run_review, trend
from commandcenter.review import freeze
from commandcenter.review.freeze import check_publisher, differences, frozen_review
from commandcenter.review.periods import Period
from commandcenter.review.scheme import Scheme
from commandcenter.store.db import Database
from commandcenter.store.geography import load_geography
from commandcenter.store.review import case_summaries, load_units
from commandcenter.store.service import local_now

MAP_LEVELS = ("street", "grid")


@dataclass(frozen=True)
class Computed:
    review: Review
    frozen_at: object                    # datetime of the publication, or None
    changed: dict                        # object type -> {(unit, key): frozen value}
    changed_count: int
    grid_streets: dict[str, str]         # grid code -> street code, for the map
    geography: object = None             # outlines and grids, read once for the map


def compute(db: Database, period: Period, scheme: Scheme, calendar: WorkCalendar,
            object_type: str, with_geography: bool, progress) -> Computed:
    units = load_units(db)
    objects = list(dict.fromkeys([object_type, *MAP_LEVELS]))
    review = run_review(db, period, scheme, calendar, object_types=objects,
                        progress=progress, units=units)
    progress("frozen")
    frozen = frozen_review(db, period, scheme)
    changed: dict = {}
    count = 0
    if frozen is not None:
        diff = differences(review, frozen)
        count = len(diff)
        for row in diff.itertuples(index=False):
            if row.unit is not None:
                changed.setdefault(row.object_type, {})[(str(row.unit), row.indicator)] = row.frozen
    grid_streets = dict(zip(units.grids["code"], units.grids["street_code"]))
    geography = load_geography(db) if with_geography else None
    return Computed(review, frozen.frozen_at if frozen else None, changed, count, grid_streets,
                    geography)


def trend_of(db: Database, period: Period, scheme: Scheme, calendar: WorkCalendar,
             object_type: str, key: str, progress) -> pd.DataFrame:
    return trend(db, period, object_type, key, scheme, calendar, progress=progress)


def publish(db: Database, period: Period, scheme: Scheme, calendar: WorkCalendar,
            username: str, progress) -> datetime:
    """Compute every object type of ``period`` and publish it as ``username``; returns
    when. The role is checked before the computing and again when storing."""
    check_publisher(db, username)
    review = run_review(db, period, scheme, calendar, progress=progress)
    at = local_now()
    freeze.publish(db, review, username, at)
    return at


def cases_of(db: Database, case_ids: list[int]) -> pd.DataFrame:
    return case_summaries(db, case_ids)
