"""Reads and writes of the monthly review: the event log of a window of cases into pandas,
the units reviewed, case lists for drill-down, and published (frozen) reviews.

Loading is set-based: one query for the cases of a window and one for their events per
range of case ids (``review_facts`` folds the events in the database instead).
PostgreSQL streams them with COPY … TO STDOUT (CSV, taken off libpq by ``pgcopy``) straight
into ``pandas.read_csv``, which is several times faster than fetching rows through the
driver; SQLite is read with ``pandas.read_sql_query`` on its own connection.
"""
from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import delete, func, insert, select

from .db import Database
from .pgcopy import copy_out
from .schema import (Area, Case, Department, Grid, ReviewPublication, ReviewPublicationCase,
                     StaffGrid, User)

EVENT_COLUMNS = ["case_id", "seq", "action", "actor", "role", "at", "from_stage", "to_stage",
                 "deadline", "department", "request"]
CASE_COLUMNS = ["case_id", "source", "class_key", "grid_code", "reported_at"]
_CATEGORIES = ("action", "role", "from_stage", "to_stage", "request")


# Requests, rejections and escalations change no deadline and count in no figure: the
# figures read each event's deadline from the event before it, which these events only
# repeat, so they stay on the server. A rejected report handled on the spot (自处理) is
# the exception: it goes on to filing with a new deadline, and is counted.
_SKIPPED = "('return', 'extend', 'hold', 'reject', 'escalate')"


def request_sql(dialect: str) -> str:
    """The request an event decides, and ``self`` for a report handled on the spot (the
    report opens that request)."""
    if dialect == "postgresql":
        req, flag = "e.payload->>'request'", "e.payload->>'self_handled' = 'true'"
    else:
        req, flag = ("json_extract(e.payload, '$.request')",
                     "json_extract(e.payload, '$.self_handled') = 1")
    return f"CASE WHEN e.action = 'report' AND {flag} THEN 'self' ELSE {req} END"


def kept(dialect: str) -> str:
    """The condition keeping the events the review reads."""
    return (f"(e.action NOT IN {_SKIPPED} OR (e.action = 'reject' "
            f"AND {request_sql(dialect)} = 'self'))")


def only(actions: tuple[str, ...] | None) -> str:
    """A condition keeping the events of ``actions`` (all when None)."""
    return f" AND e.action IN ({', '.join(repr(a) for a in actions)})" if actions else ""


def _event_sql(dialect: str, ph: str, prune: bool = False,
               actions: tuple[str, ...] | None = None) -> str:
    """Parameters: first id, last id, as_of [, first id, last id, as_of, a time: only the
    cases with an event since that time]."""
    if dialect == "postgresql":
        # Times travel as epoch microseconds: shorter than text and parsed at once.
        at = "(date_part('epoch', e.at) * 1000000)::bigint"
        deadline = "(date_part('epoch', (e.payload->>'deadline')::timestamp) * 1000000)::bigint"
        dept = "e.payload->>'department'"
    else:
        at, deadline = "e.at", "json_extract(e.payload, '$.deadline')"
        dept = "json_extract(e.payload, '$.department')"
    # Parsing the payload is most of the server's work: only a dispatch names the
    # department, and only a report, an approval or a rejection carries a request the
    # figures read, so the other events' payloads are parsed for their deadline alone.
    dept = f"CASE WHEN e.action = 'dispatch' THEN {dept} END"
    req = f"CASE WHEN e.action IN ('report', 'approve', 'reject') THEN {request_sql(dialect)} END"
    # A range of case ids walks the (case_id, seq) index with no join; ids follow the
    # order of reporting, and any case of the range outside the window is dropped after.
    return (f"SELECT e.case_id, e.seq, e.action, e.actor, e.role, {at}, e.from_stage, "
            f"e.to_stage, {deadline}, {dept}, {req} FROM case_events e "
            f"WHERE e.case_id >= {ph} AND e.case_id <= {ph} AND e.at < {ph} "
            f"AND {kept(dialect)}" + only(actions) + (_active(dialect, ph) if prune else ""))


