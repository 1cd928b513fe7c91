"""Interface language: the source strings are Chinese; English comes from a Qt
translation file shipped in resources/i18n."""
from __future__ import annotations

from importlib.resources import as_file

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from commandcenter.resources import resource


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Load the translations for ``language``; returns them (they must stay alive)."""
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_", qt_dir):  # Qt's own dialog buttons
        app.installTranslator(qt)
        installed.append(qt)
    if language != "zh_CN":
        ours = QTranslator(app)
        with as_file(resource("i18n", f"commandcenter_{language}.qm")) as path:
            if path.exists() and ours.load(str(path)):
                app.installTranslator(ours)
                installed.append(ours)
    return installed
