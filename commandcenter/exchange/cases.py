"""``import cases``: an old system's case history (CSV, XLSX or an Open311 JSON capture)
through a mapping file, in one transaction.

The file is read a chunk of rows at a time, and each chunk is checked, located in the stored
grids and given its implied history with numpy (:mod:`.caseframe`); the ones already
imported (same external id) are skipped, so re-importing a file creates nothing twice. A bad
row rejects the whole file (nothing written) unless a reject file is given, where bad rows go
with their line and reason while the good ones are imported.

Two threads: this one reads, checks and (on PostgreSQL) formats the COPY text of a chunk
while the writer thread has the database store the previous one.
"""
from __future__ import annotations

import csv
import gc
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from commandcenter.models.catalog import load_catalog
from commandcenter.store import importpg
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import Database
from commandcenter.store.imports import (any_imported, department_codes, existing_external_ids,
                                         write_cases)
from commandcenter.store.service import local_now

from .casemap import load_mapping
from .caseframe import BatchReader, CaseBatch, imply_history
from .caserows import implied_events
from .locate import DistrictGrids
from .phases import Phases, PhaseTime
from .problems import BadFile, ImportRejected, Problem, Progress, no_progress
from .tables import Chunk, Table

BATCH = 20_000    # rows read, checked and written at a time
LARGE = 100_000   # past this many rows, checks and indexes are suspended until the end


@dataclass
class CaseImportReport:
    rows: int = 0
    imported: int = 0
    already: int = 0
    rejected: int = 0
    stages: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    phases: Phases = field(default_factory=Phases)

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        stages = ", ".join(f"{k} {v}" for k, v in sorted(self.stages.items()))
        return (f"{self.rows} rows: {verb} {self.imported}, already imported {self.already}, "
                f"rejected {self.rejected} ({self.seconds:.1f} s)"
                + (f"; stages: {stages}" if stages else ""))


def import_cases(db: Database, path: Path, mapping_path: Path, *, dry_run: bool = False,
                 reject_file: Path | None = None, progress: Progress = no_progress,
                 now: datetime | None = None,
                 server_clock: Callable[[], float] | None = None) -> CaseImportReport:
    """``server_clock``: the database server's CPU seconds, when the caller can read them
    (the bench does), to show in the report's phases."""
    started, cpu = time.perf_counter(), time.thread_time()
    catalog, policy = load_catalog(), load_policy(db)
    with db.session() as session:
        departments = department_codes(session)
    mapping = load_mapping(mapping_path, catalog, departments)
    table = Table(path)
    grids = DistrictGrids(db)
    reader = BatchReader(mapping, catalog, departments, now or local_now())
    report = CaseImportReport(dry_run=dry_run, phases=Phases(server_clock))
    phase = report.phases
    rejects = _RejectWriter(reject_file) if reject_file else None
    total = table.estimate()
    seen: dict[str, int] = {}
    postgres = db.engine.dialect.name == "postgresql"

    def reject(chunk: Chunk, bad: list[tuple[int, str]]) -> None:
        report.rejected += len(bad)
        for i, reason in sorted(bad, key=lambda b: chunk.lines[b[0]]):
            line = int(chunk.lines[i])
            if rejects:
                rejects.write(line, reason, chunk.row(i), table.columns)
            elif len(report.problems) < 1000:
                report.problems.append(Problem(f"{table.unit} {line}", reason))

    try:
        with (_no_cycle_collection(), db.session() as session,
              _BatchWriter(session, report, total) as writer):
            for chunk in table.chunks(BATCH):
                if report.rows == 0 and len(chunk):
                    missing = mapping.missing_columns(table.columns)
                    if missing:
                        raise BadFile(f"{Path(path).name}: no column(s) "
                                      f"{', '.join(map(repr, missing))} that the mapping names")
                report.rows += len(chunk)
                with phase("read"):
                    batch, bad = reader.read(chunk)
                    batch, again = _first_time(batch, seen)
                with phase("locate"):
                    batch, outside = _locate(batch, grids, mapping)
                reject(chunk, bad + again + outside)
                with phase("history"):
                    imply_history(batch, policy)
                # Once a row is bad and there is no reject file, the file will be refused:
                # stop writing.
                write = not dry_run and bool(rejects or not report.rejected)
                with phase("format"):
                    staged = importpg.staging_lines(batch) if write and postgres else None
                with phase("queue wait"):
                    writer.put(batch, staged, write)
                progress(report.rows, total)
            with phase("drain"):
                writer.join(restore=not (report.rejected and not rejects))
            if report.rejected and not rejects:
                report.problems.sort(key=lambda p: int(p.where.rsplit(" ", 1)[1]))
                raise ImportRejected(f"{Path(path).name}", report.problems)
    finally:
        if rejects:
            rejects.close()
    report.seconds = time.perf_counter() - started
    phase.times["reading thread"] = PhaseTime(report.seconds, time.thread_time() - cpu)
    return report


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A large file makes millions of short-lived lists and tuples, and the cycle collector
    would walk every live one again and again (a third of the reading time); reference
    counting frees them all the same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _first_time(batch: CaseBatch, seen: dict[str, int]) -> tuple[CaseBatch, list]:
    """Rows whose external id came earlier in the file are rejected."""
    lines = batch.line.tolist()
    first = [seen.setdefault(e, line) for e, line in zip(batch.external_id.tolist(), lines)]
    again = np.array(first) != batch.line
    if not again.any():
        return batch, []
    bad = [(int(batch.row[i]), f"external id {batch.external_id[i]!r} again "
                                f"(first on line {first[i]})") for i in np.flatnonzero(again)]
    return batch.take(~again), bad


