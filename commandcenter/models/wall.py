"""The wall display's configuration, without Qt: pages, playlists, schedules by time of
day and the file that holds them (what the wall does with them over time and on its
screens is in :mod:`commandcenter.models.wall_display`).

The configuration is TOML (or JSON with the same structure); see ``DEFAULT_CONFIG_TOML``.
A bad file is refused as a whole with its line and reason (:class:`ConfigError`); the wall
then runs the default playlist, so it is never blank.
"""
from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass, replace
from datetime import time
from pathlib import Path
from typing import Any

# Page name → Chinese title, in the standard order.
PAGES: dict[str, str] = {"overview": "态势总览", "trends": "趋势", "ranking": "排行",
                         "overdue": "超期督办", "staff": "监督员在岗"}

MIN_DWELL_S, MAX_DWELL_S = 5, 3600


class ConfigError(ValueError):
    """A configuration the wall refuses; ``line`` is 1-based (0 when not known)."""

    def __init__(self, line: int, reason: str, source: str = ""):
        self.line, self.reason, self.source = line, reason, source
        where = f"{source}:" if source else ""
        super().__init__(f"{where}line {line}: {reason}" if line else f"{where}{reason}")


@dataclass(frozen=True)
class PlaylistEntry:
    page: str
    dwell_s: int


@dataclass(frozen=True)
class Schedule:
    """A playlist that runs from ``start`` until ``end`` each day (wrapping past midnight
    when ``end`` ≤ ``start``; equal times mean all day). ``dim`` < 1 darkens the wall."""

    name: str
    start: time
    end: time
    entries: tuple[PlaylistEntry, ...]
    dim: float = 1.0

    def covers(self, t: time) -> bool:
        if self.start == self.end:
            return True
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end


@dataclass(frozen=True)
class WallConfig:
    schedules: tuple[Schedule, ...]
    viewing_distance_m: float = 6.0
    wall_height_m: float | None = None   # physical height of the picture; None: from the screen
    splice: tuple[int, int] | None = None  # tiles across and down; None: guessed from the size
    burn_in_px: int = 6
    burn_in_interval_s: int = 180
    user: str | None = None
    password: str | None = None
    language: str = "zh_CN"
    renew_at: time | None = time(4, 30)    # a fresh display takes over daily at this time
    renew_above_mb: float | None = 1500.0  # … and once the display passes this much memory
    source: str = ""                       # the file it came from ("" for the default)
    warning: str = ""                      # why the default is shown instead of a file

    def schedule_at(self, t: time) -> Schedule:
        """The first schedule covering ``t``; the full rotation where none does."""
        for schedule in self.schedules:
            if schedule.covers(t):
                return schedule
        return FULL_ROTATION


FULL_ROTATION = Schedule("full", time(0, 0), time(0, 0), (
    PlaylistEntry("overview", 60), PlaylistEntry("trends", 30), PlaylistEntry("ranking", 30),
    PlaylistEntry("overdue", 45), PlaylistEntry("staff", 30)))

DEFAULT_CONFIG_TOML = """\
# commandcenter wall display (大屏) configuration.
# Times are the district's local time; a schedule whose "to" is earlier than its "from"
# runs past midnight. The first schedule covering the time of day is shown.

viewing_distance_m = 6.0       # the smallest text is 1/150 of it (6 m: 40 mm)
# wall_height_m = 1.37         # the picture's height; default: the screen's own size
# splice = [3, 2]              # tiles across and down: figures stay off the seams
burn_in_px = 6                 # static elements shift by up to this many pixels
burn_in_interval_s = 180       # … once every this many seconds
language = "zh_CN"             # or "en"

[account]
user = "wall01"                # a 大屏 (viewer) account: it may take no action
# password = "…"               # or keep it in the keyring: commandcenter wall --save-password

[[schedule]]
name = "day"
from = "08:00"
to = "18:00"
pages = [
  {page = "overview", dwell = 60},
  {page = "trends", dwell = 30},
  {page = "ranking", dwell = 30},
  {page = "overdue", dwell = 45},
  {page = "staff", dwell = 30},
]

[[schedule]]
name = "night"
from = "18:00"
to = "08:00"
dim = 0.55
pages = [{page = "overview", dwell = 300}]

# A fresh display process takes over from the running one (it shows its first picture,
# then the old one ends): whatever memory the old one gathered goes with it.
[renewal]
daily_at = "04:30"             # once a day at this time; "" for never
memory_limit_mb = 1500         # also when the app and its map processes pass this; 0: never
"""

