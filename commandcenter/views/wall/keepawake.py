"""Keeping the screen on while the wall runs.

Windows: ``SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED)``
from the GUI thread (Microsoft: it does not stop a screen saver, so the wall's installation
notes turn that off). Linux and other freedesktop systems: ``org.freedesktop.ScreenSaver.Inhibit``
on the session bus, where there is one, over a connection of its own: closing that
connection ends the inhibition (the spec's rule, which also covers a crash), so no cookie
has to be sent back. Without either, the wall says so in the log and runs on.
"""
from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002
_BUS_NAME = "commandcenter-wall-keepawake"


class ScreenKeeper:
    def __init__(self, reason: str = "wall display"):
        self.reason = reason
        self.method = ""           # what holds the screen on: "windows", "dbus" or ""
        self._cookie: int | None = None
        self._iface = None

    def hold(self) -> str:
        if sys.platform == "win32":
            import ctypes
            flags = ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED
            if ctypes.windll.kernel32.SetThreadExecutionState(flags):
                self.method = "windows"
        else:
            self._dbus_inhibit()
        if not self.method:
            log.warning("wall: nothing keeps the screen on (no session bus with a screen saver "
                        "service); disable screen blanking in the system settings")
        return self.method

    def _dbus_inhibit(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface
        except ImportError:
            return
        bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, _BUS_NAME)
        if not bus.isConnected():
            QDBusConnection.disconnectFromBus(_BUS_NAME)
            return
        iface = QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                               "org.freedesktop.ScreenSaver", bus)
        if not iface.isValid():
            QDBusConnection.disconnectFromBus(_BUS_NAME)
            return
        reply = iface.call("Inhibit", "commandcenter", self.reason)
        args = reply.arguments()
        if args:
            self._cookie, self._iface, self.method = int(args[0]), iface, "dbus"

    def release(self) -> None:
        if self.method == "windows":
            import ctypes
            ctypes.windll.kernel32.SetThreadExecutionState(ES_CONTINUOUS)
        elif self.method == "dbus":
            from PySide6.QtDBus import QDBusConnection
            self._iface = None
            QDBusConnection.disconnectFromBus(_BUS_NAME)
        self.method, self._cookie, self._iface = "", None, None
