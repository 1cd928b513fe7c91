"""Workflow actions on cases, one subcommand each, and ``case show``."""
from __future__ import annotations

from commandcenter.models.case import Action, CaseDraft, CaseRecord
from commandcenter.models.codes import validate_component_code
from commandcenter.models.enums import CaseKind, Source, Urgency

from .common import (NO_PASSWORD_HINT, BadInput, class_code_arg, limit_arg, open_db, password,
                     time_arg)


def register(sub, db) -> None:
    case = sub.add_parser("case", parents=[db], help="workflow actions on cases")
    case.set_defaults(handler=_cmd_case)
    actions = case.add_subparsers(dest="action", required=True)
    report = actions.add_parser("report", parents=[db], help="report a new case (上报)")
    report.add_argument("--as", dest="user", required=True)
    report.add_argument("--kind", choices=[k.value for k in CaseKind], default="event")
    report.add_argument("--class", dest="class_code", type=class_code_arg, required=True,
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
    report.add_argument("--at", type=time_arg, help="when it happened (default: now)")
    for action in Action:
        if action is Action.REPORT:
            continue
        p = actions.add_parser(action.value, parents=[db], help=f"{action.label}")
        p.add_argument("number", help="case number")
        p.add_argument("--as", dest="user", required=True)
        p.add_argument("--version", type=int, help="refuse if the case changed since this version")
        p.add_argument("--reason", default="")
        p.add_argument("--at", type=time_arg, help="when (default: now)")
        if action is Action.DISPATCH:
            p.add_argument("--department", required=True, help="department code")
        if action is Action.REQUEST_EXTENSION:
            p.add_argument("--extension", type=limit_arg, required=True,
                           help="time asked for: 30wm, 5wh, 2wd or 24h")
    show = actions.add_parser("show", parents=[db], help="a case and its history")
    show.add_argument("number")
    for p in actions.choices.values():
        if p is not show:
            p.add_argument("--password-stdin", action="store_true", help=NO_PASSWORD_HINT)


def _cmd_case(args) -> int:
    from commandcenter.store.queries import case_history, get_case
    from commandcenter.store.service import CaseService
    db = open_db(args)
    if args.action == "show":
        case = get_case(db, args.number)
        if case is None:
            raise BadInput(f"no case {args.number}")
        print(describe(case))
        for e in case_history(db, case.id):
            print(f"  {e.seq:>2} {e.at:%Y-%m-%d %H:%M} {e.action.value:<10} {e.actor:<12} "
                  f"{e.from_stage.value if e.from_stage else '-':>8} → {e.to_stage.value:<8} {e.reason}")
        return 0
    from commandcenter.store.accounts import authenticate
    from commandcenter.store.calendar import load_policy
    actor = authenticate(db, args.user, password(args, f"password for {args.user}: "))
    service = CaseService(db, load_policy(db))
    with service.batch() as wf:
        if args.action == "report":
            case = wf.report(actor, _draft(args, db, wf.session), at=args.at)
        else:
            case = wf.act(actor, args.number, Action(args.action), expected_version=args.version,
                          at=args.at, reason=args.reason,
                          department_code=getattr(args, "department", None),
                          extension=getattr(args, "extension", None))
    print(describe(case))
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


def describe(case: CaseRecord) -> str:
    deadline = f"{case.deadline:%Y-%m-%d %H:%M}" if case.deadline else "-"
    return (f"{case.number} {case.stage.value} ({case.stage.label}) version {case.version} "
            f"class {case.class_key} grid {case.grid_code} "
            f"department {case.department_code or '-'} deadline {deadline}"
            + (f" pending {case.pending_request.value}" if case.pending_request else ""))
