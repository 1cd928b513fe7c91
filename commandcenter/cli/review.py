"""The monthly review: open its window, export it (.xlsx .pdf .html .json), list the cases
behind one figure, or publish (freeze) a month."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .common import NO_PASSWORD_HINT, BadInput, open_db, password, time_arg

FORMATS = (".xlsx", ".pdf", ".html", ".json")


def register(sub, db) -> None:
    from commandcenter.review.indicators import OBJECT_CHOICES
    p = sub.add_parser("review", parents=[db],
                       help="the monthly review (月度综合评价): window, export, drill-down, publish")
    p.add_argument("--period", default="last-month",
                   help="YYYY-MM, YYYY-Www, YYYY-Qn, YYYY, YYYY-MM-DD..YYYY-MM-DD, or counted "
                        "from today: this-month, last-month (default), this-week, last-week, "
                        "this-quarter, last-quarter, this-year, last-year, last-N-days (the N "
                        "days up to and including today, e.g. last-30-days)")
    p.add_argument("--object", default="all", choices=list(OBJECT_CHOICES),
                   help="what to review (default: all)")
    p.add_argument("--scheme", help="evaluation scheme TOML (default: the standard scheme)")
    p.add_argument("--out", help="write FILE: .xlsx, .pdf, .html or .json (without it the "
                                 "review window opens)")
    p.add_argument("--map", dest="map_level", default="street", choices=["street", "grid"],
                   help="HTML map: colour streets or grids (default street)")
    p.add_argument("--indicator", default=None,
                   help="indicator key: colours the HTML map (default: score), or with --unit "
                        "the figure whose cases are listed")
    p.add_argument("--unit", help="list the cases behind --indicator for this unit code "
                                  "(department, street, grid or user name)")
    p.add_argument("--live", action="store_true",
                   help="live figures even if the period (or the one compared with) "
                        "was published")
    p.add_argument("--as-of", type=time_arg, help="evaluate the log up to this time (default now)")
    p.add_argument("--publish", action="store_true",
                   help="publish (固化) the period's figures and case lists")
    p.add_argument("--as", dest="user", help="who publishes (a shift lead or leader)")
    p.add_argument("--password-stdin", action="store_true", help=NO_PASSWORD_HINT)
    p.set_defaults(handler=_cmd_review)


def _period(text):
    from commandcenter.review.periods import PeriodError, parse_period
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise BadInput(str(exc)) from None


def _scheme(path):
    from commandcenter.review.scheme import SchemeError, load_scheme
    try:
        return load_scheme(path)
    except SchemeError as exc:
        raise BadInput(str(exc)) from None


def _cmd_review(args) -> int:
    from commandcenter.review.indicators import OBJECT_CHOICES
    period, scheme = _period(args.period), _scheme(args.scheme)
    if args.out and Path(args.out).suffix.lower() not in FORMATS:
        raise BadInput(f"--out {args.out}: the suffix chooses the format: {', '.join(FORMATS)}")
    if args.unit and not args.indicator:
        raise BadInput("--unit needs --indicator: which figure's cases to list")
    if not (args.out or args.unit or args.publish):
        return _run_window(args.db, period, scheme, OBJECT_CHOICES[args.object][0])
    db = open_db(args)
    objects = OBJECT_CHOICES[args.object]
    if args.publish:
        return _publish(args, db, period, scheme)
    review = _compute(args, db, period, scheme, objects)
    if args.unit:
        return _list_cases(db, review, objects, args.unit, args.indicator)
    _export(db, review, Path(args.out), args.map_level, args.indicator or "score")
    print(f"{args.out}: {review.period.key}, "
          + ("published figures of " + f"{review.frozen_at:%Y-%m-%d %H:%M}" if review.frozen_at
             else f"live figures as of {review.as_of:%Y-%m-%d %H:%M}"))
    return 0


def _run_window(db_url, period, scheme, object_type) -> int:
    """Log in (as the app does), then the review window alone."""
    import shiboken6

    from commandcenter.app import make_application, open_session
    from commandcenter.views.common.settings import Settings
    from commandcenter.views.common.tasks import TaskRunner
    from commandcenter.views.common.workstation import Workstation
    from commandcenter.views.review.window import ReviewWindow

    app = make_application()
    runner = TaskRunner(app)
    database, actor = open_session(db_url, runner)
    if actor is None:
        runner.wait()
        return 1
    ws = Workstation.open(database, actor, runner, Settings.load())
    window = ReviewWindow(ws, scheme, period, object_type)
    window.resize(1600, 960)
    window.show()
    window.compute()
    code = app.exec()
    shiboken6.delete(window)  # web pages go before QtWebEngine's profile
    runner.wait()
    return code


def _compute(args, db, period, scheme, objects):
    from commandcenter.review.engine import EmptyPeriod, Reading, run_review
    from commandcenter.review.freeze import frozen_review
    from commandcenter.store.calendar import load_policy
    if not args.live and args.as_of is None:
        frozen = frozen_review(db, period, scheme)
        if frozen is not None:
            frozen.objects = {k: v for k, v in frozen.objects.items() if k in objects}
            return frozen
    try:
        # --live: the comparisons live too, not the published figures of those periods.
        return run_review(db, period, scheme, load_policy(db).calendar, object_types=objects,
                          as_of=args.as_of, reading=Reading(published_comparisons=not args.live))
    except EmptyPeriod as exc:
        raise BadInput(str(exc)) from None


def _list_cases(db, review, objects, unit, key) -> int:
    from commandcenter.review.indicators import OBJECTS
    from commandcenter.store.review import case_summaries
    for name in objects:
        obj = review.objects[name]
        if unit in obj.table.index:
            if key not in {d.key for d in OBJECTS[name]}:
                raise BadInput(f"{name} has no indicator {key!r}; indicators: "
                               + ", ".join(d.key for d in OBJECTS[name]))
            ids = obj.case_ids(unit, key)
            cases = case_summaries(db, ids)
            print(f"{review.period.key} {name} {unit} {key}: {len(ids)} cases")
            for row in cases.itertuples(index=False):
                print(f"  {row.number}  {row.class_key:<15} {row.stage:<9} "
                      f"{row.department_code or '-':<6} {row.grid_code}  {row.reported_at:%Y-%m-%d %H:%M}")
            return 0
    raise BadInput(f"unknown unit {unit!r}: it has no figures in {review.period.key} "
                   f"for {', '.join(objects)}")


def _export(db, review, out: Path, level: str, key: str) -> None:
    from commandcenter.review import exports
    suffix = out.suffix.lower()
    if suffix == ".json":
        exports.write_json(review, out)
    elif suffix == ".xlsx":
        from commandcenter.store.review import case_numbers
        exports.write_xlsx(review, out, case_numbers(db, review.members()["case_id"].unique()),
                           case_objects=[o for o in review.objects
                                         if len(review.objects) == 1 or o in ("department", "street")])
    elif suffix == ".html":
        from commandcenter.review import html_report
        from commandcenter.review.engine import run_review
        from commandcenter.store.calendar import load_policy
        from commandcenter.store.review import area_geometries
        if level not in review.objects:  # the map needs its level's figures
            extra = run_review(db, review.period, review.scheme, load_policy(db).calendar,
                               object_types=[level], as_of=review.as_of)
            review.objects[level] = extra.objects[level]
        _check_key(review, level, key)
        html_report.write_html(review, out, level, key, area_geometries(db, level))
    else:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        from commandcenter.views.review.pdf_report import FontMissing, write_pdf
        app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
        try:
            write_pdf(review, out)
        except FontMissing as exc:
            raise BadInput(str(exc)) from None
        del app


def _check_key(review, level, key) -> None:
    from commandcenter.review.indicators import OBJECTS
    keys = ["score"] + [d.key for d in OBJECTS[level] if d.kind in ("count", "rate", "density")]
    if key not in keys:
        raise BadInput(f"--indicator {key!r}: the {level} map can show {', '.join(keys)}")


def _publish(args, db, period, scheme) -> int:
    from commandcenter.review.engine import EmptyPeriod, run_review
    from commandcenter.review.freeze import check_publisher, publish
    from commandcenter.store.accounts import authenticate
    from commandcenter.store.calendar import load_policy
    from commandcenter.store.service import local_now
    if not args.user:
        raise BadInput("--publish needs --as USER (a shift lead or leader)")
    actor = authenticate(db, args.user, password(args, f"password for {args.user}: "))
    check_publisher(db, actor.username)      # before the minutes of computing
    try:
        review = run_review(db, period, scheme, load_policy(db).calendar, as_of=args.as_of)
    except EmptyPeriod as exc:
        raise BadInput(str(exc)) from None
    pub_id = publish(db, review, actor.username, local_now())
    print(f"published {period.key} (publication {pub_id}): "
          f"{len(review.members())} case entries frozen")
    return 0
