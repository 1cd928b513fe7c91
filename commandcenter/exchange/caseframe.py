"""Rows of an old system's export → imported cases, a chunk of rows at a time (numpy/pandas).

The rules and messages of one row are those of :mod:`.caserows`: each check runs over the
whole chunk, and a row is rejected by the first check it fails, in the order a row is read
(external id, class, reported time, closing and dispatch times, status, department, source,
urgency, coordinates). The common shapes are parsed vectorised — ISO timestamps from their
digits, ``time_format`` through pandas, value tables once per distinct value — and anything
else falls back to the one-row functions, so an unusual value gets the same result and the
same message as before.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import numpy as np
import pandas as pd

from commandcenter.models.catalog import Catalog
from commandcenter.models.enums import Source, Stage, Urgency
from commandcenter.models.policy import Policy

from .casemap import CaseMapping
from .caserows import DISTRICT_TZ, ImportedCase, RowError, cell_text, lookup, number, parse_time
from .deadlines import add_many
from .tables import Chunk

_SOURCES = {s.value for s in Source}
_URGENCIES = {u.value for u in Urgency}
NAT = np.datetime64("NaT", "s")


@dataclass
class CaseBatch:
    """Imported cases as columns; times are datetime64[s] (NaT for none), text columns are
    object arrays (None for none)."""

    row: np.ndarray            # index of the row in its chunk
    line: np.ndarray
    external_id: np.ndarray
    source: np.ndarray
    kind: np.ndarray
    class_key: np.ndarray
    urgency: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    grid_code: np.ndarray      # the file's grid for rows placed by grid, until located
    description: np.ndarray
    address: np.ndarray
    department_code: np.ndarray
    status: np.ndarray
    reported_at: np.ndarray
    dispatched_at: np.ndarray
    closed_at: np.ndarray
    # What the data implies (imply_history): stage, deadlines, version.
    stage: np.ndarray | None = None
    stage_started_at: np.ndarray | None = None
    deadline: np.ndarray | None = None
    handle_started_at: np.ndarray | None = None
    handle_deadline: np.ndarray | None = None
    version: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.line)

    def take(self, which: np.ndarray) -> CaseBatch:
        return CaseBatch(**{f.name: None if getattr(self, f.name) is None
                            else getattr(self, f.name)[which] for f in fields(self)})

    @property
    def updated_at(self) -> np.ndarray:
        return np.where(~np.isnat(self.closed_at), self.closed_at,
                        np.where(~np.isnat(self.handle_started_at), self.handle_started_at,
                                 self.reported_at))

    def cases(self) -> list[ImportedCase]:
        """One :class:`ImportedCase` a row (the SQLite writer's and the events' form)."""
        names = [f.name for f in fields(ImportedCase)]
        columns = [_plain(getattr(self, name)) for name in names]
        out = []
        for values in zip(*columns):
            case = ImportedCase(**dict(zip(names, values)))
            case.stage = Stage(case.stage)
            out.append(case)
        return out


def _plain(values: np.ndarray) -> list:
    return (values.astype("datetime64[us]") if values.dtype.kind == "M" else values).tolist()


class BatchReader:
    """Turns chunks of export rows into :class:`CaseBatch` (without grid) by one mapping."""

    def __init__(self, mapping: CaseMapping, catalog: Catalog, departments: set[str],
                 now: datetime):
        self.m, self.catalog, self.departments = mapping, catalog, departments
        self.now = np.datetime64(now, "us")

    def read(self, chunk: Chunk) -> tuple[CaseBatch, list[tuple[int, str]]]:
        """The good rows as a batch, and the bad ones as (row in chunk, reason)."""
        m, n = self.m, len(chunk)
        why = np.full(n, None, dtype=object)

        def fail(bad: np.ndarray, reason) -> None:
            for i in np.flatnonzero(bad & np.equal(why, None)):
                why[i] = reason(i)

        def fail_with(reasons: np.ndarray) -> None:
            fail(np.not_equal(reasons, None), reasons.__getitem__)

        def texts(name: str) -> np.ndarray:
            column = m.columns.get(name)
            values = chunk.columns.get(column) if column else None
            if values is None:
                return np.full(n, "", dtype=object)
            if chunk.texts:
                return np.array([v.strip() for v in values], dtype=object)
            return np.array([cell_text(v) for v in values], dtype=object)

        external = texts("external_id")
        fail(external == "", lambda i: "no external id")
        if m.id_prefix:
            external = m.id_prefix + external
        too_long = np.fromiter(map(len, external), dtype=np.int64, count=n) > 64
        fail(too_long, lambda i: f"external id {external[i]!r} is longer than 64 characters")
        class_key, reasons = _each(texts("class"), lambda v: lookup(
            m.classes, v, "category", "classes", set()))
        fail_with(reasons)
        reported, reasons = self._times(chunk, "reported_at", "reported time")
        fail_with(reasons)
        fail(np.isnat(reported), lambda i: "no reported time")
        fail(reported > self.now, lambda i: f"reported {_dt(reported[i]):%Y-%m-%d %H:%M} "
                                            "(district time), in the future")
        closed, reasons = self._times(chunk, "closed_at", "closing time")
        fail_with(reasons)
        dispatched, reasons = self._times(chunk, "dispatched_at", "dispatch time")
        fail_with(reasons)
        if "status" in m.columns:
            status, reasons = _each(texts("status"), lambda v: lookup(m.status, v, "status",
                                                                       "status"))
            fail_with(reasons)
        else:
            status = np.where(np.isnat(closed), "open", "closed").astype(object)
        is_open = status == "open"
        closed[is_open] = NAT   # an open case's "closed" column is at most a stale update time
        fail(~is_open & np.isnat(closed), lambda i: f"status {status[i]} but no closing time")
        fail(closed < reported, lambda i: f"closed {_dt(closed[i]):%Y-%m-%d %H:%M} before it "
                                          f"was reported {_dt(reported[i]):%Y-%m-%d %H:%M}")
        fail(dispatched < reported, lambda i: f"dispatched {_dt(dispatched[i]):%Y-%m-%d %H:%M} "
                                              f"before it was reported "
                                              f"{_dt(reported[i]):%Y-%m-%d %H:%M}")
        department, reasons = _each(texts("department"), lambda v: lookup(
            m.departments, v, "agency", "departments", self.departments) if v else None)
        fail_with(reasons)
        source, reasons = _each(texts("source"), lambda v: lookup(
            m.sources, v, "source", "sources", _SOURCES) if v else m.source.value)
        fail_with(reasons)
        urgency, reasons = _each(texts("urgency"), lambda v: lookup(
            m.urgencies, v, "urgency", "urgencies", _URGENCIES) if v else m.urgency.value)
        fail_with(reasons)
        grid = texts("grid") if "grid" in m.columns else np.full(n, "", dtype=object)
        by_grid = grid != ""                  # placed at its grid's centre
        lon, lon_reasons = self._numbers(chunk, "lon", "longitude")
        lat, lat_reasons = self._numbers(chunk, "lat", "latitude")
        lon_reasons[by_grid] = lat_reasons[by_grid] = None
        lon[by_grid] = lat[by_grid] = np.nan
        fail_with(lon_reasons)
        fail_with(lat_reasons)
        with np.errstate(invalid="ignore"):
            inside = (-180 <= lon) & (lon <= 180) & (-90 <= lat) & (lat <= 90)
        fail(~by_grid & ~inside, lambda i: f"coordinates {float(lon[i])},{float(lat[i])} are "
                                           "not longitude/latitude")
        good = np.flatnonzero(np.equal(why, None))
        rejected = [(int(i), why[i]) for i in np.flatnonzero(np.not_equal(why, None))]
        class_key = class_key[good]
        description = texts("description")[good]
        untold = description == ""
        if untold.any():
            description[untold], _ = _each(class_key[untold],
                                           lambda k: self.catalog.by_key(k).name)
        address = texts("address")[good]
        long = np.fromiter(map(len, address), dtype=np.int64, count=len(address)) > 120
        address[long] = [a[:120] for a in address[long]]
        batch = CaseBatch(
            row=good, line=chunk.lines[good], external_id=external[good], source=source[good],
            kind=_each(class_key, lambda k: k.split(":", 1)[0])[0], class_key=class_key,
            urgency=urgency[good], lon=lon[good], lat=lat[good],
            grid_code=np.where(by_grid[good], grid[good], None), description=description,
            address=address, department_code=department[good], status=status[good],
            reported_at=reported[good], dispatched_at=dispatched[good], closed_at=closed[good])
        return batch, rejected

    def _times(self, chunk: Chunk, name: str, what: str) -> tuple[np.ndarray, np.ndarray]:
        n = len(chunk)
        out, reasons = np.full(n, NAT), np.full(n, None, dtype=object)
        column = self.m.columns.get(name)
        values = chunk.columns.get(column) if column else None
        if values is None:
            return out, reasons
        rest = range(n)
        if chunk.texts:
            text = np.array([v.strip() for v in values], dtype=object)
            given = text != ""
            parsed = _parse_times(text, given, self.m)
            done = ~np.isnat(parsed)
            out[done] = parsed[done]
            rest = np.flatnonzero(given & ~done)
        for i in rest:    # empty, unusual or bad: one at a time, as a single row is read
            try:
                t = parse_time(values[i], self.m, what)
            except RowError as exc:
                reasons[i] = str(exc)
                continue
            if t is not None:
                out[i] = np.datetime64(t, "s")
        return out, reasons

    def _numbers(self, chunk: Chunk, name: str, what: str) -> tuple[np.ndarray, np.ndarray]:
        n = len(chunk)
        reasons = np.full(n, None, dtype=object)
        column = self.m.columns.get(name)
        values = chunk.columns.get(column) if column else [None] * n
        if chunk.texts and values is not None:
            try:   # float() of every value, as a row is read; any problem: one at a time
                return np.array(values, dtype=object).astype(np.float64), reasons
            except ValueError:
                pass
        out = np.full(n, np.nan)
        for i, v in enumerate(values):
            try:
                out[i] = number(v, what)
            except RowError as exc:
                reasons[i] = str(exc)
        return out, reasons


def _each(values: np.ndarray, fn) -> tuple[np.ndarray, np.ndarray]:
    """``fn`` of every value, computed once per distinct value: (results, RowError messages)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    results = np.full(len(distinct), None, dtype=object)
    reasons = np.full(len(distinct), None, dtype=object)
    for j, value in enumerate(distinct):
        try:
            results[j] = fn(value)
        except RowError as exc:
            reasons[j] = str(exc)
    return results[codes], reasons[codes]


