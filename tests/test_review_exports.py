"""The review command: each export written and read back (openpyxl, pdftotext, pdffonts,
the HTML's links), drill-down, clear errors with status 2, and publishing (the freeze)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from datetime import datetime

import openpyxl
import pytest

from commandcenter.cli import main
from commandcenter.models.case import Action
from commandcenter.models.worktime import WorkCalendar
from commandcenter.review.engine import run_review
from commandcenter.review.freeze import differences, frozen_review
from commandcenter.review.periods import parse_period
from commandcenter.review.scheme import load_scheme

from .conftest import TEST_PASSWORD
from .review_world import play_november


@pytest.fixture
def world(world_db):
    player = play_november(world_db)
    return world_db, player


def run(db, *argv):
    return main(["--db", db.url, "review", "--period", "2026-11", *argv])


def test_json_has_every_figure_with_its_definition(world, tmp_path):
    db, _ = world
    assert run(db, "--out", str(tmp_path / "r.json")) == 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["period"] == "2026-11" and data["definitions_version"] == "3"
    dept = data["objects"]["department"]
    d02 = next(r for r in dept["rows"] if r["unit"] == "D02")
    assert (d02["assigned"], d02["closed"], d02["score"]) == (5, 4, 76.0)
    rate = next(d for d in dept["definitions"] if d["key"] == "close_on_time_rate")
    assert (rate["numerator"], rate["denominator"]) == ("closed_on_time", "due_close")
    assert dept["total"]["assigned"] == 5 and dept["previous_total"]["assigned"] == 1


def test_xlsx_reads_back_with_sheets_charts_and_list_formats(world, tmp_path):
    db, player = world
    out = tmp_path / "r.xlsx"
    assert run(db, "--out", str(out)) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["综合", "专业部门、街道", "街道"] and "案件清单" in book.sheetnames
    sheet = book["专业部门、街道"]
    heads = [c.value for c in sheet[3]]
    assert heads[:4] == ["编码", "名称", "分组", "应处置数"] and "榜单" in heads
    rows = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["D02"][1] == "城管执法局" and rows["D02"][heads.index("应处置数")] == 5
    assert sheet.freeze_panes == "C4"
    rules = [r.formula[0] for rng in sheet.conditional_formatting for r in rng.rules if r.formula]
    assert any("红榜" in f for f in rules) and any("黑榜" in f for f in rules)
    # Chinese headers are measured double wide.
    assert sheet.column_dimensions["D"].width >= 10
    cases = book["案件清单"]
    numbers = {r[3] for r in cases.iter_rows(min_row=2, values_only=True)}
    assert player.numbers["D"] in numbers and player.numbers["G"] not in numbers
    with zipfile.ZipFile(out) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_embeds_its_cjk_font_and_reads_as_chinese(world, tmp_path):
    db, _ = world
    out = tmp_path / "r.pdf"
    assert run(db, "--out", str(out)) == 0
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)     # emb column
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "2026-11 网格化城市管理综合评价通报" in text
    assert "城管执法局" in text and "红黑榜" in text and "专业部门" in text
    assert not re.search("[\u2e80-\u2fdf]", text)                       # no radicals for 门, 网 …
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89" in pages or "595 x 842" in pages          # A4


def test_html_is_self_contained_with_a_coloured_map(world, tmp_path):
    db, _ = world
    out = tmp_path / "r.html"
    assert run(db, "--out", str(out), "--map", "grid", "--indicator", "close_rate") == 0
    page = out.read_text(encoding="utf-8")
    links = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert links == []                                   # Leaflet and its CSS are inline
    assert "L.map(" in page and "城管执法局" in page and "110101001001001" in page
    assert "fillColor" in page and "#cccccc" not in page.split("单元网格分布")[0]


def test_drill_down_from_the_command_line(world, capsys):
    db, player = world
    assert run(db, "--object", "department", "--unit", "D02", "--indicator",
               "overdue_unhandled") == 0
    out = capsys.readouterr().out
    assert "1 cases" in out and player.numbers["D"] in out and player.numbers["A"] not in out


@pytest.mark.parametrize("argv, message", [
    (["--period", "2026-13", "--out", "x.json"], "bad period '2026-13'"),
    (["--period", "Nov 2026", "--out", "x.json"], "expected YYYY-MM"),
    (["--period", "2025-03", "--out", "x.json"], "no cases in 2025-03"),
    (["--period", "2026-11", "--unit", "D77", "--indicator", "closed"], "unknown unit 'D77'"),
    (["--period", "2026-11", "--out", "x.docx"], "the suffix chooses the format"),
])
def test_bad_input_exits_2_and_writes_nothing(world, tmp_path, capsys, monkeypatch, argv,
                                              message):
    db, _ = world
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    assert main(["--db", db.url, "review", *argv]) == 2
    assert message in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_bad_scheme_is_refused_with_its_line(world, tmp_path, capsys):
    db, _ = world
    bad = tmp_path / "s.toml"
    text = load_scheme.__globals__["resource"]("review", "standard_scheme.toml").read_text(
        encoding="utf-8").replace("handle_rate = 30,", "handle_rat = 30,")
    bad.write_text(text, encoding="utf-8")
    assert run(db, "--scheme", str(bad), "--out", str(tmp_path / "r.json")) == 2
    err = capsys.readouterr().err
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "handle_rat =" in t)
    assert f"line {line}:" in err and "no rate 'handle_rat'" in err
    assert not (tmp_path / "r.json").exists()


def test_publishing_freezes_a_month_against_later_work(world, tmp_path, monkeypatch, capsys):
    db, player = world
    monkeypatch.setenv("COMMANDCENTER_PASSWORD", TEST_PASSWORD)
    assert run(db, "--publish", "--as", "h_d02") == 1          # departments do not publish
    assert run(db, "--publish", "--as", "lead1") == 0
    # After publication D is handled and closed, late: the live month changes.
    at = datetime(2026, 12, 1, 9)
    player.act("D", "h_d02", Action.HANDLE, at)
    player.act("D", "sup1", Action.CHECK_PASS, at.replace(hour=10))
    player.act("D", "lead1", Action.CLOSE, at.replace(hour=11))
    scheme, period = load_scheme(), parse_period("2026-11")
    frozen = frozen_review(db, period, scheme)
    live = run_review(db, period, scheme, WorkCalendar(), as_of=datetime(2026, 12, 2))
    assert frozen.objects["department"].table.loc["D02", "closed"] == 4
    assert live.objects["department"].table.loc["D02", "closed"] == 5
    diff = differences(live, frozen)
    closed = diff[(diff.object_type == "department") & (diff.unit == "D02")
                  & (diff.indicator == "closed_late")]
    assert (closed.frozen.item(), closed.live.item()) == (0, 1)
    d_id = next(i for i in live.objects["department"].case_ids("D02", "closed_late"))
    assert frozen.objects["department"].case_ids("D02", "closed_late") == []
    assert frozen.objects["department"].case_ids("D02", "overdue_unhandled") == [d_id]
    # Exports use the published figures unless asked for live ones.
    capsys.readouterr()
    assert run(db, "--out", str(tmp_path / "f.json")) == 0
    assert "published figures" in capsys.readouterr().out
    data = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert next(r for r in data["objects"]["department"]["rows"] if r["unit"] == "D02")["closed"] == 4
    assert run(db, "--live", "--out", str(tmp_path / "l.json")) == 0
    data = json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))
    assert next(r for r in data["objects"]["department"]["rows"] if r["unit"] == "D02")["closed"] == 5


def test_migration_0006_matches_the_schema(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from commandcenter.store.db import open_database
    from commandcenter.store.schema import Base
    db = open_database(db_url)
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    ours = [d for d in diffs if "review_publication" in repr(d)]
    assert ours == []
