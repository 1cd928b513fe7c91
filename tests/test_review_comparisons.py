"""环比 and 同比 of a published (固化) period: its published figures, what was announced,
without reading its log; live figures otherwise (not published, published after the
review's time, under another scheme version, or asked for live)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pandas as pd
import pytest

from commandcenter.models.worktime import WorkCalendar
from commandcenter.review import engine
from commandcenter.review.engine import EVERY_EVENT, Reading, run_review
from commandcenter.review.freeze import publish
from commandcenter.review.periods import parse_period
from commandcenter.review.scheme import load_scheme

from .review_world import T, play_november

AS_OF = datetime(2026, 12, 2)
PUBLISHED = datetime(2026, 12, 1, 9)     # after the world's last event
LIVE = Reading(published_comparisons=False)


@pytest.fixture
def world(world_db):
    player = play_november(world_db)
    scheme = load_scheme()
    october = run_review(world_db, parse_period("2026-10"), scheme, WorkCalendar(),
                         as_of=PUBLISHED)
    publish(world_db, october, "lead1", PUBLISHED)
    return world_db, player, scheme


def _november(db, scheme, reading=Reading(), as_of=AS_OF):
    return run_review(db, parse_period("2026-11"), scheme, WorkCalendar(), as_of=as_of,
                      reading=reading)


def _same(a, b) -> None:
    for name, obj in a.objects.items():
        pd.testing.assert_frame_equal(obj.table, b.objects[name].table)
        assert obj.previous_total == b.objects[name].previous_total
        assert obj.year_earlier_total == b.objects[name].year_earlier_total


def test_a_published_month_compares_as_published_without_reading_its_log(world, monkeypatch):
    db, player, scheme = world
    read = []
    real = engine.load_facts
    monkeypatch.setattr(engine, "load_facts",
                        lambda db, periods, *a, **k: read.append(periods) or real(db, periods, *a, **k))
    # Nothing changed since October was published: the same figures either way.
    _same(_november(db, scheme), _november(db, scheme, LIVE))
    assert [p.key for p in read[0]] == ["2026-11", "2025-11"]
    assert [p.key for p in read[1]] == ["2026-11", "2026-10", "2025-11"]
    # A case of October logged after the publication changes October's live figures,
    # not the published ones November compares with.
    player.report("J", T(10, 27, 9))
    player.to_handling("J", T(10, 27, 9))
    frozen, live = _november(db, scheme), _november(db, scheme, LIVE)
    department = frozen.objects["department"]
    assert department.previous_total["assigned"] + 1 == live.objects["department"].previous_total["assigned"]
    assert department.table.loc["D02", "score_prev"] != live.objects["department"].table.loc["D02", "score_prev"]
    # November's own figures are live in both.
    pd.testing.assert_frame_equal(department.table.drop(columns=["score_prev", "rank_prev",
                                                                  "score_mom", "rank_change"]),
                                  live.objects["department"].table.drop(
                                      columns=["score_prev", "rank_prev", "score_mom",
                                               "rank_change"]))
    _same(live, _november(db, scheme, EVERY_EVENT))


def test_live_comparisons_unless_published_by_then_under_this_scheme(world):
    db, player, scheme = world
    player.report("J", T(10, 27, 9))
    player.to_handling("J", T(10, 27, 9))
    before = datetime(2026, 12, 1, 8)
    _same(_november(db, scheme, as_of=before), _november(db, scheme, LIVE, as_of=before))
    other = replace(scheme, version=scheme.version + "-b")
    _same(_november(db, other), _november(db, other, LIVE))                  # another scheme
    assert engine.published_figures(db, parse_period("2026-10"), other, AS_OF, ["grid"]) is None
    assert engine.published_figures(db, parse_period("2026-10"), scheme, AS_OF, ["grid"])
    assert engine.published_figures(db, parse_period("2026-09"), scheme, AS_OF, ["grid"]) is None
