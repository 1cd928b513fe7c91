"""User accounts and the database password."""
from __future__ import annotations

from commandcenter.models.enums import Role

from .common import NO_PASSWORD_HINT, BadInput, open_db, password, resolved_url


def register(sub, db) -> None:
    user = sub.add_parser("user", parents=[db], help="user accounts")
    user_cmds = user.add_subparsers(dest="user_command", required=True)
    add = user_cmds.add_parser("add", parents=[db], help="add a user (the password is asked for)")
    add.add_argument("username")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--department", help="department code, for department handlers")
    passwd = user_cmds.add_parser("passwd", parents=[db], help="set a user's password")
    passwd.add_argument("username")
    for p in (add, passwd):
        p.add_argument("--password-stdin", action="store_true", help=NO_PASSWORD_HINT)
    user.set_defaults(handler=_cmd_user)

    dbcmd = sub.add_parser("db", parents=[db], help="database connection")
    db_cmds = dbcmd.add_subparsers(dest="db_command", required=True)
    db_cmds.add_parser("save-password", parents=[db],
                       help="keep the database password in the system keyring instead of the URL")
    dbcmd.set_defaults(handler=_cmd_db)


def _cmd_user(args) -> int:
    from commandcenter.store.accounts import create_user, set_password
    db = open_db(args)
    secret = password(args, f"new password for {args.username}: ", confirm=True)
    if args.user_command == "add":
        actor = create_user(db, args.username, args.name, args.role, secret, args.department)
        print(f"added {actor.username} ({actor.role.label})")
    else:
        set_password(db, args.username, secret)
        print(f"password of {args.username} changed")
    return 0


def _cmd_db(args) -> int:
    from commandcenter.store.credentials import NO_KEYRING, save_db_password, strip_password
    bare, secret = strip_password(resolved_url(args))
    secret = secret or password(args, f"database password for {bare}: ")
    if not save_db_password(bare, secret):
        raise BadInput(NO_KEYRING)
    print(f"saved; use --db {bare}")
    return 0