def _dt(t: np.datetime64) -> datetime:
    return t.astype("datetime64[s]").item()


def _parse_times(text: np.ndarray, given: np.ndarray, m: CaseMapping) -> np.ndarray:
    """District times of the values in the mapping's format that parse the common way;
    NaT for the rest (left to ``parse_time``)."""
    out = np.full(len(text), NAT)
    if m.time_format == "iso":
        out[given] = _iso_seconds(text[given])
    elif "%z" not in m.time_format and "%Z" not in m.time_format:
        parsed = pd.to_datetime(pd.Series(text[given], dtype=object), format=m.time_format,
                                errors="coerce")
        # In seconds straight from the parsed unit: through nanoseconds, a year far from
        # 1970 overflows (an error since NumPy 2.5).
        out[given] = parsed.dt.as_unit("s").to_numpy()
    else:
        return out
    if m.time_zone.key != DISTRICT_TZ.key:
        # Times a clock change makes ambiguous or impossible, and the far past and future,
        # are left to parse_time (zoneinfo's rules for them).
        out[(out < _EARLIEST) | (out > _LATEST)] = NAT
        local = pd.DatetimeIndex(out).tz_localize(m.time_zone, ambiguous="NaT",
                                                  nonexistent="NaT")
        out = local.tz_convert(DISTRICT_TZ).tz_localize(None).to_numpy().astype("datetime64[s]")
    return out


