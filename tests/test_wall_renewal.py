"""Renewing the wall's display: when a fresh process takes over (pure rule), the setting,
the memory guard asking for it, and the supervisor's handover between real processes."""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from time import monotonic as time_now, sleep

import psutil
import pytest
from hypothesis import given, strategies as st

from commandcenter.cli.wall_supervisor import supervise
from commandcenter.models.wall import DEFAULT_CONFIG_TOML, ConfigError, default_config, parse_config
from commandcenter.models.wall_display import RENEWAL_MIN_RUN_S, renewal_due
from commandcenter.store.db import open_database
from commandcenter.store.service import local_now
from commandcenter.views.wall import memory
from commandcenter.views.wall.memory import MemoryGuard, MemoryReading
from .conftest import TEST_PASSWORD, add_wall_account, seed_world

STANDIN = Path(__file__).parent / "procs" / "display_standin.py"
CONFIG = default_config()          # renewal daily at 04:30, past 1,500 MB
DAY = datetime(2026, 12, 7)

moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31))


# --- the rule ------------------------------------------------------------------------------
def test_the_default_renews_daily_at_half_past_four_and_past_1500_mb():
    assert (CONFIG.renew_at, CONFIG.renew_above_mb) == (time(4, 30), 1500)
    started = DAY.replace(hour=9)
    assert renewal_due(started, DAY.replace(day=8, hour=4, minute=29), 800, CONFIG) == ""
    assert "04:30" in renewal_due(started, DAY.replace(day=8, hour=4, minute=30), 800, CONFIG)
    assert "1600 MB" in renewal_due(started, started + timedelta(hours=2), 1600, CONFIG)
    assert renewal_due(started, started + timedelta(hours=2), 1400, CONFIG) == ""


@given(moments, st.floats(0, RENEWAL_MIN_RUN_S - 1), st.floats(0, 10_000))
def test_memory_never_renews_a_display_younger_than_half_an_hour(started, ran, mb):
    no_daily = parse_config(DEFAULT_CONFIG_TOML.replace('daily_at = "04:30"', 'daily_at = ""'))
    assert renewal_due(started, started + timedelta(seconds=ran), mb, no_daily) == ""


@given(moments, st.floats(0, 3 * 86_400))
def test_a_fresh_display_is_not_renewed_again_before_the_next_daily_hour(renewed, later):
    """The display started at ``renewed`` (itself a renewal, or a start at any time) is due
    exactly when a 04:30 has passed since it started."""
    now = renewed + timedelta(seconds=later)
    hours = [renewed.replace(hour=4, minute=30, second=0, microsecond=0) + timedelta(days=d)
             for d in range(-1, 5)]
    passed = any(renewed < h <= now for h in hours)
    assert bool(renewal_due(renewed, now, 0, CONFIG)) == passed


def test_the_renewal_setting_is_checked_with_its_line():
    off = parse_config(DEFAULT_CONFIG_TOML.replace('daily_at = "04:30"', 'daily_at = ""')
                       .replace("memory_limit_mb = 1500", "memory_limit_mb = 0"))
    assert (off.renew_at, off.renew_above_mb) == (None, None)
    assert renewal_due(DAY, DAY + timedelta(days=9), 10**6, off) == ""
    line = DEFAULT_CONFIG_TOML.splitlines().index(
        next(s for s in DEFAULT_CONFIG_TOML.splitlines() if s.startswith("memory_limit_mb"))) + 1
    with pytest.raises(ConfigError) as bad:
        parse_config(DEFAULT_CONFIG_TOML.replace("memory_limit_mb = 1500", "memory_limit_mb = -5"))
    assert bad.value.line == line and "memory_limit_mb" in bad.value.reason
    with pytest.raises(ConfigError) as bad:
        parse_config(DEFAULT_CONFIG_TOML.replace("[renewal]", "[renewal]\nat = 3"))
    assert "unknown setting 'at'" in bad.value.reason


# --- the guard asks --------------------------------------------------------------------------
def test_the_guard_asks_for_a_fresh_display_once_then_waits_before_asking_again(qtbot,
                                                                               monkeypatch):
    asked, readings = [], []

    def renewal(reading: MemoryReading) -> str:
        readings.append(reading)
        return "memory over the limit" if len(readings) >= 2 else ""

    guard = MemoryGuard(lambda: None, lambda: None, lambda: True, renewal=renewal,
                        renew=asked.append)
    guard.check()
    assert asked == [] and readings[0].app_mb > 10   # the rule sees the real reading
    guard.check()
    assert asked == ["memory over the limit"]
    guard.check()                                    # the fresh one may still be starting
    assert asked == ["memory over the limit"] and len(readings) == 2
    now = memory.time.monotonic()
    monkeypatch.setattr(memory.time, "monotonic", lambda: now + memory.RENEW_RETRY_S + 1)
    guard.check()                                    # it never came: ask again
    assert asked == ["memory over the limit"] * 2


# --- the supervisor hands over between real processes ----------------------------------------
def run(tmp_path, plan: str, **kw) -> tuple[int, list[str]]:
    journal = tmp_path / "journal"
    status = supervise([sys.executable, str(STANDIN), str(journal), plan], **kw)
    return status, journal.read_text().splitlines()


