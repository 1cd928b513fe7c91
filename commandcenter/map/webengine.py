"""Process-wide QtWebEngine set-up that must happen before the QApplication exists."""
from __future__ import annotations

import os
import sys

_NO_SANDBOX = "--no-sandbox"


def prepare_webengine() -> None:
    """Call once, before ``QApplication`` is created.

    Chromium refuses to start its sandbox as root on Linux, so there it runs without one
    (the map page is local and its navigation is locked down). Qt also wants OpenGL contexts
    shared and QtWebEngineWidgets imported before the application object exists.
    """
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
        if _NO_SANDBOX not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([*flags, _NO_SANDBOX])

    from PySide6 import QtWebEngineWidgets  # noqa: F401  (initialises QtWebEngine)
    from PySide6.QtCore import QCoreApplication, Qt

    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
