"""The wall command's supervision of its display process (real child processes), its
command-line listings, the shift lead's configuration editor and the memory guard."""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from commandcenter.cli.wall_supervisor import supervise
from commandcenter.models.wall import DEFAULT_CONFIG_TOML, PAGES, parse_config
from commandcenter.models.wall_display import restart_delay
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.wall.config_dialog import WallConfigDialog
from commandcenter.views.wall import memory
from commandcenter.views.wall.memory import MemoryGuard, read_memory


def test_a_display_that_dies_is_restarted_and_logged_until_it_ends_properly(tmp_path, caplog):
    marker = tmp_path / "starts"
    # dies twice (a crash and a kill), then ends as a shift lead would end it
    script = ("import os, pathlib, signal, sys\n"
              f"p = pathlib.Path({str(marker)!r})\n"
              "n = int(p.read_text()) + 1 if p.exists() else 1\n"
              "p.write_text(str(n))\n"
              "if n == 2: os.kill(os.getpid(), signal.SIGKILL)\n"
              "sys.exit(0 if n >= 3 else 1)\n")
    pauses = []
    with caplog.at_level(logging.INFO, logger="commandcenter.wall"):
        status = supervise([sys.executable, "-c", script], sleep=pauses.append)
    assert status == 0 and marker.read_text() == "3"
    assert pauses == [restart_delay(1), restart_delay(2)] == [1.0, 2.0]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2
    assert "ended with status 1" in errors[0] and "restarting in 1 s" in errors[0]
    assert f"ended with status {-9}" in errors[1] and "failure 2 in a row" in errors[1]


def test_restart_pauses_grow_and_stay_capped():
    assert [restart_delay(n) for n in (1, 2, 3, 4, 5, 6, 50)] == [1, 2, 4, 8, 16, 30, 30]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "commandcenter", *args], capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_the_command_lists_pages_screens_and_prints_a_valid_default():
    pages = run_cli("wall", "--list-pages")
    assert pages.returncode == 0
    assert [line.split("\t") for line in pages.stdout.splitlines()] == [list(p) for p in PAGES.items()]
    screens = run_cli("wall", "--list-screens")
    assert screens.returncode == 0 and "dpi" in screens.stdout and "primary" in screens.stdout
    default = run_cli("wall", "--print-default-config")
    assert parse_config(default.stdout) == parse_config(DEFAULT_CONFIG_TOML)
    assert tomllib.loads(default.stdout)["account"]["user"] == "wall01"


def test_an_unknown_screen_is_bad_input(tmp_path):
    done = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "wall", "--no-supervise",
                   "--screen", "HDMI-9", "--log", str(tmp_path / "wall.log"))
    assert done.returncode == 2 and "no screen 'HDMI-9'" in done.stderr


@pytest.mark.parametrize("language, said", [("en", "Database out of reach"),
                                             ("zh_CN", "数据库不可达")])
