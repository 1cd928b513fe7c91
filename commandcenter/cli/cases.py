"""Workflow actions on cases, one subcommand each; ``case show``, and the field desk's
reads: ``case tasks``, ``case duplicates`` and ``case candidates``."""
from __future__ import annotations

from commandcenter.models.case import Action, CaseDraft, CaseRecord
from commandcenter.models.codes import validate_component_code
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.workflow import RECORDED_ONLY

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
    report.add_argument("--self-handled", action="store_true",
                        help="already handled on the spot (自处理; supervisors, with --photo); "
                             "waits for a shift lead's approve or reject")
    report.add_argument("--photo", action="append", default=[], metavar="FILE",
                        help="a photo of the scene, kept in the database (repeat for more)")
    for action in Action:
        if action in RECORDED_ONLY:
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
        if action is Action.MERGE:
            p.add_argument("--into", required=True, help="number of the case it duplicates")
        if action is Action.ASSIGN:
            p.add_argument("--to", dest="assignee", required=True,
                           help="the field supervisor who takes over the task")
    show = actions.add_parser("show", parents=[db], help="a case and its history")
    show.add_argument("number")
    reads = [show]
    tasks = actions.add_parser("tasks", parents=[db], help="open verify/check tasks (核实/核查)")
    whose = tasks.add_mutually_exclusive_group(required=True)
    whose.add_argument("--as", dest="user", help="the tasks this supervisor holds")
    whose.add_argument("--unassigned", action="store_true", help="the tasks nobody holds")
    whose.add_argument("--late", action="store_true",
                       help="held tasks not taken (接单) within their limit")
    dupes = actions.add_parser("duplicates", parents=[db],
                               help="possible duplicates of a case, and those merged into it")
    dupes.add_argument("number")
    dupes.add_argument("--radius", type=float, help="metres (default 50)")
    dupes.add_argument("--days", type=float, help="how far back reports count (default 7)")
    candidates = actions.add_parser("candidates", parents=[db],
                                    help="supervisors for a case's field task, best first")
    candidates.add_argument("number")
    for p in (tasks, candidates):
        p.add_argument("--at", type=time_arg, help="as of (default: now)")
    reads += [tasks, dupes, candidates]
    for p in actions.choices.values():
        if p not in reads:
            p.add_argument("--password-stdin", action="store_true", help=NO_PASSWORD_HINT)


def _cmd_case(args) -> int:
    from commandcenter.store.queries import case_history, get_case
    from commandcenter.store.service import CaseService
    db = open_db(args)
    if args.action == "show":
        case = get_case(db, args.number)
        if case is None:
            raise BadInput(f"no case {args.number}")
        print(describe(case, _number_of(db, case.merged_into)))
        for e in case_history(db, case.id):
            print(f"  {e.seq:>2} {e.at:%Y-%m-%d %H:%M} {e.action.value:<10} {e.actor:<12} "
                  f"{e.from_stage.value if e.from_stage else '-':>8} → {e.to_stage.value:<8} "
                  f"{_event_note(e)}{e.reason}")
        return 0
    if args.action in ("tasks", "duplicates", "candidates"):
        return _READS[args.action](db, args)
    from commandcenter.store.accounts import authenticate
    from commandcenter.store.calendar import load_policy
    actor = authenticate(db, args.user, password(args, f"password for {args.user}: "))
    service = CaseService(db, load_policy(db))
    photos = ()
    if args.action == "report":
        from commandcenter.store.photos import read_photo_files
        photos = read_photo_files(args.photo)  # before the transaction opens
    with service.batch() as wf:
        if args.action == "report":
            case = wf.report(actor, _draft(args, db, wf.session), at=args.at, photo_files=photos)
        else:
            case = wf.act(actor, args.number, Action(args.action), expected_version=args.version,
                          at=args.at, reason=args.reason,
                          department_code=getattr(args, "department", None),
                          extension=getattr(args, "extension", None),
                          merge_into=getattr(args, "into", None),
                          assignee=getattr(args, "assignee", None))
    print(describe(case, getattr(args, "into", None)))
    return 0


def _event_note(event) -> str:
    """What a line of history adds to its action: a merge's other case, a task's holder."""
    p = event.payload
    if event.action is Action.MERGE:
        return f"into {p.get('into')} "
    if event.action is Action.DUPLICATE:
        return f"duplicate {p.get('duplicate')} "
    if p.get("request") == "self":
        return "self-handled "
    if "assignee" in p:
        return f"to {p['assignee'] or 'nobody'} "
    return ""


