"""Migration 0008 upgrades a database that holds cases (and downgrades back on PostgreSQL),
and leaves the schema exactly as the tables declare it."""
from __future__ import annotations

from importlib.resources import as_file, files

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text

from commandcenter.store.db import make_engine, migrate
from commandcenter.store.schema import Base

NEW_COLUMNS = ("merged_into", "duplicate_count", "self_handled", "assignee", "assigned_at",
               "task_started_at")
NEW_INDEXES = ("ix_cases_open_class_lat", "ix_cases_open_assignee", "ix_cases_merged_into")


def _to_0007(engine, db_url) -> None:
    with as_file(files("commandcenter.store") / "migrations") as scripts:
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            # The PostgreSQL template is migrated to the head: this runs 0008's downgrade.
            command.downgrade(cfg, "0007") if db_url.startswith("postgresql") else \
                command.upgrade(cfg, "0007")


def test_upgrade_keeps_cases_and_gives_them_the_new_columns_empty(db_url):
    engine = make_engine(db_url)
    _to_0007(engine, db_url)
    with engine.begin() as c:
        columns = set(c.execute(text("SELECT * FROM cases LIMIT 0")).keys())
        assert not set(NEW_COLUMNS) & columns
        c.execute(text(
            "INSERT INTO cases (id, number, source, kind, class_key, urgency, lon, lat, grid_code, "
            "description, address, reporter_name, reporter_phone, reporter_id_no, photos, stage, "
            "is_open, reported_at, stage_started_at, pending_payload, supervision_level, "
            "escalation_level, rework_count, return_count, extension_count, hold_count, version, "
            "updated_by, updated_at, imported) VALUES (1, '2026010100001', 'hotline', 'event', "
            "'event:0101', 'normal', 116.4, 39.9, '110101001001001', 'x', '', '', '', '', '[]', "
            "'verify', true, '2026-01-01 10:00:00', '2026-01-01 10:00:00', '{}', 0, 0, 0, 0, 0, "
            "0, 2, 'op', '2026-01-01 10:00:00', false)"))
    migrate(engine)
    with engine.begin() as c:
        assert c.execute(text("SELECT number, merged_into, duplicate_count, self_handled, "
                              "assignee, assigned_at, task_started_at FROM cases")).one() == (
            "2026010100001", None, 0, False, None, None, None)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diffs if any(name in repr(d) for name in NEW_COLUMNS + NEW_INDEXES)]
    assert ours == []
    engine.dispose()
