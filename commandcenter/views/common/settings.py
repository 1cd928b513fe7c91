"""The workstation's settings: one typed object, defaults in one place, kept in QSettings.

The database password is never kept here (see store.credentials)."""
from __future__ import annotations

import sys
from dataclasses import dataclass, fields

from PySide6.QtCore import QSettings

from commandcenter.store.preset import PresetError, load_preset

LANGUAGES = {"zh_CN": "中文", "en": "English"}


@dataclass
class Settings:
    language: str = "zh_CN"
    basemap_url: str = ""          # XYZ template of an intranet or 天地图-style tile service
    basemap_datum: str = "wgs84"   # wgs84 (CGCS2000) or gcj02
    warn_share: float = 0.8        # countdowns turn amber once this share of the time is used
    time_window: str = "today"     # map filter: 1h, today, 7d
    wall_screen: str = ""          # the wall's monitor by name ("" = the primary screen)
    wall_playlist: str = ""        # the wall's pages and dwell times ("" = its default)
    # The basemap: none, xyz (basemap_url) or mbtiles (basemap_file; "" = the district's own
    # basemap, drawn from its outlines). basemap_datum is the tiles' datum either way.
    basemap_kind: str = "mbtiles"
    basemap_file: str = ""

    @classmethod
    def load(cls, store: QSettings | None = None) -> Settings:
        store = store or QSettings()
        values = {}
        preset = _preset_defaults()
        for f in fields(cls):
            default = type(f.default)(preset.get(f.name, f.default))
            values[f.name] = store.value(f"settings/{f.name}", default, type(default))
        settings = cls(**values)
        if settings.language not in LANGUAGES:
            settings.language = cls.language
        if not store.contains("settings/basemap_kind") and settings.basemap_url:
            settings.basemap_kind = "xyz"  # saved before there was a choice: keep its URL
        return settings

    def save(self, store: QSettings | None = None) -> None:
        store = store or QSettings()
        for f in fields(self):
            store.setValue(f"settings/{f.name}", getattr(self, f.name))


def _preset_defaults() -> dict[str, str]:
    """The site preset's values: IT's defaults, under whatever the user has changed."""
    try:
        return load_preset().settings_defaults()
    except PresetError as exc:  # the start-up dialog reports it when it opens the database
        print(f"commandcenter: {exc}", file=sys.stderr)
        return {}
