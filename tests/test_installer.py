"""The Windows installer, installed and uninstalled silently under wine64.

Needs what ``bash installer/build.sh`` makes (build/windows/…-win64-setup.exe) and wine64;
without them these tests are skipped, unless COMMANDCENTER_REQUIRE_INSTALLER=1 (CI) makes
that a failure. Qt's Windows DLLs do not load under wine 8, so the program itself is not
started; its embedded Python is, to read the preset the installer wrote.
"""
from __future__ import annotations

import configparser
import getpass
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
SETUP = Path(os.environ.get("COMMANDCENTER_SETUP_EXE",
                            ROOT / "build" / "windows" / f"commandcenter-{VERSION}-win64-setup.exe"))
UNINSTALL_KEY = r"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\commandcenter"
PUBLISHER = "网格化管理监督指挥中心"
SHORTCUTS = {"调度台": "", "大屏": "wall", "月度考核": "review"}

pytestmark = pytest.mark.slow


def _wine_binary() -> str | None:
    for candidate in (shutil.which("wine64"), "/usr/lib/wine/wine64", shutil.which("wine")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _need(condition: bool, why: str) -> None:
    if not condition:
        if os.environ.get("COMMANDCENTER_REQUIRE_INSTALLER") == "1":
            pytest.fail(why)
        pytest.skip(why)


class Wine:
    """A wine prefix of its own: a fresh C: drive and registry."""

    def __init__(self, prefix: Path, binary: str):
        self.prefix, self.binary = prefix, binary
        self.server = str(Path(binary).with_name("wineserver64")) \
            if Path(binary).with_name("wineserver64").exists() else "wineserver"
        self.env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all",
                    # no Mono/Gecko prompts, and no menu entries in the real home for the shortcuts
                    "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d"}
        self.env.pop("DISPLAY", None)
        # Wine links the user's Desktop and Documents to $HOME: a home of its own keeps the
        # shortcuts out of the real one.
        self.env["HOME"] = str(prefix.with_name(prefix.name + "-home"))
        Path(self.env["HOME"]).mkdir(exist_ok=True)
        self.c = prefix / "drive_c"
        self.user = self.c / "users" / getpass.getuser()

    def run(self, *args: str, lang: str = "C.UTF-8", check_rc: int | None = 0):
        # A UTF-8 locale, or wine cannot name files in Chinese; C.UTF-8 is always there
        # and makes Windows speak English.
        env = {**self.env, "LANG": lang, "LC_ALL": lang}
        done = subprocess.run([self.binary, *args], env=env, capture_output=True, text=True,
                              errors="replace", timeout=600)
        # The uninstaller hands over to a copy of itself; the registry is written on exit.
        subprocess.run([self.server, "-w"], env=env, timeout=600)
        if check_rc is not None:
            assert done.returncode == check_rc, done.stdout + done.stderr
        return done

    def path(self, windows_path: str) -> Path:
        drive, rest = windows_path.split(":", 1)
        assert drive.upper() == "C"
        return self.c.joinpath(*[part for part in rest.split("\\") if part])

    def registry(self, hive: str, key: str) -> dict[str, str] | None:
        """The values of a key in user.reg (HKCU) or system.reg (HKLM), or None."""
        text = (self.prefix / hive).read_text(encoding="utf-8", errors="replace")
        match = re.search(r"^\[" + re.escape(key) + r"\][^\n]*\n(.*?)(?:\n\n|\Z)", text,
                          re.MULTILINE | re.DOTALL | re.IGNORECASE)
        if match is None:
            return None
        values = {}
        for name, raw in re.findall(r'^"([^"]+)"=(.*)$', match[1], re.MULTILINE):
            if raw.startswith('"'):
                raw = re.sub(r"\\x([0-9a-fA-F]{1,4})", lambda m: chr(int(m[1], 16)), raw[1:-1])
                raw = raw.replace('\\"', '"').replace("\\\\", "\\")
            values[name] = raw
        return values


@pytest.fixture(scope="module")
def wine(tmp_path_factory):
    _need(SETUP.is_file(), f"no installer at {SETUP}: run bash installer/build.sh")
    binary = _wine_binary()
    _need(binary is not None, "wine64 is not installed")
    w = Wine(tmp_path_factory.mktemp("wine"), binary)
    w.run("wineboot", "-i")
    yield w
    subprocess.run([w.server, "-k"], env=w.env)


