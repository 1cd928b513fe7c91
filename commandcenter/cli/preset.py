"""``check-preset FILE``: IT checks a site preset before deploying it to the desks."""
from __future__ import annotations

from pathlib import Path

from .common import BadInput


def register(sub, db) -> None:
    check = sub.add_parser("check-preset",
                           help="check a site preset (commandcenter.ini) and print what it sets")
    check.add_argument("file", type=Path, help="the preset file")
    check.set_defaults(handler=_cmd_check_preset)


def _cmd_check_preset(args) -> int:
    from commandcenter.store.credentials import strip_password
    from commandcenter.store.preset import load_preset
    if not args.file.is_file():
        raise BadInput(f"{args.file}: no such file")
    preset = load_preset(args.file)  # PresetError: file:line: reason, exit status 2
    if preset.database_url:
        print(f"database: {strip_password(preset.database_url)[0]}")
    for field, value in preset.settings_defaults().items():
        print(f"{field}: {value}")
    print(f"{args.file}: ok")
    return 0
