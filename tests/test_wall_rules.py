"""The wall's pure rules: configuration (with the line of each refusal), schedules by time
of day, the playlist's rotation, sizes from the viewing distance, seams, burn-in shift."""
from __future__ import annotations

import json
from datetime import time

import pytest
from hypothesis import given, settings, strategies as st

from commandcenter.models import wall, wall_display
from commandcenter.models.wall import (DEFAULT_CONFIG_TOML, PAGES, ConfigError, PlaylistEntry,
                                       Schedule, WallConfig, config_or_default, parse_config)
from commandcenter.models.wall_display import Rotation, Sizing, burn_in_offset, off_seams

DEFAULT = parse_config(DEFAULT_CONFIG_TOML)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_default_runs_the_full_rotation_by_day_and_a_dim_overview_at_night():
    day, night = DEFAULT.schedules
    assert [e.page for e in day.entries] == list(PAGES)
    assert DEFAULT.schedule_at(time(9, 30)) is day
    assert DEFAULT.schedule_at(time(23, 0)) is night and night.dim < 1
    assert DEFAULT.schedule_at(time(3, 0)) is night
    assert [e.page for e in night.entries] == ["overview"]
    assert DEFAULT.viewing_distance_m == 6.0 and DEFAULT.user == "wall01"


@pytest.mark.parametrize("old, new, needle, reason", [
    ('{page = "ranking", dwell = 30}', '{page = "rank", dwell = 30}', '"rank"', "unknown page 'rank'"),
    ("dwell = 45", "dwell = 2", "dwell = 2", "dwell must be between 5 and 3600"),
    ('to = "08:00"', 'to = "25:00"', '"25:00"', 'to must be a time of day "HH:MM"'),
    ("viewing_distance_m = 6.0", 'viewing_distance_m = "far"', '"far"', "must be a number"),
    ("burn_in_px = 6", "burn_in_px = 6\ncolour = 1", "colour", "unknown setting 'colour'"),
    ('name = "night"', "name = night", "name = night", "Invalid value"),
    ("dim = 0.55", "dim = 3", "dim = 3", "dim must be between 0.1 and 1"),
])
def test_a_bad_toml_is_refused_with_its_line_and_reason(old, new, needle, reason):
    text = DEFAULT_CONFIG_TOML.replace(old, new)
    with pytest.raises(ConfigError) as err:
        parse_config(text, "toml", "wall.toml")
    assert err.value.line == line_of(text, needle)
    assert reason in err.value.reason
    assert str(err.value).startswith(f"wall.toml:line {err.value.line}: ")


def _as_json(config_text: str) -> str:
    import tomllib
    return json.dumps(tomllib.loads(config_text), indent=2, ensure_ascii=False)


def test_json_works_the_same_and_its_errors_name_the_line():
    text = _as_json(DEFAULT_CONFIG_TOML)
    assert parse_config(text, "json").schedules == DEFAULT.schedules
    bad = text.replace('"page": "trends"', '"page": "trend"')
    with pytest.raises(ConfigError) as err:
        parse_config(bad, "json")
    assert err.value.line == line_of(bad, '"trend"')
    with pytest.raises(ConfigError) as err:  # broken syntax: the parser's own line
        parse_config(text.replace('"night"', "'night'"), "json")
    assert err.value.line == line_of(text, '"night"')


def test_the_second_occurrence_of_a_key_is_blamed_on_its_own_line():
    text = DEFAULT_CONFIG_TOML.replace('from = "18:00"', 'from = "6pm"')
    with pytest.raises(ConfigError) as err:
        parse_config(text)
    assert err.value.line == line_of(text, '"6pm"') > line_of(text, 'from = "08:00"')


