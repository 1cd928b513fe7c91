"""The site preset: a configuration file IT deploys with the program, so that no desk asks
anything at first start.

The Windows installer copies it (``commandcenter.ini``, next to the installer or given
with ``/CONFIG=``) beside the program's executable; ``$COMMANDCENTER_CONFIG`` names
another file. It only supplies defaults: ``--db``, ``$COMMANDCENTER_DB`` and what a user
changes in Settings still win. Example::

    [database]
    url = postgresql+psycopg://cc@db.example/commandcenter

    [interface]
    language = zh_CN          ; zh_CN or en

    [wall]
    screen = \\\\.\\DISPLAY2    ; the monitor's name as Qt reports it
    playlist = …              ; passed to the wall as its playlist
"""
from __future__ import annotations

import configparser
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "COMMANDCENTER_CONFIG"
FILE_NAME = "commandcenter.ini"
LANGUAGES = ("zh_CN", "en")

# section -> key -> the Settings field it presets (None: not a setting)
KEYS = {
    "database": {"url": None},
    "interface": {"language": "language"},
    "wall": {"screen": "wall_screen", "playlist": "wall_playlist"},
}


class PresetError(ValueError):
    """A preset the program cannot use: names the file, the line and the reason."""


@dataclass(frozen=True)
class Preset:
    path: Path | None = None
    database_url: str = ""
    language: str = ""
    wall_screen: str = ""
    wall_playlist: str = ""

    def settings_defaults(self) -> dict[str, str]:
        """The preset values keyed by Settings field, only those the file gives."""
        return {field: getattr(self, field)
                for keys in KEYS.values() for field in keys.values()
                if field and getattr(self, field)}


def preset_path() -> Path:
    """``$COMMANDCENTER_CONFIG``, else ``commandcenter.ini`` next to the executable (the
    frozen program, or the embedded ``pythonw.exe``, sits at the top of the install folder)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return Path(sys.executable).resolve().parent / FILE_NAME


def _line_of(text: str, section: str, key: str | None = None) -> int:
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1].strip()
            if key is None and current == section:
                return number
        elif current == section and key is not None:
            name = re.split(r"[=:]", stripped, maxsplit=1)[0].strip().lower()
            if name == key:
                return number
    return 0


def parse_preset(text: str, path: Path | None = None) -> Preset:
    """Read and check a preset; raises PresetError with the line and the reason."""
    where = str(path) if path else "preset"
    parser = configparser.ConfigParser(inline_comment_prefixes=(";", "#"), interpolation=None)
    try:
        parser.read_string(text, source=where)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", 0)
        reason = str(exc).splitlines()[0]
        raise PresetError(f"{where}:{line}: {reason}") from None
    values: dict[str, str] = {}
    for section in parser.sections():
        if section not in KEYS:
            raise PresetError(f"{where}:{_line_of(text, section)}: unknown section [{section}] "
                              f"(known: {', '.join(KEYS)})")
        for key, value in parser.items(section):
            if key not in KEYS[section]:
                raise PresetError(f"{where}:{_line_of(text, section, key)}: unknown key {key!r} "
                                  f"in [{section}] (known: {', '.join(KEYS[section])})")
            try:
                values[KEYS[section][key] or "database_url"] = _checked(section, key, value.strip())
            except ValueError as exc:
                raise PresetError(f"{where}:{_line_of(text, section, key)}: {exc}") from None
    return Preset(path=path, **values)


def _checked(section: str, key: str, value: str) -> str:
    if section == "database":
        from .db import check_url
        return check_url(value)  # DatabaseUrlError is a ValueError
    if key == "language" and value not in LANGUAGES:
        raise ValueError(f"language {value!r}: use one of {', '.join(LANGUAGES)}")
    return value  # the wall checks its own screen name and playlist when it starts


def load_preset(path: Path | None = None) -> Preset:
    """The site preset, or an empty one when there is no file."""
    path = path or preset_path()
    if not path.is_file():
        return Preset()
    try:
        return parse_preset(_decode(path.read_bytes()), path)
    except (OSError, UnicodeDecodeError) as exc:
        raise PresetError(f"{path}: cannot read: {exc}") from None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without Notepad's BOM), UTF-16 with its BOM, else the ANSI code page
    Windows' profile API writes in (the installer's command-line keys)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        import locale
        return data.decode(locale.getpreferredencoding(False))
