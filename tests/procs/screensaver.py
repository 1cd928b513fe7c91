"""A stand-in org.freedesktop.ScreenSaver on the session bus, for the keep-awake test: it
answers Inhibit with a cookie and prints each call."""
from __future__ import annotations

import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:  # noqa: N802
        print(f"inhibit {application} {reason}", flush=True)
        return 42

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:  # noqa: N802
        print(f"uninhibit {cookie}", flush=True)
        QCoreApplication.quit()


app = QCoreApplication(sys.argv)
bus = QDBusConnection.sessionBus()
saver = ScreenSaver()
if not (bus.registerObject("/org/freedesktop/ScreenSaver", saver,
                           QDBusConnection.RegisterOption.ExportAllSlots)
        and bus.registerService("org.freedesktop.ScreenSaver")):
    sys.exit(f"cannot register: {bus.lastError().message()}")
print("ready", flush=True)
sys.exit(app.exec())
