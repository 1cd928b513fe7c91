"""``commandcenter --selftest``: checks that a build carries everything the program needs.

Run on a frozen bundle it catches what freezing loses: a hidden import, a data file, a
migration script, a translation or QtWebEngine's resources. It uses a fresh embedded
database and settings in a temporary directory, never the desk's own, and ignores the
site preset. Prints one line per check; exit status 0 when all passed, 1 otherwise.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

DEMO_DAYS = 1  # enough history for every queue and the map, and quick to build
SHOT_SIZE = (1280, 800)


def register_flags(parser) -> None:
    parser.add_argument("--selftest", action="store_true",
                        help="check this installation on a temporary demo database and exit")
    parser.add_argument("--selftest-shot", metavar="PNG", default=None,
                        help="with --selftest: keep the screenshot it takes here")


def run_selftest(shot: str | None = None, out=sys.stdout) -> int:
    work = Path(tempfile.mkdtemp(prefix="commandcenter-selftest-"))
    os.environ["COMMANDCENTER_CONFIG"] = str(work / "no-preset.ini")  # the desk's preset stays out
    os.environ["COMMANDCENTER_BASEMAP_DIR"] = str(work / "basemaps")  # and its basemaps
    failures = total = 0
    state: dict = {}

    def check(name: str, fn: Callable[[], str]) -> bool:
        nonlocal failures, total
        total += 1
        began = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:  # a self-test reports every failure, whatever it is
            failures += 1
            print(f"FAIL  {name}: {type(exc).__name__}: {exc}", file=out, flush=True)
            traceback.print_exc(file=sys.stderr)
            return False
        print(f"ok    {name}: {detail} ({time.perf_counter() - began:.1f} s)", file=out, flush=True)
        return True

    print(f"commandcenter self-test ({'frozen' if getattr(sys, 'frozen', False) else 'source'}, "
          f"Python {sys.version.split()[0]}, {sys.platform}), work dir {work}", file=out)
    check("resources", _check_resources)
    app_ok = check("Qt application offscreen", lambda: _start_qt(work, state))
    if app_ok:
        check("translations", lambda: _check_translations(state["app"]))
    db_ok = check("embedded database and migrations", lambda: _open_db(work, state))
    if db_ok:
        check("demo district", lambda: _build_demo(state))
        check("district basemap (MBTiles)", lambda: _draw_basemap(state))
    if app_ok and db_ok:
        from .district import SCREENSHOT_VIEWS
        base = Path(shot).resolve() if shot else work / "selftest.png"
        for view in SCREENSHOT_VIEWS:  # every screen the program has, as a user sees it
            target = _shot_path(base, view)
            check(f"{view} painted offscreen",
                  lambda view=view, target=target: _shoot(state, view, target))
    if "db" in state:
        state["db"].dispose()
    shutil.rmtree(work, ignore_errors=True)
    print(f"self-test {'passed' if not failures else f'FAILED ({failures} of {total} checks)'}", file=out)
    return 0 if not failures else 1


def _check_resources() -> str:
    from commandcenter.models.catalog import load_catalog, load_departments
    from commandcenter.resources import read_text, resource
    classes, departments = load_catalog(), load_departments()
    for parts in (("map", "map.html"), ("map", "map.js"), ("map", "vendor", "leaflet", "leaflet.js"),
                  ("district", "dongcheng_outline.geojson"), ("i18n", "commandcenter_en.qm")):
        if not resource(*parts).is_file():
            raise FileNotFoundError("/".join(parts))
    read_text("district", "dongcheng_divisions.csv")
    return f"{len(classes)} classes, {len(departments)} departments, map page and outline"


def _start_qt(work: Path, state: dict) -> str:
    from PySide6.QtCore import QSettings

    from commandcenter.app import make_application
    # Settings of the run live in the work dir, not in the desk's registry or config.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    app = make_application(offscreen=True)
    state["app"] = app
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion
    return f"PySide6 {pyside}, Qt {qVersion()}, platform {app.platformName()}"


def _check_translations(app) -> str:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    from commandcenter.views.common.i18n import install_translators
    translators = install_translators(app, "en")
    english = QCoreApplication.translate("StartupDialog", "正在连接数据库…")
    for translator in translators:
        app.removeTranslator(translator)
    if english == "正在连接数据库…":
        raise RuntimeError("the English translation did not load")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load(QLocale("zh_CN"), "qtbase", "_", qt_dir):
        raise RuntimeError(f"Qt's own Chinese translation is missing from {qt_dir}")
    return f"English ({english!r}) and Qt's Chinese"


def _open_db(work: Path, state: dict) -> str:
    from commandcenter.store.db import open_database
    state["db"] = db = open_database(f"sqlite:///{work / 'commandcenter.db'}")
    return db.url


def _build_demo(state: dict) -> str:
    from commandcenter.demo.builder import build_demo
    stats = build_demo(state["db"], days=DEMO_DAYS, seed=2026)
    return ", ".join(f"{value} {key}" for key, value in stats.items()
                     if isinstance(value, int) and not isinstance(value, bool))


def _draw_basemap(state: dict) -> str:
    from commandcenter.demo.basemap import ensure_district_basemap
    from commandcenter.demo.fonts import cjk_font
    from commandcenter.exchange.mbtiles import read_info
    info = read_info(ensure_district_basemap(state["db"]))
    font = cjk_font()
    return (f"{Path(info.path).stat().st_size // 1024} KB, zooms {info.min_zoom}–{info.max_zoom}, "
            f"names {'in ' + Path(font[0]).name if font else 'left out (no CJK font)'}")


def _shot_path(base: Path, view: str) -> Path:
    return base if view == "dispatcher" else base.with_name(f"{base.stem}-{view}{base.suffix}")


def _shoot(state: dict, view: str, target: Path) -> str:
    from PySide6.QtGui import QImage

    from commandcenter.views.screenshot import screenshot
    screenshot(state["db"], view, SHOT_SIZE, target)
    image = QImage(str(target))
    if image.isNull() or (image.width(), image.height()) != SHOT_SIZE:
        raise RuntimeError(f"{target} is not a {SHOT_SIZE[0]}x{SHOT_SIZE[1]} picture")
    # A screen (or a map) that did not paint leaves its main area one flat colour: the
    # dispatcher's centre is its map; other screens (tables beside a map, wall pages) are
    # judged over the whole picture, whose centre may rightly be a white table.
    if view == "dispatcher":
        area, where = image.copy(image.width() // 3, image.height() // 4, image.width() // 3,
                                 image.height() // 2), "the centre"
    else:
        area, where = image, "the picture"
    colours = {area.pixel(x, y) for x in range(0, area.width(), 7)
               for y in range(0, area.height(), 7)}
    if len(colours) < 20:
        raise RuntimeError(f"{where} of {target} is nearly blank ({len(colours)} colours)")
    return f"{target} ({target.stat().st_size // 1024} KB, {len(colours)} colours in {where})"
