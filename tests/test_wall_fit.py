"""What the wall's pages must never cut, in Chinese and in English, on a 1080p and a 4K
screen at the standard 6 m: a countdown, a figure beside its caption, a ranking's header,
a chart's legend, a bar's name and count."""
from __future__ import annotations

import re
from contextlib import nullcontext
from datetime import date, timedelta

import pytest
from PySide6.QtGui import QFontMetricsF

from commandcenter.models.enums import Source
from commandcenter.models.wall_display import Sizing
from commandcenter.models.worktime import WorkCalendar
from commandcenter.store import wall as store
from commandcenter.store.service import local_now
from commandcenter.views.wall.overdue import OverduePage
from commandcenter.views.wall.overview import OverviewPage
from commandcenter.views.wall.ranking import RankingPage
from commandcenter.views.wall.staff import StaffPage
from commandcenter.views.wall.theme import Metrics, stylesheet
from commandcenter.views.wall.trends import TrendsPage

from .test_i18n import english

SCREENS = [(1920, 1080), (3840, 2160)]
LANGUAGES = ["zh_CN", "en"]


def shown(qtbot, page, size):
    """``page`` in the wall's style at about the room the window gives it on ``size``."""
    m = Metrics(Sizing.for_picture(*size))
    page.setStyleSheet(stylesheet(m))
    page.apply_metrics(m)
    qtbot.addWidget(page)
    page.resize(size[0] - m.px(1), size[1] - m.px(3.5))
    page.show()
    qtbot.waitExposed(page)
    return m


def in_language(qapp, language):
    return english(qapp) if language == "en" else nullcontext()


def watched(n: int, overdue_h: float) -> store.WatchedCase:
    now = local_now()
    return store.WatchedCase(
        id=n, number=f"26120700{n:02d}", class_name="排水集团东城分公司雨水井盖",
        address="东城区安定门外大街东侧一百二十八号院南门", stage="dispatched",
        department="排水集团东城分公司", deadline=now - timedelta(hours=overdue_h),
        stage_started_at=now - timedelta(days=20), supervision_level=1,
        orders=(store.SupervisionOrder(now, "leader1", "请加快处置"),))


