"""The site preset IT deploys: checked line by line, and the defaults it gives the program."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from commandcenter.store.db import resolve_url
from commandcenter.store.preset import (
    PresetError,
    load_preset,
    parse_preset,
    preset_path,
)
from commandcenter.views.common.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PRESET = """\
; deployed to every desk
[database]
url = postgresql://cc@db.example/commandcenter   ; the shared server

[interface]
language = en

[wall]
screen = \\\\.\\DISPLAY2
playlist = overview:60, map:120
"""


@pytest.fixture
def preset_file(tmp_path, monkeypatch):
    path = tmp_path / "commandcenter.ini"
    monkeypatch.setenv("COMMANDCENTER_CONFIG", str(path))
    monkeypatch.delenv("COMMANDCENTER_DB", raising=False)
    return path


def test_a_preset_gives_every_value_its_setting():
    preset = parse_preset(PRESET)
    assert preset.database_url == "postgresql+psycopg://cc@db.example/commandcenter"
    assert preset.settings_defaults() == {"language": "en", "wall_screen": "\\\\.\\DISPLAY2",
                                          "wall_playlist": "overview:60, map:120"}


@pytest.mark.parametrize("text, line, reason", [
    ("[interface]\nlanguage = fr\n", 2, "language 'fr'"),
    ("[database]\nurl = mysql://x@y/z\n", 2, "unsupported database 'mysql'"),
    ("[database]\nurl = not a url\n", 2, "not a database URL"),
    ("[wall]\nscreen = A\n\n[colours]\nred = 1\n", 4, "unknown section [colours]"),
    ("[interface]\n\nlanguag = en\n", 3, "unknown key 'languag'"),
    ("url = sqlite:///x.db\n", 1, "no section headers"),
    ("[interface]\nlanguage = en\nlanguage = zh_CN\n", 3, "already exists"),
])
def test_a_bad_preset_names_its_line_and_reason(text, line, reason):
    with pytest.raises(PresetError) as err:
        parse_preset(text)
    assert f"preset:{line}:" in str(err.value)
    assert reason in str(err.value)


def test_without_a_file_there_is_no_preset(preset_file):
    assert load_preset() == load_preset(preset_file) and not load_preset().settings_defaults()


def test_the_preset_sits_next_to_the_executable(monkeypatch, tmp_path):
    monkeypatch.delenv("COMMANDCENTER_CONFIG", raising=False)
    monkeypatch.setattr("sys.executable", str(tmp_path / "pythonw.exe"))
    assert preset_path() == tmp_path / "commandcenter.ini"


def test_database_url_comes_after_the_command_line_and_the_environment(preset_file, monkeypatch,
                                                                       tmp_path):
    embedded = resolve_url(None)
    assert embedded.startswith("sqlite:///")
    preset_file.write_text(PRESET, encoding="utf-8-sig")  # as Notepad saves it, with a BOM
    assert resolve_url(None) == "postgresql+psycopg://cc@db.example/commandcenter"
    monkeypatch.setenv("COMMANDCENTER_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url("sqlite:///given.db") == "sqlite:///given.db"


def test_a_bad_preset_stops_the_database_open_with_its_line(preset_file):
    preset_file.write_text("[database]\nurl = oracle://x\n", encoding="utf-8")
    with pytest.raises(PresetError, match=r"commandcenter.ini:2: unsupported database"):
        resolve_url(None)


def test_settings_start_from_the_preset_and_keep_what_the_user_changed(preset_file, tmp_path,
                                                                       qapp):
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    preset_file.write_text(PRESET, encoding="utf-8")
    loaded = Settings.load(store)
    assert (loaded.language, loaded.wall_screen, loaded.wall_playlist) == (
        "en", "\\\\.\\DISPLAY2", "overview:60, map:120")
    Settings(language="zh_CN").save(store)
    assert Settings.load(store).language == "zh_CN"


def test_settings_ignore_a_broken_preset(preset_file, tmp_path, qapp, capsys):
    preset_file.write_text("[interface]\nlanguage = klingon\n", encoding="utf-8")
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert Settings.load(store) == Settings()
    assert "commandcenter.ini:2: language 'klingon'" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_a_preset_reads_in_the_encodings_windows_tools_write(preset_file, encoding):
    preset_file.write_text("[wall]\nscreen = 大屏左\n", encoding=encoding)
    assert load_preset().wall_screen == "大屏左"


def test_check_preset_prints_what_the_example_sets_and_hides_passwords(capsys, tmp_path):
    from commandcenter.cli import main
    assert main(["check-preset", str(ROOT / "installer" / "commandcenter.example.ini")]) == 0
    out = capsys.readouterr().out
    assert "database: postgresql+psycopg://cc@db.center.local/commandcenter" in out
    assert "wall_screen: \\\\.\\DISPLAY2" in out and "language: zh_CN" in out
    secret = tmp_path / "secret.ini"
    secret.write_text("[database]\nurl = postgresql://cc:hunter2@db/cc\n", encoding="utf-8")
    assert main(["check-preset", str(secret)]) == 0
    assert "hunter2" not in capsys.readouterr().out


def test_check_preset_refuses_a_bad_line_with_status_2(capsys, tmp_path):
    from commandcenter.cli import main
    bad = tmp_path / "commandcenter.ini"
    bad.write_text("[interface]\nlanguage = en\n[wall]\nscren = A\n", encoding="utf-8")
    assert main(["check-preset", str(bad)]) == 2
    assert f"{bad}:4: unknown key 'scren' in [wall]" in capsys.readouterr().err
    assert main(["check-preset", str(tmp_path / "none.ini")]) == 2


def test_the_first_start_names_a_bad_preset_line_and_asks_nothing(preset_file, qtbot):
    from commandcenter.views.common.startup import StartupDialog
    from commandcenter.views.common.tasks import TaskRunner
    preset_file.write_text("[database]\nurl = oracle://db/cc\n", encoding="utf-8")
    dialog = StartupDialog(None, TaskRunner())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "无法打开" in dialog.message.text(), timeout=15_000)
    assert "commandcenter.ini:2: unsupported database 'oracle'" in dialog.message.text()
    assert not dialog.password.isVisibleTo(dialog)
