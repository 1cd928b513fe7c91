"""Component registry import: 16-digit codes, class, owner, location — checked whole."""
from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from commandcenter.cli import main
from commandcenter.exchange.components import import_components
from commandcenter.exchange.problems import ImportRejected
from commandcenter.models.datum import wgs84_to_gcj02
from commandcenter.store.schema import Component

from .exchange_world import block_db  # noqa: F401 (the db fixture)

HEADER = ["code", "class", "name", "owner", "maintainer", "state", "lon", "lat"]
GOOD = [["1101010101000101", "0101", "上水井盖", "D10", "", "", "116.4015", "39.9185"],
        ["1101010201000102", "component:0201", "", "D04", "D17", "破损", "116.4055", "39.9135"]]


def write(path, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def registry(db):
    with db.session() as s:
        return {c.code: (c.class_key, c.name, c.owner_department, c.maintainer_department,
                         c.state, c.grid_code) for c in s.scalars(select(Component))}


def test_components_are_placed_in_their_grids_and_replaced_by_code(db, tmp_path):
    report = import_components(db, write(tmp_path / "c.csv", GOOD))
    assert (report.new, report.replaced) == (2, 0)
    assert registry(db) == {
        "1101010101000101": ("component:0101", "上水井盖", "D10", "D10", "完好", "110101001001101"),
        "1101010201000102": ("component:0201", "公交站亭", "D04", "D17", "破损", "110101001002107")}
    moved = [[*GOOD[0][:6], "116.4075", "39.9195"]]
    again = import_components(db, write(tmp_path / "c2.csv", moved))
    assert (again.new, again.replaced) == (0, 1)
    assert registry(db)["1101010101000101"][-1] == "110101001002102"


@pytest.mark.parametrize("row, reason", [
    (["1101010101000103", "0102", "", "D10", "", "", "116.4015", "39.9185"],
     "class '0102' differs from the code's major+minor 0101"),
    (["110101010100010", "0101", "", "D10", "", "", "116.4015", "39.9185"],
     "has 15 characters, expected 16"),
    (["1101020101000103", "0101", "", "D10", "", "", "116.4015", "39.9185"],
     "does not start with its district code '110101'"),
    (["1101010101000103", "0101", "", "D99", "", "", "116.4015", "39.9185"],
     "unknown owner department 'D99'"),
    (["1101010101000103", "0101", "", "D10", "", "生锈", "116.4015", "39.9185"],
     "state '生锈' is not one of"),
    (["1101010101000103", "0101", "", "D10", "", "", "116.5", "39.9185"],
     "1101010101000103 at 116.500000,39.918500 is outside the district"),
    (["1101010101000101", "0101", "", "D10", "", "", "116.4015", "39.9185"],
     "component 1101010101000101 again (first on line 2)"),
])
def test_one_bad_line_rejects_the_file(db, tmp_path, row, reason):
    with pytest.raises(ImportRejected) as caught:
        import_components(db, write(tmp_path / "c.csv", [GOOD[0], row]))
    [problem] = caught.value.problems
    assert problem.where == "line 3" and reason in problem.reason
    assert registry(db) == {}


def test_gcj02_locations_are_converted(db, tmp_path):
    lon, lat = wgs84_to_gcj02(116.4015, 39.9185)
    rows = [[*GOOD[0][:6], f"{lon:.7f}", f"{lat:.7f}"]]
    import_components(db, write(tmp_path / "c.csv", rows), crs="GCJ-02")
    with db.session() as s:
        c = s.scalar(select(Component))
    assert abs(c.lon - 116.4015) < 1e-6 and abs(c.lat - 39.9185) < 1e-6


def test_command_line_dry_run(db, tmp_path, capsys):
    status = main(["--db", db.url, "import", "components", str(write(tmp_path / "c.csv", GOOD)),
                   "--dry-run"])
    assert status == 0 and "2 components: would write 2 new, 0 replaced" in capsys.readouterr().out
    assert registry(db) == {}
    bad = write(tmp_path / "bad.csv", [GOOD[0], GOOD[0]])
    assert main(["--db", db.url, "import", "components", str(bad)]) == 2
    assert "line 3: component 1101010101000101 again" in capsys.readouterr().err