def _locate(batch: CaseBatch, grids: DistrictGrids, mapping) -> tuple[CaseBatch, list]:
    """The grid of each case (vectorised); cases outside every grid are rejected."""
    bad = []
    by_grid = np.isnan(batch.lon)
    located = np.ones(len(batch), dtype=bool)
    points = np.flatnonzero(~by_grid)
    if len(points):
        lons, lats = batch.lon[points], batch.lat[points]
        if mapping.relocate:
            lons, lats = grids.relocate(lons, lats, mapping.relocate)
        codes = grids.index.locate_many(lons, lats)
        outside = np.equal(codes, None)
        bad += [(int(batch.row[i]), f"coordinates {batch.lon[i]:.6f},{batch.lat[i]:.6f} are "
                                    "outside the district") for i in points[outside]]
        located[points[outside]] = False
        batch.lon[points], batch.lat[points] = np.round(lons, 7), np.round(lats, 7)
        batch.grid_code[points] = codes
    for i in np.flatnonzero(by_grid):
        code = batch.grid_code[i]
        if code not in grids.centres:
            bad.append((int(batch.row[i]), f"unknown grid {code!r}"))
            located[i] = False
            continue
        batch.lon[i], batch.lat[i] = grids.centres[code]
    return (batch if located.all() else batch.take(located)), bad


class _BatchWriter:
    """Writes batches on a second thread while the next batch is read: the database stores
    one batch (its own process, on another core) while Python parses the next."""

    def __init__(self, session, report: CaseImportReport, expected: int | None):
        self.session, self.report, self.expected = session, report, expected
        self.postgres = session.bind.dialect.name == "postgresql"
        self.suspended: importpg.Suspended | None = None   # dropped for a large import
        self.first_import: bool | None = None
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="case-import-writer", daemon=True)

    def __enter__(self) -> _BatchWriter:
        self.thread.start()
        return self

    def put(self, batch: CaseBatch, staged: importpg.Staged | None, write: bool) -> None:
        self._check()
        self.queue.put((batch, staged, write))

    def join(self, restore: bool = True) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self._check()
        # A refused file rolls back, and the rollback brings everything back by itself.
        if self.suspended and restore:
            with self.report.phases("restore", server=True):
                importpg.restore_checks(self.session, self.suspended)
            self.suspended = None

    def __exit__(self, *exc) -> None:
        if exc[0] is not None:
            self._abandon()

    def _abandon(self) -> None:
        # Stop without writing more; the caller's transaction rolls back what was written.
        self.stopping = True
        while self.thread.is_alive():
            try:
                self.queue.put(None, timeout=0.1)
            except queue.Full:
                continue
            self.thread.join()

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None or self.stopping:
                continue
            try:
                self._write(*item)
            except BaseException as exc:   # handed to the reading thread
                self.error = exc

    def _write(self, batch: CaseBatch, staged: importpg.Staged | None, write: bool) -> None:
        report, session = self.report, self.session
        with report.phases("lookup", server=True):
            if self.first_import is None:
                self.first_import = not any_imported(session)
            # The first import into a database has nothing to look up; a concurrent one
            # would meet the unique index and fail its transaction.
            there = set() if self.first_import or not len(batch) else existing_external_ids(
                session, batch.external_id.tolist())
        if there:
            fresh = np.array([e not in there for e in batch.external_id.tolist()], dtype=bool)
            batch = batch.take(fresh)
            if staged is not None:
                staged = staged.keep(fresh.tolist())
            report.already += int((~fresh).sum())
        report.imported += len(batch)
        report.stages.update(Counter(batch.stage.tolist()))
        if not write or not len(batch):
            return
        large = max(self.expected or 0, report.imported) >= LARGE
        if large and self.suspended is None and self.postgres:
            self._suspend()
        if self.postgres:
            importpg.write_staged(session, staged, report.phases)
        else:
            with report.phases("insert cases"):
                write_cases(session, batch.cases(), implied_events)

    def _suspend(self) -> None:
        """Suspend the per-row checks for the rest of a large import. Indexes are rebuilt at
        the end over the whole tables, so they are dropped only when this import brings at
        least a quarter as many cases as are stored."""
        with self.report.phases("suspend", server=True):
            stored = importpg.stored_cases(self.session)
            expected = max(self.expected or 0, self.report.imported)
            self.suspended = importpg.suspend_checks(
                self.session, keep=set() if self.first_import else {"uq_cases_external_id"},
                indexes=expected * 4 >= stored)


class _RejectWriter:
    """Bad rows as CSV: their line, the reason, then the row as it was."""

    def __init__(self, path: Path):
        self.file = open(path, "w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.file)
        self.header_written = False

    def write(self, line: int, reason: str, row: dict, columns: list[str]) -> None:
        if not self.header_written:
            self.writer.writerow(["line", "reason", *columns])
            self.header_written = True
        self.writer.writerow([line, reason, *("" if row.get(c) is None else row.get(c)
                                              for c in columns)])

    def close(self) -> None:
        if not self.header_written:
            self.writer.writerow(["line", "reason"])
        self.file.close()
