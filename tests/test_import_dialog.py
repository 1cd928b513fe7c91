"""The import dialog runs an import off the GUI thread and shows its progress and report."""
from __future__ import annotations

import csv

import numpy as np
import pyogrio.raw
import pytest
import shapely
from sqlalchemy import func, select

from commandcenter.store.db import open_database
from commandcenter.store.schema import Case, Component, Grid
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.exchange import ImportDialog

from .exchange_world import COMMUNITIES, DATA, SOUTH, STEP, WEST, seed_block


@pytest.fixture
def db(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'cc.db'}")
    seed_block(database)
    yield database
    database.dispose()


@pytest.fixture
def dialog(qtbot, db):
    runner = TaskRunner()
    view = ImportDialog(db, runner)
    qtbot.addWidget(view)
    view.show()
    yield view
    runner.wait()


def count(db, table):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def test_case_history_import_with_a_reject_file(qtbot, dialog, db, tmp_path):
    dialog.kind.setCurrentIndex(dialog.kind.findData("cases"))
    dialog.file.edit.setText(str(DATA / "nyc311_sample.csv"))
    dialog.mapping.edit.setText(str(DATA / "nyc311.toml"))
    dialog.rejects.edit.setText(str(tmp_path / "rejects.csv"))
    with qtbot.waitSignal(dialog.sig_finished, timeout=30_000) as finished:
        dialog.start.click()
    assert finished.args == [True]
    assert dialog.progress.value() == 100 and dialog.start.isEnabled()
    text = dialog.report.toPlainText()
    assert text.startswith("导入完成\n共 300 行：新导入 299 件，已导入过 0 件，问题行 1 行")
    assert f"问题行及原因已写入 {tmp_path / 'rejects.csv'}" in text
    assert count(db, Case) > 250
    dialog.grab().save(str(tmp_path / "import_dialog.png"))


def test_a_rejected_file_is_reported_and_nothing_is_written(qtbot, dialog, db, tmp_path):
    path = tmp_path / "c.csv"
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows([["code", "class", "owner", "lon", "lat"],
                                 ["1101010101000101", "0102", "D10", "116.4015", "39.9185"]])
    dialog.kind.setCurrentIndex(dialog.kind.findData("components"))
    dialog.file.edit.setText(str(path))
    with qtbot.waitSignal(dialog.sig_finished, timeout=30_000) as finished:
        dialog.start.click()
    assert finished.args == [False]
    text = dialog.report.toPlainText()
    assert text.startswith("导入被拒绝，未写入任何数据") and "line 2: class '0102'" in text
    assert count(db, Component) == 0


def test_missing_inputs_are_asked_for_before_anything_runs(dialog):
    dialog.kind.setCurrentIndex(dialog.kind.findData("cases"))
    dialog.file.edit.setText(str(DATA / "nyc311_sample.csv"))
    dialog.start.click()
    assert dialog.report.toPlainText() == "请先选择：映射文件" and dialog.start.isEnabled()


def test_a_geopackage_layer_is_listed_and_chosen(qtbot, dialog, db, tmp_path):
    path = tmp_path / "district.gpkg"
    wide = [(f"{c}{201 + row:03d}", shapely.box(WEST + i * 2 * STEP, SOUTH + (3 - row) * STEP,
                                                 WEST + (i + 1) * 2 * STEP, SOUTH + (4 - row) * STEP))
            for i, c in enumerate(COMMUNITIES) for row in range(4)]
    for layer, features in (("streets", [("110101001", shapely.box(WEST, SOUTH, WEST + 4 * STEP,
                                                                   SOUTH + 4 * STEP))]),
                            ("grids", wide)):
        pyogrio.raw.write(path, shapely.to_wkb([s for _c, s in features]),
                          [np.array([c for c, _s in features], dtype=object)], ["code"],
                          driver="GPKG", geometry_type="Polygon", crs="EPSG:4490", layer=layer,
                          append=layer == "grids")
    dialog.kind.setCurrentIndex(dialog.kind.findData("geography"))
    assert not dialog.layer.isEnabled()
    dialog.file.edit.setText(str(path))
    qtbot.waitUntil(lambda: dialog.layer.count() == 2)
    assert [dialog.layer.itemText(i) for i in range(2)] == ["streets", "grids"]
    assert dialog.layer.isEnabled() and dialog.crs.crs() is None   # the file's own CRS
    dialog.layer.setCurrentText("grids")
    with qtbot.waitSignal(dialog.sig_finished, timeout=30_000) as finished:
        dialog.start.click()
    assert finished.args == [True], dialog.report.toPlainText()
    assert dialog.report.toPlainText().startswith("导入完成\n共 8 个要素")
    assert count(db, Grid) == 8


def test_the_crs_follows_the_file_or_a_typed_epsg_code(dialog):
    dialog.kind.setCurrentIndex(dialog.kind.findData("geography"))
    assert dialog.job().crs is None
    dialog.crs.setEditText("EPSG:4547")
    assert dialog.job().crs == "EPSG:4547"
    dialog.crs.setCurrentIndex(dialog.crs.findData("GCJ-02"))
    assert dialog.job().crs == "GCJ-02"
    dialog.crs.setCurrentIndex(0)
    dialog.kind.setCurrentIndex(dialog.kind.findData("components"))   # CSV lon/lat only
    assert dialog.job().crs == "EPSG:4490" and not dialog.crs.isEditable()
