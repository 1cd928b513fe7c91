"""User accounts: creating them, setting passwords, logging in.

A login answers with the same message whether the user is unknown, inactive, has no
password yet or typed a wrong one, and takes about the same time in every case.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from commandcenter.models.accounts import (AuthenticationError, PasswordRejected,
                                           burn_verification_time, hash_password,
                                           verify_password)
from commandcenter.models.case import Actor
from commandcenter.models.enums import Role
from commandcenter.models.workflow import InvalidRequest

from .db import Database
from .schema import Department, User
from .service import NotFound, local_now, log_change

__all__ = ["AuthenticationError", "PasswordRejected", "MAX_USERNAME_LENGTH", "authenticate",
           "create_user", "set_password"]

# The change log keys rows by a 20-character entity id, and password changes are
# logged by user name.
MAX_USERNAME_LENGTH = 20


def _actor(user: User) -> Actor:
    return Actor(user.username, Role(user.role), user.department_code, user.display_name)


def _check_username(username: str) -> str:
    if not isinstance(username, str) or not username:
        raise InvalidRequest("a user needs a user name")
    if len(username) > MAX_USERNAME_LENGTH:
        raise InvalidRequest(f"user name {username!r} is longer than "
                             f"{MAX_USERNAME_LENGTH} characters")
    if any(ch.isspace() or not ch.isprintable() for ch in username):
        raise InvalidRequest(f"user name {username!r} may not contain spaces or control "
                             "characters")
    return username


def create_user(db: Database, username: str, display_name: str, role: Role | str,
                password: str | None = None, department_code: str | None = None) -> Actor:
    """Add an active user; without a password the user cannot log in until one is set.

    Department handlers need their department; nobody else has one.
    """
    _check_username(username)
    try:
        role = Role(role)
    except ValueError:
        raise InvalidRequest(f"unknown role {role!r}: use one of "
                             f"{', '.join(r.value for r in Role)}") from None
    display_name = (display_name or "").strip() or username
    if len(display_name) > 40:
        raise InvalidRequest("a display name has at most 40 characters")
    if role is Role.DEPARTMENT and not department_code:
        raise InvalidRequest("a department handler needs a department")
    if role is not Role.DEPARTMENT and department_code:
        raise InvalidRequest(f"a {role.value} ({role.label}) belongs to no department")
    password_hash = hash_password(password) if password is not None else None
    with db.session() as session:
        if department_code and session.get(Department, department_code) is None:
            raise InvalidRequest(f"unknown department {department_code}")
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise InvalidRequest(f"user '{username}' exists already")
        user = User(username=username, display_name=display_name, role=role.value,
                    department_code=department_code, password_hash=password_hash, active=True)
        session.add(user)
        session.flush()
        return _actor(user)


def set_password(db: Database, username: str, password: str, *,
                 at: datetime | None = None) -> None:
    """Replace ``username``'s password; the change is written to the change log."""
    password_hash = hash_password(password)
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"no user '{username}'")
        user.password_hash = password_hash
        log_change(session, "user", username, "password", at or local_now())


def authenticate(db: Database, username: str, password: str) -> Actor:
    """The actor ``username`` logs in as, or :class:`AuthenticationError`."""
    if not isinstance(username, str) or not username or "\x00" in username:
        burn_verification_time(password)
        raise AuthenticationError()
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        stored = user.password_hash if user is not None else None
        actor = _actor(user) if user is not None else None
        active = bool(user is not None and user.active)
    if stored is None:
        burn_verification_time(password)
        raise AuthenticationError()
    if not verify_password(password, stored) or not active:
        raise AuthenticationError()
    return actor


def find_actor(db: Database, username: str | None, role: Role) -> Actor:
    """``username``'s actor, or the first active user of ``role`` (for offscreen renders
    made by whoever already holds the database; interactive use logs in instead)."""
    with db.session() as session:
        stmt = select(User).where(User.active)
        stmt = (stmt.where(User.username == username) if username
                else stmt.where(User.role == Role(role).value).order_by(User.username))
        user = session.scalars(stmt.limit(1)).first()
        if user is None:
            raise NotFound(f"no active user '{username}'" if username
                           else f"no active {Role(role).value} in the database")
        return _actor(user)
