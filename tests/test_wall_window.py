"""The wall window with real data: every page rendered, layouts at wall sizes kept off the
seams, keys, leaving only for a shift lead, the connecting page that retries, a bad
configuration falling back to the default playlist, offline → online with catch-up."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import create_engine, text

from commandcenter.models.case import Action
from commandcenter.models.wall import DEFAULT_CONFIG_TOML, PAGES, config_or_default
from commandcenter.models.wall_display import burn_in_offset
from commandcenter.store import wall as store
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import open_database
from commandcenter.store.service import CaseService, local_now
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.wall.connect import WallSession, connect_wall
from commandcenter.views.wall.base import ElidingLabel, page_title
from commandcenter.views.wall.shot import single_page_config
from commandcenter.views.wall.window import WallWindow

from .conftest import PG_ADMIN_URL, TEST_PASSWORD, add_wall_account, seed_world
from .test_wall_store import draft

NOW = local_now()


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def make_history(db) -> None:
    """Two cases today, one of them dispatched and overdue with a supervision order."""
    service = CaseService(db, load_policy(db), clock=local_now)
    sup = service.actor("sup1")
    # A minute old (today even just after midnight): within its intake limit at any hour.
    now = local_now()  # not NOW: the module may have been imported minutes ago
    service.report(sup, draft(), at=max(now - timedelta(minutes=1),
                                        now.replace(hour=0, minute=0, second=0, microsecond=0)))
    case = service.report(sup, draft(), at=NOW - timedelta(days=10))
    service.act(service.actor("op1"), case.number, Action.ACCEPT, at=NOW - timedelta(days=10))
    service.act(service.actor("lead1"), case.number, Action.FILE, at=NOW - timedelta(days=10))
    service.act(service.actor("disp1"), case.number, Action.DISPATCH,
                at=NOW - timedelta(days=10), department_code="D02")
    service.act(service.actor("leader1"), case.number, Action.SUPERVISE,
                at=NOW - timedelta(days=1), reason="请加快处置")


@pytest.fixture
def wall_db(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'wall.db'}")
    seed_world(db)
    add_wall_account(db)
    make_history(db)
    yield db
    db.dispose()


_OPEN: list[WallWindow] = []


@pytest.fixture
def runner(qapp):
    runner = TaskRunner(qapp)
    yield runner
    while _OPEN:  # a wall refuses to close: stop it, then delete it with its web page
        window = _OPEN.pop()
        window.shutdown()
        window.close()
        shiboken6.delete(window)
    runner.wait()


def open_wall(qtbot, runner, connector, config=None, size=(1920, 1080), **kw) -> WallWindow:
    window = WallWindow(config or single_page_config("overview"), connector, runner, **kw)
    _OPEN.append(window)
    window.resize(*size)
    window.show()
    window.start()
    return window


def full_rotation_all_day():
    """The standard day playlist around the clock: the default runs only the overview at
    night, and a test must not depend on the hour it runs at."""
    config = config_or_default(None)
    day = config.schedules[0]
    return replace(config, schedules=(replace(day, start=day.end),))


def session_of(db):
    return lambda: connect_wall(str(db.url), "wall1", TEST_PASSWORD)


def ready(qtbot, window: WallWindow) -> None:
    with qtbot.waitSignal(window.sig_ready, timeout=60_000):
        pass


def shown_with_data(qtbot, window: WallWindow, name: str):
    window.show_page(name)
    page = window.pages[name]
    qtbot.waitUntil(lambda: page.updated_at is not None, timeout=30_000)
    return page


def test_every_page_renders_the_databases_figures(qtbot, runner, wall_db):
    window = open_wall(qtbot, runner, session_of(wall_db))
    ready(qtbot, window)
    counters = store.today_counters(wall_db, local_now())
    overview = shown_with_data(qtbot, window, "overview")
    assert overview.cards["reported"].figure.text() == str(counters.reported) == "1"
    assert overview.cards["overdue_open"].figure.text() == "1"
    assert window.map.view.parent() is overview.map_slot
    qtbot.waitUntil(lambda: window.map.view.painted_seq >= window.map.last_seq, timeout=60_000)
    assert len(window.map.cases) == 2  # both open cases are on the map
    overdue = shown_with_data(qtbot, window, "overdue")
    assert overdue.summary.text() == "超期 1 件 · 督办 1 件"
    (watched,) = overdue.scroller.cases
    assert watched.orders[0].issued_by == "leader1"
    ranking = shown_with_data(qtbot, window, "ranking")
    assert "≥ 10 件才排名" in ranking.note.text()
    staff = shown_with_data(qtbot, window, "staff")
    assert window.map.view.parent() is staff.map_slot
    assert staff.total.text() == "在岗 0 / 0 人"
    trends = shown_with_data(qtbot, window, "trends")
    assert sum(trends.data.hours_today) == 1
    for name in PAGES:
        window.show_page(name)
        image = window.grab().toImage()
        assert not image.isNull() and image.width() == 1920
        assert window.strip.title.text() == {"overview": "态势总览", "trends": "趋势",
                                             "ranking": "排行", "overdue": "超期督办",
                                             "staff": "监督员在岗"}[name]
        assert window.strip.state.text() == "● 实时"
        assert window.strip.updated.text().startswith("更新于 ")
    assert QApplication.activeModalWidget() is None


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160), (5760, 2160)],
                         ids=["1080p", "4k", "3x2-splice"])
def test_overview_fits_the_screen_and_keeps_its_figures_off_the_seams(qtbot, runner, wall_db,
                                                                       size):
    window = open_wall(qtbot, runner, session_of(wall_db), size=size)
    ready(qtbot, window)
    overview = shown_with_data(qtbot, window, "overview")
    m = window.metrics
    assert m.sizing.splice == ((3, 2) if size == (5760, 2160) else (1, 1))
    for card in overview.cards.values():
        rect = card.geometry().translated(overview.mapTo(window, overview.rect().topLeft()))
        assert window.rect().contains(rect), card.caption.text()
        for seam in m.seams_x():
            assert not rect.left() < seam < rect.right(), (card.caption.text(), seam)
        for seam in m.seams_y():
            assert not rect.top() < seam < rect.bottom(), (card.caption.text(), seam)
        card.caption.ensurePolished()
        assert card.caption.font().pixelSize() >= m.px(1.0)  # the smallest text
    # 6 m → 40 mm text: a 16:9 picture is one 55-inch panel (686 mm tall) whatever its
    # pixels, the 3×2 splice two tiles (1372 mm)
    panel_mm = 1372 if size == (5760, 2160) else 686
    assert m.unit == pytest.approx(40 * size[1] / panel_mm)


@pytest.mark.slow
def test_a_scale_factor_of_two_renders_at_twice_the_pixels(tmp_path, wall_db):
    out = tmp_path / "wall.png"
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "commandcenter", "--db", str(wall_db.url),
                           "screenshot", "--view", "wall", "--page", "overview", "--size",
                           "960x540", "--out", str(out)], env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)


def test_keys_move_and_pause_and_only_a_shift_lead_ends_the_wall(qtbot, runner, wall_db):
    window = open_wall(qtbot, runner, session_of(wall_db), config=full_rotation_all_day())
    ready(qtbot, window)
    assert window.current_page() == "overview"
    web = window.map.view.web_view  # a click on the map gives it the focus: keys still work
    web.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (web, web.focusProxy()), timeout=5000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert window.current_page() == "trends"
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.current_page() == "staff"
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.rotation.paused and window.strip.pause.text() == "已暂停"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.close()
    assert window.isVisible()  # neither Esc nor a close request ends it
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)
    prompt = window.exit_prompt
    assert prompt.isVisible()
    prompt.user.setText("op1")
    prompt.password.setText(TEST_PASSWORD)
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "只有值班长" in prompt.message.text(), timeout=30_000)
    assert window.isVisible()
    prompt.user.setText("lead1")
    prompt.password.setText(TEST_PASSWORD)
    with qtbot.waitSignal(window.sig_left, timeout=30_000):
        qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert not window.isVisible()


def test_the_clock_never_reads_earlier_than_the_last_update(qtbot, runner, wall_db):
    """The clock ticks once a second and the figures arrive in between: side by side the
    strip said "更新于 22:18:27" beside a clock at 22:18:26."""
    window = open_wall(qtbot, runner, session_of(wall_db))
    ready(qtbot, window)
    strip = window.strip
    window._tick.stop()   # a clock a tick behind, whatever the machine's speed
    strip.show_clock(local_now() - timedelta(seconds=5))
    before = strip.updated.text()
    window.refresh_when_quiet()
    qtbot.waitUntil(lambda: strip.updated.text() != before, timeout=30_000)

    def seconds(hms: str) -> int:
        h, m, s = map(int, hms.split(":"))
        return h * 3600 + m * 60 + s
    behind = seconds(strip.updated.text().split()[-1]) - seconds(strip.clock.text())
    assert behind % 86_400 == 0 or behind % 86_400 > 43_200, (strip.updated.text(),
                                                               strip.clock.text())


def test_the_cursor_hides_when_still_and_static_elements_shift(qtbot, runner, wall_db):
    clock = Clock()
    window = open_wall(qtbot, runner, session_of(wall_db), mono=clock)
    ready(qtbot, window)
    before = window.content.geometry()
    clock.t += 5
    window._on_tick()
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(10, 10), QPointF(10, 10),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, move)
    assert QGuiApplication.overrideCursor() is None
    clock.t += window.config.burn_in_interval_s
    window._on_tick()
    dx, dy = burn_in_offset(clock.t - 1000.0, window.config.burn_in_interval_s,
                            window.config.burn_in_px)
    assert (dx, dy) != (0, 0)
    assert window.content.geometry() == before.translated(dx, dy)


def test_a_bad_password_keeps_the_wall_on_its_connecting_page_and_retrying(qtbot, runner,
                                                                            wall_db):
    url = str(wall_db.url)
    window = open_wall(qtbot, runner, lambda: connect_wall(url, "wall1", "wrong-password"),
                       retry_s=0.2)
    qtbot.waitUntil(lambda: window.attempts >= 2, timeout=30_000)
    assert window.connecting.isVisible()
    assert "wall1 登录失败" in window.connecting.reason.text()
    assert "秒后重试" in window.connecting.retry.text()
    assert QApplication.activeModalWidget() is None and not window.pages


def test_a_dispatcher_account_is_not_a_wall_account(qtbot, runner, wall_db):
    url = str(wall_db.url)
    window = open_wall(qtbot, runner, lambda: connect_wall(url, "disp1", TEST_PASSWORD),
                       retry_s=30)
    qtbot.waitUntil(lambda: window.attempts >= 1, timeout=30_000)
    assert "不是大屏账号" in window.connecting.reason.text()


def test_a_bad_configuration_shows_why_and_runs_the_default_playlist(qtbot, runner, wall_db,
                                                                     tmp_path):
    path = tmp_path / "wall.toml"
    path.write_text(DEFAULT_CONFIG_TOML.replace('page = "staff"', 'page = "people"'), "utf-8")
    config = config_or_default(path)
    def unreachable():
        raise OSError("no database yet")

    window = open_wall(qtbot, runner, unreachable, config=config, retry_s=30)
    qtbot.waitUntil(lambda: window.attempts >= 1, timeout=30_000)
    note = window.connecting.config_note.text()
    assert "line 25" in note and "unknown page 'people'" in note
    assert [e.page for e in window.rotation.config.schedules[0].entries] == list(PAGES)


@pytest.mark.postgres
@pytest.mark.slow
def test_a_lost_database_shows_offline_since_and_catches_up_on_return(qtbot, runner, pg_url):
    db = open_database(pg_url)
    seed_world(db)
    add_wall_account(db)
    make_history(db)
    name = pg_url.rsplit("/", 1)[1]
    writer = CaseService(open_database(pg_url), load_policy(db), clock=local_now)
    with writer.db.session() as s:  # the writer's pooled connection stays open
        writer_pid = s.scalar(text("SELECT pg_backend_pid()"))
    window = open_wall(qtbot, runner, lambda: WallSession(db, writer.actor("wall1"),
                                                          load_policy(db)))
    ready(qtbot, window)
    qtbot.waitUntil(lambda: window.is_live, timeout=30_000)
    shown_with_data(qtbot, window, "overview")
    before = len(window.map.cases)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> :w"), {"n": name, "w": writer_pid})
        qtbot.waitUntil(lambda: window.offline_since is not None, timeout=30_000)
        qtbot.waitUntil(lambda: window.strip.state.text().startswith("离线 自 "), timeout=10_000)
        assert window.strip.state.text().endswith(" 起")
        case = writer.report(writer.actor("sup1"), draft())  # while the wall cannot see
        assert window.pages["overview"].cards["reported"].figure.text() == "1"  # last picture
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    qtbot.waitUntil(lambda: window.is_live, timeout=60_000)
    qtbot.waitUntil(lambda: case.id in window.map.cases, timeout=30_000)
    assert len(window.map.cases) == before + 1
    qtbot.waitUntil(lambda: window.pages["overview"].cards["reported"].figure.text() == "2",
                    timeout=30_000)
    assert window.strip.state.text() == "● 实时"
    window.shutdown()
    writer.db.dispose()
    db.dispose()


def map_state(qtbot, window: WallWindow) -> dict:
    result = []
    window.map.view.page.runJavaScript("JSON.stringify(window.ccMap.state())", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    return json.loads(result[0])


def test_a_new_case_pulses_on_the_map_and_overdue_ones_flash(qtbot, runner, wall_db):
    window = open_wall(qtbot, runner, session_of(wall_db))
    ready(qtbot, window)
    qtbot.waitUntil(lambda: window.map.view.painted_seq >= window.map.last_seq, timeout=60_000)
    qtbot.waitUntil(lambda: window.is_live, timeout=30_000)
    state = map_state(qtbot, window)
    assert state["flash"] is True and state["scale"] > 1 and state["cases"] == 2
    service = CaseService(wall_db, load_policy(wall_db), clock=local_now)
    case = service.report(service.actor("sup1"), draft())
    qtbot.waitUntil(lambda: case.id in window.map.cases, timeout=30_000)
    qtbot.waitUntil(lambda: case.id in map_state(qtbot, window)["pulses"], timeout=30_000)


def test_replacing_the_map_page_keeps_the_picture(qtbot, runner, wall_db):
    window = open_wall(qtbot, runner, session_of(wall_db))
    ready(qtbot, window)
    old = window.map.view
    window.map.recreate()
    assert window.map.view is not old and window.map.recreated == 1
    assert window.map.view.parent() is window.pages["overview"].map_slot
    qtbot.waitUntil(lambda: window.map.view.is_ready
                    and window.map.view.painted_seq >= window.map.last_seq, timeout=60_000)
    assert map_state(qtbot, window)["cases"] == 2


def test_the_wall_releases_its_memory_after_a_switch_and_the_map_stays(qtbot, runner, wall_db):
    window = open_wall(qtbot, runner, session_of(wall_db),
                       guard_options={"release_interval_s": 0.2, "quiet_delay_s": 0.05})
    ready(qtbot, window)
    qtbot.wait(300)
    assert window.guard.releases == 0   # due, waiting for a switch
    window.show_page("overview")
    qtbot.waitUntil(lambda: window.guard.releases == 1, timeout=5_000)
    qtbot.waitUntil(lambda: window.map.view.painted_seq >= window.map.last_seq, timeout=60_000)
    assert map_state(qtbot, window)["cases"] == 2 and window.map.recreated == 0


def test_the_map_shows_staff_on_duty_and_follows_their_new_fixes(qtbot, runner, wall_db):
    from commandcenter.store.positions import Fix, record_fixes

    from .test_replay_store import user_id
    sup, off = user_id(wall_db, "sup1"), user_id(wall_db, "op1")
    now = local_now()
    record_fixes(wall_db, [Fix(sup, now - timedelta(minutes=2), 116.4001, 39.9101),
                           Fix(sup, now - timedelta(minutes=1), 116.4002, 39.9102),
                           Fix(off, now - timedelta(minutes=1), 116.4003, 39.9103, False)])
    window = open_wall(qtbot, runner, session_of(wall_db))
    ready(qtbot, window)
    feed = window.map
    # the newest fix of each person first, then their hour's trail
    qtbot.waitUntil(lambda: [len(p.trail) for p in feed.on_duty()] == [2], timeout=30_000)
    (person,) = feed.on_duty()
    assert person.staff_id == sup and (person.lon, person.lat) == (116.4002, 39.9102)
    assert feed.view._staff == tuple(feed.on_duty())  # what the map was given

    record_fixes(wall_db, [Fix(sup, local_now(), 116.4010, 39.9110)])
    qtbot.waitUntil(lambda: feed.on_duty()[0].lon == 116.4010, timeout=30_000)
    assert len(feed.on_duty()[0].trail) == 3


def test_figures_are_not_read_around_a_page_switch(qtbot, runner, wall_db):
    """A worker building figures holds the interpreter lock the GUI thread needs to repaint
    the whole wall at a switch: reads asked for then wait until 1.5 s after it."""
    clock = Clock()
    window = open_wall(qtbot, runner, session_of(wall_db), full_rotation_all_day(), mono=clock)
    ready(qtbot, window)
    reads = []
    window.refresh = lambda names=None: reads.append(clock.t)
    clock.t += 10
    window.step(1)  # a switch now
    clock.t += 0.2
    window.refresh_when_quiet()
    assert reads == [] and window._quiet.isActive()
    assert 1200 <= window._quiet.interval() <= 1400
    clock.t += 1.3
    window.refresh_when_quiet()  # what the timer does when it fires
    assert reads == [clock.t]
    clock.t = window.rotation.shown_at + window.rotation.entry.dwell_s - 0.5  # a switch is near
    window.refresh_when_quiet()
    assert len(reads) == 1


@pytest.mark.parametrize("size, height_mm", [((1920, 1080), None), ((3840, 2160), None),
                                             ((1920, 1080), 300), ((5760, 2160), None)])
def test_the_strip_fits_the_screen_with_every_page_in_the_playlist(qtbot, runner, wall_db, size,
                                                                   height_mm):
    """With the standard playlist's five pages on a 1080p screen 30 cm tall (a monitor the
    room's distance makes the text large on), the page indicator was cut ("●○○○○ 1") and
    the time of the last update lost its seconds."""
    window = open_wall(qtbot, runner, session_of(wall_db), full_rotation_all_day(), size=size,
                       physical_height_mm=height_mm)
    ready(qtbot, window)
    strip = window.strip
    qtbot.waitUntil(lambda: strip.updated.text().count(":") == 2, timeout=30_000)
    for name in PAGES:
        window.show_page(name)
        qtbot.wait(100)
        strip.layout().activate()  # laid out for the clock's text if a tick just changed it
        for label in (strip.state, strip.updated, strip.clock):  # never cut
            assert label.width() >= label.sizeHint().width(), (name, label.text())
        title = page_title(name)  # whole, or ending in "…" where the dots gave way first
        assert strip.title.text() == title or (strip.title.text().endswith("…")
                                              and strip.indicator.text() == "")
        for label in (strip.title, strip.indicator):
            text = label.text()
            assert label.width() >= label.fontMetrics().horizontalAdvance(text), (name, text)
        shown = [w for w in (strip.title, strip.indicator, strip.state, strip.updated,
                             strip.clock) if w.text()]
        for left, right in zip(shown, shown[1:]):   # side by side, none over another
            assert left.geometry().right() < right.geometry().left(), (name, left.text())
        assert strip.clock.geometry().right() <= strip.width()
        if size[0] >= 3840:  # room for everything on a 4K wall
            assert strip.title.text() == title and strip.indicator.text().count("○") == 4
    # Paused: the pause is said whole, beside the others; where there is room (a 3×2 splice)
    # the dots stay too (they gave way to "已暂停" everywhere when both shared one label).
    qtbot.keyClick(window, Qt.Key.Key_Space)
    strip.layout().activate()
    assert window.rotation.paused and strip.pause.isVisible()
    assert strip.pause.width() >= strip.pause.sizeHint().width()
    shown = [w for w in (strip.title, strip.indicator, strip.pause, strip.state) if w.text()]
    for left, right in zip(shown, shown[1:]):
        assert left.geometry().right() < right.geometry().left(), left.text()
    if size == (5760, 2160):
        assert strip.indicator.text().count("○") == 4


def test_a_name_too_long_for_its_column_ends_in_an_ellipsis_not_half_a_character(qtbot):
    label = ElidingLabel("安定门街道办事处")
    qtbot.addWidget(label)
    label.resize(label.fontMetrics().horizontalAdvance("安定门街") + 4, 40)
    label.show()
    qtbot.waitExposed(label)
    elided = label.grab().toImage()
    plain = QLabel("安定门街道办事处")   # what a plain label paints: a clipped character
    qtbot.addWidget(plain)
    plain.resize(label.size())
    cut = plain.grab().toImage()
    expected = QLabel(label.fontMetrics().elidedText(label.text(), Qt.TextElideMode.ElideRight,
                                                     label.contentsRect().width()))
    qtbot.addWidget(expected)
    expected.resize(label.size())
    assert expected.text().endswith("…")
    assert elided == expected.grab().toImage() and elided != cut
