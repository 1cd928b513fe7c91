"""Command line: open the app, build the demo district, inspect, act on cases.

Exit status: 0 done; 1 the rules refused the action (forbidden, stale, not found);
2 bad input (unknown code, coordinates outside the district, malformed time…).
Nothing is written unless the command succeeds.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import datetime

from commandcenter.models.case import Action, CaseDraft, CaseRecord
from commandcenter.models.codes import CodeError, validate_component_code
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.workflow import DomainError, InvalidRequest
from commandcenter.models.worktime import TimeLimit
from commandcenter.demo.builder import DistrictExists
from commandcenter.store.service import NotFound

EXIT_REFUSED, EXIT_BAD_INPUT = 1, 2
PASSWORD_VAR = "COMMANDCENTER_PASSWORD"


class BadInput(Exception):
    """Input the command cannot use; reported in one line with exit status 2."""


def _time(text: str) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"malformed time {text!r}: use YYYY-MM-DD HH:MM[:SS]")


def _limit(text: str) -> TimeLimit:
    try:
        return TimeLimit.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size {text!r}: use WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"size {text!r} is outside 320x240 … 7680x4320")
    return width, height


def _class_code(text: str) -> str:
    if len(text) != 4 or not text.isdigit():
        raise argparse.ArgumentTypeError(f"class {text!r}: give major+minor as 4 digits, e.g. 0101")
    return text


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """One line, status 2: the usage text is one ``--help`` away."""
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="commandcenter",
                                     description="District grid-management command center")
    parser.add_argument("--db", help="database URL (default: $COMMANDCENTER_DB or the "
                                     "embedded SQLite file in the user data directory)")
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="build the demo district and its case history")
    demo.add_argument("--days", type=int, default=14, help="days of history (default 14)")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--cases-per-day", type=int, default=160)

    info = sub.add_parser("info", help="counts per level, organisation, cases per stage")
    info.add_argument("--json", action="store_true", help="print JSON")

    case = sub.add_parser("case", help="workflow actions on cases")
    actions = case.add_subparsers(dest="action", required=True)
    report = actions.add_parser("report", help="report a new case (上报)")
    report.add_argument("--as", dest="user", required=True)
    report.add_argument("--kind", choices=[k.value for k in CaseKind], default="event")
    report.add_argument("--class", dest="class_code", type=_class_code, required=True,
                        help="major+minor class, 4 digits (e.g. 0101)")
    report.add_argument("--lon", type=float)
    report.add_argument("--lat", type=float)
    report.add_argument("--component", help="16-digit component code (its location is used)")
    report.add_argument("--source", choices=[s.value for s in Source], default="supervisor")
    report.add_argument("--urgency", choices=[u.value for u in Urgency], default="normal")
    report.add_argument("--description", required=True)
    report.add_argument("--address", default="")
    report.add_argument("--reporter-name", default="")
    report.add_argument("--reporter-phone", default="")
    report.add_argument("--reporter-id", default="")
    report.add_argument("--at", type=_time, help="when it happened (default: now)")
    for action in Action:
        if action is Action.REPORT:
            continue
        p = actions.add_parser(action.value, help=f"{action.label}")
        p.add_argument("number", help="case number")
        p.add_argument("--as", dest="user", required=True)
        p.add_argument("--version", type=int, help="refuse if the case changed since this version")
        p.add_argument("--reason", default="")
        p.add_argument("--at", type=_time, help="when (default: now)")
        if action is Action.DISPATCH:
            p.add_argument("--department", required=True, help="department code")
        if action is Action.REQUEST_EXTENSION:
            p.add_argument("--extension", type=_limit, required=True,
                           help="time asked for: 30wm, 5wh, 2wd or 24h")
    show = actions.add_parser("show", help="a case and its history")
    show.add_argument("number")
    for p in actions.choices.values():
        if p is not show:
            p.add_argument("--password-stdin", action="store_true",
                           help="read the password from standard input "
                                f"(else ${PASSWORD_VAR}, else a prompt)")

    user = sub.add_parser("user", help="user accounts")
    user_cmds = user.add_subparsers(dest="user_command", required=True)
    add = user_cmds.add_parser("add", help="add a user (the password is asked for)")
    add.add_argument("username")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--department", help="department code, for department handlers")
    passwd = user_cmds.add_parser("passwd", help="set a user's password")
    passwd.add_argument("username")
    for p in (add, passwd):
        p.add_argument("--password-stdin", action="store_true")

    sim = sub.add_parser("simulate", help="play the district live: reports, case work and "
                                          "field staff moving, in real time")
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

    shot = sub.add_parser("screenshot", help="render a screen offscreen into a PNG")
    shot.add_argument("--view", default="dispatcher", choices=["dispatcher"])
    shot.add_argument("--size", type=_size, default=(1920, 1080), help="WIDTHxHEIGHT")
    shot.add_argument("--out", required=True, help="PNG file to write")
    shot.add_argument("--as", dest="user", help="user whose view it is (default: first dispatcher)")

    dbcmd = sub.add_parser("db", help="database connection")
    db_cmds = dbcmd.add_subparsers(dest="db_command", required=True)
    db_cmds.add_parser("save-password", help="keep the database password in the system "
                                             "keyring instead of the URL")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # usage errors (status 2) and --help (0)
        return int(exc.code or 0)
    if args.command is None:
        from commandcenter.app import run_app
        return run_app(args.db)
    try:
        return _COMMANDS[args.command](args)
    except (BadInput, InvalidRequest, CodeError, NotFound, DistrictExists) as exc:
        print(f"commandcenter: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DomainError as exc:
        print(f"commandcenter: refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED


def _password(args, prompt: str, confirm: bool = False) -> str:
    """The password from stdin (--password-stdin), $COMMANDCENTER_PASSWORD or a prompt;
    never from the command line, where other users could read it."""
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get(PASSWORD_VAR):
        return os.environ[PASSWORD_VAR]
    if not sys.stdin.isatty():
        raise BadInput(f"a password is needed: use --password-stdin or ${PASSWORD_VAR}")
    password = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != password:
        raise BadInput("the two passwords differ")
    return password


def _resolved(args) -> str:
    """The database URL as given (``--db``, the environment or the embedded file)."""
    from commandcenter.store.db import DatabaseUrlError, resolve_url
    try:
        return resolve_url(args.db)
    except DatabaseUrlError as exc:
        raise BadInput(str(exc)) from None


def _url(args) -> str:
    """The URL with its password: given, from the keyring, or asked at the terminal."""
    from commandcenter.store.credentials import complete_url
    ask = (lambda u: getpass.getpass(f"database password for {u}: ")) if sys.stdin.isatty() else None
    return complete_url(_resolved(args), ask)


def _open(args, upgrade: bool = True):
    from commandcenter.store.db import open_database
    return open_database(_url(args), upgrade=upgrade)


def _cmd_demo(args) -> int:
    from commandcenter.demo.builder import build_demo
    if args.days < 0:
        raise BadInput("--days must be 0 or more")
    db = _open(args)
    stats = build_demo(db, days=args.days, seed=args.seed, cases_per_day=args.cases_per_day,
                       progress=lambda msg: print(msg, flush=True))
    print(json.dumps(stats, ensure_ascii=False, indent=2))
    return 0


def _cmd_info(args) -> int:
    from commandcenter.store.queries import summary
    from commandcenter.store.service import local_now
    data = summary(_open(args), local_now())
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0


def _cmd_case(args) -> int:
    from commandcenter.store.queries import case_history, get_case
    from commandcenter.store.service import CaseService
    db = _open(args)
    if args.action == "show":
        case = get_case(db, args.number)
        if case is None:
            raise BadInput(f"no case {args.number}")
        print(_describe(case))
        for e in case_history(db, case.id):
            print(f"  {e.seq:>2} {e.at:%Y-%m-%d %H:%M} {e.action.value:<10} {e.actor:<12} "
                  f"{e.from_stage.value if e.from_stage else '-':>8} → {e.to_stage.value:<8} {e.reason}")
        return 0
    from commandcenter.store.calendar import load_policy
    from commandcenter.store.accounts import authenticate
    actor = authenticate(db, args.user, _password(args, f"password for {args.user}: "))
    service = CaseService(db, load_policy(db))
    with service.batch() as wf:
        if args.action == "report":
            case = wf.report(actor, _draft(args, db, wf.session), at=args.at)
        else:
            case = wf.act(actor, args.number, Action(args.action), expected_version=args.version,
                          at=args.at, reason=args.reason,
                          department_code=getattr(args, "department", None),
                          extension=getattr(args, "extension", None))
    print(_describe(case))
    return 0


def _draft(args, db, session) -> CaseDraft:
    from commandcenter.store.queries import find_component
    from commandcenter.store.spatial import locate_grid
    kind = CaseKind(args.kind)
    lon, lat = args.lon, args.lat
    if args.component:
        validate_component_code(args.component)
        component = find_component(db, args.component)
        if component is None:
            raise BadInput(f"unknown component {args.component}")
        lon, lat = component.lon, component.lat
    if lon is None or lat is None:
        raise BadInput("give --lon and --lat, or --component")
    grid = locate_grid(session, lon, lat)
    if grid is None:
        raise BadInput(f"coordinates {lon:.6f},{lat:.6f} are outside the district")
    return CaseDraft(
        source=Source(args.source), kind=kind, class_key=f"{kind.value}:{args.class_code}",
        urgency=Urgency(args.urgency), lon=lon, lat=lat, grid_code=grid,
        description=args.description, address=args.address, component_code=args.component,
        reporter_name=args.reporter_name, reporter_phone=args.reporter_phone,
        reporter_id_no=args.reporter_id)


def _describe(case: CaseRecord) -> str:
    deadline = f"{case.deadline:%Y-%m-%d %H:%M}" if case.deadline else "-"
    return (f"{case.number} {case.stage.value} ({case.stage.label}) version {case.version} "
            f"class {case.class_key} grid {case.grid_code} "
            f"department {case.department_code or '-'} deadline {deadline}"
            + (f" pending {case.pending_request.value}" if case.pending_request else ""))


def _cmd_user(args) -> int:
    from commandcenter.store.accounts import create_user, set_password
    db = _open(args)
    password = _password(args, f"new password for {args.username}: ", confirm=True)
    if args.user_command == "add":
        actor = create_user(db, args.username, args.name, args.role, password, args.department)
        print(f"added {actor.username} ({actor.role.label})")
    else:
        set_password(db, args.username, password)
        print(f"password of {args.username} changed")
    return 0


def _cmd_simulate(args) -> int:
    import signal
    import threading

    from commandcenter.demo.simulator import run_simulation
    if args.rate < 0 or (args.staff is not None and args.staff < 0) \
            or (args.duration is not None and args.duration <= 0) or args.fix_interval <= 0:
        raise BadInput("--rate, --staff, --duration and --fix-interval must be positive")
    db = _open(args)
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
    from pathlib import Path

    from commandcenter.app import make_application
    db = _open(args)
    app = make_application(offscreen=True)
    from commandcenter.views.screenshot import screenshot
    out = screenshot(db, args.view, args.size, Path(args.out), args.user)
    print(f"wrote {out}")
    del app
    return 0


def _cmd_db(args) -> int:
    from commandcenter.store.credentials import NO_KEYRING, save_db_password, strip_password
    bare, password = strip_password(_resolved(args))
    password = password or _password(args, f"database password for {bare}: ")
    if not save_db_password(bare, password):
        raise BadInput(NO_KEYRING)
    print(f"saved; use --db {bare}")
    return 0


_COMMANDS = {"demo": _cmd_demo, "info": _cmd_info, "case": _cmd_case, "user": _cmd_user,
             "db": _cmd_db, "screenshot": _cmd_screenshot, "simulate": _cmd_simulate}
