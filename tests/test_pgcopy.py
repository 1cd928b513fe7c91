"""COPY … TO STDOUT read off libpq in a tight loop (store/pgcopy.py) gives what psycopg's
own Copy gives, byte for byte; a failing statement raises psycopg's error and leaves the
connection usable."""
from __future__ import annotations

import psycopg
import pytest

from commandcenter.store.pgcopy import copy_out

from .conftest import PG_ADMIN_URL

pytestmark = pytest.mark.postgres

ROWS = ("SELECT g, CASE WHEN mod(g, 3) = 0 THEN NULL ELSE 'a,\"b\"' || g END, '网格' || g, "
        "repeat('x', mod(g, 50)), %s::int FROM generate_series(1, %s) g")


@pytest.fixture
def conn():
    with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg", "postgresql")) as c:
        yield c


def _psycopg_copy(conn, statement, params):
    out = bytearray()
    with conn.cursor().copy(statement, params) as copy:
        while data := copy.read():
            out += data
    return bytes(out)


@pytest.mark.parametrize("rows", [0, 1, 50_000])
def test_the_same_bytes_as_psycopgs_copy(conn, rows):
    statement = f"COPY ({ROWS}) TO STDOUT WITH (FORMAT csv)"
    ours = copy_out(conn, statement, (7, rows))
    assert ours == _psycopg_copy(conn, statement, (7, rows))
    assert ours.count(b"\n") == rows and (rows < 3 or "网格3".encode() in ours)


def test_a_failing_statement_raises_and_the_connection_goes_on(conn):
    with pytest.raises(psycopg.errors.DivisionByZero):
        copy_out(conn, "COPY (SELECT g / (g - 500) FROM generate_series(1, 1000) g) TO STDOUT")
    conn.rollback()
    with pytest.raises(psycopg.errors.UndefinedTable):
        copy_out(conn, "COPY (SELECT * FROM no_such_table) TO STDOUT")
    conn.rollback()
    assert copy_out(conn, "COPY (SELECT 1) TO STDOUT") == b"1\n"
