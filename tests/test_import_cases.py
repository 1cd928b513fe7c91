"""Case history import: mapping files, the real NYC 311 and Open311 samples, rejection with
line and reason, reject files, idempotent re-imports — on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from commandcenter.exchange.cases import import_cases
from commandcenter.exchange.problems import BadFile, ImportRejected, Problem
from commandcenter.store.db import open_database
from commandcenter.store.queries import case_history, get_case
from commandcenter.store.schema import Case, CaseEventRow, ChangeLog

from .exchange_world import DATA, seed_block

NYC, NYC_MAP = DATA / "nyc311_sample.csv", DATA / "nyc311.toml"
BLOOMINGTON, BLOOMINGTON_MAP = DATA / "bloomington_requests.json", DATA / "bloomington.toml"


@pytest.fixture
def block_db(db_url):
    db = open_database(db_url)
    seed_block(db)
    yield db
    db.dispose()


def counts(db):
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Case)),
                s.scalar(select(func.count()).select_from(CaseEventRow)))


def test_a_bad_row_rejects_the_whole_file_with_its_line_and_reason(block_db):
    # The NYC sample has one row without coordinates, and a few whose relocated points fall
    # where the small test district has no grid.
    with pytest.raises(ImportRejected) as caught:
        import_cases(block_db, NYC, NYC_MAP)
    problems = caught.value.problems
    with open(NYC, newline="") as f:
        rows = list(csv.DictReader(f))
    bad = next(i for i, r in enumerate(rows) if not r["Longitude"])
    assert Problem(f"line {bad + 2}", "no longitude") in problems
    assert all(p.reason.endswith("are outside the district") for p in problems
               if p.reason != "no longitude")
    assert counts(block_db) == (0, 0)


def test_nyc_sample_with_reject_file_imports_the_rest_once(block_db, tmp_path):
    rejects = tmp_path / "rejects.csv"
    report = import_cases(block_db, NYC, NYC_MAP, reject_file=rejects)
    assert report.rows == 300 and report.imported + report.rejected == 300
    with open(rejects, newline="") as f:
        lines = list(csv.DictReader(f))
    assert len(lines) == report.rejected and any(r["reason"] == "no longitude" for r in lines)
    assert all(r["Unique Key"] for r in lines)
    closed, handling = report.stages["closed"], report.stages["handling"]
    assert closed + handling == report.imported and handling > 0
    cases, events = counts(block_db)
    # Closed cases with a department: report, dispatch, handle, close; open ones: two.
    assert cases == report.imported and events == closed * 4 + handling * 2

    again = import_cases(block_db, NYC, NYC_MAP, reject_file=rejects)
    assert (again.imported, again.already) == (0, report.imported)
    assert counts(block_db) == (cases, events)


def test_an_imported_case_carries_its_history_in_district_time(block_db, tmp_path):
    import_cases(block_db, NYC, NYC_MAP, reject_file=tmp_path / "r.csv")
    with open(NYC, newline="") as f:
        first = next(csv.DictReader(f))
    assert (first["Agency"], first["Status"]) == ("DOT", "Closed")
    with block_db.session() as s:
        number = s.scalar(select(Case.number).where(
            Case.external_id == f"nyc311:{first['Unique Key']}"))
    case = get_case(block_db, number)
    history = case_history(block_db, case.id)
    assert [e.action.value for e in history] == ["report", "dispatch", "handle", "close"]
    assert history[0].payload["imported"] is True and history[0].actor == "import"
    # New York is 13 hours behind Beijing until 13 March 2011, then 12 (daylight saving).
    created = datetime.strptime(first["Created Date"], "%m/%d/%Y %I:%M:%S %p")
    closed = datetime.strptime(first["Closed Date"], "%m/%d/%Y %I:%M:%S %p")
    assert case.reported_at == created + timedelta(hours=13)
    assert created.day < 13 < closed.day
    assert case.closed_at == history[-1].at == closed + timedelta(hours=12)
    assert case.department_code == "D04" and case.stage.value == "closed"
    assert case.number.startswith(case.reported_at.strftime("%Y%m%d"))
    assert case.class_key == "component:0203"   # Street Sign - Dangling


def test_open_imported_cases_reach_the_change_log_closed_ones_do_not(block_db, tmp_path):
    import_cases(block_db, NYC, NYC_MAP, reject_file=tmp_path / "r.csv")
    with block_db.session() as s:
        logged = set(s.scalars(select(ChangeLog.entity_id).where(ChangeLog.kind == "import")))
        open_ids = {str(i) for i in s.scalars(select(Case.id).where(Case.is_open))}
    assert logged == open_ids and open_ids


def test_bloomington_open311_capture(block_db, tmp_path):
    rejects = tmp_path / "r.csv"
    report = import_cases(block_db, BLOOMINGTON, BLOOMINGTON_MAP, reject_file=rejects)
    data = json.loads(BLOOMINGTON.read_text())
    located = [r for r in data if r["lat"] is not None]
    assert report.rows == len(data) == 21
    assert report.imported + report.rejected == 21
    assert report.rejected >= len(data) - len(located)
    with open(rejects, newline="") as f:
        reasons = {r["reason"] for r in csv.DictReader(f)}
    assert "no longitude" in reasons
    with block_db.session() as s:
        sources = set(s.scalars(select(Case.source)))
    assert sources == {"public"}


def test_dry_run_writes_nothing_and_reports_what_it_would_do(block_db, tmp_path):
    report = import_cases(block_db, NYC, NYC_MAP, dry_run=True, reject_file=tmp_path / "r.csv")
    assert report.imported > 250 and f"would import {report.imported}" in report.summary()
    assert counts(block_db) == (0, 0)


def write_csv(path, rows, header=("id", "reported", "closed", "status", "type", "x", "y")):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


MAPPING = """
time_zone = "Asia/Shanghai"
[columns]
external_id = "id"
reported_at = "reported"
closed_at = "closed"
status = "status"
class = "type"
lon = "x"
lat = "y"
[status]
done = "closed"
new = "open"
[classes]
garbage = "event:0101"
"""


@pytest.mark.parametrize("row, reason", [
    (["a1", "2026-03-02 10:00", "2026-03-01 10:00", "done", "garbage", "116.401", "39.913"],
     "closed 2026-03-01 10:00 before it was reported 2026-03-02 10:00"),
    (["a1", "2026-03-02 10:00", "", "new", "garbage", "116.501", "39.913"],
     "coordinates 116.501000,39.913000 are outside the district"),
    (["a1", "2026-03-02 10:00", "", "new", "litter", "116.401", "39.913"],
     "unknown category 'litter' (not in the mapping's [classes])"),
    (["a1", "yesterday", "", "new", "garbage", "116.401", "39.913"],
     "reported time 'yesterday' is not a time in the form 'iso'"),
    (["a1", "2026-03-02 10:00", "", "lost", "garbage", "116.401", "39.913"],
     "unknown status 'lost' (not in the mapping's [status])"),
])
def test_each_kind_of_bad_row_is_named(tmp_path, row, reason):
    db = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    seed_block(db)
    (tmp_path / "m.toml").write_text(MAPPING)
    good = ["a0", "2026-03-02 09:00", "", "new", "garbage", "116.401", "39.913"]
    path = write_csv(tmp_path / "in.csv", [good, row])
    with pytest.raises(ImportRejected) as caught:
        import_cases(db, path, tmp_path / "m.toml")
    assert [str(p) for p in caught.value.problems] == [f"line 3: {reason}"]
    assert counts(db) == (0, 0)


def test_duplicate_external_id_in_one_file(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    seed_block(db)
    (tmp_path / "m.toml").write_text(MAPPING)
    row = ["a0", "2026-03-02 09:00", "", "new", "garbage", "116.401", "39.913"]
    with pytest.raises(ImportRejected, match="line 3: external id 'a0' again \\(first on line 2\\)"):
        import_cases(db, write_csv(tmp_path / "in.csv", [row, row]), tmp_path / "m.toml")


def test_xlsx_with_real_datetimes(tmp_path):
    import openpyxl
    db = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    seed_block(db)
    (tmp_path / "m.toml").write_text(MAPPING)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "reported", "closed", "status", "type", "x", "y"])
    sheet.append(["x1", datetime(2026, 3, 2, 9, 30), datetime(2026, 3, 2, 15, 0), "done", "garbage",
                  116.403, 39.915])
    book.save(tmp_path / "in.xlsx")
    report = import_cases(db, tmp_path / "in.xlsx", tmp_path / "m.toml")
    assert report.imported == 1 and report.stages == {"closed": 1}
    with db.session() as s:
        case = s.scalar(select(Case).where(Case.external_id == "x1"))
        assert case.reported_at == datetime(2026, 3, 2, 9, 30) and case.imported
        assert case.grid_code.startswith("110101001001")


@pytest.mark.parametrize("text, message", [
    ("[columns]\nexternal_id = 'id'\n", "missing reported_at, class, lon and lat"),
    (MAPPING.replace('garbage = "event:0101"', 'garbage = "event:9999"'), "no such class"),
    (MAPPING.replace('time_zone = "Asia/Shanghai"', 'time_zone = "Mars/Olympus"'), "unknown time zone"),
    (MAPPING + "[departments]\nX = 'D99'\n", "no such department"),
    ("[columns\n", "mapping m.toml"),
])
def test_bad_mapping_files_are_refused_before_any_row(tmp_path, text, message):
    db = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    seed_block(db)
    (tmp_path / "m.toml").write_text(text)
    path = write_csv(tmp_path / "in.csv", [])
    with pytest.raises(BadFile, match=message):
        import_cases(db, path, tmp_path / "m.toml")


def test_a_column_the_mapping_names_must_exist(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    seed_block(db)
    (tmp_path / "m.toml").write_text(MAPPING)
    path = write_csv(tmp_path / "in.csv", [["a", "2026-03-02 09:00", "", "new", "garbage", "1"]],
                     header=("id", "reported", "closed", "status", "type", "x"))
    with pytest.raises(BadFile, match="no column\\(s\\) 'y'"):
        import_cases(db, path, tmp_path / "m.toml")


def _histories(db):
    with db.session() as s:
        rows = s.execute(select(Case.external_id, Case.stage, Case.deadline, Case.handle_deadline,
                                Case.version, Case.updated_at, CaseEventRow.seq,
                                CaseEventRow.action, CaseEventRow.at, CaseEventRow.from_stage,
                                CaseEventRow.to_stage, CaseEventRow.payload)
                         .join(CaseEventRow, CaseEventRow.case_id == Case.id)
                         .order_by(Case.external_id, CaseEventRow.seq)).all()
    return [tuple(r) for r in rows]


@pytest.mark.postgres
def test_postgres_bulk_path_writes_the_same_history_as_the_sqlite_path(pg_url, tmp_path):
    # PostgreSQL derives the events in SQL, SQLite from caserows.implied_events: same rows.
    lite = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    pg = open_database(pg_url)
    for db in (lite, pg):
        seed_block(db)
        import_cases(db, NYC, NYC_MAP, reject_file=tmp_path / "r.csv")
        import_cases(db, BLOOMINGTON, BLOOMINGTON_MAP, reject_file=tmp_path / "r.csv")
    a, b = _histories(lite), _histories(pg)
    assert len(a) > 1000 and a == b
    pg.dispose()


def _event_foreign_keys(db) -> list[str]:
    from sqlalchemy import text
    with db.session() as s:
        return list(s.scalars(text("SELECT conname FROM pg_constraint WHERE conrelid = "
                                   "'case_events'::regclass AND contype = 'f'")))


@pytest.mark.postgres
def test_a_large_import_checks_the_events_foreign_key_once_and_puts_it_back(pg_url, tmp_path,
                                                                             monkeypatch):
    import commandcenter.exchange.cases as module
    monkeypatch.setattr(module, "LARGE", 20)
    monkeypatch.setattr(module, "BATCH", 50)
    db = open_database(pg_url)
    seed_block(db)
    keys = _event_foreign_keys(db)
    assert keys
    with pytest.raises(ImportRejected):   # rolled back: the key is back as it was
        import_cases(db, NYC, NYC_MAP)
    assert _event_foreign_keys(db) == keys and counts(db) == (0, 0)
    report = import_cases(db, NYC, NYC_MAP, reject_file=tmp_path / "r.csv")
    assert report.imported > 250 and _event_foreign_keys(db) == keys
    db.dispose()


def _definitions(db) -> list[str]:
    from sqlalchemy import text
    with db.session() as s:
        return sorted(s.scalars(text(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid IN "
            "('cases'::regclass, 'case_events'::regclass) UNION ALL "
            "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE "
            "conrelid IN ('cases'::regclass, 'case_events'::regclass)")))


@pytest.mark.postgres
def test_a_large_import_rebuilds_what_it_dropped_and_writes_the_same_history(pg_url, tmp_path,
                                                                            monkeypatch):
    import commandcenter.exchange.cases as module
    lite = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    seed_block(lite)
    import_cases(lite, NYC, NYC_MAP, reject_file=tmp_path / "r.csv")
    monkeypatch.setattr(module, "LARGE", 20)
    monkeypatch.setattr(module, "BATCH", 50)
    db = open_database(pg_url)
    seed_block(db)
    before = _definitions(db)
    assert any("uq_cases_external_id" in d for d in before)
    report = import_cases(db, NYC, NYC_MAP, reject_file=tmp_path / "r.csv")
    assert report.imported > 250 and "restore" in report.phases.times
    assert _definitions(db) == before and _histories(db) == _histories(lite)
    # The same file again finds every case, through the rebuilt index.
    again = import_cases(db, NYC, NYC_MAP, reject_file=tmp_path / "r.csv")
    assert (again.imported, again.already) == (0, report.imported)
    assert _definitions(db) == before
    db.dispose()


def test_a_partly_imported_file_numbers_the_rest_without_gaps(block_db, tmp_path):
    with open(NYC, newline="") as f:
        rows = list(csv.reader(f))
    half = tmp_path / "half.csv"
    with open(half, "w", newline="") as f:
        csv.writer(f).writerows(rows[:1] + rows[1::2])
    first = import_cases(block_db, half, NYC_MAP, reject_file=tmp_path / "r.csv")
    rest = import_cases(block_db, NYC, NYC_MAP, reject_file=tmp_path / "r.csv")
    assert rest.already == first.imported > 100 and rest.imported > 100
    with block_db.session() as s:
        numbers = sorted(s.scalars(select(Case.number)))
    serials: dict[str, list[int]] = {}
    for number in numbers:
        serials.setdefault(number[:8], []).append(int(number[8:]))
    assert all(found == list(range(1, len(found) + 1)) for found in serials.values())
