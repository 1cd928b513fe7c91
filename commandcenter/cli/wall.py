"""``commandcenter wall``: the unattended big screen, supervised.

The command itself only watches (:mod:`.wall_supervisor`): it runs the display as a child
process, starts it again when it dies, and lets a fresh one take over when it asks."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from commandcenter.models.wall import PAGES

from .common import BadInput, password, resolved_url, size_arg
from .wall_supervisor import supervise

log = logging.getLogger("commandcenter.wall")


def register(sub, db) -> None:
    wall = sub.add_parser("wall", parents=[db], help="the command hall's wall display (大屏)")
    wall.add_argument("--screen", metavar="NAME|INDEX",
                      help="the screen to fill, by name (see --list-screens) or index")
    wall.add_argument("--span", action="store_true", help="span every screen (a splice wall)")
    wall.add_argument("--config", metavar="FILE",
                      help="TOML or JSON configuration (default: wall.toml in the user "
                           "config folder, else the standard playlist)")
    wall.add_argument("--list-screens", action="store_true",
                      help="print each screen's name, geometry and DPI, and exit")
    wall.add_argument("--list-pages", action="store_true", help="print the page names and exit")
    wall.add_argument("--save-password", action="store_true",
                      help="keep the wall account's password in the system keyring and exit")
    wall.add_argument("--password-stdin", action="store_true",
                      help="with --save-password: read the password from standard input")
    wall.add_argument("--print-default-config", action="store_true",
                      help="print the standard configuration (a starting point) and exit")
    wall.add_argument("--no-supervise", action="store_true",
                      help="run the display in this process, without restarts")
    wall.add_argument("--no-memory-guard", action="store_true",
                      help="leave the map's memory unbounded (for measurements only)")
    wall.add_argument("--size", type=size_arg, help="a window of WIDTHxHEIGHT instead of full "
                                                    "screen (trying a layout)")
    wall.add_argument("--log", metavar="FILE", help="log file (default: wall.log in the user "
                                                    "log folder)")
    # between the supervisor and its display (views/wall/handover.py)
    wall.add_argument("--handover", action="store_true", help=argparse.SUPPRESS)
    wall.add_argument("--take-over", action="store_true", help=argparse.SUPPRESS)
    wall.set_defaults(handler=_cmd_wall)


def _config_path(args) -> str | None:
    if args.config:
        return args.config
    from commandcenter.views.wall.config_dialog import default_config_path
    path = default_config_path()
    return str(path) if path.exists() else None


def _cmd_wall(args) -> int:
    if args.list_pages:
        for name, title in PAGES.items():
            print(f"{name}\t{title}")
        return 0
    if args.print_default_config:
        from commandcenter.models.wall import DEFAULT_CONFIG_TOML
        print(DEFAULT_CONFIG_TOML, end="")
        return 0
    config_path = _config_path(args)
    if args.save_password:
        return _save_password(args, config_path)
    if args.list_screens:
        return _list_screens()
    _setup_log(args)
    if args.no_supervise:
        return _display(args, config_path)
    return supervise(_child_command(args, config_path))


def _save_password(args, config_path) -> int:
    from commandcenter.models.wall import ConfigError, default_config, load_config
    from commandcenter.store.credentials import NO_KEYRING, save_account_password
    try:
        config = load_config(config_path) if config_path else default_config()
    except ConfigError as exc:
        raise BadInput(str(exc)) from None
    if not config.user:
        raise BadInput("the configuration names no wall account ([account] user)")
    secret = password(args, f"password of the wall account {config.user}: ")
    if not save_account_password(config.user, secret):
        raise BadInput(NO_KEYRING)
    print(f"kept the password of {config.user} in the system keyring")
    return 0


def _list_screens() -> int:
    from commandcenter.app import make_application
    app = make_application()
    from commandcenter.views.wall.launch import describe_screens
    for s in describe_screens():
        print(f"{s['index']}\t{s['name']}\t{s['width']}x{s['height']}+{s['x']}+{s['y']}\t"
              f"{s['dpi']} dpi\tscale {s['scale']:g}\t{s['mm'][0]}x{s['mm'][1]} mm"
              + ("\tprimary" if s["primary"] else ""))
    del app
    return 0


def _display(args, config_path) -> int:
    from commandcenter.map.webengine import prepare_webengine
    from commandcenter.views.wall.memory import JS_GC_FLAG
    prepare_webengine(None if args.no_memory_guard else JS_GC_FLAG)
    from commandcenter.app import make_application
    from commandcenter.models.wall import config_or_default
    # The wall speaks its configuration's language, not the desk settings' of the PC.
    app = make_application(language=config_or_default(config_path).language)
    from commandcenter.views.wall.launch import ScreenNotFound, run_wall
    try:
        return run_wall(app, resolved_url(args), config_path, screen=args.screen,
                        span=args.span, mitigation=not args.no_memory_guard, size=args.size,
                        handover=args.handover, hidden=args.take_over)
    except ScreenNotFound as exc:
        raise BadInput(str(exc)) from None


def _child_command(args, config_path) -> list[str]:
    # The installed program is its own interpreter: it takes the command line as is.
    program = [sys.executable] if getattr(sys, "frozen", False) else [
        sys.executable, "-m", "commandcenter"]
    command = [*program, "wall", "--no-supervise", "--handover"]
    url = args.db
    if url:
        command += ["--db", url]
    for flag, value in (("--screen", args.screen), ("--config", config_path),
                        ("--log", args.log)):
        if value:
            command += [flag, value]
    if args.size:
        command += ["--size", f"{args.size[0]}x{args.size[1]}"]
    for flag, on in (("--span", args.span), ("--no-memory-guard", args.no_memory_guard)):
        if on:
            command.append(flag)
    return command


def _setup_log(args) -> None:
    from platformdirs import user_log_dir
    path = Path(args.log) if args.log else Path(user_log_dir("commandcenter")) / "wall.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handlers = [logging.FileHandler(path, encoding="utf-8"), logging.StreamHandler(sys.stderr)]
    logging.basicConfig(level=logging.INFO, handlers=handlers,
                        format="%(asctime)s %(process)d %(levelname)s %(message)s")

