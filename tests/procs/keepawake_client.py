"""Run under dbus-run-session: starts the stand-in screen saver, holds the screen through
ScreenKeeper, releases it, and prints what happened."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from commandcenter.views.wall.keepawake import ScreenKeeper

app = QCoreApplication(sys.argv)
service = subprocess.Popen([sys.executable, str(Path(__file__).with_name("screensaver.py"))],
                           stdout=subprocess.PIPE, text=True)
assert service.stdout.readline().strip() == "ready"
keeper = ScreenKeeper("wall display")
print(f"held by {keeper.hold()} cookie {keeper._cookie}", flush=True)
print(f"service saw: {service.stdout.readline().strip()}", flush=True)
keeper.release()
print(f"released: {keeper.method or 'nothing held'}", flush=True)
service.terminate()
service.wait(10)
