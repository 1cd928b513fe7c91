"""The reads of open cases reach the partial indexes on open cases on SQLite, which uses
such an index only for a WHERE that repeats the index's own term (``is_open``, not the
``is_open = 1`` a boolean column renders)."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import event

from commandcenter.store import board, queries, wall
from commandcenter.store.db import open_database

from .conftest import seed_world

NOW = datetime(2026, 11, 23, 9, 0)

READS = {
    "open_queue": lambda db: queries.open_queue(db),
    "grid_load": lambda db: queries.grid_load(db, NOW),
    "summary": lambda db: queries.summary(db, NOW),
    "open_board": lambda db: board.open_board(db),
    "department_loads": lambda db: board.department_loads(db, NOW),
    "today_counters": lambda db: wall.today_counters(db, NOW),
    "watched_cases": lambda db: wall.watched_cases(db, NOW),
}


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory):
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('plans') / 'cc.db'}")
    seed_world(db)
    yield db
    db.engine.dispose()


@pytest.mark.parametrize("name", READS)
def test_reads_of_open_cases_use_a_partial_index(sqlite_db, name):
    statements = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if "is_open" in statement:
            statements.append((statement, parameters))

    event.listen(sqlite_db.engine, "before_cursor_execute", grab)
    try:
        READS[name](sqlite_db)
    finally:
        event.remove(sqlite_db.engine, "before_cursor_execute", grab)
    assert statements, f"{name} read no open cases"
    with sqlite_db.engine.connect() as conn:
        for statement, parameters in statements:
            plan = " | ".join(row[-1] for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters))
            assert "ix_cases_open_" in plan, f"{name}: {plan}\n{statement}"