def _active(dialect: str, ph: str) -> str:
    """Parameters: first id, last id, a time, as_of: the cases of the range with an event
    in [that time, as_of)."""
    if dialect == "postgresql":
        # The range's own events, grouped by case: the events since that time, found by
        # the index on times, would be those of every later case too, fetched to be dropped.
        return (f" AND e.case_id IN (SELECT x.case_id FROM case_events x WHERE x.case_id >= {ph}"
                f" AND x.case_id <= {ph} AND x.at < {ph} GROUP BY x.case_id"
                f" HAVING max(x.at) >= {ph})")
    return (f" AND e.case_id IN (SELECT x.case_id FROM case_events x WHERE x.case_id >= {ph}"
            f" AND x.case_id <= {ph} AND x.at < {ph} AND x.at >= {ph})")


def _case_sql(dialect: str, ph: str) -> str:
    reported = ("(date_part('epoch', reported_at) * 1000000)::bigint"
                if dialect == "postgresql" else "reported_at")
    return (f"SELECT id, source, class_key, grid_code, {reported} FROM cases "
            f"WHERE reported_at >= {ph} AND reported_at < {ph}")


_DTYPES = {"case_id": "int64", "seq": "int64", "department": object, "at": "float64",
           "deadline": "float64",
           "source": str, "class_key": str, "grid_code": str, "reported_at": "float64",
           **{c: "category" for c in ("action", "actor", "role", "from_stage", "to_stage",
                                      "request")}}


def _read(db: Database, sql: str, params: tuple, names: list[str]) -> pd.DataFrame:
    raw = db.engine.raw_connection()
    try:
        if db.dialect == "postgresql":
            with raw.cursor() as cur:
                # The ranges already run on connections of their own, one per core;
                # parallel workers on top would only compete with them. Compiling the
                # statement (JIT) took more of the server's time than it saved.
                cur.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                cur.execute("SET LOCAL jit = off")
            data = copy_out(raw.driver_connection, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)",
                            params)
            if not data:
                return pd.DataFrame({n: pd.Series(dtype=object) for n in names})
            return pd.read_csv(io.BytesIO(data), header=None, names=names,
                               dtype={n: _DTYPES.get(n, str) for n in names},
                               keep_default_na=False, na_values=[""])
        frame = pd.read_sql_query(sql, raw.driver_connection, params=params)
        frame.columns = names
        return frame
    finally:
        raw.close()


def _times(series: pd.Series) -> pd.Series:
    """ISO text (SQLite) or epoch microseconds (PostgreSQL) as naive datetimes."""
    if pd.api.types.is_numeric_dtype(series):
        return pd.to_datetime(series, unit="us").astype("datetime64[us]")
    return pd.to_datetime(series, format="ISO8601").astype("datetime64[us]")


def load_cases(db: Database, since: datetime, until: datetime) -> pd.DataFrame:
    """The cases reported in [since, until): columns as ``CASE_COLUMNS``."""
    ph = "%s" if db.dialect == "postgresql" else "?"
    stamp = (lambda t: t) if db.dialect == "postgresql" else (lambda t: t.isoformat(" "))
    cases = _read(db, _case_sql(db.dialect, ph), (stamp(since), stamp(until)), CASE_COLUMNS)
    cases = cases.astype({"case_id": "int64"})
    cases["reported_at"] = _times(cases["reported_at"])
    return cases


def read_ranges(db: Database, tasks: list, read) -> pd.DataFrame:
    """``read`` of each range of cases, as one frame. On PostgreSQL each range gets a
    connection and so a server process of its own, folding in parallel."""
    if db.dialect == "postgresql" and len(tasks) > 1:
        with ThreadPoolExecutor(len(tasks)) as pool:
            frames = list(pool.map(read, tasks))
    else:
        frames = [read(t) for t in tasks]
    if len(frames) == 1:
        return frames[0]
    # Categories differing between ranges would turn a column into objects, to be
    # categorised again row by row: the ranges take the union first (sorted, as that
    # categorising would have them).
    for column in frames[0].columns:
        if all(isinstance(f[column].dtype, pd.CategoricalDtype) for f in frames):
            union = sorted(set().union(*(f[column].cat.categories for f in frames)))
            frames = [f.assign(**{column: f[column].cat.set_categories(union)}) for f in frames]
    return pd.concat(frames, ignore_index=True)