def test_a_fresh_display_takes_over_before_the_old_one_leaves(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="commandcenter.wall"):
        status, journal = run(tmp_path, "renew,wait-leave/sleep:0.3,ready,sleep:0.5,exit:0")
    assert status == 0
    assert journal.index("1 start") < journal.index("2 start hidden")
    assert journal.index("1 heard leave") > journal.index("2 start hidden")
    assert "1 exit 0" in journal and "2 exit 0" in journal
    text = caplog.text
    assert "renewing the display (stand-in)" in text and "took over after" in text
    assert "no longer shown, ended (status 0)" in text


def test_a_fresh_display_that_is_never_ready_is_ended_and_the_old_one_stays(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="commandcenter.wall"):
        status, journal = run(tmp_path, "renew,sleep:2.5,exit:0/sleep:30",
                              handover_timeout_s=1.0)
    assert status == 0
    assert "2 start hidden" in journal and "1 heard leave" not in journal
    assert "2 exit 0" not in journal                     # ended by the supervisor
    assert "not ready in 1 s" in caplog.text and "ended (status" in caplog.text


def test_when_the_old_display_dies_during_a_handover_the_fresh_one_shows_at_once(tmp_path,
                                                                                  caplog):
    with caplog.at_level(logging.INFO, logger="commandcenter.wall"):
        status, journal = run(tmp_path, "renew,sleep:0.5,exit:1/wait-show,exit:0")
    assert status == 0
    assert "2 heard show" in journal and "2 exit 0" in journal
    assert "showing the fresh one now" in caplog.text


@pytest.mark.slow
def test_the_real_wall_renews_its_display_at_the_daily_hour(tmp_path):
    """The supervised wall on a database, its renewal hour set to the coming minute: a fresh
    display takes over and the old one ends with its map processes (a minute or two)."""
    db = open_database(f"sqlite:///{tmp_path / 'wall.db'}")
    seed_world(db)
    add_wall_account(db)
    db.dispose()
    coming = (local_now() + timedelta(minutes=1)).strftime("%H:%M")
    config = tmp_path / "wall.toml"
    config.write_text(DEFAULT_CONFIG_TOML.replace('user = "wall01"', 'user = "wall1"')
                      .replace("# password = \"…\"", f'password = "{TEST_PASSWORD}"')
                      .replace('daily_at = "04:30"', f'daily_at = "{coming}"'), "utf-8")
    log = tmp_path / "wall.log"
    wall = subprocess.Popen([sys.executable, "-m", "commandcenter", "--db",
                             f"sqlite:///{tmp_path / 'wall.db'}", "wall", "--config", str(config),
                             "--size", "800x450", "--log", str(log)],
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def logged() -> str:
        return log.read_text("utf-8") if log.exists() else ""
    try:
        deadline = time_now() + 240
        while "no longer shown, ended" not in logged() and time_now() < deadline:
            assert wall.poll() is None, logged()[-3000:]
            sleep(1)
        text = logged()
        assert f"renewing the display (the daily renewal at {coming})" in text
        assert "took over after" in text
        old = int(re.search(r"display (\d+), no longer shown, ended \(status 0\)", text)[1])
        assert not psutil.pid_exists(old)
        fresh = [p for p in psutil.Process(wall.pid).children(recursive=True)]
        assert fresh and all(p.pid != old and p.ppid() != old for p in fresh)
    finally:
        wall.terminate()
        assert wall.wait(30) == 0   # stopped on request


@pytest.mark.parametrize("frozen", [False, True])
def test_the_display_is_started_with_the_walls_own_settings(monkeypatch, frozen):
    from commandcenter.cli import build_parser
    from commandcenter.cli.wall import _child_command
    if frozen:   # the installed program: commandcenter.exe takes the arguments itself
        monkeypatch.setattr(sys, "frozen", True, raising=False)
    args = build_parser().parse_args(["wall", "--db", "sqlite:///w.db", "--screen", "HDMI-1",
                                      "--span", "--log", "w.log"])
    command = _child_command(args, "wall.toml")
    program = [sys.executable] if frozen else [sys.executable, "-m", "commandcenter"]
    assert command[:len(program) + 1] == [*program, "wall"]
    rest = command[len(program) + 1:]
    assert {"--no-supervise", "--handover", "--span"} <= set(rest)
    assert "--take-over" not in rest   # added by the supervisor for a fresh display only
    for flag, value in (("--db", "sqlite:///w.db"), ("--screen", "HDMI-1"),
                        ("--config", "wall.toml"), ("--log", "w.log")):
        assert rest[rest.index(flag) + 1] == value


def test_the_display_hears_show_and_leave_and_ignores_the_rest(qtbot):
    import io

    from commandcenter.views.wall.handover import SupervisorLink
    link = SupervisorLink(io.StringIO("hello\nshow\nleave\nshow\n"))
    heard = []
    link.sig_show.connect(lambda: heard.append("show"))
    link.sig_leave.connect(lambda: heard.append("leave"))
    link.start()
    qtbot.waitUntil(lambda: heard == ["show", "leave"])
    qtbot.wait(50)
    assert heard == ["show", "leave"]   # nothing is heard after leave
    SupervisorLink(None).start()        # no standard input: nothing to listen to, no error