def test_a_bad_or_missing_file_falls_back_to_the_default_playlist(tmp_path):
    bad = tmp_path / "wall.toml"
    bad.write_text(DEFAULT_CONFIG_TOML.replace("dwell = 45", "dwell = -1"), encoding="utf-8")
    config = config_or_default(bad)
    assert config.schedules == DEFAULT.schedules
    assert "line 24" in config.warning and "dwell" in config.warning
    missing = config_or_default(tmp_path / "none.toml")
    assert missing.schedules == DEFAULT.schedules and "cannot read" in missing.warning
    good = tmp_path / "ok.json"
    good.write_text(json.dumps({"schedule": [{"from": "00:00", "to": "00:00",
                                              "pages": [{"page": "staff", "dwell": 10}]}]}))
    assert config_or_default(good).schedule_at(time(12)).entries == (PlaylistEntry("staff", 10),)


# --- schedules and rotation -------------------------------------------------------------------
times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
entries = st.lists(st.builds(PlaylistEntry, st.sampled_from(list(PAGES)), st.integers(5, 120)),
                   min_size=1, max_size=6).map(tuple)
schedules = st.builds(lambda a, b, e: Schedule("s", a, b, e), times, times, entries)
configs = st.lists(schedules, min_size=0, max_size=4).map(
    lambda s: WallConfig(schedules=tuple(s)))


@given(configs, times)
def test_some_schedule_always_applies_so_the_wall_is_never_blank(config, t):
    schedule = config.schedule_at(t)
    assert schedule.entries
    covering = [s for s in config.schedules if s.covers(t)]
    assert schedule is (covering[0] if covering else wall.FULL_ROTATION)


@given(times, times, times)
def test_a_window_past_midnight_covers_exactly_the_times_outside_its_complement(a, b, t):
    if a == b:
        assert Schedule("s", a, b, ()).covers(t)
    else:
        assert Schedule("s", a, b, ()).covers(t) != Schedule("s", b, a, ()).covers(t)


@settings(max_examples=200)
@given(configs, st.lists(st.floats(0.1, 50), min_size=1, max_size=60), times)
def test_rotation_never_stalls_and_visits_the_playlist_in_order(config, steps, t):
    rotation = Rotation(config)
    mono = 0.0
    rotation.start(mono, t)
    order = [e.page for e in rotation.schedule.entries]
    shown = [(rotation.index, mono)]
    for dt in steps:
        mono += dt
        if rotation.update(mono, t):
            shown.append((rotation.index, mono))
        # never longer than the dwell (plus this tick) on one page
        assert mono - rotation.shown_at <= rotation.entry.dwell_s + dt
        assert rotation.page == order[rotation.index]
    for (i, _), (j, _) in zip(shown, shown[1:]):
        assert j == (i + 1) % len(order)


@settings(max_examples=200)
@given(configs, st.lists(st.floats(0.1, 50), min_size=1, max_size=60), times,
       st.floats(0, 300))
def test_background_work_started_when_quiet_never_meets_a_switch(config, steps, t, asked):
    """Work may start once ``quiet_in`` says 0, never within a second before a switch nor
    1.5 s after one; waiting what it says lands outside both."""
    rotation = Rotation(config)
    mono = 0.0
    rotation.start(mono, t)
    for dt in steps:
        mono += dt
        rotation.update(mono, t)
    at = rotation.shown_at + min(asked, rotation.entry.dwell_s)  # some moment on this page
    wait = rotation.quiet_in(at)
    assert wait >= 0
    start = at + wait
    next_switch = rotation.shown_at + rotation.entry.dwell_s
    assert start - rotation.shown_at >= wall_display.SWITCH_QUIET_AFTER_S - 1e-9
    if len(rotation.schedule.entries) > 1 and start < next_switch:
        assert next_switch - start >= wall_display.SWITCH_QUIET_BEFORE_S - 1e-9
    if wait == 0:
        assert rotation.quiet_in(start) == 0


def test_a_paused_or_single_page_wall_is_quiet_after_its_last_switch():
    rotation = Rotation(DEFAULT)
    rotation.start(0.0, time(9))
    assert rotation.quiet_in(0.5) == pytest.approx(1.0)
    assert rotation.quiet_in(59.5) == pytest.approx(2.0)  # the switch at 60 s, then 1.5 s
    assert rotation.quiet_in(30.0) == 0
    rotation.toggle_pause(30.0)
    assert rotation.quiet_in(59.5) == 0  # paused: no switch is coming
    night = Rotation(DEFAULT)
    night.start(0.0, time(23))
    assert night.quiet_in(night.entry.dwell_s - 0.1) == 0


