"""Opening the database at start: a password-protected PostgreSQL is asked for."""
from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from commandcenter.store.db import open_database
from commandcenter.views.common.startup import StartupDialog
from commandcenter.views.common.tasks import TaskRunner

from .conftest import PG_ADMIN_URL, seed_world


def test_a_wrong_password_is_asked_again_and_the_right_one_opens(qtbot, pg_url, monkeypatch):
    role = f"cc_desk_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    database = pg_url.rsplit("/", 1)[1]
    seeded = open_database(pg_url)
    seed_world(seeded)  # a district is there, so nothing is built
    seeded.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 's3cret-pw' SUPERUSER"))
    try:
        # Trust authentication accepts any password on this server, so a refused first
        # attempt is made with a role that does not exist; the second uses the real one.
        url = f"postgresql+psycopg://nobody_{role}@127.0.0.1:5432/{database}"
        runner = TaskRunner()
        dialog = StartupDialog(url, runner)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: "无法打开" in dialog.message.text(), timeout=15_000)
        assert "无法打开数据库" in dialog.message.text()
        assert dialog.password.isVisibleTo(dialog)
        dialog.url = f"postgresql+psycopg://{role}@127.0.0.1:5432/{database}"
        dialog.password.setText("s3cret-pw")
        with qtbot.waitSignal(dialog.accepted, timeout=30_000):
            dialog._on_connect_clicked()
        assert dialog.database is not None and "s3cret-pw" in dialog.database.url
        dialog.database.dispose()
        runner.wait()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))


def test_qtwebengine_is_started_before_the_window_needs_it(qtbot):
    """Its first profile and page cost the GUI thread a few hundred ms: the application
    takes them while its dialogs wait, so the map view is made at once later."""
    from commandcenter.map.webengine import warm_up
    page = warm_up()
    with qtbot.waitSignal(page.loadFinished, timeout=30_000) as loaded:
        pass
    assert loaded.args == [True] and page.url().toString() == "about:blank"
    del page  # no page may outlive the application
