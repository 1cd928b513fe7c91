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

    from commandcenter.views.common.i18n import install_translators
    from commandcenter.views.common.settings import Settings

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
    import shiboken6
    from PySide6.QtCore import QTimer

    from commandcenter.map.webengine import warm_up
    from commandcenter.views.common.i18n import install_translators
    from commandcenter.views.common.settings import Settings
    from commandcenter.views.common.tasks import TaskRunner
    from commandcenter.views.common.workstation import Workstation
    from commandcenter.views.desks import desk_class, first_desk

    runner = TaskRunner(app)
    # QtWebEngine starts while the start-up and login dialogs wait, not as the window is built.
    warm: list = []
    QTimer.singleShot(0, lambda: warm.append(warm_up()))
    database, actor = open_session(db_url, runner)
    code = 1
    desk = first_desk(actor) if actor is not None else None
    # Quit, log out (back to the login), a new language, or another of the user's desks.
    while actor is not None:
        window = desk_class(desk)(Workstation.open(database, actor, runner, Settings.load()),
                                  confirm_close=True)
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
            desk = first_desk(actor) if actor is not None else None
        elif step == "relaunch":
            for translator in app._translators:
                app.removeTranslator(translator)
            app._translators = install_translators(app, Settings.load().language)
        elif step.startswith("desk:"):
            desk = step.partition(":")[2]
        else:
            break
    warm.clear()  # no page may outlive the application
    runner.wait()
    return code


def open_session(db_url: str | None, runner):
    """The start-up dialog, then the login: (database, actor); the actor is None, and the
    database too if it was never opened, when the user gives up."""
    from commandcenter.views.common.startup import StartupDialog
    from commandcenter.views.common.workstation import prepare_map
    startup = StartupDialog(db_url, runner)
    if startup.exec() != StartupDialog.DialogCode.Accepted:
        return None, None
    database = startup.database
    runner.submit(lambda: prepare_map(database), lambda _done: None)  # while the login waits
    return database, _login(database, runner)


def _login(database, runner):
    from commandcenter.views.common.login import LoginDialog
    login = LoginDialog(database, runner)
    return login.actor if login.exec() == LoginDialog.DialogCode.Accepted else None