@pytest.fixture(scope="module")
def deploy(tmp_path_factory):
    """The installer as IT hands it out: setup.exe with commandcenter.ini beside it."""
    share = tmp_path_factory.mktemp("share")
    (share / SETUP.name).symlink_to(SETUP)
    (share / "commandcenter.ini").write_text(
        "[database]\nurl = postgresql+psycopg://cc@db.example/commandcenter\n"
        "[interface]\nlanguage = zh_CN\n[wall]\nplaylist = overview:60, map:120\n",
        encoding="utf-8")
    return share


def _lnk_says(lnk: Path, text: str) -> bool:
    """Whether a shell link holds ``text`` (its target and arguments are UTF-16 strings)."""
    return text.encode("utf-16-le") in lnk.read_bytes()


def _shortcut_folder(base: Path, name: str) -> Path:
    return base / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / name


def test_a_desk_installs_silently_for_its_user_with_the_preset(wine, deploy):
    wine.run(str(deploy / SETUP.name), "/S", "/CURRENTUSER", "/DESKTOP", "/WALLSCREEN=DISPLAY2",
             "/DB=postgresql+psycopg://cc@db2.example/commandcenter", r"/D=C:\cc\desk")
    home = wine.path(r"C:\cc\desk")
    site = home / "Lib" / "site-packages"
    for part in ("pythonw.exe", "python312.dll", "commandcenter.ico", "uninstall.exe",
                 "commandcenter-cli.cmd",
                 "Lib/site-packages/commandcenter/cli/selftest.py",
                 "Lib/site-packages/commandcenter/resources/map/map.html",
                 "Lib/site-packages/commandcenter/resources/i18n/commandcenter_en.qm",
                 "Lib/site-packages/PySide6/Qt6WebEngineCore.dll",
                 "Lib/site-packages/PySide6/QtWebEngineProcess.exe",
                 "Lib/site-packages/PySide6/resources/qtwebengine_resources.pak",
                 "Lib/site-packages/PySide6/translations/qtwebengine_locales/zh-CN.pak"):
        assert (home / part).is_file(), part
    # trimmed: other languages, QML, Qt's tools, modules the program does not import
    assert not (site / "PySide6" / "translations" / "qtwebengine_locales" / "de.pak").exists()
    assert not (site / "PySide6" / "qml").exists()
    assert not (site / "PySide6" / "designer.exe").exists()
    assert not (site / "PySide6" / "Qt6Quick3D.dll").exists()
    assert not (site / "secretstorage").exists()  # keyring's Linux backend

    # the preset from beside the installer, with the command line's keys over it; its
    # language (Chinese) is the installer's too, whatever the system speaks
    preset = configparser.ConfigParser()
    preset.read_string((home / "commandcenter.ini").read_bytes().decode("utf-8"))
    assert {s: dict(preset[s]) for s in preset.sections()} == {
        "database": {"url": "postgresql+psycopg://cc@db2.example/commandcenter"},
        "interface": {"language": "zh_CN"},
        "wall": {"playlist": "overview:60, map:120", "screen": "DISPLAY2"}}

    menu = _shortcut_folder(wine.user, PUBLISHER)
    assert sorted(p.name for p in menu.iterdir()) == sorted(f"{n}.lnk" for n in SHORTCUTS)
    for name, command in SHORTCUTS.items():
        lnk = menu / f"{name}.lnk"
        assert _lnk_says(lnk, "pythonw.exe") and _lnk_says(lnk, f"-m commandcenter {command}".strip())

    assert _lnk_says(wine.user / "Desktop" / f"{PUBLISHER}.lnk", "pythonw.exe")

    key = wine.registry("user.reg", UNINSTALL_KEY)
    assert key is not None, "no uninstall key under HKCU"
    assert (key["DisplayVersion"], key["Publisher"]) == (VERSION, PUBLISHER)
    assert key["InstallLocation"] == r"C:\cc\desk"
    assert key["UninstallString"] == r'"C:\cc\desk\uninstall.exe"'
    assert wine.registry("system.reg", UNINSTALL_KEY) is None  # nothing machine-wide


