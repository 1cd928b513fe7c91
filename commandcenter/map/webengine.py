"""Process-wide QtWebEngine set-up that must happen before the QApplication exists."""
from __future__ import annotations

import os
import sys

_NO_SANDBOX = "--no-sandbox"


def prepare_webengine(js_flag: str | None = None) -> None:
    """Call once, before ``QApplication`` is created.

    ``js_flag`` goes to V8 (e.g. ``--expose-gc``, so the wall can collect on a schedule:
    in Qt 6.10–6.11 V8's collector does not run by itself in a continuously updated page).

    Chromium refuses to start its sandbox as root on Linux, so there it runs without one
    (the map page is local and its navigation is locked down). Qt also wants OpenGL contexts
    shared and QtWebEngineWidgets imported before the application object exists, and
    custom URL schemes (``mbtiles:``, the offline basemaps) registered before then too.
    """
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
        if _NO_SANDBOX not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([*flags, _NO_SANDBOX])
    if js_flag:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
        wanted = f"--js-flags={js_flag}"
        if wanted not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([*flags, wanted])

    from PySide6 import QtWebEngineWidgets  # noqa: F401  (initialises QtWebEngine)
    from PySide6.QtCore import QCoreApplication, Qt

    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        from .tiles import register_scheme
        register_scheme()


def warm_up():
    """Start QtWebEngine now: its first profile and first page cost the GUI thread a few
    hundred ms (mostly waiting for Chromium's own threads and processes to come up), which
    the first map view would otherwise pay while its window is being built. Call it while
    a dialog waits for the user; keep the page returned until the map view exists."""
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile

    page = QWebEnginePage(QWebEngineProfile.defaultProfile())
    page.load(QUrl("about:blank"))
    return page