_TOP_KEYS = {"viewing_distance_m", "wall_height_m", "splice", "burn_in_px",
             "burn_in_interval_s", "language", "account", "schedule", "renewal"}
_SCHEDULE_KEYS = {"name", "from", "to", "dim", "pages"}
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_config(text: str, fmt: str = "toml", source: str = "") -> WallConfig:
    """Validate a configuration's text; raises :class:`ConfigError` naming the line."""
    if fmt not in ("toml", "json"):
        raise ConfigError(0, f"unknown format {fmt!r}: use .toml or .json", source)
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(int(found.group(1)) if found else 0, reason, source) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(exc.lineno, exc.msg, source) from None
    if not isinstance(data, dict):
        raise ConfigError(1, "the configuration must be a table of settings", source)
    return _Validator(text, fmt, source).config(data)


def load_config(path: str | Path) -> WallConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(0, f"cannot read it: {exc}", str(path)) from None
    fmt = "json" if path.suffix.lower() == ".json" else "toml"
    return parse_config(text, fmt, str(path))


def default_config(warning: str = "") -> WallConfig:
    return replace(parse_config(DEFAULT_CONFIG_TOML), warning=warning)


def config_or_default(path: str | Path | None) -> WallConfig:
    """The file's configuration, or the default one carrying the refusal as ``warning``."""
    if path is None:
        return default_config()
    try:
        return load_config(path)
    except ConfigError as exc:
        return default_config(str(exc))


