"""One import as a value, run by whichever door asked for it (the app's dialog here; the
command line calls the importers directly)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from commandcenter.store.db import Database

from .problems import Progress


@dataclass(frozen=True)
class ImportJob:
    kind: str                      # geography | components | cases
    path: Path | None
    dry_run: bool = False
    level: str = "grid"
    code_field: str = "code"
    name_field: str | None = None
    parent_field: str | None = None
    crs: str | None = None         # None: what the file declares (components: CGCS2000)
    layer: str | None = None       # a GeoPackage's layer (None: the first)
    mapping: Path | None = None
    reject_file: Path | None = None

    def missing(self) -> str | None:
        """What must still be given: file, mapping or code_field; None when complete."""
        if self.path is None:
            return "file"
        if self.kind == "cases" and self.mapping is None:
            return "mapping"
        if self.kind == "geography" and not self.code_field:
            return "code_field"
        return None


@dataclass(frozen=True)
class JobResult:
    kind: str
    ok: bool
    dry_run: bool
    counts: dict[str, int]
    details: list[str]     # problems, gaps, moves: one line each, as the command line prints


def run(db: Database, job: ImportJob, progress: Progress) -> JobResult:
    if job.kind == "geography":
        from .geography import import_geography
        r = import_geography(db, job.path, job.level, job.code_field, name_field=job.name_field,
                             parent_field=job.parent_field, crs=job.crs, layer=job.layer,
                             dry_run=job.dry_run, progress=progress)
        counts = {"features": r.features, "problems": len(r.problems), "gaps": len(r.gaps),
                  "moved": len(r.moved)}
        return JobResult(job.kind, not r.problems, job.dry_run, counts, r.lines()[1:])
    if job.kind == "components":
        from .components import import_components
        r = import_components(db, job.path, crs=job.crs or "EPSG:4490", dry_run=job.dry_run,
                              progress=progress)
        return JobResult(job.kind, True, job.dry_run,
                         {"rows": r.rows, "new": r.new, "replaced": r.replaced}, [])
    from .cases import import_cases
    r = import_cases(db, job.path, job.mapping, dry_run=job.dry_run, reject_file=job.reject_file,
                     progress=progress)
    return JobResult(job.kind, True, job.dry_run, {"rows": r.rows, "imported": r.imported,
                                                   "already": r.already, "rejected": r.rejected},
                     [])
