"""Basemaps: draw the district's own basemap into an MBTiles file."""
from __future__ import annotations

from pathlib import Path

from .common import BadInput, open_db


def register(sub, db) -> None:
    basemap = sub.add_parser("basemap", help="offline basemaps (MBTiles)")
    actions = basemap.add_subparsers(dest="basemap_command", required=True)
    build = actions.add_parser("build", parents=[db],
                               help="draw the database's district (outline, streets, "
                                    "communities and their names, unit grids) into an "
                                    "MBTiles file the map can use as its basemap")
    build.add_argument("--out", required=True, help="MBTiles file to write (replaced)")
    build.add_argument("--min-zoom", type=int, default=11, help="lowest zoom (default 11)")
    build.add_argument("--max-zoom", type=int, default=16, help="highest zoom (default 16)")
    build.set_defaults(handler=_cmd_build)


def _cmd_build(args) -> int:
    from commandcenter.demo.basemap import build_basemap
    from commandcenter.store.geography import load_geography
    if not 0 <= args.min_zoom <= args.max_zoom <= 18:
        raise BadInput("zooms must satisfy 0 ≤ --min-zoom ≤ --max-zoom ≤ 18")
    geo = load_geography(open_db(args))
    if geo.district is None or geo.district.geometry is None:
        raise BadInput("the database holds no district outline; build one with "
                       "`commandcenter demo` or import a geography first")
    result = build_basemap(geo, Path(args.out), min_zoom=args.min_zoom, max_zoom=args.max_zoom,
                           progress=lambda message: print(message, flush=True))
    print(describe(result))
    return 0


def describe(result) -> str:
    zooms = ", ".join(f"z{z}: {n}" for z, n in sorted(result.per_zoom.items()))
    names = "" if result.labels else " (no CJK font found: no names)"
    return (f"wrote {result.path}: {result.tiles} tiles ({zooms}), "
            f"{result.bytes / 1e6:.1f} MB in {result.seconds:.1f} s{names}")