_EARLIEST, _LATEST = np.datetime64("1900-01-01", "s"), np.datetime64("2200-01-01", "s")


_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]


def _iso_seconds(text: np.ndarray) -> np.ndarray:
    """``YYYY-MM-DD HH:MM:SS`` (or with T) from the digits; NaT for any other shape and for
    impossible dates, which ``datetime.fromisoformat`` then judges."""
    out = np.full(len(text), NAT)
    sized = np.fromiter(map(len, text), dtype=np.int64, count=len(text)) == 19
    if not sized.any():
        return out
    chars = np.array(text[sized].tolist(), dtype="U19").view(np.uint32).reshape(-1, 19)
    chars = chars.astype(np.int64)
    digits = chars[:, _DIGITS] - 48
    shaped = (((digits >= 0) & (digits <= 9)).all(axis=1) & (chars[:, 4] == 45)
              & (chars[:, 7] == 45) & ((chars[:, 10] == 32) | (chars[:, 10] == 84))
              & (chars[:, 13] == 58) & (chars[:, 16] == 58))
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    month, day, hour, minute, second = (digits[:, k] * 10 + digits[:, k + 1]
                                        for k in (4, 6, 8, 10, 12))
    months = np.clip((year - 1970) * 12 + month - 1, -(10 ** 6), 10 ** 6).astype("datetime64[M]")
    month_days = ((months + np.timedelta64(1, "M")).astype("datetime64[D]")
                  - months.astype("datetime64[D]")).astype(int)
    fine = (shaped & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
            & (day <= month_days) & (hour < 24) & (minute < 60) & (second < 60))
    value = (months.astype("datetime64[s]") + ((day - 1) * 86400 + hour * 3600 + minute * 60
                                               + second).astype("timedelta64[s]"))
    out[np.flatnonzero(sized)[fine]] = value[fine]
    return out


