"""What goes into the Windows build: trimming rules, Windows dependency markers, the
uninstaller's file list, and the self-test that checks a build."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))

import cross_windows  # noqa: E402
import nsis_filelist  # noqa: E402
import trim  # noqa: E402


@pytest.mark.parametrize("path, shipped", [
    ("PySide6/Qt6WebEngineCore.dll", True),
    ("PySide6/QtWebEngineProcess.exe", True),
    ("PySide6/designer.exe", False),
    ("PySide6/Qt/libexec/QtWebEngineProcess", True),
    ("PySide6/translations/qtbase_zh_CN.qm", True),
    ("PySide6/translations/qtbase_en.qm", True),
    ("PySide6/translations/qtbase_de.qm", False),
    ("PySide6/translations/qtwebengine_locales/zh-CN.pak", True),
    ("PySide6/translations/qtwebengine_locales/en-US.pak", True),
    ("PySide6/translations/qtwebengine_locales/ja.pak", False),
    ("PySide6/Qt/translations/qtwebengine_locales/fr.pak", False),
    ("PySide6/qml/QtQuick3D/qmldir", False),
    ("PySide6/Qt/qml/QtQuick/Controls/qmldir", False),
    ("PySide6/resources/qtwebengine_devtools_resources.pak", False),
    ("PySide6/resources/qtwebengine_resources.pak", True),
    ("PySide6/resources/v8_context_snapshot.debug.bin", False),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/plugins/multimedia/ffmpegmediaplugin.dll", False),
    ("PySide6\\QtCore.pyi", False),
    ("commandcenter/resources/i18n/commandcenter_en.qm", True),
])
def test_trimming_keeps_what_the_program_loads(path, shipped):
    assert trim.keep(path) is shipped


def test_unused_qt_modules_are_excluded_and_used_ones_are_not():
    assert "PySide6.QtQuick3D" in trim.UNUSED_PYSIDE_MODULES
    assert not {f"PySide6.{m}" for m in trim.PYSIDE_MODULES} & set(trim.UNUSED_PYSIDE_MODULES)
    imported = set()
    for source in (ROOT / "commandcenter").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        imported |= {m for m in trim.ALL_PYSIDE_MODULES if f"PySide6.{m}" in text
                     or f"from PySide6 import {m}" in text}
    assert imported <= set(trim.PYSIDE_MODULES), "add the module to installer/trim.py"


def test_dependencies_are_chosen_for_windows_python_3_12():
    chosen = {r.name: str(r.specifier) for r in cross_windows.windows_requirements([
        "PySide6>=6.12,<6.13; python_version >= '3.12'", "PySide6==6.11.3; python_version < '3.12'",
        "tzdata; sys_platform == 'win32'", "SecretStorage>=3.2; sys_platform == 'linux'",
        "numpy>=1.26"])}
    assert chosen == {"PySide6": "<6.13,>=6.12", "tzdata": "", "numpy": ">=1.26"}


def test_a_wheels_windows_dependencies_follow_its_markers(tmp_path):
    wheel = tmp_path / "keyring-25.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("keyring-25.0.0.dist-info/METADATA", "\n".join([
            "Metadata-Version: 2.1", "Name: keyring", "Version: 25.0.0",
            'Requires-Dist: pywin32-ctypes>=0.2.0; sys_platform == "win32"',
            'Requires-Dist: SecretStorage>=3.2; sys_platform == "linux"',
            'Requires-Dist: jaraco.classes', 'Requires-Dist: pytest; extra == "test"', ""]))
    assert [r.name for r in cross_windows.wheel_requires(wheel, set())] == [
        "pywin32-ctypes", "jaraco.classes"]
    assert "pytest" in [r.name for r in cross_windows.wheel_requires(wheel, {"test"})]


def test_the_uninstaller_removes_only_the_bundles_top_level(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    (bundle / "commandcenter.exe").write_bytes(b"MZ")
    out = nsis_filelist.write_filelist(bundle, tmp_path / "files.nsh")
    assert out.read_text().splitlines() == [
        'RMDir /r "$INSTDIR\\_internal"', 'Delete "$INSTDIR\\commandcenter.exe"']


@pytest.mark.slow
def test_selftest_checks_the_program_and_paints_its_screens(tmp_path):
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "commandcenter", "--selftest",
                           "--selftest-shot", str(shot)], capture_output=True, text=True,
                          env=env, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    for check in ("resources", "translations", "embedded database", "demo district",
                  "dispatcher painted offscreen"):
        assert any(line.startswith("ok") and check in line for line in lines), check
    assert shot.stat().st_size > 10_000


@pytest.mark.slow
def test_selftest_fails_when_the_migration_scripts_are_missing(tmp_path):
    # A build that lost Alembic's revision files: the check says so, the later checks that
    # need the database do not run, and the exit status is 1.
    code = ("import sys, pathlib, commandcenter.store.db as db\n"
            f"db.files = lambda package: pathlib.Path({str(tmp_path)!r})\n"
            "from commandcenter.cli.selftest import run_selftest\n"
            "sys.exit(run_selftest())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=240)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("FAIL  embedded database and migrations") for line in lines)
    assert not any("demo district" in line or "painted" in line for line in lines)
    assert lines[-1] == "self-test FAILED (1 of 4 checks)"
