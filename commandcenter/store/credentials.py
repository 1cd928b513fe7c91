"""The PostgreSQL password, kept in the system keyring instead of a URL or a file.

Windows Credential Manager, the macOS Keychain and the Secret Service on Linux desktops
are reached through the ``keyring`` package. Where none is usable (no package, only
its failing or null backend, or a backend that stores plain text), nothing is stored and
the password must be asked at login.

Entries are keyed by the URL without password, query or driver name
(``postgresql://cc@10.1.2.3:5432/commandcenter``), so ``postgresql://`` and
``postgresql+psycopg://`` of the same server share one entry.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .db import DatabaseUrlError

SERVICE = "commandcenter"
NO_KEYRING = ("no usable system keyring: the database password is not stored and must "
              "be entered at login")


def _parse(url: str | URL) -> URL:
    if isinstance(url, URL):
        return url
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"not a database URL: {url!r}") from exc


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def _without_password(url: URL, **changes) -> URL:
    # URL.set() treats None as "leave as is", so build the URL anew.
    fields = dict(drivername=url.drivername, username=url.username, host=url.host,
                  port=url.port, database=url.database, query=url.query) | changes
    return URL.create(password=None, **fields)


def strip_password(url: str) -> tuple[str, str | None]:
    """``(url without its password, the password or None)``."""
    parsed = _parse(url)
    if parsed.password is None:
        return url if isinstance(url, str) else _render(parsed), None
    return _render(_without_password(parsed)), str(parsed.password)


def with_password(url: str, password: str | None) -> str:
    """``url`` carrying ``password`` (replacing any it had); None removes it."""
    parsed = _without_password(_parse(url))
    return _render(parsed if password is None else parsed.set(password=password))


def _key(url: str) -> str:
    parsed = _parse(url)
    return _render(_without_password(parsed, drivername=parsed.get_backend_name(), query={}))


def _backend():
    """The keyring backend if it keeps secrets properly, else None."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
        # keyring's own threshold for a recommended backend; the failing, null and empty
        # chained backends, and the plain-text ones of keyrings.alt, are all below it.
        return backend if backend.priority >= 1 else None
    except Exception:  # a backend may raise on probing (no D-Bus session, locked store)
        return None


def keyring_usable() -> bool:
    return _backend() is not None


def _store(key: str, password: str) -> bool:
    """Keep ``password`` under ``key``; False (nothing stored) without a usable keyring."""
    backend = _backend()
    if backend is None:
        return False
    from keyring.errors import KeyringError
    try:
        backend.set_password(SERVICE, key, password)
    except KeyringError:
        return False
    return True


def _fetch(key: str) -> str | None:
    """The password kept under ``key``; None if there is none or no usable keyring."""
    backend = _backend()
    if backend is None:
        return None
    from keyring.errors import KeyringError
    try:
        return backend.get_password(SERVICE, key)
    except KeyringError:
        return None


def save_db_password(url_without_password: str, password: str) -> bool:
    """Store the password for the database at ``url``; False (and nothing stored) when
    there is no usable keyring — then tell the user :data:`NO_KEYRING`."""
    return _store(_key(url_without_password), password)


def load_db_password(url: str) -> str | None:
    """The stored password for the database at ``url``; None if there is none, or no
    usable keyring (the password must then be asked at login)."""
    return _fetch(_key(url))


def delete_db_password(url: str) -> bool:
    """Forget the stored password; False if there was none or no usable keyring."""
    backend = _backend()
    if backend is None:
        return False
    from keyring.errors import KeyringError, PasswordDeleteError
    try:
        backend.delete_password(SERVICE, _key(url))
    except (PasswordDeleteError, KeyringError):
        return False
    return True


def complete_url(url: str, ask: Callable[[str], str | None] | None = None) -> str:
    """``url`` with its password: as given, else from the keyring, else from ``ask``
    (called with the URL without password; None or '' means none).

    SQLite URLs and URLs that already carry a password are returned unchanged; without
    a password from anywhere the URL is returned as is, and the driver may still find
    one (PGPASSWORD, ~/.pgpass) or need none.
    """
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite" or parsed.password is not None:
        return url
    password = load_db_password(url)
    if password is None and ask is not None:
        password = ask(_render(parsed)) or None
    return with_password(url, password) if password is not None else url


def _account_key(username: str) -> str:
    return f"account:{username}"


def save_account_password(username: str, password: str) -> bool:
    """Keep an unattended account's login password (the wall display's); False when there
    is no usable keyring."""
    return _store(_account_key(username), password)


def load_account_password(username: str) -> str | None:
    return _fetch(_account_key(username))