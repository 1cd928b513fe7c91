"""The district as a whole: build the demo, count what is there, play it live, picture it."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import BadInput, open_db, size_arg, time_arg

# The views screenshot renders: every desk, the wall and the review (the same list as
# commandcenter.views.screenshot.VIEWS, kept here so the CLI parses without Qt).
SCREENSHOT_VIEWS = ["dispatcher", "intake", "shiftlead", "department", "leader", "field",
                    "wall", "review"]


def register(sub, db) -> None:
    demo = sub.add_parser("demo", parents=[db], help="build the demo district and its case history")
    demo.add_argument("--days", type=int, default=14, help="days of history (default 14)")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--cases-per-day", type=int, default=160)
    demo.add_argument("--track-hours", type=float, default=0, metavar="H",
                      help="GPS fixes of the field staff over the last H hours, for replaying "
                           "them (default 0: none; 24 takes about a minute)")
    demo.set_defaults(handler=_cmd_demo)

    info = sub.add_parser("info", parents=[db], help="counts per level, organisation, cases per stage")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(handler=_cmd_info)

    sim = sub.add_parser("simulate", parents=[db],
                         help="play the district live: reports, case work and field staff "
                              "moving, in real time")
    sim.add_argument("--rate", type=float, default=6.0, metavar="CASES_PER_MIN",
                     help="new reports a minute (default 6)")
    sim.add_argument("--staff", type=int, default=None, metavar="N",
                     help="field staff moving on the map (default: all the district has; "
                          "more are registered if N is larger)")
    sim.add_argument("--duration", type=float, default=None, metavar="S",
                     help="stop after S seconds (default: run until Ctrl-C)")
    sim.add_argument("--seed", type=int, default=2026)
    sim.add_argument("--fix-interval", type=float, default=5.0, metavar="S",
                     help="seconds between two GPS fixes of one person (default 5)")
    sim.set_defaults(handler=_cmd_simulate)

    shot = sub.add_parser("screenshot", parents=[db], help="render a screen offscreen into a PNG")
    shot.add_argument("--view", default="dispatcher", choices=SCREENSHOT_VIEWS,
                      help="dispatcher (派遣员), intake (受理员), shiftlead (值班长), department "
                           "(专业部门), leader (领导), field (监督员), wall (大屏) or review "
                           "(月度评价); default dispatcher")
    shot.add_argument("--size", type=size_arg, default=(1920, 1080), help="WIDTHxHEIGHT")
    shot.add_argument("--out", required=True, help="PNG file to write")
    shot.add_argument("--as", dest="user", help="user whose view it is (default: the first user of the desk's role)")
    shot.add_argument("--language", choices=("zh_CN", "en"),
                      help="interface language (default: the one in the settings)")
    shot.add_argument("--page", help="the wall's page (wall --list-pages; default overview)")
    shot.add_argument("--replay", type=replay_arg, metavar='"[YYYY-MM-DD] HH:MM"',
                      help="the desk's map replaying that instant (dispatcher, shiftlead, "
                           "leader; HH:MM alone: the last one before now)")
    shot.set_defaults(handler=_cmd_screenshot)


def replay_arg(text: str):
    """A date and time, or a time of day meaning its latest occurrence before now."""
    from datetime import datetime, timedelta

    from commandcenter.store.service import local_now
    try:
        return time_arg(text)
    except argparse.ArgumentTypeError:
        try:
            clock = datetime.strptime(text, "%H:%M").time()
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"malformed time {text!r}: use YYYY-MM-DD HH:MM or HH:MM") from None
    now = local_now()
    at = datetime.combine(now.date(), clock)
    return at if at <= now else at - timedelta(days=1)


def _cmd_demo(args) -> int:
    from commandcenter.demo.builder import build_demo
    if args.days < 0 or args.track_hours < 0:
        raise BadInput("--days and --track-hours must be 0 or more")
    db = open_db(args)
    stats = build_demo(db, days=args.days, seed=args.seed, cases_per_day=args.cases_per_day,
                       track_hours=args.track_hours,
                       progress=lambda msg: print(msg, flush=True))
    print(json.dumps(stats, ensure_ascii=False, indent=2))
    # The map's default basemap (shared by every database of this district).
    from commandcenter.demo.basemap import ensure_district_basemap
    path = ensure_district_basemap(db, progress=lambda msg: print(msg, flush=True))
    print(f"basemap: {path}")
    return 0


def _cmd_info(args) -> int:
    from commandcenter.store.queries import summary
    from commandcenter.store.service import local_now
    data = summary(open_db(args), local_now())
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0


def _cmd_simulate(args) -> int:
    import signal
    import threading

    from commandcenter.demo.simulator import run_simulation
    if args.rate < 0 or (args.staff is not None and args.staff < 0) \
            or (args.duration is not None and args.duration <= 0) or args.fix_interval <= 0:
        raise BadInput("--rate, --staff, --duration and --fix-interval must be positive")
    db = open_db(args)
    stop = threading.Event()
    # Ctrl-C ends the run at the end of the current tick; the tick's work is committed.
    previous = signal.signal(signal.SIGINT, lambda _sig, _frame: stop.set())
    try:
        stats = run_simulation(db, rate_per_min=args.rate, staff=args.staff,
                               duration_s=args.duration, seed=args.seed, stop=stop,
                               progress=lambda msg: print(msg, flush=True),
                               fix_interval_s=args.fix_interval)
    except ValueError as exc:  # no district in this database
        raise BadInput(f"{exc}; build one first with `commandcenter demo`") from None
    finally:
        signal.signal(signal.SIGINT, previous)
    print(stats.summary(), flush=True)
    return 0


def _cmd_screenshot(args) -> int:
    from commandcenter.app import make_application
    db = open_db(args)
    app = make_application(offscreen=True, language=args.language)
    from commandcenter.views.screenshot import screenshot
    out = screenshot(db, args.view, args.size, Path(args.out), args.user, args.language,
                     args.page, args.replay)
    print(f"wrote {out}")
    del app
    return 0