def _number_of(db, case_id: int | None) -> str | None:
    from commandcenter.store.queries import get_case
    parent = get_case(db, case_id) if case_id is not None else None
    return parent.number if parent else None


def _cmd_tasks(db, args) -> int:
    from commandcenter.store.calendar import load_policy
    from commandcenter.store.fieldtasks import late_tasks, tasks_for, unassigned_tasks
    from commandcenter.store.queries import usernames_by_role
    from commandcenter.store.service import local_now
    policy, now = load_policy(db), args.at or local_now()
    if args.user:
        if args.user not in usernames_by_role(db, "supervisor"):
            raise BadInput(f"no active field supervisor '{args.user}'")
        found = tasks_for(db, args.user, now, policy.calendar, policy.field_tasks)
    elif args.unassigned:
        found = unassigned_tasks(db, now, policy.calendar, policy.field_tasks)
    else:
        found = late_tasks(db, now, policy.calendar, policy.field_tasks)
    for t in found:
        flags = [f for f, on in (("LATE-TO-START", t.late_to_start), ("OVERDUE", t.overdue)) if on]
        started = f"taken {t.started_at:%m-%d %H:%M}" if t.started_at else (
            f"take by {t.start_due:%m-%d %H:%M}" if t.start_due else "not held")
        deadline = f"{t.deadline:%m-%d %H:%M}" if t.deadline else "-"
        print(f"{t.number} {t.stage.value} ({t.stage.label}) {t.class_key} "
              f"{t.assignee or '-'} {started} deadline {deadline} {' '.join(flags)}".rstrip())
    print(f"{len(found)} task(s)")
    return 0


def _cmd_duplicates(db, args) -> int:
    from dataclasses import replace

    from commandcenter.store.calendar import load_policy
    from commandcenter.store.duplicates import duplicates_of_case, merged_into
    rules = load_policy(db).duplicates
    try:
        rules = replace(rules, **{k: v for k, v in (("radius_m", args.radius),
                                                    ("days", args.days)) if v is not None})
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    found = duplicates_of_case(db, args.number, rules)
    print(f"possible duplicates of {args.number} (same class, within {rules.radius_m:g} m, "
          f"reported within {rules.days:g} days before it): {len(found)}")
    for m in found:
        print(f"  {m.number} {m.distance_m:.0f} m reported {m.reported_at:%Y-%m-%d %H:%M}")
    merged = merged_into(db, args.number)
    print(f"merged into {args.number}: {len(merged)}")
    for d in merged:
        print(f"  {d.number} {d.source} reported {d.reported_at:%Y-%m-%d %H:%M} merged by "
              f"{d.merged_by}")
    return 0


def _cmd_candidates(db, args) -> int:
    from commandcenter.store.calendar import load_policy
    from commandcenter.store.fieldtasks import candidates_for
    from commandcenter.store.service import local_now
    choice = candidates_for(db, args.number, args.at or local_now(), load_policy(db).field_tasks)
    print(f"{args.number}: {choice.username or 'nobody'} ({choice.how})")
    for c in choice.candidates:
        where = f"{c.distance_m:.0f} m" if c.distance_m is not None else "position unknown"
        print(f"  {c.username} {'own grid' if c.own_grid else 'nearby'} "
              f"{'on duty' if c.on_duty else 'off duty'} {where} load {c.load}")
    return 0


_READS = {"tasks": _cmd_tasks, "duplicates": _cmd_duplicates, "candidates": _cmd_candidates}


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
        reporter_id_no=args.reporter_id, self_handled=args.self_handled)


def describe(case: CaseRecord, merged_into: str | None = None) -> str:
    deadline = f"{case.deadline:%Y-%m-%d %H:%M}" if case.deadline else "-"
    extra = [f"pending {case.pending_request.value}" if case.pending_request else "",
             f"merged into {merged_into}" if case.merged_into is not None else "",
             f"duplicates {case.duplicate_count}" if case.duplicate_count else "",
             "self-handled" if case.self_handled else "",
             f"assignee {case.assignee}" if case.assignee else ""]
    return (f"{case.number} {case.stage.value} ({case.stage.label}) version {case.version} "
            f"class {case.class_key} grid {case.grid_code} "
            f"department {case.department_code or '-'} deadline {deadline}"
            + "".join(f" {e}" for e in extra if e))
