"""Shared fixtures: real databases (a SQLite file and the PostgreSQL server) with a small world."""
from __future__ import annotations

import os
import tempfile
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from commandcenter.map.webengine import prepare_webengine
from commandcenter.models.accounts import hash_password
from commandcenter.models.catalog import load_catalog, load_departments
from commandcenter.store.db import migrate, open_database
from commandcenter.store.schema import Component, Department, Grid, User

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings and user data of test runs never touch the real user's.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="cc-config-")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="cc-data-")
prepare_webengine()  # before pytest-qt creates the application

PG_ADMIN_URL = os.environ.get("COMMANDCENTER_TEST_PG",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):
    """The widgets' QApplication before any test: a command run in-process (``review
    --out x.pdf``) would otherwise make the QGuiApplication it needs, and every widget of
    a later test would abort the run for want of a QApplication."""
    return qapp


def _pg_admin():
    # No pool: a test restarts the server, and a pooled admin connection would be dead.
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)


@pytest.fixture(scope="session")
def pg_template():
    """A migrated PostgreSQL database that each test clones (CREATE DATABASE … TEMPLATE)."""
    admin = _pg_admin()
    name = f"cc_template_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = create_engine(url)
    migrate(engine)
    engine.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_template):
    admin = _pg_admin()
    name = f"cc_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cc.db'}"
    return request.getfixturevalue("pg_url")


GRID_A, GRID_B = "110101001001001", "110101001001002"


def square(lon: float, lat: float, d: float = 0.001) -> str:
    return ('{"type":"Polygon","coordinates":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}'
            % (lon, lat, lon + d, lat, lon + d, lat + d, lon, lat + d, lon, lat))


USERS = [("sup1", "supervisor", None), ("op1", "operator", None), ("lead1", "shift_lead", None),
         ("disp1", "dispatcher", None), ("disp2", "dispatcher", None),
         ("h_d02", "department", "D02"), ("h_d09", "department", "D09"),
         ("leader1", "leader", None), ("system", "system", None)]


TEST_PASSWORD = "test-pass-2026"
_TEST_HASH = hash_password(TEST_PASSWORD)


def seed_world(db) -> None:
    """Two grids side by side, every department, one user per role, one component."""
    with db.session() as s:
        s.add_all([Grid(code=GRID_A, community_code=GRID_A[:12], street_code=GRID_A[:9],
                        geometry=square(116.400, 39.910), lon=116.4005, lat=39.9105,
                        area_m2=9500.0, synthetic=True),
                   Grid(code=GRID_B, community_code=GRID_B[:12], street_code=GRID_B[:9],
                        geometry=square(116.401, 39.910), lon=116.4015, lat=39.9105,
                        area_m2=9500.0, synthetic=True)])
        s.add_all([Department(code=d.code, name=d.name, short_name=d.short_name, type=d.type,
                              street_code=d.street_code) for d in load_departments()])
        s.flush()
        s.add_all([User(username=u, display_name=u, role=r, department_code=d, active=True,
                        password_hash=_TEST_HASH) for u, r, d in USERS])
        s.add(Component(code="1101010101000001", class_key="component:0101", name="上水井盖",
                        owner_department="D10", maintainer_department="D10", grid_code=GRID_A,
                        state="完好", lon=116.4003, lat=39.9102))


def add_wall_account(db) -> None:
    """The wall display's read-only account (role viewer), for the tests that need it."""
    with db.session() as s:
        s.add(User(username="wall1", display_name="wall1", role="viewer", active=True,
                   password_hash=_TEST_HASH))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def departments():
    return load_departments()


@pytest.fixture
def world_db(db_url):
    db = open_database(db_url)
    seed_world(db)
    yield db
    db.dispose()
