"""Starting the desktop application."""
from __future__ import annotations

import os
import sys


def make_application(offscreen: bool = False):
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from commandcenter.map.webengine import prepare_webengine
    prepare_webengine()  # before the application object exists
    from PySide6.QtWidgets import QApplication

    from commandcenter.views.i18n import install_translators
    from commandcenter.views.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("commandcenter")
    app.setApplicationName("commandcenter")
    from PySide6.QtGui import QIcon

    from commandcenter.resources import resource
    app.setWindowIcon(QIcon(str(resource("icons", "commandcenter.png"))))
    app._translators = install_translators(app, Settings.load().language)
    return app


def run_app(db_url: str | None) -> int:
    app = make_application()
    from commandcenter.views.dispatcher import DispatcherWindow
    from commandcenter.views.login import LoginDialog
    from commandcenter.views.settings import Settings
    from commandcenter.views.startup import StartupDialog
    from commandcenter.views.tasks import TaskRunner
    from commandcenter.views.workstation import Workstation

    import shiboken6

    runner = TaskRunner(app)
    startup = StartupDialog(db_url, runner)
    if startup.exec() != StartupDialog.DialogCode.Accepted:
        return 1
    login = LoginDialog(startup.database, runner)
    if login.exec() != LoginDialog.DialogCode.Accepted:
        return 1
    window = DispatcherWindow(Workstation.open(startup.database, login.actor, runner,
                                               Settings.load()))
    window.resize(1600, 960)
    window.show()
    window.reload()
    code = app.exec()
    # Web pages must be gone before QtWebEngine's profile is released at exit.
    shiboken6.delete(window)
    runner.wait()
    return code
