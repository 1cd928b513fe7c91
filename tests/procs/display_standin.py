"""A display process for the supervisor's tests: it speaks the display's side of the
handover (commandcenter.views.wall.handover) and writes what happens to it into a journal.

    display_standin.py JOURNAL PLAN [--take-over]

The n-th start follows PLAN's n-th step (steps joined by "/", actions by ","):
renew (ask for a fresh display), ready (say the first picture is up), wait-show (wait for
"show"), wait-leave (wait for "leave"), sleep:S, exit:N.
"""
import sys
import threading
import time
from pathlib import Path

from commandcenter.views.wall.handover import say

journal, plan = Path(sys.argv[1]), sys.argv[2].split("/")
hidden = "--take-over" in sys.argv
starts = sum(1 for line in journal.read_text().splitlines() if " start" in line) \
    if journal.exists() else 0
me = starts + 1


def note(text: str) -> None:
    with journal.open("a") as fh:
        fh.write(f"{me} {text}\n")


heard: dict[str, threading.Event] = {"show": threading.Event(), "leave": threading.Event()}


def listen() -> None:
    for line in sys.stdin:
        word = line.strip()
        note(f"heard {word}")
        if word in heard:
            heard[word].set()


note("start hidden" if hidden else "start")
threading.Thread(target=listen, daemon=True).start()
for action in plan[min(me, len(plan)) - 1].split(","):
    name, _, arg = action.partition(":")
    if name in ("renew", "ready"):
        say(name, "stand-in" if name == "renew" else "")
    elif name.startswith("wait-"):
        heard[name[5:]].wait(30)
    elif name == "sleep":
        time.sleep(float(arg))
    elif name == "exit":
        note(f"exit {arg}")
        sys.exit(int(arg))
note("exit 0")