def test_keys_move_by_hand_and_pause_holds_the_page():
    rotation = Rotation(DEFAULT)
    rotation.start(0.0, time(9))
    rotation.step(-1, 1.0)
    assert rotation.page == "staff"
    rotation.step(1, 2.0)
    assert rotation.page == "overview"
    assert rotation.toggle_pause(3.0)
    assert not rotation.update(10_000.0, time(9)) and rotation.page == "overview"
    assert not rotation.toggle_pause(10_000.0)
    assert rotation.remaining(10_000.0) == 60
    assert rotation.update(10_060.0, time(9)) and rotation.page == "trends"


def test_entering_the_night_schedule_starts_its_playlist():
    rotation = Rotation(DEFAULT)
    rotation.start(0.0, time(17, 59))
    rotation.step(2, 1.0)
    assert rotation.update(2.0, time(18, 0))
    assert rotation.schedule.name == "night" and rotation.page == "overview"


# --- sizes, seams, burn-in --------------------------------------------------------------------
def test_the_smallest_text_is_a_150th_of_the_distance():
    # a 55-inch 1080p tile is 686 mm tall: 6 m → 40 mm → 63 px
    assert Sizing.for_picture(1920, 1080, 6.0).unit == pytest.approx(40 * 1080 / 686)
    assert Sizing.for_picture(3840, 2160, 6.0, height_mm=686).unit == pytest.approx(
        40 * 2160 / 686)
    # layouts are relative: one panel at twice the pixels has twice the unit
    assert Sizing.for_picture(3840, 2160, 6.0).unit == pytest.approx(
        2 * Sizing.for_picture(1920, 1080, 6.0).unit)
    # a 3×2 splice of 55-inch tiles is two tiles tall
    assert Sizing.for_picture(5760, 2160, 6.0).unit == pytest.approx(40 * 2160 / 1372)
    near, far = Sizing.for_picture(1920, 1080, 3.0), Sizing.for_picture(1920, 1080, 5.0)
    assert near.unit < far.unit
    # a 1080p monitor 30 cm tall seen from 6 m: capped so the top strip still fits
    assert Sizing.for_picture(1920, 1080, 6.0, height_mm=300).unit == pytest.approx(1920 / 30)


def test_splices_are_guessed_only_for_walls_that_are_not_one_panel():
    assert Sizing.for_picture(5760, 2160).splice == (3, 2)
    assert Sizing.for_picture(3840, 2160).splice == (1, 1)
    assert Sizing.for_picture(5760, 2160).seams_x == [1920, 3840]
    assert Sizing.for_picture(5760, 2160).seams_y == [1080]


@given(st.integers(1, 6), st.floats(0, 1), st.floats(0.05, 0.95), st.floats(0, 0.1))
def test_a_box_smaller_than_a_tile_is_moved_off_every_seam(cols, where, share, margin_share):
    width, tile = 1920.0 * cols, 1920.0
    seams = [tile * k for k in range(1, cols)]
    length, margin = tile * share * (1 - 2 * margin_share), tile * margin_share
    start = where * (width - length)
    placed = off_seams(start, length, seams, margin, 0, width)
    assert 0 <= placed <= width - length + 1e-6
    assert not any(placed - margin + 1e-6 < s < placed + length + margin - 1e-6 for s in seams)


@given(st.floats(0, 1e7), st.integers(10, 3600), st.integers(0, 40))
def test_burn_in_shift_is_bounded_steady_within_an_interval_and_moves_after(t, interval, amp):
    dx, dy = burn_in_offset(t, interval, amp)
    assert abs(dx) <= amp and abs(dy) <= amp
    start = (t // interval) * interval
    assert burn_in_offset(start + interval * 0.999, interval, amp) == burn_in_offset(
        start, interval, amp)
    if amp:
        assert burn_in_offset(start + interval, interval, amp) != (dx, dy)
