"""Settings persist through QSettings and the dialog edits them."""
from __future__ import annotations

from PySide6.QtCore import QSettings

from commandcenter.views.common.settings import Settings
from commandcenter.views.common.settings_dialog import SettingsDialog


def test_settings_round_trip_and_unknown_language_falls_back(qtbot, tmp_path):
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert Settings.load(store) == Settings()
    Settings(language="en", basemap_url="http://tiles.local/{z}/{x}/{y}.png",
             basemap_datum="gcj02", warn_share=0.75, time_window="7d").save(store)
    loaded = Settings.load(store)
    assert (loaded.language, loaded.basemap_datum, loaded.warn_share, loaded.time_window) == (
        "en", "gcj02", 0.75, "7d")
    store.setValue("settings/language", "fr")
    assert Settings.load(store).language == "zh_CN"


def test_dialog_returns_what_it_shows(qtbot):
    dialog = SettingsDialog(Settings(time_window="1h"))
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.basemap.kind.setCurrentIndex(dialog.basemap.kind.findData("xyz"))
    dialog.basemap.url.setText("  http://tiles.local/{z}/{x}/{y}.png ")
    dialog.basemap.datum.setCurrentIndex(dialog.basemap.datum.findData("gcj02"))
    dialog.warn_share.setValue(0.9)
    assert dialog.settings(Settings(time_window="1h")) == Settings(
        "en", "http://tiles.local/{z}/{x}/{y}.png", "gcj02", 0.9, "1h", basemap_kind="xyz")
