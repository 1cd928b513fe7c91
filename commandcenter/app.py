"""Starting the desktop application."""
from __future__ import annotations

import os
import sys


def make_application(offscreen: bool = False, language: str | None = None):
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
    app._translators = install_translators(app, language or Settings.load().language)
    return app


def run_app(db_url: str | None) -> int:
    app = make_application()
    from PySide6.QtCore import QTimer

    from commandcenter.map.webengine import warm_up
    from commandcenter.views.dispatcher import DispatcherWindow
    from commandcenter.views.i18n import install_translators
    from commandcenter.views.settings import Settings
    from commandcenter.views.tasks import TaskRunner
    from commandcenter.views.workstation import Workstation

    import shiboken6

    runner = TaskRunner(app)
    # QtWebEngine starts while the start-up and login dialogs wait, not as the window is built.
    warm: list = []
    QTimer.singleShot(0, lambda: warm.append(warm_up()))
    database, actor = open_session(db_url, runner)
    code = 1
    while actor is not None:  # quit, log out (back to the login) or a new language
        window = DispatcherWindow(Workstation.open(database, actor, runner,
                                                   Settings.load()), confirm_close=True)
        screen = app.primaryScreen().availableGeometry()  # 4K or a laptop alike
        window.resize(int(screen.width() * 0.9), int(screen.height() * 0.9))
        window.show()
        window.reload()
        warm.clear()  # the map view exists now
        code = app.exec()
        step = window.next_step
        # Web pages must be gone before QtWebEngine's profile is released at exit.
        shiboken6.delete(window)
        if step == "logout":
            actor = _login(database, runner)
        elif step == "relaunch":
            for translator in app._translators:
                app.removeTranslator(translator)
            app._translators = install_translators(app, Settings.load().language)
        else:
            break
    warm.clear()  # no page may outlive the application
    runner.wait()
    return code


def open_session(db_url: str | None, runner):
    """The start-up dialog, then the login: (database, actor); the actor is None, and the
    database too if it was never opened, when the user gives up."""
    from commandcenter.views.startup import StartupDialog
    startup = StartupDialog(db_url, runner)
    if startup.exec() != StartupDialog.DialogCode.Accepted:
        return None, None
    return startup.database, _login(startup.database, runner)


def _login(database, runner):
    from commandcenter.views.login import LoginDialog
    login = LoginDialog(database, runner)
    return login.actor if login.exec() == LoginDialog.DialogCode.Accepted else None
