"""Command line: open the app, build the demo district, inspect, act on cases.

Each command lives in a module of this package with a ``register(sub, db)`` that adds its
parser and sets ``handler``. Exit status: 0 done; 1 the rules refused the action
(forbidden, stale, not found); 2 bad input. Nothing is written unless the command succeeds.
"""
from __future__ import annotations

import argparse
import sys

from commandcenter.demo.builder import DistrictExists
from commandcenter.models.codes import CodeError
from commandcenter.models.workflow import DomainError, InvalidRequest
from commandcenter.store.preset import PresetError
from commandcenter.store.service import NotFound

from . import accounts, basemap, cases, district, exchange, preset, review, selftest, wall
from .common import DB_HELP, EXIT_BAD_INPUT, EXIT_REFUSED, BadInput, Parser, db_parent

# The order is the order of ``commandcenter --help``.
COMMAND_MODULES = [district, cases, accounts, wall, review, exchange, basemap, preset]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="commandcenter", description="District grid-management command center")
    parser.add_argument("--db", default=None, help=DB_HELP)
    selftest.register_flags(parser)
    sub = parser.add_subparsers(dest="command")
    parent = db_parent()
    for module in COMMAND_MODULES:
        module.register(sub, parent)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # usage errors (status 2) and --help (0)
        return int(exc.code or 0)
    if args.selftest:
        return selftest.run_selftest(args.selftest_shot)
    if args.command is None:
        from commandcenter.app import run_app
        return run_app(args.db)
    try:
        return args.handler(args)
    except (BadInput, InvalidRequest, CodeError, NotFound, DistrictExists, PresetError) as exc:
        print(f"commandcenter: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DomainError as exc:
        print(f"commandcenter: refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