def load_events(db: Database, cases: pd.DataFrame, as_of: datetime,
                active_since: datetime | None = None,
                actions: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every event (up to ``as_of``, of ``actions`` if given) of ``cases`` but those
    reported before ``active_since`` with no event since, as the log holds them."""
    ph = "%s" if db.dialect == "postgresql" else "?"
    stamp = (lambda t: t) if db.dialect == "postgresql" else (lambda t: t.isoformat(" "))
    if len(cases):
        first, last = int(cases["case_id"].min()), int(cases["case_id"].max())
        split = first
        if active_since is not None:
            since_then = cases.loc[cases["reported_at"] >= active_since, "case_id"]
            split = int(since_then.min()) if len(since_then) else last + 1
        tasks = [(first, split - 1, True)] if split > first else []
        if split <= last:
            # Two connections stream halves at once: the transfer, not the query, is
            # what takes the time, and the server and the parser overlap.
            n = 2 if db.dialect == "postgresql" and last - split > 20_000 else 1
            step = (last - split + n) // n
            tasks += [(lo, min(lo + step - 1, last), False)
                      for lo in range(split, last + 1, step)]

        def read(task):
            lo, hi, prune = task
            since_then = (lo, hi, stamp(as_of), stamp(active_since)) if prune else ()
            return _read(db, _event_sql(db.dialect, ph, prune, actions), (lo, hi, stamp(as_of),
                                                                 *since_then), EVENT_COLUMNS)
        events = read_ranges(db, tasks, read)
        inside = events["case_id"].astype("int64").isin(cases["case_id"])
        if not inside.all():
            events = events.loc[inside]
    else:
        events = pd.DataFrame({n: pd.Series(dtype=object) for n in EVENT_COLUMNS})
    events = events.astype({"case_id": "int64", "seq": "int64"}).reset_index(drop=True)
    for column in ("at", "deadline"):
        events[column] = _times(events[column])
    for column in (*_CATEGORIES, "actor"):
        events[column] = events[column].astype("category")
    events["department"] = events["department"].astype(object)
    return events


def load_window(db: Database, since: datetime, until: datetime,
                as_of: datetime) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events (up to ``as_of``) and cases of every case reported in [since, until)."""
    cases = load_cases(db, since, until)
    return load_events(db, cases, as_of), cases


def load_patrols(db: Database) -> pd.DataFrame:
    """Which field supervisor patrols which grid: username, grid_code."""
    with db.session() as s:
        rows = s.execute(select(User.username, StaffGrid.grid_code)
                         .join(StaffGrid, StaffGrid.user_id == User.id)
                         .where(User.role == "supervisor")).all()
    return pd.DataFrame(rows, columns=["username", "grid_code"])


@dataclass(frozen=True)
class Units:
    """Names and shapes of everything a review ranks."""

    departments: pd.DataFrame   # code, name, short_name, type, street_code
    grids: pd.DataFrame         # code, community_code, street_code, area_m2
    areas: pd.DataFrame         # code, level, name, short_name
    users: pd.DataFrame         # username, display_name, role
    patrols: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["username", "grid_code"]))   # supervisors' grids


def load_units(db: Database) -> Units:
    with db.session() as s:
        def frame(*columns):
            return pd.DataFrame(s.execute(select(*columns)).all(),
                                columns=[c.key for c in columns])
        return Units(
            frame(Department.code, Department.name, Department.short_name, Department.type,
                  Department.street_code),
            frame(Grid.code, Grid.community_code, Grid.street_code, Grid.area_m2),
            frame(Area.code, Area.level, Area.name, Area.short_name),
            frame(User.username, User.display_name, User.role),
            load_patrols(db))


def user_role(db: Database, username: str) -> str | None:
    """The role of the active user ``username``, or None."""
    with db.session() as s:
        return s.scalar(select(User.role).where(User.username == username, User.active))


def area_geometries(db: Database, level: str) -> dict[str, str]:
    """GeoJSON geometry text per street or community code, or per grid for ``grid``."""
    with db.session() as s:
        if level == "grid":
            return dict(s.execute(select(Grid.code, Grid.geometry)).all())
        return dict(s.execute(select(Area.code, Area.geometry).where(Area.level == level)).all())


