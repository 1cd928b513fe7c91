"""Starting the desktop application."""
from __future__ import annotations

import os
import sys


def prepare_platform() -> None:
    """QtWebEngine's Chromium refuses to run as root unless its sandbox is off."""
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()


def run_app(db_url: str | None) -> int:
    prepare_platform()
    from PySide6.QtWidgets import QApplication

    from commandcenter.store.db import open_database
    from commandcenter.views.overview import OverviewWindow
    from commandcenter.views.startup import StartupDialog
    from commandcenter.views.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("commandcenter")
    runner = TaskRunner(app)
    startup = StartupDialog(db_url, runner)
    if startup.exec() != StartupDialog.DialogCode.Accepted:
        return 1
    window = OverviewWindow(startup.database, runner)
    window.resize(1280, 800)
    window.show()
    return app.exec()
