"""The field staff's GPS fixes of the demo's recent past, so its days can be replayed with
people moving: the simulator's walkers (replayed GeoLife traces, shifts, days off) played
from ``start`` to ``end`` as past hours are kept — one fix per person per ``step`` while
on duty, one every ``off_step`` while off (a phone left on at home)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from commandcenter.store.db import Database
from commandcenter.store.positions import Fix, record_fixes

from .simulator import _walkers

STEP = timedelta(seconds=30)
OFF_STEP = timedelta(minutes=10)
BATCH = 50_000


def record_tracks(db: Database, start: datetime, end: datetime, *, seed: int,
                  step: timedelta = STEP, off_step: timedelta = OFF_STEP,
                  progress: Callable[[str], None] = lambda _msg: None) -> int:
    """Write the fixes of every field supervisor over [start, end); returns how many."""
    walkers, _cells, _added = _walkers(db, None, seed, progress)
    if not walkers:
        return 0
    progress(f"{len(walkers)} field staff walking from {start:%m-%d %H:%M} to "
             f"{end:%m-%d %H:%M}, a fix every {step.total_seconds():.0f} s on duty…")
    seconds, every_off = step.total_seconds(), max(1, round(off_step / step))
    written, batch, t, tick = 0, [], start, 0
    while t < end:
        for walker in walkers:
            # Phones report on their own phase within the step, not all at once.
            at = t + step * ((walker.user_id % 97) / 97)
            if walker.on_duty(at):
                walker.step(seconds)
                batch.append(Fix(walker.user_id, at, walker.lon, walker.lat, True))
            elif tick % every_off == 0:
                batch.append(Fix(walker.user_id, at, walker.lon, walker.lat, False))
        if len(batch) >= BATCH:
            written += record_fixes(db, batch, at=t)
            batch = []
        t += step
        tick += 1
    return written + record_fixes(db, batch, at=end)