def case_summaries(db: Database, case_ids: list[int]) -> pd.DataFrame:
    """One line per case for a drill-down list, in the order of ``case_ids``."""
    columns = [Case.id, Case.number, Case.class_key, Case.stage, Case.department_code,
               Case.grid_code, Case.reported_at, Case.closed_at, Case.address]
    rows = []
    with db.session() as s:
        for i in range(0, len(case_ids), 5000):
            chunk = [int(c) for c in case_ids[i:i + 5000]]
            rows += s.execute(select(*columns).where(Case.id.in_(chunk))).all()
    frame = pd.DataFrame(rows, columns=[c.key for c in columns])
    order = {c: i for i, c in enumerate(case_ids)}
    return frame.sort_values("id", key=lambda s: s.map(order)).reset_index(drop=True)


# --- publication (固化) -----------------------------------------------------------------

@dataclass(frozen=True)
class Publication:
    id: int
    period: str
    scheme_version: str
    definitions_version: str
    published_at: datetime
    published_by: str
    figures: dict            # object type -> list of row dicts


def save_publication(db: Database, period: str, scheme_version: str, definitions_version: str,
                     published_by: str, published_at: datetime, figures: dict,
                     members: pd.DataFrame) -> int:
    """Store a review's figures and the case list behind them; returns the publication id.

    ``members`` has columns object_type, unit, case_id, flags (a bit per counted indicator).
    """
    with db.session() as s:
        pub_id = s.execute(insert(ReviewPublication).values(
            period=period, scheme_version=scheme_version,
            definitions_version=definitions_version, published_at=published_at,
            published_by=published_by, figures=json.dumps(figures, ensure_ascii=False))
            .returning(ReviewPublication.id)).scalar_one()
        rows = members.assign(publication_id=pub_id)[
            ["publication_id", "object_type", "unit", "case_id", "flags"]]
        if db.dialect == "postgresql":
            raw = s.connection().connection.driver_connection
            with raw.cursor().copy("COPY review_publication_cases (publication_id, object_type,"
                                   " unit, case_id, flags) FROM STDIN") as copy:
                for record in rows.itertuples(index=False, name=None):
                    copy.write_row(record)
        else:
            s.execute(insert(ReviewPublicationCase), [
                dict(zip(rows.columns, map(_plain, r))) for r in rows.itertuples(index=False)])
    return pub_id


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def latest_publication(db: Database, period: str) -> Publication | None:
    with db.session() as s:
        row = s.scalars(select(ReviewPublication).where(ReviewPublication.period == period)
                        .order_by(ReviewPublication.id.desc()).limit(1)).first()
        if row is None:
            return None
        return Publication(row.id, row.period, row.scheme_version, row.definitions_version,
                           row.published_at, row.published_by, json.loads(row.figures))


def publication_members(db: Database, publication_id: int) -> pd.DataFrame:
    with db.session() as s:
        rows = s.execute(select(ReviewPublicationCase.object_type, ReviewPublicationCase.unit,
                                ReviewPublicationCase.case_id, ReviewPublicationCase.flags)
                         .where(ReviewPublicationCase.publication_id == publication_id)).all()
    return pd.DataFrame(rows, columns=["object_type", "unit", "case_id", "flags"])


def withdraw_publication(db: Database, publication_id: int) -> None:
    with db.session() as s:
        s.execute(delete(ReviewPublicationCase)
                  .where(ReviewPublicationCase.publication_id == publication_id))
        s.execute(delete(ReviewPublication).where(ReviewPublication.id == publication_id))


def count_publications(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(ReviewPublication))


def case_numbers(db: Database, case_ids) -> pd.Series:
    """Case number per case id."""
    ids = [int(c) for c in case_ids]
    rows = []
    with db.session() as s:
        for i in range(0, len(ids), 5000):
            rows += s.execute(select(Case.id, Case.number)
                              .where(Case.id.in_(ids[i:i + 5000]))).all()
    return pd.Series({i: n for i, n in rows}, dtype=object)
