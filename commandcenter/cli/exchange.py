"""Data exchange on the command line: ``import geography|components|cases``, ``export
open311``, ``serve open311`` and ``apikey add|list|revoke``."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import BadInput, open_db, time_arg


def register(sub, db) -> None:
    imp = sub.add_parser("import", parents=[db], help="bring in geography, components or case history")
    what = imp.add_subparsers(dest="what", required=True)

    geo = what.add_parser("geography", parents=[db],
                          help="streets, communities or unit grids from GeoJSON, Shapefile (.shp "
                               "or .zip) or GeoPackage; replaces the level")
    geo.add_argument("file", type=Path)
    geo.add_argument("--level", required=True, choices=["street", "community", "grid"])
    geo.add_argument("--code-field", required=True, metavar="F")
    geo.add_argument("--name-field", metavar="F")
    geo.add_argument("--parent-field", metavar="F",
                     help="parent code (default: the code's leading digits)")
    geo.add_argument("--crs", metavar="EPSG:XXXX|GCJ-02",
                     help="CRS of the file's coordinates when it declares none or a wrong one "
                          "(default: the file's own, else EPSG:4490); projected ones such as "
                          "EPSG:4547 are reprojected to CGCS2000 longitude/latitude")
    geo.add_argument("--layer", metavar="NAME",
                     help="layer of a GeoPackage (default: the first; --list-layers names them)")
    geo.add_argument("--list-layers", action="store_true",
                     help="print the file's layers and stop")
    geo.add_argument("--dry-run", action="store_true", help="print the full report, write nothing")
    geo.set_defaults(handler=_cmd_geography)

    comp = what.add_parser("components", parents=[db], help="registered components from CSV "
                           "(code, class, name, owner, lon, lat)")
    comp.add_argument("file", type=Path)
    comp.add_argument("--crs", default="EPSG:4490", choices=["EPSG:4490", "EPSG:4326", "GCJ-02"],
                      help="datum of lon/lat (default EPSG:4490, CGCS2000)")
    comp.add_argument("--dry-run", action="store_true")
    comp.set_defaults(handler=_cmd_components)

    cases = what.add_parser("cases", parents=[db], help="case history from CSV, XLSX or an "
                            "Open311 JSON capture, through a mapping file")
    cases.add_argument("file", type=Path)
    cases.add_argument("--mapping", required=True, type=Path, metavar="MAP.toml")
    cases.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    cases.add_argument("--reject-file", type=Path, metavar="F",
                       help="write bad rows here (line, reason, row) and import the rest; "
                            "without it one bad row rejects the file")
    cases.set_defaults(handler=_cmd_cases)

    exp = sub.add_parser("export", parents=[db], help="export cases")
    fmt = exp.add_subparsers(dest="format", required=True)
    o311 = fmt.add_parser("open311", parents=[db], help="Open311 GeoReport v2 service requests")
    o311.add_argument("--since", type=time_arg, help="reported at or after (district time)")
    o311.add_argument("--status", choices=["open", "closed"])
    o311.add_argument("--out", required=True, type=Path, metavar="F.json|F.xml")
    o311.set_defaults(handler=_cmd_export)

    serve = sub.add_parser("serve", parents=[db], help="run a server")
    kind = serve.add_subparsers(dest="server", required=True)
    srv = kind.add_parser("open311", parents=[db], help="Open311 GeoReport v2 endpoint")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8311)
    srv.set_defaults(handler=_cmd_serve)

    key = sub.add_parser("apikey", parents=[db], help="Open311 API keys")
    acts = key.add_subparsers(dest="key_action", required=True)
    add = acts.add_parser("add", parents=[db], help="create a key (shown once)")
    add.add_argument("name")
    add.add_argument("--source", choices=["public", "hotline"], default="public",
                     help="source of the cases this client posts (default public)")
    add.add_argument("--rate", type=int, default=30, metavar="PER_MIN",
                     help="requests a minute allowed (default 30)")
    add.set_defaults(handler=_cmd_apikey)
    lst = acts.add_parser("list", parents=[db])
    lst.set_defaults(handler=_cmd_apikey)
    rev = acts.add_parser("revoke", parents=[db])
    rev.add_argument("name")
    rev.set_defaults(handler=_cmd_apikey)


class _Bar:
    """A tqdm bar on stderr fed by ``progress(done, total)`` callbacks."""

    def __init__(self, unit: str):
        from tqdm import tqdm
        self.bar = tqdm(unit=unit, unit_scale=True, file=sys.stderr, disable=None)

    def __call__(self, done: int, total: int | None) -> None:
        if total and self.bar.total != total:
            self.bar.total = max(total, done)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def _run(job, unit: str):
    from commandcenter.exchange.problems import BadFile, ImportRejected
    bar = _Bar(unit)
    try:
        return job(bar)
    except (BadFile, ImportRejected) as exc:
        bar.close()
        raise BadInput(str(exc)) from None
    finally:
        bar.close()


def _cmd_cases(args) -> int:
    from commandcenter.exchange.cases import import_cases
    db = open_db(args)
    report = _run(lambda bar: import_cases(db, args.file, args.mapping, dry_run=args.dry_run,
                                           reject_file=args.reject_file, progress=bar), "row")
    print(report.summary())
    if args.reject_file and report.rejected:
        print(f"{report.rejected} rejected rows written to {args.reject_file}")
    return 0


def _cmd_geography(args) -> int:
    from commandcenter.exchange.geography import import_geography
    if args.list_layers:
        from commandcenter.exchange.geoio import layers
        from commandcenter.exchange.problems import BadFile
        try:
            print("\n".join(layers(args.file)))
        except BadFile as exc:
            raise BadInput(str(exc)) from None
        return 0
    db = open_db(args)
    report = _run(lambda bar: import_geography(
        db, args.file, args.level, args.code_field, name_field=args.name_field,
        parent_field=args.parent_field, crs=args.crs, layer=args.layer, dry_run=args.dry_run,
        progress=bar), "feature")
    print("\n".join(report.lines()))
    return 2 if report.problems else 0


def _cmd_components(args) -> int:
    from commandcenter.exchange.components import import_components
    db = open_db(args)
    report = _run(lambda bar: import_components(db, args.file, crs=args.crs, dry_run=args.dry_run,
                                                progress=bar), "row")
    print(report.summary())
    return 0


def _cmd_export(args) -> int:
    from commandcenter.exchange import open311 as doc
    from commandcenter.models.catalog import load_catalog
    from commandcenter.store.open311 import public_cases
    suffix = args.out.suffix.lower()
    if suffix not in (".json", ".xml"):
        raise BadInput(f"--out {args.out}: the file name ends in .json or .xml")
    db = open_db(args)
    catalog = load_catalog()
    cases = public_cases(db, start=args.since, status=[args.status] if args.status else (),
                         limit=None)
    args.out.write_bytes(doc.dump("service_requests", [doc.request(c, catalog) for c in cases],
                                  suffix[1:]))
    print(f"wrote {len(cases)} service requests to {args.out}")
    return 0


def _cmd_serve(args) -> int:
    import uvicorn

    from commandcenter.exchange.server import create_app
    if not 0 < args.port < 65536:
        raise BadInput("--port is 1 to 65535")
    app = create_app(open_db(args))
    print(f"Open311 GeoReport v2 on http://{args.host}:{args.port}/services.json (Ctrl-C stops)",
          flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


def _cmd_apikey(args) -> int:
    from commandcenter.store import apikeys
    from commandcenter.store.service import local_now
    db = open_db(args)
    try:
        if args.key_action == "add":
            token = apikeys.add_key(db, args.name, args.source, args.rate, local_now())
            print(token)
            print(f"key {args.name!r} ({args.source}, {args.rate}/min): keep it now, it is not "
                  "shown again", file=sys.stderr)
        elif args.key_action == "list":
            for k in apikeys.list_keys(db):
                state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
                print(f"{k.name:<20} {k.prefix}…  {k.source:<8} {k.rate_per_min:>5}/min  "
                      f"created {k.created_at:%Y-%m-%d %H:%M}  {state}")
        else:
            apikeys.revoke_key(db, args.name, local_now())
            print(f"key {args.name!r} revoked")
    except apikeys.ApiKeyError as exc:
        raise BadInput(str(exc)) from None
    return 0
