"""What every command shares: exit statuses, argument types, the password and the database.

Exit status: 0 done; 1 the rules refused the action (forbidden, stale, not found);
2 bad input (unknown code, coordinates outside the district, malformed time…).
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime

from commandcenter.models.worktime import TimeLimit

EXIT_REFUSED, EXIT_BAD_INPUT = 1, 2
PASSWORD_VAR = "COMMANDCENTER_PASSWORD"
NO_PASSWORD_HINT = ("read the password from standard input "
                    f"(else ${PASSWORD_VAR}, else a prompt)")
DB_HELP = ("database URL (default: $COMMANDCENTER_DB or the embedded SQLite file in the "
           "user data directory)")


class BadInput(Exception):
    """Input the command cannot use; reported in one line with exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """One line, status 2: the usage text is one ``--help`` away."""
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def db_parent() -> argparse.ArgumentParser:
    """``--db`` for subcommands, so it may stand before or after the command's name.
    SUPPRESS keeps a value given before the subcommand when none is given after it."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    return parent


def time_arg(text: str) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"malformed time {text!r}: use YYYY-MM-DD HH:MM[:SS]")


def limit_arg(text: str) -> TimeLimit:
    try:
        return TimeLimit.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def size_arg(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size {text!r}: use WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"size {text!r} is outside 320x240 … 7680x4320")
    return width, height


def class_code_arg(text: str) -> str:
    if len(text) != 4 or not text.isdigit():
        raise argparse.ArgumentTypeError(f"class {text!r}: give major+minor as 4 digits, e.g. 0101")
    return text


def password(args, prompt: str, confirm: bool = False) -> str:
    """The password from stdin (--password-stdin), $COMMANDCENTER_PASSWORD or a prompt;
    never from the command line, where other users could read it."""
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get(PASSWORD_VAR):
        return os.environ[PASSWORD_VAR]
    if not sys.stdin.isatty():
        raise BadInput(f"a password is needed: use --password-stdin or ${PASSWORD_VAR}")
    answer = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != answer:
        raise BadInput("the two passwords differ")
    return answer


def resolved_url(args) -> str:
    """The database URL as given (``--db``, the environment or the embedded file)."""
    from commandcenter.store.db import DatabaseUrlError, resolve_url
    try:
        return resolve_url(args.db)
    except DatabaseUrlError as exc:
        raise BadInput(str(exc)) from None


def full_url(args) -> str:
    """The URL with its password: given, from the keyring, or asked at the terminal."""
    from commandcenter.store.credentials import complete_url
    ask = (lambda u: getpass.getpass(f"database password for {u}: ")) if sys.stdin.isatty() else None
    return complete_url(resolved_url(args), ask)


def open_db(args, upgrade: bool = True):
    from commandcenter.store.db import open_database
    return open_database(full_url(args), upgrade=upgrade)
