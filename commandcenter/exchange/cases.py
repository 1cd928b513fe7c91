"""``import cases``: an old system's case history (CSV, XLSX or an Open311 JSON capture)
through a mapping file, in one transaction.

Every row is read and checked; rows are located in the stored grids in batches; the ones
already imported (same external id) are skipped, so re-importing a file creates nothing
twice. A bad row rejects the whole file (nothing written) unless a reject file is given,
where bad rows go with their line and reason while the good ones are imported.
"""
from __future__ import annotations

import csv
import math
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from commandcenter.models.catalog import load_catalog
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import Database
from commandcenter.store.imports import (any_imported, department_codes, existing_external_ids,
                                         restore_event_checks, suspend_event_checks,
                                         write_cases)
from commandcenter.store.service import local_now

from .casemap import load_mapping
from .caserows import ImportedCase, RowError, RowReader, imply_history, implied_events
from .locate import DistrictGrids
from .problems import BadFile, ImportRejected, Problem, Progress, no_progress
from .tables import Table

BATCH = 10_000
LARGE = 100_000   # past this many rows, the events' foreign key is checked once at the end


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

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        stages = ", ".join(f"{k} {v}" for k, v in sorted(self.stages.items()))
        return (f"{self.rows} rows: {verb} {self.imported}, already imported {self.already}, "
                f"rejected {self.rejected} ({self.seconds:.1f} s)"
                + (f"; stages: {stages}" if stages else ""))


def import_cases(db: Database, path: Path, mapping_path: Path, *, dry_run: bool = False,
                 reject_file: Path | None = None, progress: Progress = no_progress,
                 now: datetime | None = None) -> CaseImportReport:
    started = time.perf_counter()
    catalog, policy = load_catalog(), load_policy(db)
    with db.session() as session:
        departments = department_codes(session)
    mapping = load_mapping(mapping_path, catalog, departments)
    table = Table(path)
    grids = DistrictGrids(db)
    reader = RowReader(mapping, catalog, departments, now or local_now())
    report = CaseImportReport(dry_run=dry_run)
    rejects = _RejectWriter(reject_file) if reject_file else None
    total = table.estimate()
    seen: dict[str, int] = {}
    batch: list[tuple[ImportedCase, dict]] = []

    def reject(line: int, reason: str, row: dict) -> None:
        report.rejected += 1
        problem = Problem(f"{table.unit} {line}", reason)
        if rejects:
            rejects.write(line, reason, row, table.columns)
        elif len(report.problems) < 1000:
            report.problems.append(problem)

    def flush(writer: _BatchWriter) -> None:
        good = _locate(batch, grids, mapping, reader, reject)
        for c in good:
            imply_history(c, policy)
        # Once a row is bad and there is no reject file, the file will be refused: stop writing.
        writer.put(good, write=not dry_run and (rejects or not report.rejected))
        batch.clear()
        progress(report.rows, total)

    try:
        with db.session() as session, _BatchWriter(session, report) as writer:
            for line, row in table.rows():
                if report.rows == 0:
                    missing = mapping.missing_columns(table.columns)
                    if missing:
                        raise BadFile(f"{Path(path).name}: no column(s) {', '.join(map(repr, missing))} "
                                      "that the mapping names")
                report.rows += 1
                try:
                    case = reader.read(line, row)
                except RowError as exc:
                    reject(line, str(exc), row)
                    continue
                first = seen.setdefault(case.external_id, line)
                if first != line:
                    reject(line, f"external id {case.external_id!r} again (first on line {first})", row)
                    continue
                batch.append((case, row))
                if len(batch) >= BATCH:
                    flush(writer)
            flush(writer)
            writer.join(restore=not (report.rejected and not rejects))
            if report.rejected and not rejects:
                report.problems.sort(key=lambda p: int(p.where.rsplit(" ", 1)[1]))
                raise ImportRejected(f"{Path(path).name}", report.problems)
    finally:
        if rejects:
            rejects.close()
    report.seconds = time.perf_counter() - started
    return report


class _BatchWriter:
    """Writes batches on a second thread while the next batch is read: the database stores
    one batch (its own process, on another core) while Python parses the next."""

    def __init__(self, session, report: CaseImportReport):
        self.session, self.report = session, report
        self.suspended: str | None = None   # the foreign key dropped for a large import
        self.first_import: bool | None = None
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="case-import-writer", daemon=True)

    def __enter__(self) -> _BatchWriter:
        self.thread.start()
        return self

    def put(self, cases: list[ImportedCase], write: bool) -> None:
        self._check()
        self.queue.put((cases, write))

    def join(self, restore: bool = True) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self._check()
        # A refused file rolls back, and the rollback brings the foreign key back by itself.
        if self.suspended and restore:
            restore_event_checks(self.session, self.suspended)
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
        report = self.report
        while (item := self.queue.get()) is not None:
            if self.error is not None or self.stopping:
                continue
            cases, write = item
            try:
                if self.first_import is None:
                    self.first_import = not any_imported(self.session)
                # The first import into a database has nothing to look up; a concurrent one
                # would meet the unique index and fail its transaction.
                there = set() if self.first_import else existing_external_ids(
                    self.session, [c.external_id for c in cases])
                fresh = [c for c in cases if c.external_id not in there]
                report.already += len(cases) - len(fresh)
                report.imported += len(fresh)
                report.stages.update(c.stage.value for c in fresh)
                if write:
                    if report.imported >= LARGE and self.suspended is None:
                        self.suspended = suspend_event_checks(self.session) or ""
                    write_cases(self.session, fresh, implied_events)
            except BaseException as exc:   # handed to the reading thread
                self.error = exc


def _locate(batch, grids: DistrictGrids, mapping, reader: RowReader, reject) -> list[ImportedCase]:
    """Grid of each case in the batch (vectorised); cases outside every grid are rejected."""
    good = []
    by_point = [(c, row) for c, row in batch if not math.isnan(c.lon)]
    if by_point:
        lons = np.array([c.lon for c, _ in by_point])
        lats = np.array([c.lat for c, _ in by_point])
        if mapping.relocate:
            lons, lats = grids.relocate(lons, lats, mapping.relocate)
        codes = grids.index.locate_many(lons, lats)
        for (c, row), lon, lat, code in zip(by_point, lons, lats, codes):
            if code is None:
                reject(c.line, f"coordinates {c.lon:.6f},{c.lat:.6f} are outside the district", row)
                continue
            c.lon, c.lat, c.grid_code = round(float(lon), 7), round(float(lat), 7), code
            good.append(c)
    for c, row in batch:
        if math.isnan(c.lon):
            code = reader.grid_of(row)
            if code not in grids.centres:
                reject(c.line, f"unknown grid {code!r}", row)
                continue
            c.lon, c.lat = grids.centres[code]
            c.grid_code = code
            good.append(c)
    good.sort(key=lambda c: c.line)
    return good


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