def imply_history(batch: CaseBatch, policy: Policy) -> None:
    """The stage, deadlines and version the data implies, as :func:`.caserows.implied_events`
    leaves them: dispatched when a department is known, handled and closed when the case
    was closed (or voided). Nothing is invented beyond that."""
    n = len(batch)
    dispatched = np.not_equal(batch.department_code, None)
    closed, void = batch.status == "closed", batch.status == "void"
    start = np.where(np.isnat(batch.dispatched_at), batch.reported_at, batch.dispatched_at)
    handle_started = np.where(dispatched, start, NAT).astype("datetime64[s]")
    handle_deadline = np.full(n, NAT).astype("datetime64[us]")
    intake_deadline = handle_deadline.copy()
    intake = ~dispatched & ~closed & ~void
    groups = pd.Series(np.arange(n)).groupby([batch.urgency, batch.class_key]).indices
    for (urgency, class_key), rows in groups.items():
        for stage, wanted, starts, into in (
                (Stage.HANDLING, dispatched, handle_started, handle_deadline),
                (Stage.INTAKE, intake, batch.reported_at, intake_deadline)):
            rows_here = rows[wanted[rows]]
            limit = policy.stage_limit(stage, Urgency(urgency), class_key) if len(rows_here) else None
            if limit:
                into[rows_here] = add_many(policy.calendar, starts[rows_here], limit)
    stage = np.where(dispatched, Stage.HANDLING.value, Stage.INTAKE.value).astype(object)
    stage[closed] = Stage.CLOSED.value
    stage[void] = Stage.VOID.value
    batch.stage = stage
    batch.stage_started_at = np.where(closed | void, batch.closed_at,
                                      np.where(dispatched, handle_started, batch.reported_at))
    batch.version = (1 + dispatched + np.where(closed, 1 + dispatched, 0) + void).astype(np.int64)
    batch.handle_started_at = handle_started
    batch.handle_deadline = handle_deadline
    batch.deadline = np.where(dispatched & ~closed & ~void, handle_deadline,
                              np.where(intake, intake_deadline, NAT))
