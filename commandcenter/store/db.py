"""Opening the database: URL resolution, engine settings, migrations."""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

ENV_VAR = "COMMANDCENTER_DB"


class DatabaseUrlError(ValueError):
    pass


def default_sqlite_path() -> Path:
    """The embedded database in the user's data directory."""
    from platformdirs import user_data_path
    return user_data_path("commandcenter", appauthor=False, ensure_exists=True) / "commandcenter.db"


def resolve_url(url: str | None) -> str:
    """``--db`` wins, then ``COMMANDCENTER_DB``, then the site preset's URL (see
    store.preset), then the embedded SQLite file."""
    if not url and not os.environ.get(ENV_VAR):
        from .preset import load_preset
        url = load_preset().database_url
    return check_url(url or os.environ.get(ENV_VAR) or f"sqlite:///{default_sqlite_path()}")


def check_url(url: str) -> str:
    """The URL with psycopg as PostgreSQL's driver; DatabaseUrlError if it is not usable."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(f"unsupported database {parsed.get_backend_name()!r}: "
                               "use sqlite:///FILE or postgresql+psycopg://…")
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = str(parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False))
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers (the views) run while a writer commits; the busy timeout turns a
    # short lock wait into a wait instead of an error.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A vanished server must fail a connect in seconds, not after the OS's TCP timeout,
    # so the interface can say the database is offline.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": 5, "keepalives": 1,
                                       "keepalives_idle": 10, "keepalives_interval": 5,
                                       "keepalives_count": 3})


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision."""
    with as_file(files("commandcenter.store") / "migrations") as script_dir:
        cfg = Config()
        cfg.set_main_option("script_location", str(script_dir))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


@dataclass
class Database:
    """An engine and its session factory; each unit of work opens its own session."""

    url: str
    engine: Engine

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def place(self) -> tuple[str, str]:
        """Where the data lives, without the password: ("file", path) for SQLite, else
        ("server", "host:port/database")."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return "file", url.database or ":memory:"
        return "server", f"{url.host or 'localhost'}:{url.port or 5432}/{url.database}"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    url = resolve_url(url)
    engine = make_engine(url)
    if upgrade:
        migrate(engine)
    return Database(url, engine)