def test_the_installed_python_reads_the_preset(wine):
    # platform's WMI query is not implemented by wine; Windows answers it.
    code = ("import sys; sys.modules['_wmi'] = None\n"
            "from commandcenter.store.db import resolve_url\n"
            "from commandcenter.store.preset import load_preset\n"
            "p = load_preset(); print(resolve_url(None), p.language, p.wall_screen, p.wall_playlist)")
    done = wine.run(str(wine.path(r"C:\cc\desk") / "python.exe"), "-c", code)
    assert done.stdout.split() == ["postgresql+psycopg://cc@db2.example/commandcenter", "zh_CN",
                                   "DISPLAY2", "overview:60,", "map:120"]


def test_upgrading_in_place_keeps_user_data_and_the_preset(wine):
    home = wine.path(r"C:\cc\desk")
    data = wine.user / "AppData" / "Local" / "commandcenter" / "commandcenter.db"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_bytes(b"SQLite format 3\x00 the desk's cases")
    stale = home / "Lib" / "site-packages" / "left_by_the_old_version.py"
    stale.write_text("")
    preset = (home / "commandcenter.ini").read_bytes()
    wine.run(str(SETUP), "/S", "/CURRENTUSER")  # no /D, no preset: the installed place
    assert not stale.exists()
    assert (home / "Lib" / "site-packages" / "commandcenter" / "__init__.py").is_file()
    assert (home / "commandcenter.ini").read_bytes() == preset
    assert data.read_bytes() == b"SQLite format 3\x00 the desk's cases"
    assert wine.registry("user.reg", UNINSTALL_KEY)["InstallLocation"] == r"C:\cc\desk"
    # still in the installed preset's language, and the desktop shortcut is still there
    menu = _shortcut_folder(wine.user, PUBLISHER)
    assert sorted(p.name for p in menu.iterdir()) == sorted(f"{n}.lnk" for n in SHORTCUTS)
    assert (wine.user / "Desktop" / f"{PUBLISHER}.lnk").is_file()


def test_uninstalling_leaves_only_the_user_data(wine):
    wine.run(str(wine.path(r"C:\cc\desk") / "uninstall.exe"), "/S")
    assert not wine.path(r"C:\cc\desk").exists()
    assert not _shortcut_folder(wine.user, PUBLISHER).exists()
    assert not (wine.user / "Desktop" / f"{PUBLISHER}.lnk").exists()
    assert wine.registry("user.reg", UNINSTALL_KEY) is None
    data = wine.user / "AppData" / "Local" / "commandcenter"
    assert [p.name for p in data.iterdir()] == ["commandcenter.db"]


def test_a_missing_preset_stops_the_installer_before_it_writes(wine):
    done = wine.run(str(SETUP), "/S", "/CURRENTUSER", r"/CONFIG=C:\nowhere\commandcenter.ini",
                    r"/D=C:\cc\never", check_rc=None)
    assert done.returncode == 2
    assert not wine.path(r"C:\cc\never").exists()
    assert wine.registry("user.reg", UNINSTALL_KEY) is None


def test_an_elevated_install_is_for_all_users_and_can_take_the_data_along(wine):
    wine.run(str(SETUP), "/S", "/ALLUSERS")  # no preset: the system's language
    home = wine.path(r"C:\Program Files\commandcenter")
    assert (home / "pythonw.exe").is_file()
    key = wine.registry("system.reg", UNINSTALL_KEY)
    assert key is not None and key["DisplayVersion"] == VERSION
    assert key["InstallLocation"] == r"C:\Program Files\commandcenter"
    menu = wine.c / "ProgramData" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / \
        "Grid Management Command Center"
    assert sorted(p.name for p in menu.iterdir()) == [
        "大屏 Wall display.lnk", "月度考核 Monthly review.lnk", "调度台 Dispatcher.lnk"]
    # this time the uninstalling user asks for the data to go too
    data = wine.user / "AppData" / "Local" / "commandcenter"
    data.mkdir(parents=True, exist_ok=True)
    (data / "commandcenter.db").write_bytes(b"SQLite format 3\x00")
    wine.run("reg", "add", r"HKCU\Software\commandcenter\commandcenter", "/v", "language",
             "/d", "en", "/f")
    assert wine.registry("user.reg", r"Software\\commandcenter\\commandcenter") is not None
    wine.run(str(home / "uninstall.exe"), "/S", "/REMOVEDATA")
    assert not home.exists() and not menu.exists()
    assert wine.registry("system.reg", UNINSTALL_KEY) is None
    assert not data.exists()
    assert wine.registry("user.reg", r"Software\\commandcenter\\commandcenter") is None
