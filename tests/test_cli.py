"""The command line: workflow actions, refusals (status 1) and bad input (status 2)."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from commandcenter.cli import main
from commandcenter.store.schema import Case, ChangeLog

from .conftest import GRID_A, TEST_PASSWORD, seed_world


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_PASSWORD", TEST_PASSWORD)


@pytest.fixture
def db(tmp_path):
    from commandcenter.store.db import open_database
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    database = open_database(url)
    seed_world(database)
    yield url, database
    database.dispose()


def cli(url, *args):
    return main(["--db", url, *args])


def changes(database) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(ChangeLog))


REPORT = ["case", "report", "--as", "sup1", "--class", "0101", "--lon", "116.4005",
          "--lat", "39.9105", "--description", "暴露垃圾", "--at", "2026-11-23 09:00"]


def test_report_locates_the_grid_and_prints_the_case(db, capsys):
    url, _ = db
    assert cli(url, *REPORT) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026112300001 intake") and f"grid {GRID_A}" in out


def test_a_loop_driven_from_the_command_line(db, capsys):
    url, database = db
    cli(url, *REPORT)
    steps = [("accept", "op1"), ("file", "lead1"), ("dispatch", "disp1", "--department", "D02"),
             ("handle", "h_d02"), ("check-pass", "sup1"), ("close", "lead1")]
    for action, user, *extra in steps:
        assert cli(url, "case", action, "2026112300001", "--as", user,
                   "--at", "2026-11-23 10:00", *extra) == 0, capsys.readouterr().err
    assert "closed (已结案) version 7" in capsys.readouterr().out
    cli(url, "case", "show", "2026112300001")
    shown = capsys.readouterr().out
    assert shown.count("\n") == 8 and "dispatch → handling" in shown


@pytest.mark.parametrize("args,message", [
    (["case", "close", "2026112300001", "--as", "disp1"], "may not close"),
    (["case", "file", "2026112300001", "--as", "lead1"], "needs stage filing"),
    (["case", "accept", "2026112300001", "--as", "op1", "--version", "7"], "you had version 7"),
])
def test_refused_actions_exit_1_and_change_nothing(db, capsys, args, message):
    url, database = db
    cli(url, *REPORT)
    before = changes(database)
    assert cli(url, *args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert changes(database) == before


@pytest.mark.parametrize("args,message", [
    (REPORT[:6] + ["--lon", "121.47", "--lat", "31.23", "--description", "x"], "outside the district"),
    (REPORT[:6] + ["--component", "1101010101999999", "--description", "x"], "unknown component"),
    (REPORT[:6] + ["--component", "11010101", "--description", "x"], "expected 16"),
    (REPORT[:4] + ["--class", "9999", "--lon", "116.4005", "--lat", "39.9105",
                   "--description", "x"], "unknown class"),
    (REPORT[:4] + ["--class", "01x1"], "4 digits"),
    (REPORT[:-1] + ["2026-02-30 09:00"], "malformed time"),
    (["case", "accept", "2099010100001", "--as", "op1"], "no case 2099010100001"),
    (["case", "extend", "2026112300001", "--as", "h_d02", "--extension", "3 days"], "3 days"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(db, capsys, args, message):
    url, database = db
    before = changes(database)
    assert cli(url, *args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert changes(database) == before


def test_unknown_department_on_dispatch_is_bad_input(db, capsys):
    url, database = db
    cli(url, *REPORT)
    cli(url, "case", "accept", "2026112300001", "--as", "op1")
    cli(url, "case", "file", "2026112300001", "--as", "lead1")
    capsys.readouterr()
    assert cli(url, "case", "dispatch", "2026112300001", "--as", "disp1", "--department", "ZZ") == 2
    assert "unknown department ZZ" in capsys.readouterr().err
    with database.session() as s:
        assert s.scalar(select(Case.stage)) == "dispatch"


def test_bad_database_url_is_bad_input(capsys):
    assert main(["--db", "mysql://x/y", "info"]) == 2
    assert "unsupported database" in capsys.readouterr().err


def test_info_json_counts_what_is_there(db, capsys):
    url, _ = db
    cli(url, *REPORT)
    capsys.readouterr()
    assert cli(url, "info", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["areas"]["grid"] == 2 and data["components"] == 1
    assert data["cases"]["total"] == 1 and data["cases"]["by_stage"]["intake"] == 1
    assert data["users"]["dispatcher"] == 2


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(db, capsys, monkeypatch):
    url, database = db
    monkeypatch.setenv("COMMANDCENTER_PASSWORD", "not-the-password")
    assert cli(url, *REPORT) == 1
    assert "unknown user or wrong password" in capsys.readouterr().err
    monkeypatch.setenv("COMMANDCENTER_PASSWORD", TEST_PASSWORD)
    assert cli(url, "case", "accept", "2026112300001", "--as", "nobody") == 1
    assert "unknown user or wrong password" in capsys.readouterr().err
    assert changes(database) == 0


def test_password_from_stdin_and_user_commands(db, capsys, monkeypatch):
    url, database = db
    monkeypatch.delenv("COMMANDCENTER_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO("a-new-secret-9\n"))
    assert cli(url, "user", "add", "disp9", "--name", "王派遣", "--role", "dispatcher",
               "--password-stdin") == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("a-new-secret-9\n"))
    assert cli(url, "case", "report", "--as", "disp9", "--password-stdin", *REPORT[4:]) == 1
    assert "dispatcher" in capsys.readouterr().err  # logged in, but may not report
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli(url, *REPORT) == 2  # no password given at all
    assert "password is needed" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["before", "after"])
def test_db_may_stand_before_or_after_the_command(db, capsys, where):
    url, _ = db
    argv = ["--db", url, "info", "--json"] if where == "before" else ["info", "--db", url, "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["areas"]["grid"] == 2


def test_db_after_a_nested_command(db, capsys):
    url, _ = db
    assert main([*REPORT, "--db", url]) == 0
    assert main(["case", "show", "2026112300001", "--db", url]) == 0
    assert "2026112300001" in capsys.readouterr().out


def test_a_desk_that_lost_the_dispatch_is_told_who_won_where_and_when(db, capsys):
    url, database = db
    cli(url, *REPORT)
    cli(url, "case", "accept", "2026112300001", "--as", "op1")
    cli(url, "case", "file", "2026112300001", "--as", "lead1")
    assert cli(url, "case", "dispatch", "2026112300001", "--as", "disp2", "--department", "D02",
               "--at", "2026-11-23 10:05") == 0
    capsys.readouterr()
    before = changes(database)
    assert cli(url, "case", "dispatch", "2026112300001", "--as", "disp1",
               "--department", "D09") == 1
    err = capsys.readouterr().err
    assert "changed by 'disp2' (dispatch" in err and "2026-11-23 10:05" in err, err
    assert "department D02" in err and err.count("\n") == 1
    assert changes(database) == before
