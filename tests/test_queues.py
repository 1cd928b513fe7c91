"""Queue models, filter proxy and tabs over in-memory board cases (no database needed)."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from commandcenter.models import worktime
from commandcenter.models.case import RequestKind
from commandcenter.models.enums import CaseKind, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store.board import BoardCase, CountdownClock
from commandcenter.views.common.queues import (
    CASE_MIME,
    COL_COUNTDOWN,
    COL_DEADLINE,
    COL_NUMBER,
    QUEUES,
    CaseIdRole,
    CaseQueueModel,
    CountdownRole,
    DraggedCase,
    QueueFilterProxy,
    QueueTabs,
    VersionRole,
)

MON_9 = datetime(2026, 11, 23, 9, 0)  # Monday; working time 08-12, 14-18
POLICY = default_policy()


def case(id_: int, stage: Stage = Stage.HANDLING, *, started: datetime = MON_9,
         deadline: datetime | None = datetime(2026, 11, 24, 9, 0), **kw) -> BoardCase:
    values = dict(
        id=id_, number=f"20261123{id_:05d}", stage=stage, class_key="event:0101",
        class_name="暴露垃圾", kind=CaseKind.EVENT, urgency=Urgency.NORMAL,
        grid_code="110101001001001", address=f"东华门大街{id_}号", description="暴露垃圾",
        department_code="D09" if stage in (Stage.HANDLING, Stage.HELD, Stage.CHECK) else None,
        stage_started_at=started, deadline=deadline,
        handle_deadline=deadline if stage is Stage.HANDLING else None, pending_request=None,
        supervision_level=0, escalation_level=0, rework_count=0, lon=116.4, lat=39.91,
        version=3, updated_by="disp1", updated_at=started, reported_at=started,
        source=Source.SUPERVISOR)
    values.update(kw)
    return BoardCase(**values)


def spec(key: str):
    return next(s for s in QUEUES if s.key == key)


def queue(tabs: QueueTabs, key: str) -> CaseQueueModel:
    return tabs.models[[s.key for s in QUEUES].index(key)]


def model_for(key: str, cases=(), now: datetime = MON_9 + timedelta(minutes=45)) -> CaseQueueModel:
    model = CaseQueueModel(spec(key), CountdownClock(POLICY), {"D09": "环卫中心"}, now)
    model.replace_all(cases)
    return model


def one_of_each() -> list[BoardCase]:
    """A case for every queue at 09:45 on Monday (ids 1-12)."""
    return [
        case(1, Stage.INTAKE, deadline=MON_9 + timedelta(minutes=10)),       # overdue
        case(2, Stage.VERIFY, deadline=MON_9 + timedelta(minutes=50)),       # 90 %: warning
        case(3, Stage.FILING, started=MON_9 + timedelta(minutes=40),
             deadline=MON_9 + timedelta(minutes=70)),
        case(4, Stage.DISPATCH, started=MON_9 + timedelta(minutes=40),
             deadline=MON_9 + timedelta(minutes=70)),
        case(5),
        case(6, pending_request=RequestKind.EXTENSION),
        case(7, Stage.HELD, deadline=None),
        case(8, Stage.CHECK, deadline=MON_9 + timedelta(hours=2)),
        case(9, Stage.CLOSING, deadline=MON_9 + timedelta(hours=1), started=MON_9),
        case(10, class_key="event:0107", class_name="餐饮油烟", deadline=datetime(2026, 11, 30, 9)),
        case(11, class_key="component:0101", class_name="上水井盖", kind=CaseKind.COMPONENT,
             urgency=Urgency.URGENT, started=MON_9, deadline=MON_9 + timedelta(hours=2)),
        case(12, supervision_level=1, address="", description="无地址的案件"),
    ]


@pytest.mark.parametrize("key", [s.key for s in QUEUES])
def test_every_queue_model_passes_the_model_tester(qtmodeltester, key):
    model = model_for(key, one_of_each())
    assert model.rowCount() > 0, f"queue {key} got no case"
    qtmodeltester.check(model)
    cases = one_of_each()
    model.upsert([replace(c, stage=Stage.CLOSING, version=9) for c in cases[:4]] +
                 [case(20 + i, c.stage, deadline=c.deadline, started=c.stage_started_at,
                       pending_request=c.pending_request) for i, c in enumerate(cases)])
    qtmodeltester.check(model)
    model.remove([c.id for c in cases[::2]] + [99])
    qtmodeltester.check(model)
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_COUNTDOWN)
    qtmodeltester.check(proxy)


def test_each_queue_holds_the_cases_its_predicate_names():
    members = {s.key: set(model_for(s.key, one_of_each()).case_ids()) for s in QUEUES}
    assert members["intake"] == {1} and members["verify"] == {2} and members["filing"] == {3}
    assert members["dispatch"] == {4} and members["check"] == {8} and members["closing"] == {9}
    assert members["handling"] == {5, 6, 7, 10, 11, 12}  # held cases stay listed, marked 挂账
    assert members["requests"] == {6}
    assert members["overdue"] == {1}
    assert members["due_soon"] == {2}


def test_upsert_moves_a_case_between_queues_when_its_stage_changes(qtbot):
    tabs = QueueTabs(POLICY, now=lambda: MON_9)
    qtbot.addWidget(tabs)
    waiting = case(4, Stage.DISPATCH, deadline=MON_9 + timedelta(minutes=30))
    tabs.set_cases([waiting])
    dispatch, handling = queue(tabs, "dispatch"), queue(tabs, "handling")
    inserted, removed = [], []
    handling.rowsInserted.connect(lambda *_: inserted.append(1))
    dispatch.rowsRemoved.connect(lambda *_: removed.append(1))
    assert (dispatch.case_ids(), handling.case_ids()) == ([4], [])

    tabs.apply_changes([replace(waiting, stage=Stage.HANDLING, version=4, department_code="D09",
                                deadline=datetime(2026, 11, 24, 9))], [])

    assert (dispatch.case_ids(), handling.case_ids()) == ([], [4])
    assert inserted == [1] and removed == [1]  # incremental, no reset
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "待派遣 (0)" in titles and "处置中 (1)" in titles
    # A late echo of the older version does not move it back.
    tabs.apply_changes([waiting], [])
    assert (dispatch.case_ids(), handling.case_ids()) == ([], [4])
    tabs.apply_changes([], [4])
    assert handling.case_ids() == [] and tabs.case(4) is None


def test_tick_changes_only_the_countdown_column():
    model = model_for("handling", one_of_each())
    columns, structure = [], []
    model.dataChanged.connect(lambda tl, br, roles=(): columns.append((tl.column(), br.column())))
    for sig in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
        sig.connect(lambda *_: structure.append(1))
    before = model.index(0, COL_COUNTDOWN).data()
    changed = model.tick(MON_9 + timedelta(hours=8, minutes=30))  # Monday 17:30
    assert columns == [(COL_COUNTDOWN, COL_COUNTDOWN)] and structure == []
    assert model.index(0, COL_COUNTDOWN).data() != before
    assert 5 in changed  # its light went from normal to warning


def test_tabs_tick_moves_cases_into_due_soon_then_overdue(qtbot):
    clock = [MON_9 + timedelta(minutes=30)]
    tabs = QueueTabs(POLICY, now=lambda: clock[0], tick_ms=20)
    qtbot.addWidget(tabs)
    tabs.set_cases([case(5)])  # deadline Tuesday 09:00, amber from Monday 17:24
    due_soon, overdue = queue(tabs, "due_soon"), queue(tabs, "overdue")
    assert (due_soon.case_ids(), overdue.case_ids()) == ([], [])
    clock[0] = datetime(2026, 11, 23, 17, 30)
    qtbot.waitUntil(lambda: due_soon.case_ids() == [5], timeout=3000)  # the timer ticks
    assert overdue.case_ids() == []
    clock[0] = datetime(2026, 11, 24, 9, 1)
    qtbot.waitUntil(lambda: overdue.case_ids() == [5], timeout=3000)
    assert due_soon.case_ids() == []
    assert tabs.tabText([s.key for s in QUEUES].index("overdue")) == "已超期 (1)"


@pytest.mark.parametrize("now, text, light", [
    (datetime(2026, 11, 23, 9, 45), "7工作时 15分", "normal"),
    (datetime(2026, 11, 23, 17, 23), "1工作时 37分", "normal"),
    (datetime(2026, 11, 23, 17, 24), "1工作时 36分", "warning"),    # 80 % of 480 min gone
    (datetime(2026, 11, 23, 19, 30), "1工作时 00分", "warning"),    # after hours: clock waits
    (datetime(2026, 11, 24, 9, 0), "超期 0分钟", "overdue"),
    (datetime(2026, 11, 24, 9, 7), "超期 7分钟", "overdue"),
    (datetime(2026, 11, 24, 10, 5), "超期 1工作时 05分", "overdue"),
])
def test_countdown_text_and_state_at_fixed_times(now, text, light):
    model = model_for("handling", [case(5)], now=now)
    index = model.index(0, COL_COUNTDOWN)
    assert index.data() == text
    assert index.data(CountdownRole) == light
    # The cached amber instant agrees with the domain's own countdown rule.
    expected = worktime.countdown(POLICY.calendar, MON_9, datetime(2026, 11, 24, 9), now)
    assert light == expected.value
    background = index.data(Qt.ItemDataRole.BackgroundRole)
    assert background == {"normal": None, "warning": QColor("#ffb300"),
                          "overdue": QColor("#c62828")}[light]
    assert model.index(0, COL_NUMBER).data(Qt.ItemDataRole.BackgroundRole) is None


def test_countdown_text_for_days_natural_hours_and_held_cases():
    at_10 = MON_9 + timedelta(hours=1)
    model = model_for("handling", one_of_each(), now=at_10)
    text = {model.case_at(r).id: model.index(r, COL_COUNTDOWN).data()
            for r in range(model.rowCount())}
    assert text[10] == "4工作日 7工作时"   # 5 working days less one hour
    assert text[11] == "1小时 00分"       # urgent manhole cover: 2 natural hours
    assert text[12] == "7工作时 00分"
    assert text[7] == "挂账中"
    later = model_for("handling", one_of_each(), now=datetime(2026, 11, 23, 10, 40))
    row = later.row_of(11)
    assert later.index(row, COL_COUNTDOWN).data() == "20分钟"
    assert later.index(row, COL_COUNTDOWN).data(CountdownRole) == "warning"  # 100 of 120 min
    assert later.index(later.row_of(7), COL_COUNTDOWN).data(CountdownRole) == "normal"


def test_filter_proxy_matches_number_address_grid_and_class():
    cases = [case(1, address="东华门大街1号", grid_code="110101001001001"),
             case(2, address="景山前街2号", grid_code="110101002003004", class_name="占道经营",
                  number="2026112300777")]
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model_for("handling", cases))

    def ids(text):
        proxy.set_text(text)
        return sorted(proxy.index(r, 0).data(CaseIdRole) for r in range(proxy.rowCount()))

    assert ids("") == [1, 2]
    assert ids("00777") == [2]
    assert ids("景山") == [2]
    assert ids("110101001001") == [1]
    assert ids("占道") == [2]
    assert ids("  暴露垃圾 ") == [1]
    assert ids("不存在") == []


def test_sorting_by_countdown_uses_the_deadline_not_the_text():
    cases = [case(1, deadline=datetime(2026, 11, 25, 9)),     # "1工作日 …" (latest)
             case(2, deadline=datetime(2026, 11, 23, 16)),    # "4工作时 …"
             case(3, deadline=datetime(2026, 11, 23, 9, 30)),  # "超期 …" (earliest)
             case(4, Stage.HELD, deadline=None)]               # no clock: last
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model_for("handling", cases, now=datetime(2026, 11, 23, 10)))
    proxy.sort(COL_COUNTDOWN, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data(CaseIdRole) for r in range(4)] == [3, 2, 1, 4]
    texts = [proxy.index(r, COL_COUNTDOWN).data() for r in range(3)]
    assert texts != sorted(texts)  # the text order would differ
    # It sorts on the hidden deadline column, which the tick never touches, so the
    # once-a-second countdown refresh does not make the proxy re-sort.
    assert proxy.sortColumn() == COL_DEADLINE


def test_rows_drag_as_json_with_id_number_and_version():
    model = model_for("handling", [case(5), case(6, version=8)])
    row = model.row_of(6)
    assert model.flags(model.index(row, 3)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    assert model.mimeTypes() == [CASE_MIME]
    mime = model.mimeData([model.index(row, 0), model.index(row, COL_COUNTDOWN)])
    payload = json.loads(bytes(mime.data(CASE_MIME)).decode("utf-8"))
    assert {k: payload[k] for k in ("id", "number", "version")} == {
        "id": 6, "number": "2026112300006", "version": 8}
    dragged = DraggedCase.from_mime(mime)
    assert (dragged.id, dragged.version, dragged.class_key, dragged.stage) == (
        6, 8, "event:0101", Stage.HANDLING)
    assert model.index(row, 0).data(VersionRole) == 8
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    via_proxy = proxy.mimeData([proxy.index(proxy.mapFromSource(model.index(row, 0)).row(), 0)])
    assert json.loads(bytes(via_proxy.data(CASE_MIME)).decode())["id"] == 6
    assert model.mimeData([]) is None


def test_select_case_and_the_selection_signal(qtbot):
    tabs = QueueTabs(POLICY, now=lambda: MON_9 + timedelta(minutes=45))
    qtbot.addWidget(tabs)
    tabs.resize(1200, 500)
    tabs.show()
    qtbot.waitExposed(tabs)
    tabs.set_cases(one_of_each())
    keys = [s.key for s in QUEUES]
    emitted = []
    tabs.sig_case_selected.connect(emitted.append)

    assert tabs.select_case(6)  # not in the current tab (待受理): first queue holding it
    assert tabs.currentIndex() == keys.index("handling")
    assert tabs.views[tabs.currentIndex()].currentIndex().data(CaseIdRole) == 6
    tabs.setCurrentIndex(keys.index("requests"))
    assert tabs.select_case(6) and tabs.currentIndex() == keys.index("requests")
    assert not tabs.select_case(404)
    assert emitted == []  # programmatic selection does not echo

    tabs.setCurrentIndex(keys.index("handling"))
    view = tabs.views[keys.index("handling")]
    proxy_row = view.model().mapFromSource(tabs.models[keys.index("handling")].index(
        tabs.models[keys.index("handling")].row_of(10), 0))
    rect = view.visualRect(proxy_row)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert emitted == [10]


def selected_ids(tabs: QueueTabs) -> dict[str, list[int]]:
    return {spec.key: [i.data(CaseIdRole) for i in view.selectionModel().selectedRows()]
            for spec, view in zip(tabs.specs, tabs.views)
            if view.selectionModel().selectedRows()}


@pytest.fixture
def shown_tabs(qtbot):
    tabs = QueueTabs(POLICY, now=lambda: MON_9 + timedelta(minutes=45))
    qtbot.addWidget(tabs)
    tabs.resize(1200, 500)
    tabs.show()
    qtbot.waitExposed(tabs)
    return tabs


def test_a_selected_case_leaving_its_queue_selects_no_neighbour(qtbot, shown_tabs):
    tabs = shown_tabs
    cases = [case(i, Stage.DISPATCH, deadline=MON_9 + timedelta(hours=i)) for i in (1, 2, 3)]
    tabs.set_cases(cases)
    tabs.show_queue("dispatch")
    view = tabs.views[[s.key for s in QUEUES].index("dispatch")]
    emitted = []
    tabs.sig_case_selected.connect(emitted.append)
    rect = view.visualRect(view.model().index(1, 0))  # the user clicks case 2
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert emitted == [2]
    # Another desk dispatches case 2: it leaves 待派遣; Qt would select case 3 instead.
    tabs.apply_changes([replace(cases[1], stage=Stage.HANDLING, department_code="D09",
                                version=4)], [])
    assert emitted == [2]  # nothing the user did not choose
    assert selected_ids(tabs) == {"handling": [2]}  # highlighted where it is now, only there


def test_every_tab_highlights_only_the_chosen_case(qtbot, shown_tabs):
    tabs = shown_tabs
    tabs.set_cases(one_of_each())
    tabs.select_case(6)  # in 处置中 and in 待审批
    assert selected_ids(tabs) == {"handling": [6], "requests": [6]}
    tabs.select_case(10)  # in 处置中 only: 待审批 no longer shows a stale highlight
    assert selected_ids(tabs) == {"handling": [10]}


def test_tab_counts_follow_the_filter(qtbot, shown_tabs):
    tabs = shown_tabs
    tabs.set_cases([case(i, Stage.DISPATCH, address=f"{street}{i}号")
                    for i, street in enumerate(["东华门大街", "东华门大街", "王府井"], 1)])
    index = [s.key for s in QUEUES].index("dispatch")
    assert tabs.tabText(index).endswith("(3)")
    tabs.search.setText("王府井")
    assert tabs.tabText(index).endswith("(1/3)")
    tabs.search.clear()
    assert tabs.tabText(index).endswith("(3)")


def test_rows_hold_still_under_the_pointer_and_sort_once_it_leaves(qtbot, shown_tabs):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QEnterEvent
    from PySide6.QtWidgets import QApplication
    tabs = shown_tabs
    cases = [case(i, Stage.DISPATCH, deadline=MON_9 + timedelta(hours=i)) for i in (1, 2, 3)]
    tabs.set_cases(cases)
    tabs.show_queue("dispatch")
    view = tabs.views[tabs.currentIndex()]
    first = lambda: view.model().index(0, 0).data(CaseIdRole)  # noqa: E731
    assert first() == 1
    QApplication.sendEvent(view, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    tabs.apply_changes([case(9, Stage.DISPATCH, deadline=MON_9)], [])  # most urgent of all
    assert first() == 1  # the row under the pointer is still the one aimed at
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))
    assert first() == 9


def _enter(view) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QEnterEvent
    from PySide6.QtWidgets import QApplication
    QApplication.sendEvent(view, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))


def _leave(view) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))


def test_rows_do_not_come_or_go_under_the_pointer_until_it_leaves(qtbot, shown_tabs):
    tabs = shown_tabs
    cases = [case(i, Stage.DISPATCH, deadline=MON_9 + timedelta(hours=i)) for i in (1, 2, 3)]
    tabs.set_cases(cases)
    tabs.show_queue("dispatch")
    view = tabs.views[tabs.currentIndex()]
    ids = lambda: [view.model().index(r, 0).data(CaseIdRole)  # noqa: E731
                   for r in range(view.model().rowCount())]
    _enter(view)
    # Case 1 leaves (dispatched elsewhere), case 4 arrives: the rows aimed at stay put,
    # a change in place still shows, and the tabs say that changes are held.
    tabs.apply_changes([case(4, Stage.DISPATCH), replace(cases[1], address="新地址", version=4)],
                       [1])
    assert ids() == [1, 2, 3]
    assert queue(tabs, "dispatch").case_at(queue(tabs, "dispatch").row_of(2)).address == "新地址"
    assert not tabs.held.isHidden() and "2" in tabs.held.text()
    _leave(view)
    assert sorted(ids()) == [2, 3, 4]
    assert tabs.held.isHidden()


def test_held_rows_wait_for_the_end_of_a_drag_and_never_for_long(qtbot, shown_tabs):
    tabs = shown_tabs
    tabs.set_cases([case(i, Stage.DISPATCH) for i in (1, 2)])
    model = queue(tabs, "dispatch")
    tabs.set_dragging(True)
    tabs.apply_changes([], [1])
    assert model.rowCount() == 2
    tabs.set_dragging(False)  # the pointer is not over a queue once the drag ends
    assert model.case_ids() == [2]
    # Over the table for long: what was held shows after HOLD_MAX_MS anyway.
    _enter(tabs.views[tabs.currentIndex()])
    tabs._hold_cap.setInterval(50)
    tabs.apply_changes([], [2])
    assert model.rowCount() == 1
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=5_000)
    assert tabs.holding and tabs.held.isHidden()


def test_the_drag_image_is_a_small_tag_with_the_case_number(qtbot, shown_tabs):
    from commandcenter.views.common.queues import drag_label
    tabs = shown_tabs
    tabs.set_cases([case(1, Stage.DISPATCH)])
    tabs.show_queue("dispatch")
    view = tabs.views[tabs.currentIndex()]
    row = view.visualRect(view.model().index(0, 0))
    label = drag_label("2026112300001")
    assert "2026112300001" in label.text()
    # Not the whole row (the default image): the departments under it stay readable.
    assert label.width() < view.viewport().width() / 3 and label.height() <= 2 * row.height()
