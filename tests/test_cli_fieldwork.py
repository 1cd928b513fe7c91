"""The command line of the field tools: merge, duplicates, assign, tasks, candidates and
reports handled on the spot; refusals exit 1, bad input 2, each in one line, writing nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from commandcenter.models.accounts import hash_password
from commandcenter.store.schema import Case, Photo, StaffGrid, User

from .conftest import GRID_A, TEST_PASSWORD
from .test_cli import REPORT, changes, cli, db, password  # noqa: F401

PHOTO = str(Path(__file__).parent / "data" / "fieldwork" / "adverts_removed.jpg")
FIRST, SECOND, THIRD = "2026112300001", "2026112300002", "2026112300003"
HOTLINE = ["case", "report", "--as", "op1", "--source", "hotline", "--class", "0101",
           "--lon", "116.40053", "--lat", "39.91052", "--description", "又有人反映这里有垃圾",
           "--at", "2026-11-23 09:05"]


@pytest.fixture
def field(db):  # noqa: F811
    url, database = db
    with database.session() as s:
        s.add(User(username="sup2", display_name="sup2", role="supervisor", active=True,
                   password_hash=hash_password(TEST_PASSWORD)))
        sup1 = s.scalar(select(User.id).where(User.username == "sup1"))
        s.add(StaffGrid(user_id=sup1, grid_code=GRID_A))
    return url, database


def out_err(capsys):
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_a_duplicate_found_merged_and_shown_on_both_cases(db, capsys):  # noqa: F811
    url, _ = db
    assert cli(url, *REPORT) == 0 and cli(url, *HOTLINE) == 0
    out_err(capsys)
    assert cli(url, "case", "duplicates", SECOND) == 0
    out, _ = out_err(capsys)
    assert "possible duplicates of 2026112300002 (same class, within 50 m" in out
    assert f"  {FIRST} 3 m reported 2026-11-23 09:00" in out
    assert cli(url, "case", "duplicates", SECOND, "--radius", "2") == 0
    assert "within 2 m, reported within 7 days before it): 0" in out_err(capsys)[0]
    assert cli(url, "case", "merge", SECOND, "--into", FIRST, "--as", "op1",
               "--at", "2026-11-23 09:08") == 0
    out, _ = out_err(capsys)
    assert out.startswith(f"{SECOND} void (作废) version 2") and f"merged into {FIRST}" in out
    assert cli(url, "case", "show", FIRST) == 0
    out, _ = out_err(capsys)
    assert "duplicates 1" in out.splitlines()[0]
    assert f"duplicate  op1            intake → intake   duplicate {SECOND}" in out
    assert cli(url, "case", "show", SECOND) == 0
    out, _ = out_err(capsys)
    assert f"merged into {FIRST}" in out.splitlines()[0] and f"into {FIRST}" in out
    assert cli(url, "case", "duplicates", FIRST) == 0
    out, _ = out_err(capsys)
    assert f"merged into {FIRST}: 1\n  {SECOND} hotline reported 2026-11-23 09:05 merged by op1" \
        in out


@pytest.mark.parametrize("args, status, message", [
    (["case", "merge", FIRST, "--into", FIRST, "--as", "op1"], 1, "not a duplicate of itself"),
    (["case", "merge", FIRST, "--into", SECOND, "--as", "disp1"], 1, "may not merge"),
    (["case", "merge", FIRST, "--into", "2099010100001", "--as", "op1"], 2, "no case 2099"),
    (["case", "merge", FIRST, "--as", "op1"], 2, "--into"),
    (["case", "duplicates", "2099010100001"], 2, "no case 2099010100001"),
    (["case", "duplicates", FIRST, "--days", "0"], 2, "must be positive"),
])
def test_merge_refusals_and_bad_input(db, capsys, args, status, message):  # noqa: F811
    url, database = db
    cli(url, *REPORT)
    cli(url, *HOTLINE)
    out_err(capsys)
    before = changes(database)
    assert cli(url, *args) == status
    err = out_err(capsys)[1]
    assert message in err and err.count("\n") == 1, err
    assert changes(database) == before


def test_field_tasks_assigned_reassigned_taken_and_listed(field, capsys):
    url, database = field
    public = REPORT[:4] + ["--source", "public"] + REPORT[4:]
    public[public.index("sup1")] = "op1"
    assert cli(url, *public) == 0
    assert cli(url, "case", "accept", FIRST, "--as", "op1", "--at", "2026-11-23 09:02") == 0
    out, _ = out_err(capsys)
    assert "verify (待核实)" in out and out.rstrip().endswith("assignee sup1")
    assert cli(url, "case", "candidates", FIRST, "--at", "2026-11-23 09:03") == 0
    assert out_err(capsys)[0].splitlines() == [
        f"{FIRST}: sup1 (grid-off-duty)", "  sup1 own grid off duty position unknown load 1"]
    assert cli(url, "case", "tasks", "--as", "sup1", "--at", "2026-11-23 09:40") == 0
    out, _ = out_err(capsys)
    assert out.splitlines() == [
        f"{FIRST} verify (待核实) event:0101 sup1 take by 11-23 09:32 deadline 11-23 10:02 "
        "LATE-TO-START", "1 task(s)"]
    assert cli(url, "case", "tasks", "--late", "--at", "2026-11-23 09:40") == 0
    assert out_err(capsys)[0].startswith(FIRST)
    assert cli(url, "case", "assign", FIRST, "--to", "sup2", "--as", "disp1",
               "--reason", "就近改派", "--at", "2026-11-23 09:41") == 0
    assert out_err(capsys)[0].rstrip().endswith("assignee sup2")
    before = changes(database)
    assert cli(url, "case", "verify", FIRST, "--as", "sup1") == 1
    assert "assigned to 'sup2', not to 'sup1'" in out_err(capsys)[1]
    assert changes(database) == before
    assert cli(url, "case", "acknowledge", FIRST, "--as", "sup2", "--at", "2026-11-23 09:45") == 0
    assert cli(url, "case", "tasks", "--as", "sup2", "--at", "2026-11-23 09:50") == 0
    out, _ = out_err(capsys)
    assert f"{FIRST} verify (待核实) event:0101 sup2 taken 11-23 09:45 deadline" in out
    assert cli(url, "case", "tasks", "--as", "sup1") == 0
    assert out_err(capsys)[0] == "0 task(s)\n"
    assert cli(url, "case", "show", FIRST) == 0
    assert "assign     disp1" in out_err(capsys)[0]


@pytest.mark.parametrize("args, status, message", [
    (["case", "assign", FIRST, "--to", "disp2", "--as", "disp1"], 2, "not a field supervisor"),
    (["case", "assign", FIRST, "--to", "ghost", "--as", "disp1"], 2, "no active user 'ghost'"),
    (["case", "assign", FIRST, "--to", "sup2", "--as", "h_d02"], 1, "may not assign"),
    (["case", "assign", FIRST, "--to", "sup2", "--as", "disp1"], 1, "needs stage check or verify"),
    (["case", "tasks", "--as", "op1"], 2, "no active field supervisor 'op1'"),
    (["case", "tasks"], 2, "one of the arguments"),
    (["case", "candidates", "2099010100001"], 2, "no case 2099010100001"),
])
def test_task_refusals_and_bad_input(field, capsys, args, status, message):
    url, database = field
    cli(url, *REPORT)
    out_err(capsys)
    before = changes(database)
    assert cli(url, *args) == status
    err = out_err(capsys)[1]
    assert message in err and err.count("\n") == 1, err
    assert changes(database) == before


SELF = ["case", "report", "--as", "sup1", "--class", "0201", "--lon", "116.4005", "--lat",
        "39.9105", "--description", "电线杆上小广告，已当场清除", "--at", "2026-11-23 09:00"]


def test_a_report_handled_on_the_spot_and_approved(db, capsys):  # noqa: F811
    url, database = db
    assert cli(url, *SELF, "--self-handled", "--photo", PHOTO) == 0
    out, _ = out_err(capsys)
    assert out.startswith(f"{FIRST} intake") and "pending self" in out
    with database.session() as s:   # the picture itself is kept, as every case photo is
        (ref,) = s.scalar(select(Case.photos))
        assert s.get(Photo, ref.removeprefix("photo:")).data == Path(PHOTO).read_bytes()
    assert cli(url, "case", "approve", FIRST, "--as", "lead1", "--at", "2026-11-23 09:10") == 0
    out, _ = out_err(capsys)
    assert "closed (已结案)" in out and out.rstrip().endswith("self-handled")
    assert cli(url, "case", "show", FIRST) == 0
    line = out_err(capsys)[0].splitlines()[-1].split()
    assert line[3:] == ["approve", "lead1", "intake", "→", "closed", "self-handled"]


def test_a_report_handled_on_the_spot_and_rejected_goes_to_filing(db, capsys):  # noqa: F811
    url, _ = db
    cli(url, *SELF, "--self-handled", "--photo", PHOTO)
    assert cli(url, "case", "reject", FIRST, "--as", "lead1", "--reason", "需专业部门处置") == 0
    assert "filing (待立案)" in out_err(capsys)[0]


@pytest.mark.parametrize("extra, status, message", [
    (["--self-handled"], 2, "needs at least one photo"),
    (["--self-handled", "--photo", "no/such.jpg"], 2, "photo such.jpg: cannot be read"),
    (["--self-handled", "--photo", __file__], 2, "not a JPEG, PNG"),
    (["--self-handled", "--photo", PHOTO, "--class", "0501"], 2, "may not be handled on the spot"),
])
def test_self_handled_reports_that_are_refused(db, capsys, extra, status, message):  # noqa: F811
    url, database = db
    assert cli(url, *SELF, *extra) == status
    err = out_err(capsys)[1]
    assert message in err and err.count("\n") == 1, err
    assert changes(database) == 0


def test_only_a_supervisor_reports_a_case_handled(db, capsys):  # noqa: F811
    url, database = db
    argv = list(SELF)
    argv[argv.index("sup1")] = "op1"
    assert cli(url, *argv, "--self-handled", "--photo", PHOTO) == 1
    assert "may not report a case as handled on the spot" in out_err(capsys)[1]
    assert changes(database) == 0