class _Validator:
    """Checks the parsed values; an error is placed on the line of the key at fault, found
    as the n-th occurrence of that key in the text (tables and arrays keep document order)."""

    def __init__(self, text: str, fmt: str, source: str):
        self.text, self.fmt, self.source = text, fmt, source
        self._order: list[dict] = []

    def config(self, data: dict) -> WallConfig:
        self._order = list(_dicts_in_order(data))
        self._no_unknown(data, _TOP_KEYS)
        account = data.get("account", {})
        if not isinstance(account, dict):
            self.fail(data, "account", "account must be a table with user and password")
        self._no_unknown(account, {"user", "password"})
        raw = data.get("schedule")
        if raw is None:
            schedules = (FULL_ROTATION,)
        else:
            if not isinstance(raw, list) or not raw:
                self.fail(data, "schedule", "schedule must be a list of one or more schedules")
            schedules = tuple(self.schedule(s, data) for s in raw)
        splice = data.get("splice")
        if splice is not None:
            if (not isinstance(splice, list) or len(splice) != 2
                    or not all(type(n) is int and 1 <= n <= 16 for n in splice)):
                self.fail(data, "splice", "splice must be [tiles across, tiles down], 1–16 each")
            splice = (splice[0], splice[1])
        renewal = data.get("renewal", {})
        if not isinstance(renewal, dict):
            self.fail(data, "renewal", "renewal must be a table with daily_at and memory_limit_mb")
        self._no_unknown(renewal, {"daily_at", "memory_limit_mb"})
        renew_at = time(4, 30)
        if renewal.get("daily_at") == "":
            renew_at = None
        elif "daily_at" in renewal:
            renew_at = self.clock_time(renewal, "daily_at")
        limit = self.number(renewal, "memory_limit_mb", 1500, 0, 10**6)
        language = data.get("language", "zh_CN")
        if language not in ("zh_CN", "en"):
            self.fail(data, "language", f"language must be \"zh_CN\" or \"en\", not {language!r}")
        return WallConfig(
            schedules=schedules,
            viewing_distance_m=self.number(data, "viewing_distance_m", 6.0, 1.0, 50.0),
            wall_height_m=self.number(data, "wall_height_m", None, 0.2, 30.0),
            splice=splice,
            burn_in_px=int(self.number(data, "burn_in_px", 6, 0, 40, integer=True)),
            burn_in_interval_s=int(self.number(data, "burn_in_interval_s", 180, 10, 3600,
                                               integer=True)),
            user=self.text_value(account, "user"), password=self.text_value(account, "password"),
            language=language, renew_at=renew_at, renew_above_mb=limit or None,
            source=self.source)

    def schedule(self, raw: Any, data: dict) -> Schedule:
        if not isinstance(raw, dict):
            self.fail(data, "schedule", "each schedule must be a table")
        self._no_unknown(raw, _SCHEDULE_KEYS)
        for key in ("from", "to", "pages"):
            if key not in raw:
                first = next(iter(raw), None)
                self.fail(raw, first, f"a schedule needs \"{key}\"")
        name = self.text_value(raw, "name") or f"{raw['from']}–{raw['to']}"
        pages = raw["pages"]
        if not isinstance(pages, list) or not pages:
            self.fail(raw, "pages", "pages must list one or more {page, dwell}")
        entries = []
        for entry in pages:
            if not isinstance(entry, dict):
                self.fail(raw, "pages", "each page must be {page = NAME, dwell = SECONDS}")
            self._no_unknown(entry, {"page", "dwell"})
            if "page" not in entry:
                self.fail(entry, next(iter(entry), None), "a page entry needs \"page\"")
            page = entry["page"]
            if page not in PAGES:
                self.fail(entry, "page", f"unknown page {page!r}: the pages are "
                                         f"{', '.join(PAGES)}")
            dwell = self.number(entry, "dwell", 30, MIN_DWELL_S, MAX_DWELL_S, integer=True)
            entries.append(PlaylistEntry(page, int(dwell)))
        return Schedule(name, self.clock_time(raw, "from"), self.clock_time(raw, "to"),
                        tuple(entries), self.number(raw, "dim", 1.0, 0.1, 1.0))

    # --- values ------------------------------------------------------------------------------
    def number(self, owner: dict, key: str, default, low: float, high: float,
               integer: bool = False):
        if key not in owner:
            return default
        value = owner[key]
        kind = "a whole number" if integer else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or (integer and not isinstance(value, int)):
            self.fail(owner, key, f"{key} must be {kind}, not {value!r}")
        if not low <= value <= high or math.isnan(value):
            self.fail(owner, key, f"{key} must be between {low:g} and {high:g}, not {value!r}")
        return value

    def text_value(self, owner: dict, key: str) -> str | None:
        value = owner.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            self.fail(owner, key, f"{key} must be a non-empty text")
        return value

    def clock_time(self, owner: dict, key: str) -> time:
        value = owner[key]
        match = _TIME.match(value) if isinstance(value, str) else None
        if match is None:
            self.fail(owner, key, f"{key} must be a time of day \"HH:MM\", not {value!r}")
        return time(int(match.group(1)), int(match.group(2)))

    def _no_unknown(self, owner: dict, known: set[str]) -> None:
        for key in owner:
            if key not in known:
                self.fail(owner, key, f"unknown setting {key!r}; known here: "
                                      f"{', '.join(sorted(known))}")

    # --- where -------------------------------------------------------------------------------
    def fail(self, owner: dict, key: str | None, reason: str):
        raise ConfigError(self.line_of(owner, key), reason, self.source)

    def line_of(self, owner: dict, key: str | None) -> int:
        if key is None:
            return 0
        ordinal = sum(1 for d in self._order[:self._index(owner)] if key in d)
        if self.fmt == "json":
            pattern = re.compile(r'"%s"\s*:' % re.escape(key))
        else:
            pattern = re.compile(r'(?<![\w"-])"?%s"?\s*=' % re.escape(key))
        seen = 0
        for line_no, line in enumerate(self.text.splitlines(), 1):
            code = line if self.fmt == "json" else _strip_toml_comment(line)
            for _ in pattern.finditer(code):
                if seen == ordinal:
                    return line_no
                seen += 1
        return 0

    def _index(self, owner: dict) -> int:
        for i, d in enumerate(self._order):
            if d is owner:
                return i
        return len(self._order)


def _strip_toml_comment(line: str) -> str:
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[:i]
    return line


def _dicts_in_order(value: Any):
    """Every table in document order (depth first: a table's own keys come before its
    sub-tables in the text only when written so; both formats write ours that way)."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _dicts_in_order(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dicts_in_order(item)
