"""Migration 0007 upgrades a database that already holds cases and their events."""
from __future__ import annotations

from importlib.resources import as_file, files

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from commandcenter.store.db import make_engine, migrate


def test_upgrade_keeps_existing_cases_and_marks_them_not_imported(db_url):
    engine = make_engine(db_url)
    with as_file(files("commandcenter.store") / "migrations") as scripts:
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003") if db_url.startswith("postgresql") else \
                command.upgrade(cfg, "0003")
    with engine.begin() as c:
        c.execute(text(
            "INSERT INTO cases (id, number, source, kind, class_key, urgency, lon, lat, grid_code, "
            "description, address, reporter_name, reporter_phone, reporter_id_no, photos, stage, "
            "is_open, reported_at, stage_started_at, pending_payload, supervision_level, "
            "escalation_level, rework_count, return_count, extension_count, hold_count, version, "
            "updated_by, updated_at) VALUES (1, '2026010100001', 'hotline', 'event', 'event:0101', "
            "'normal', 116.4, 39.9, '110101001001001', 'x', '', '', '', '', '[]', 'intake', true, "
            "'2026-01-01 10:00:00', '2026-01-01 10:00:00', '{}', 0, 0, 0, 0, 0, 0, 1, 'op', "
            "'2026-01-01 10:00:00')"))
        c.execute(text("INSERT INTO case_events (case_id, seq, action, actor, role, at, to_stage, "
                       "reason, payload) VALUES (1, 1, 'report', 'op', 'operator', "
                       "'2026-01-01 10:00:00', 'intake', '', '{}')"))
    migrate(engine)
    with engine.begin() as c:
        assert c.execute(text("SELECT number, external_id, imported FROM cases")).one() == (
            "2026010100001", None, False)
        assert c.execute(text("SELECT count(*) FROM api_keys")).scalar() == 0
    engine.dispose()