def test_the_display_speaks_its_configurations_language(tmp_path, language, said):
    """`language = "en"` in wall.toml turned the map English and left the rest of the wall
    in the language of the PC's desk settings."""
    config = tmp_path / "wall.toml"
    text = DEFAULT_CONFIG_TOML.replace('language = "zh_CN"', f'language = "{language}"')
    config.write_text(text.replace('user = "wall01"', 'user = "wall01"\npassword = "x"'),
                      "utf-8")
    log = tmp_path / "wall.log"
    display = subprocess.Popen(
        [sys.executable, "-m", "commandcenter", "--db", f"sqlite:///{tmp_path}/no/such/x.db",
         "wall", "--no-supervise", "--size", "640x360", "--config", str(config),
         "--log", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and "cannot start" not in (
                log.read_text("utf-8") if log.exists() else ""):
            time.sleep(0.2)
    finally:
        display.kill()
        display.wait()
    (line,) = [x for x in log.read_text("utf-8").splitlines() if "cannot start" in x][:1]
    assert said in line


def test_the_editor_refuses_a_bad_configuration_and_saves_a_good_one(qtbot, qapp, tmp_path):
    runner = TaskRunner(qapp)
    path = tmp_path / "wall.toml"
    dialog = WallConfigDialog(path, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.editor.isEnabled)
    assert dialog.editor.toPlainText() == DEFAULT_CONFIG_TOML  # no file yet: the default
    dialog.editor.setPlainText(DEFAULT_CONFIG_TOML.replace("dwell = 45", "dwell = 1"))
    dialog.save()
    assert not path.exists()
    assert "第 24 行" in dialog.message.text() and "dwell" in dialog.message.text()
    assert dialog.editor.textCursor().blockNumber() == 23  # the cursor is on the bad line
    dialog.editor.setPlainText(DEFAULT_CONFIG_TOML.replace("dwell = 45", "dwell = 90"))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    assert parse_config(path.read_text("utf-8")).schedules[0].entries[3].dwell_s == 90
    runner.wait()


def test_the_memory_guard_replaces_the_map_only_while_no_page_shows_it(qtbot):
    calls = {"collect": 0, "recreate": 0}
    visible = [True]
    guard = MemoryGuard(lambda: calls.__setitem__("collect", calls["collect"] + 1),
                        lambda: calls.__setitem__("recreate", calls["recreate"] + 1),
                        lambda: visible[0], renderer_limit_mb=-1, quiet_delay_s=0.05)
    guard.check()  # over the bound, but the map is on screen
    assert guard.last.app_mb > 10 and calls["recreate"] == 0
    visible[0] = False
    guard.page_changed()
    assert calls["recreate"] == 0  # not within the switch: a moment later
    qtbot.waitUntil(lambda: calls["recreate"] == 1)
    assert guard.recreations == 1
    guard.page_changed()  # done: not again until the next reading is over the bound
    qtbot.wait(150)
    assert calls["recreate"] == 1


def test_a_due_map_replacement_waits_while_the_map_comes_back(qtbot):
    calls = []
    visible = [True]
    guard = MemoryGuard(lambda: None, lambda: calls.append(1), lambda: visible[0],
                        renderer_limit_mb=-1, quiet_delay_s=0.05)
    guard.check()
    visible[0] = False
    guard.page_changed()
    visible[0] = True    # the map page is back before the quiet moment
    guard.page_changed()
    qtbot.wait(150)
    assert calls == []
    visible[0] = False   # still due: the next page without the map gets it
    guard.page_changed()
    qtbot.waitUntil(lambda: calls == [1])


def test_the_guard_releases_the_apps_memory_at_the_quiet_moment_after_a_switch(qtbot):
    releases = []
    visible = [True]
    guard = MemoryGuard(lambda: None, lambda: None, lambda: visible[0], gc_interval_s=60,
                        renderer_limit_mb=10**6, quiet_delay_s=0.05, release_interval_s=0.5,
                        release=lambda: releases.append(1))
    guard.start()
    qtbot.wait(550)
    assert releases == []  # due, but only after a switch
    guard.page_changed()   # the map on screen too: a release changes nothing shown
    assert releases == []
    qtbot.waitUntil(lambda: releases == [1])
    guard.page_changed()   # done until the next interval has passed
    qtbot.wait(60)
    assert releases == [1] and guard.recreations == 0
    qtbot.wait(500)
    guard.page_changed()
    qtbot.waitUntil(lambda: releases == [1, 1])
    guard.stop()


def test_without_an_interval_the_guard_never_releases(qtbot):
    releases = []
    guard = MemoryGuard(lambda: None, lambda: None, lambda: False, quiet_delay_s=0.01,
                        release_interval_s=None, release=lambda: releases.append(1))
    guard.start()
    qtbot.wait(50)
    guard.page_changed()
    qtbot.wait(50)
    assert releases == []
    guard.stop()


def _heap_rss_mb() -> float:
    """Resident MB of malloc's main heap, from /proc/self/smaps."""
    in_heap = False
    with open("/proc/self/smaps") as fh:
        for line in fh:
            if line[0] in "0123456789abcdef":   # a mapping's header line
                in_heap = line.rstrip().endswith("[heap]")
            elif in_heap and line.startswith("Rss:"):
                return int(line.split()[1]) / 1024
    return 0.0


@pytest.mark.skipif(memory._malloc_trim is None, reason="not glibc")
def test_releasing_hands_malloc_s_free_pages_of_the_heap_back():
    """In a process of its own: after hours of tests the heap is fragmented, and freed
    blocks need not make whole free pages there."""
    script = textwrap.dedent("""
        import ctypes
        from commandcenter.views.wall import memory
        from tests.test_wall_supervisor import _heap_rss_mb
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
        libc.free.argtypes = [ctypes.c_void_p]
        blocks = []
        for _ in range(80_000):   # 80 MB in the main heap, written so the pages are resident
            block = libc.malloc(1000)
            ctypes.memset(block, 1, 1000)
            blocks.append(block)
        for block in blocks[:-1]:  # the last one pins the heap's top: free() cannot shrink it
            libc.free(block)
        held = _heap_rss_mb()
        memory.release_memory(wait=True)
        print(held, _heap_rss_mb())
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    held, after = map(float, out.stdout.split())
    assert held > 70
    assert after < held - 60


@pytest.mark.slow
def test_renderer_processes_are_measured(qtbot):
    from commandcenter.map.view import MapView
    view = MapView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    with qtbot.waitSignal(view.sig_ready, timeout=60_000):
        pass
    reading = read_memory()
    assert reading.renderers >= 1 and reading.renderers_mb > 10


def test_without_a_session_bus_nothing_holds_the_screen_and_the_wall_runs_on(qapp, caplog,
                                                                              monkeypatch):
    from commandcenter.views.wall.keepawake import ScreenKeeper
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    keeper = ScreenKeeper()
    with caplog.at_level(logging.WARNING):
        assert keeper.hold() == ""
    assert "nothing keeps the screen on" in caplog.text
    keeper.release()  # harmless when nothing is held


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="no dbus-run-session")
def test_on_a_session_bus_the_screen_saver_is_inhibited():
    client = Path(__file__).parent / "procs" / "keepawake_client.py"
    done = subprocess.run(["dbus-run-session", "--", sys.executable, str(client)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[:3] == ["held by dbus cookie 42", "service saw: inhibit commandcenter wall display",
                         "released: nothing held"]