@pytest.mark.parametrize("size", SCREENS, ids=["1080p", "4k"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_countdown_is_whole_in_its_column(qapp, qtbot, size, language):
    """The countdown column was 9 text units: "超期 20小时00分" lost its 分 and English
    "Overdue 20 h 00 min" both ends."""
    with in_language(qapp, language):
        page = OverduePage(WorkCalendar(all_days=True))
        m = shown(qtbot, page, size)
        page.show_data([watched(1, 0.5), watched(2, 20), watched(3, 24 * 30)])
        scroller = page.scroller
        fm = QFontMetricsF(m.font(1.1))
        x, width = scroller.columns()[4]
        texts = [scroller._countdown_text(c)[0] for c in scroller.cases]
        assert re.match(r"(超期|Overdue) \d{3}", texts[2])   # a month late: 3-digit hours
        for text in texts:
            assert fm.horizontalAdvance(text) <= width, text
        assert x + width <= scroller.width()
        ends = [x + w for x, w in scroller.columns()[:4] if w]
        assert max(ends) < x   # no column runs under the countdown


@pytest.mark.parametrize("size", SCREENS, ids=["1080p", "4k"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_card_caption_never_runs_under_its_figure(qapp, qtbot, size, language):
    """English "Dispatched" ran under "202", and "On time this month" touched "83.4% ↓"."""
    with in_language(qapp, language):
        page = OverviewPage()
        shown(qtbot, page, size)
        page.show_data(store.Counters(
            reported=1172, accepted=1157, filed=1188, dispatched=1202, handled=1250,
            closed=1214, overdue_open=40, on_time_today=store.Rate(0.866, 0.9),
            on_time_month=store.Rate(0.834, 0.9), taken_at=local_now()))
        for key, card in page.cards.items():   # where the texts are painted
            figure_left = card.figure.geometry().right() - card.figure.fontMetrics(
                ).horizontalAdvance(card.figure.text())
            caption_right = card.caption.geometry().left() + min(
                card.caption.fontMetrics().horizontalAdvance(card.caption.text()),
                card.caption.contentsRect().width())
            assert caption_right < figure_left, key
            assert card.caption.font().pixelSize() >= card.min_text, key


@pytest.mark.parametrize("size", SCREENS, ids=["1080p", "4k"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ranking_boards_keep_their_headers_whole(qapp, qtbot, size, language):
    """The English note wraps onto a second line; the rows were counted for one and the
    boards' two-line header ("On time / closed") was cut in half."""
    with in_language(qapp, language):
        page = RankingPage()
        shown(qtbot, page, size)
        scores = tuple(store.UnitScore(f"S{i:02d}", f"安定门街道{i}", 40, 0.9 - i / 100,
                                       0.95 - i / 100, 30) for i in range(17))
        page.show_data(store.Ranking(scores, scores, 0, 7, 10, local_now()))
        qtbot.wait(50)
        for board in page.boards.values():
            header = board.cells.labels()[:4]
            for label in header:
                assert label.height() >= label.sizeHint().height(), label.text()
            assert board.heading.geometry().right() <= board.width()
            assert board.width() <= page.width() // 2   # a long heading does not widen it
        assert page.note.geometry().bottom() <= page.height()


@pytest.mark.parametrize("size", [*SCREENS, (5760, 2160)], ids=["1080p", "4k", "3x2-splice"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_trend_charts_keep_legends_names_and_counts_inside(qapp, qtbot, size, language):
    """In English the titles ran under the legends and off the panels, "Supervisor reports"
    was not drawn at all beside its bar, and the bar's count "626" was cut at the edge."""
    with in_language(qapp, language):
        page = TrendsPage()
        m = shown(qtbot, page, size)
        days = tuple(date(2026, 11, 8) + timedelta(days=i) for i in range(30))
        page.receive(store.Trends(
            hours_today=(3,) * 24, hours_last_week=(4,) * 24, days=days,
            filed_per_day=(120,) * 30, closed_per_day=(110,) * 30,
            by_source=((Source.SUPERVISOR, 626), (Source.HOTLINE, 149)),
            top_classes=(("暴露垃圾", 15), ("占道经营", 14)), taken_at=local_now()),
            local_now())
        axis = page.classes.plot.getAxis("left")
        qtbot.waitUntil(lambda: bool(getattr(axis, "_tickLevels", None)), timeout=5000)
        fm = QFontMetricsF(m.font(1.0))
        for chart in (page.hours, page.days, page.sources, page.classes):
            if chart.legend.text():
                assert chart.legend.width() >= chart.legend.sizeHint().width()
                assert chart.title.geometry().right() < chart.legend.geometry().left()
            assert chart.title.geometry().right() <= chart.contentsRect().right()
        for chart in (page.sources, page.classes):
            axis = chart.plot.getAxis("left")
            for _value, name in axis._tickLevels[0]:
                assert fm.horizontalAdvance(name) <= axis.width(), name
            box = chart.plot.getViewBox()
            for label in chart._counts:
                if label.isVisible():   # anchored at its left: it runs right of its place
                    left = box.mapViewToScene(label.pos()).x()
                    right = left + fm.horizontalAdvance(label.toPlainText())
                    assert right <= box.sceneBoundingRect().right(), label.toPlainText()


STREETS = ["东华门街道", "景山街道", "交道口街道", "安定门街道", "北新桥街道", "东四街道",
           "朝阳门街道", "建国门街道", "东直门街道", "和平里街道", "前门街道", "崇文门外街道",
           "东花市街道", "龙潭街道", "体育馆路街道", "天坛街道", "永定门外街道"]


@pytest.mark.parametrize("size", SCREENS, ids=["1080p", "4k"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_staff_list_leaves_the_map_its_share_and_cuts_no_name_it_has_room_for(
        qapp, qtbot, size, language):
    """English street names took the list to 5/6 of the page and left the map a strip."""
    with in_language(qapp, language):
        page = StaffPage()
        shown(qtbot, page, size)
        page.show_data([store.StreetStaff(f"S{i:02d}", name, 20, 4, 5)
                        for i, name in enumerate(STREETS)])
        qtbot.wait(50)
        assert page.map_slot.width() >= 0.3 * page.width()
        cells = [c for c in page.cells.labels() if c.text()]
        for cell in cells:   # figures always whole; names where the list has room
            if "/" in cell.text() or language == "zh_CN":
                need = cell.fontMetrics().horizontalAdvance(cell.text())
                assert cell.width() >= need, cell.text()
