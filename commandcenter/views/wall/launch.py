"""Putting the wall on its screen: by name (or index), or spanning every screen of a splice
wall; frameless, full screen, the screen kept awake. Also the screen list for the command line."""
from __future__ import annotations

import logging
import sys

import shiboken6
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen

from commandcenter.models.wall import WallConfig, config_or_default
from commandcenter.models.wall_display import renewal_due
from commandcenter.store.service import local_now

from ..common.tasks import TaskRunner
from .connect import connect_wall
from .handover import SupervisorLink, say
from .keepawake import ScreenKeeper
from .window import WallWindow

log = logging.getLogger(__name__)

SHOWN_S = 2   # from the first picture posted to the map to its being on screen, with margin


class ScreenNotFound(LookupError):
    pass


def describe_screens() -> list[dict]:
    result = []
    for i, screen in enumerate(QGuiApplication.screens()):
        g, size = screen.geometry(), screen.physicalSize()
        result.append({"index": i, "name": screen.name(), "x": g.x(), "y": g.y(),
                       "width": g.width(), "height": g.height(),
                       "dpi": round(screen.physicalDotsPerInch(), 1),
                       "scale": screen.devicePixelRatio(),
                       "mm": (round(size.width()), round(size.height())),
                       "primary": screen is QGuiApplication.primaryScreen()})
    return result


def find_screen(wanted: str | None) -> QScreen:
    """A screen by its name (what --list-screens prints), else by index; the primary one
    when nothing is asked. Names stay put when positions change with mixed scale factors."""
    screens = QGuiApplication.screens()
    if not wanted:
        return QGuiApplication.primaryScreen()
    for screen in screens:
        if screen.name() == wanted:
            return screen
    if wanted.isdigit() and int(wanted) < len(screens):
        return screens[int(wanted)]
    names = ", ".join(f"{i}: {s.name()}" for i, s in enumerate(screens))
    raise ScreenNotFound(f"no screen {wanted!r}; the screens are {names}")


def span_geometry() -> QRect:
    rect = QRect()
    for screen in QGuiApplication.screens():
        rect = rect.united(screen.geometry())
    return rect


def run_wall(app, db_url: str | None, config_path: str | None, *, screen: str | None = None,
             span: bool = False, mitigation: bool = True, size: tuple[int, int] | None = None,
             password: str | None = None, handover: bool = False,
             hidden: bool = False) -> int:
    """Show the wall until a shift lead ends it (exit status 0).

    ``handover``: the ``wall`` supervisor listens (:mod:`.handover`): the wall tells it when
    its first picture is up and when a fresh display should take over, and leaves when told.
    ``hidden``: a fresh display taking over stays off screen until its first picture is
    ready, so the wall never shows a connecting page in between.
    """
    config: WallConfig = config_or_default(config_path)
    if config.warning:
        log.error("wall: configuration refused, showing the default playlist: %s", config.warning)
    runner = TaskRunner(app)
    target = find_screen(screen)
    started = local_now()
    renewal = {"renewal": lambda reading: renewal_due(started, local_now(), reading.total_mb,
                                                      config),
               "renew": lambda reason: say("renew", reason)} if handover else {}
    window = WallWindow(config, lambda: connect_wall(db_url, config.user,
                                                     password or config.password),
                        runner, mitigation=mitigation, guard_options=renewal,
                        physical_height_mm=None if span or size else _height_mm(target))
    window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
    keeper = ScreenKeeper()
    left = []
    window.sig_left.connect(lambda: left.append(True))

    def place() -> None:
        if window.isVisible():
            return
        if size is not None:
            window.resize(*size)
            window.show()
        elif span:
            window.setGeometry(span_geometry())
            window.show()
        else:
            window.setScreen(target)  # after the flags, before going full screen
            window.setGeometry(target.geometry())
            window.showFullScreen()
        window.raise_()
        window.activateWindow()
        window.setFocus()
        held = keeper.hold()
        log.info("wall: on %s (%s), screen kept on by %s", "all screens" if span
                 else target.name(), window.geometry(), held or "nothing")

    link = None
    if handover:
        link = SupervisorLink(sys.stdin, parent=window)
        link.sig_show.connect(place)
        link.sig_leave.connect(lambda: (left.append(True), window.shutdown(), app.quit()))
        link.start()
        # "ready" once the first picture has had time to reach the screen
        window.sig_ready.connect(lambda: QTimer.singleShot(SHOWN_S * 1000, lambda: say("ready")))
    if hidden:
        window.sig_ready.connect(place)
    else:
        place()
    window.start()
    app.exec()
    keeper.release()
    window.shutdown()
    shiboken6.delete(window)  # web pages go before QtWebEngine's profile
    runner.wait()
    return 0 if left else 3


def _height_mm(screen: QScreen) -> float | None:
    # Offscreen and some virtual displays report a nominal size; a wall is taller than 30 cm.
    mm = screen.physicalSize().height()
    return mm if mm >= 300 else None

