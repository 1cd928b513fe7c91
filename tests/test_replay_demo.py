"""The demo's recorded staff movements (demo --track-hours): fixes of every field supervisor,
every 30 s on duty, that a replay shows moving."""
from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from commandcenter.demo.builder import build_demo
from commandcenter.models.replay import Replay
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import open_database
from commandcenter.store.replay import load_replay

pytestmark = pytest.mark.slow
END = datetime(2026, 11, 24, 10, 0)   # a Tuesday morning: the day shift is out


def test_the_demo_records_its_staff_walking_and_a_replay_shows_them_moving(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    stats = build_demo(db, days=0, seed=1, end=END, track_hours=0.5)
    data = load_replay(db, END - timedelta(minutes=20), END)
    fixes = data.fixes
    assert stats["fixes"] >= len(fixes) > 0
    assert len(np.unique(fixes.user_id)) == 350                    # everyone's phone
    on = fixes.on_duty
    assert 200 < len(np.unique(fixes.user_id[on])) < 350          # most on the day shift
    mine = fixes.user_id == fixes.user_id[on][0]
    assert set(np.diff(fixes.at[mine & on]).tolist()) == {30_000_000}  # every 30 s
    assert (116.3 < fixes.lon).all() and (fixes.lon < 116.5).all()
    replay = Replay(data, load_policy(db))
    before, after = replay.staff_at(END - timedelta(minutes=10)), replay.staff_at(END)
    assert before.on_duty.sum() == after.on_duty.sum() > 200
    moved = np.hypot(after.lon - before.lon, after.lat - before.lat)[after.on_duty]
    assert np.median(moved) > 1e-4                                 # some tens of metres
    assert (after.trail_to - after.trail_from)[after.on_duty].min() >= 40  # 30 min of trail
    db.dispose()
