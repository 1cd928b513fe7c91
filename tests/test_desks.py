"""Each role's desk, end to end through its widgets on the real map and database."""
from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel

from commandcenter.models.case import Action, Actor, CaseDraft
from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency
from commandcenter.models.worktime import TimeLimit
from commandcenter.store.accounts import find_actor
from commandcenter.store.queries import case_history, get_case
from commandcenter.store.service import local_now
from commandcenter.views.common.duties import desks_for
from commandcenter.views.common.tasks import TaskRunner
from commandcenter.views.common.workstation import Workstation
from commandcenter.views.desks import DESK_KEYS, desk_class, first_desk

from .conftest import GRID_A

pytestmark = pytest.mark.slow


def report(service, *, at=None, to=Stage.DISPATCH, department="D02", source=Source.SUPERVISOR):
    draft = CaseDraft(source, CaseKind.EVENT, "event:0101", Urgency.NORMAL, 116.4005, 39.9105,
                      GRID_A, "人行道暴露垃圾")
    at = at or local_now()
    case = service.report(service.actor("sup1"), draft, at=at)
    if to is Stage.INTAKE:
        return case.id
    service.act(service.actor("op1"), case.id, Action.ACCEPT, at=at)
    service.act(service.actor("lead1"), case.id, Action.FILE, at=at)
    if to is Stage.HANDLING:
        service.act(service.actor("disp1"), case.id, Action.DISPATCH, department_code=department,
                    at=at)
    return case.id


@pytest.fixture
def open_desk(qtbot, world_db):
    made = []
    runner = TaskRunner()

    def make(key: str, username: str, role: Role):
        ws = Workstation.open(world_db, find_actor(world_db, username, role), runner)
        window = desk_class(key)(ws, remember_layout=False)
        qtbot.addWidget(window)
        window.resize(1600, 900)
        window.show()
        with qtbot.waitSignal(window.sig_loaded, timeout=30_000):
            window.reload()
        qtbot.waitUntil(lambda: window.live is not None and window.live.online, timeout=20_000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        shiboken6.delete(window)  # web pages before the application, or QtWebEngine crashes
    runner.wait()


def answer(qtbot, action: Action, act) -> list:
    """Answer the next modal question ``action`` asks with ``act(dialog)`` once it shows;
    any other modal dialog is refused (and named in the returned list), so a wrong
    question fails the test instead of hanging it."""
    name, seen = f"actionDialog-{action.value}", []

    def poll(left: int = 750):
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            seen.append(dialog.objectName())
            if dialog.objectName() != name:
                dialog.reject()
                return
            try:
                act(dialog)
            finally:  # a failed check in ``act`` must not leave the dialog waiting
                if dialog.isVisible():
                    dialog.reject()
        elif left:
            QTimer.singleShot(20, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    return seen


def count(window, key: str) -> int:
    return window.queues.models[[s.key for s in window.queues.specs].index(key)].rowCount()


def photo(tmp_path, name="site.png") -> str:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    path = tmp_path / name
    assert image.save(str(path))
    return str(path)


def test_the_role_decides_the_desk_and_a_shift_lead_has_several():
    assert first_desk(Actor("a", Role.OPERATOR)) == "intake"
    assert first_desk(Actor("a", Role.DEPARTMENT, "D02")) == "department"
    assert first_desk(Actor("a", Role.LEADER)) == "leader"
    assert first_desk(Actor("a", Role.DISPATCHER)) == "dispatcher"
    assert desks_for(Actor("a", Role.SHIFT_LEAD)) == ("shiftlead", "dispatcher", "intake")
    assert set(DESK_KEYS) >= {"intake", "shiftlead", "dispatcher", "department", "leader"}


def test_department_desk_shows_its_own_cases_and_reports_a_result_with_words_and_a_photo(
        qtbot, world_db, open_desk, tmp_path):
    from commandcenter.store.service import CaseService
    from commandcenter.store.calendar import load_policy
    service = CaseService(world_db, load_policy(world_db))
    ours = report(service, to=Stage.HANDLING, department="D02")
    theirs = report(service, to=Stage.HANDLING, department="D09")
    desk = open_desk("department", "h_d02", Role.DEPARTMENT)
    assert count(desk, "mine") == 1 and desk.queues.models[0].case_ids() == [ours]
    assert set(desk.map.markers()) <= {ours}
    desk.all_action.setChecked(True)  # everybody's cases, to look at
    assert count(desk, "mine") == 2
    desk.all_action.setChecked(False)
    assert desk.queues.models[0].case_ids() == [ours]

    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(ours)

    def fill(dialog):
        assert "提交后案件转入核查" in dialog.findChild(QLabel, "irreversible").text()
        assert not dialog.ok.isEnabled()  # no result without words
        dialog.photos.add_photos([photo(tmp_path)])
        dialog.reason.setPlainText("已清运垃圾，现场已冲洗")
        dialog.accept()

    seen = answer(qtbot, Action.HANDLE, fill)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        desk.detail.action_buttons[Action.HANDLE].click()
    assert seen == ["actionDialog-handle"]
    handled = case_history(world_db, ours)[-1]
    assert handled.action is Action.HANDLE and handled.reason == "已清运垃圾，现场已冲洗"
    [ref] = handled.payload["photos"]
    assert ref.startswith("photo:")
    assert get_case(world_db, ours).stage is Stage.CHECK
    assert desk.detail.case_id == ours  # the acted case stays in view
    qtbot.waitUntil(lambda: len(desk.detail.findChildren(QLabel, "photo")) == 1,
                    timeout=10_000)
    assert get_case(world_db, theirs).stage is Stage.HANDLING


def test_department_desk_asks_with_a_limit_and_hears_the_decision(qtbot, world_db, open_desk):
    desk = open_desk("department", "h_d02", Role.DEPARTMENT)
    service = desk.ws.service
    case_id = report(service, to=Stage.HANDLING, department="D02")
    qtbot.waitUntil(lambda: count(desk, "mine") == 1, timeout=10_000)
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(case_id)

    def ask(dialog):
        dialog.extension.setCurrentIndex(dialog.extension.findText("1工作日"))
        dialog.reason.setPlainText("需调用吸污车")
        dialog.accept()

    answer(qtbot, Action.REQUEST_EXTENSION, ask)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        desk.detail.action_buttons[Action.REQUEST_EXTENSION].click()
    qtbot.waitUntil(lambda: count(desk, "asked") == 1, timeout=10_000)
    before = get_case(world_db, case_id).handle_deadline
    service.act(service.actor("disp1"), case_id, Action.APPROVE)  # another desk decides
    qtbot.waitUntil(lambda: desk.decisions.list.count() == 1, timeout=10_000)
    after = get_case(world_db, case_id).handle_deadline
    assert after > before
    text = desk.decisions.list.item(0).text()
    assert "延期申请已批准" in text and f"{after:%m-%d %H:%M}" in text and "disp1" in text
    assert "延期申请已批准" in desk.message.text()

    # A hold asked with the time the department expects, then rejected.
    def hold(dialog):
        dialog.extension.setCurrentIndex(dialog.extension.findText("5工作日"))
        dialog.reason.setPlainText("等待产权单位确认")
        dialog.accept()

    qtbot.waitUntil(lambda: Action.REQUEST_HOLD in desk.detail.action_buttons, timeout=10_000)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a new gesture, not a double click
    seen = answer(qtbot, Action.REQUEST_HOLD, hold)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        desk.detail.action_buttons[Action.REQUEST_HOLD].click()
    assert seen == ["actionDialog-hold"]
    asked = case_history(world_db, case_id)[-1]
    assert asked.payload["hold_limit"] == str(TimeLimit.parse("5wd"))
    service.act(service.actor("disp1"), case_id, Action.REJECT, reason="不符合挂账条件")
    qtbot.waitUntil(lambda: desk.decisions.list.count() == 2, timeout=10_000)
    assert "挂账申请被驳回" in desk.decisions.list.item(0).text()


def test_decisions_are_read_from_the_event_log_even_when_they_follow_at_once(world_db):
    from commandcenter.store.calendar import load_policy
    from commandcenter.store.decisions import decisions_for
    from commandcenter.store.service import CaseService
    service = CaseService(world_db, load_policy(world_db))
    returned = report(service, to=Stage.HANDLING, department="D02")
    service.act(service.actor("h_d02"), returned, Action.REQUEST_RETURN, reason="非本部门职责")
    service.act(service.actor("disp1"), returned, Action.APPROVE)
    held = report(service, to=Stage.HANDLING, department="D02")
    service.act(service.actor("h_d02"), held, Action.REQUEST_HOLD, reason="待产权确认")
    service.act(service.actor("disp1"), held, Action.REJECT, reason="不予挂账")
    other = report(service, to=Stage.HANDLING, department="D09")
    service.act(service.actor("h_d09"), other, Action.REQUEST_HOLD, reason="待确认")
    service.act(service.actor("disp1"), other, Action.APPROVE)
    found = decisions_for(world_db, "D02")
    assert [(d.case_id, d.kind.value, d.approved) for d in found] == [
        (returned, "return", True), (held, "hold", False)]
    assert found[1].reason == "不予挂账" and found[1].by == "disp1"
    assert decisions_for(world_db, "D02", after_id=found[0].event_id) == found[1:]
    assert [d.case_id for d in decisions_for(world_db, "D09")] == [other]


def test_shift_lead_confirms_what_cannot_be_taken_back(qtbot, world_db, open_desk):
    desk = open_desk("shiftlead", "lead1", Role.SHIFT_LEAD)
    service = desk.ws.service
    case_id = report(service, to=Stage.INTAKE)
    service.act(service.actor("op1"), case_id, Action.ACCEPT)
    qtbot.waitUntil(lambda: count(desk, "filing") == 1, timeout=10_000)
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(case_id)
    qtbot.waitUntil(lambda: desk.overview.values["reported"].text() == "1", timeout=10_000)

    def cancel(dialog):
        assert dialog.ok.text() == "确认立案" and not dialog.ok.isDefault()
        dialog.reject()

    seen = answer(qtbot, Action.FILE, cancel)
    desk.detail.action_buttons[Action.FILE].click()
    assert seen == ["actionDialog-file"]
    assert get_case(world_db, case_id).stage is Stage.FILING  # nothing happened
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    answer(qtbot, Action.FILE, lambda dialog: dialog.accept())
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        desk.detail.action_buttons[Action.FILE].click()
    assert get_case(world_db, case_id).stage is Stage.DISPATCH


def test_intake_registers_a_hotline_call_placed_on_the_map(qtbot, world_db, open_desk, tmp_path):
    desk = open_desk("intake", "op1", Role.OPERATOR)
    form = desk.form
    form.source.setCurrentIndex(form.source.findData(Source.HOTLINE))
    form.klass.setCurrentIndex(form.klass.findData("event:0101"))
    form.description.setPlainText("小区门口垃圾堆放两天")
    form.reporter_name.setText("张三")
    form.reporter_phone.setText("1380013800")  # one digit short of a mobile number: still a phone
    form.reporter_id.setText("12345")
    form.submit.click()
    assert form.problems.isVisible()
    assert "请选择位置" in form.problems.text() and "证件号" in form.problems.text()

    with qtbot.waitSignal(form.sig_place_chosen, timeout=10_000):
        desk.map.sig_point_clicked.emit(116.4007, 39.9104)  # a click on the map
    assert form.place.grid_code == GRID_A
    form.reporter_id.setText("11010119900307001X")
    form.photos.add_photos([photo(tmp_path)])
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        form.submit.click()
    assert "已登记" in desk.message.text()
    case = get_case(world_db, desk.detail.case_id)
    assert (case.source, case.stage, case.grid_code) == (Source.HOTLINE, Stage.INTAKE, GRID_A)
    assert case.reporter_id_no == "11010119900307001X" and case.photos[0].startswith("photo:")
    assert form.place is None and not form.description.toPlainText()  # ready for the next
    qtbot.waitUntil(lambda: count(desk, "intake") == 1, timeout=10_000)


def test_intake_finds_places_by_code_and_by_address(qtbot, world_db, open_desk):
    desk = open_desk("intake", "op1", Role.OPERATOR)
    form = desk.form
    with qtbot.waitSignal(form.sig_place_chosen, timeout=10_000):
        form.locate.setText("1101010101000001")  # a component code: its place and class
        form.locate.returnPressed.emit()
    assert form.place.component_code == "1101010101000001"
    assert form.class_key() == "component:0101" and form.address.text() == "上水井盖"
    form.clear()
    with qtbot.waitSignal(form.sig_place_chosen, timeout=10_000):
        form.locate.setText(GRID_A)
        form.locate.returnPressed.emit()
    assert form.place.grid_code == GRID_A
    form.clear()
    form.locate.setText("no such street")
    form.locate.returnPressed.emit()
    qtbot.waitUntil(lambda: "未找到" in form.place_label.text(), timeout=10_000)
    assert form.place is None
    with qtbot.waitSignal(form.sig_place_chosen, timeout=10_000):
        desk.map.sig_point_clicked.emit(116.4015, 39.9105)
    assert form.place.grid_code != GRID_A
    desk.map.sig_point_clicked.emit(117.0, 40.5)  # outside the district
    qtbot.waitUntil(lambda: "不在本区" in form.place_label.text(), timeout=10_000)


def test_a_bad_photo_keeps_the_form_and_says_why(qtbot, world_db, open_desk, tmp_path):
    desk = open_desk("intake", "op1", Role.OPERATOR)
    form = desk.form
    with qtbot.waitSignal(form.sig_place_chosen, timeout=10_000):
        desk.map.sig_point_clicked.emit(116.4007, 39.9104)
    form.klass.setCurrentIndex(form.klass.findData("event:0101"))
    form.description.setPlainText("垃圾")
    fake = tmp_path / "notes.jpg"
    fake.write_text("not a picture")
    form.photos.add_photos([str(fake)])
    form.submit.click()
    qtbot.waitUntil(lambda: "登记未保存" in desk.message.text(), timeout=10_000)
    assert "notes.jpg 不是图片" in desk.message.text()
    assert form.description.toPlainText() == "垃圾" and form.submit.isEnabled()
    assert count(desk, "intake") == 0


def test_leader_desk_watches_overdue_and_supervised_cases(qtbot, world_db, open_desk):
    from commandcenter.store.calendar import load_policy
    from commandcenter.store.service import CaseService
    service = CaseService(world_db, load_policy(world_db))
    late = report(service, at=local_now() - timedelta(days=10))
    desk = open_desk("leader", "leader1", Role.LEADER)
    assert count(desk, "overdue") == 1
    qtbot.waitUntil(lambda: desk.overview.values["overdue_open"].text() == "1", timeout=10_000)
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(late)

    def order(dialog):
        assert dialog.reason.placeholderText().startswith("督办的要求")
        dialog.reason.setPlainText("今日下班前办结并反馈")
        dialog.accept()

    answer(qtbot, Action.SUPERVISE, order)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        desk.detail.action_buttons[Action.SUPERVISE].click()
    qtbot.waitUntil(lambda: count(desk, "supervised") == 1, timeout=10_000)
    assert case_history(world_db, late)[-1].reason == "今日下班前办结并反馈"


def test_a_shift_lead_switches_desks_with_the_same_login(qtbot, open_desk):
    desk = open_desk("shiftlead", "lead1", Role.SHIFT_LEAD)
    assert desk.desk_choice is not None and desk.desk_choice.count() == 3
    with qtbot.waitSignal(desk.sig_finished, timeout=5_000) as finished:
        desk.desk_choice.activated.emit(desk.desk_choice.findData("intake"))
    assert finished.args == ["desk:intake"]
    single = open_desk("leader", "leader1", Role.LEADER)
    assert single.desk_choice is None  # one duty, nothing to switch


def test_every_desk_is_a_screenshot_view_of_the_command_line():
    from commandcenter.cli.district import SCREENSHOT_VIEWS
    from commandcenter.views.screenshot import VIEWS
    assert list(VIEWS) == SCREENSHOT_VIEWS
    assert set(DESK_KEYS) <= set(VIEWS)


# --- field work: duplicates, field tasks, 自处理 ---------------------------------------------

def _patrols(db, username: str, grid: str) -> None:
    from commandcenter.store.schema import StaffGrid, User
    with db.session() as s:
        user_id = s.query(User.id).filter(User.username == username).scalar()
        s.add(StaffGrid(user_id=user_id, grid_code=grid))


def test_intake_offers_the_duplicate_and_merges_the_call_into_it(qtbot, world_db, open_desk):
    desk = open_desk("intake", "op1", Role.OPERATOR)
    first = report(desk.ws.service, to=Stage.INTAKE)
    form = desk.form
    with qtbot.waitSignal(form.sig_place_chosen, timeout=10_000):
        desk.map.sig_point_clicked.emit(116.4006, 39.9105)  # a few metres from the first
    form.source.setCurrentIndex(form.source.findData(Source.HOTLINE))
    form.klass.setCurrentIndex(form.klass.findData("event:0101"))
    form.description.setPlainText("门口又有人反映垃圾")
    form.reporter_phone.setText("13800138000")
    form.submit.click()
    qtbot.waitUntil(lambda: desk.choice.isVisible(), timeout=10_000)
    assert desk.choice.list.count() == 1 and "相距" in desk.choice.list.item(0).text()
    assert get_case(world_db, first).duplicate_count == 0  # nothing saved while choosing
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.choice.merge.click()
    merged = get_case(world_db, desk.detail.case_id)
    assert merged.merged_into == first and merged.stage is Stage.VOID
    assert merged.reporter_phone == "13800138000"  # the caller is kept on the merged call
    assert get_case(world_db, first).duplicate_count == 1
    assert "合并" in desk.message.text()


def test_the_detail_shows_duplicates_and_a_shift_lead_merges_from_it(qtbot, world_db, open_desk):
    desk = open_desk("shiftlead", "lead1", Role.SHIFT_LEAD)
    service = desk.ws.service
    parent = report(service, to=Stage.INTAKE)
    child = report(service, to=Stage.INTAKE)
    qtbot.waitUntil(lambda: count(desk, "intake") == 2, timeout=10_000)
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(child)
    assert desk.detail.duplicates.isVisible()

    def choose(dialog):
        assert dialog.target.count() == 1 and dialog.target.currentData() == parent
        dialog.accept()

    seen = answer(qtbot, Action.MERGE, choose)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        desk.detail.action_buttons[Action.MERGE].click()
    assert seen == ["actionDialog-merge"]
    assert get_case(world_db, child).merged_into == parent
    qtbot.waitUntil(lambda: count(desk, "intake") == 1, timeout=10_000)


def test_a_field_task_reaches_its_supervisor_who_takes_it(qtbot, world_db, open_desk):
    _patrols(world_db, "sup1", GRID_A)
    service = open_desk("dispatcher", "disp1", Role.DISPATCHER).ws.service
    case_id = report(service, to=Stage.INTAKE, source=Source.PUBLIC)
    service.act(service.actor("op1"), case_id, Action.ACCEPT)  # a public report: verify
    assert get_case(world_db, case_id).assignee == "sup1"
    desk = open_desk("field", "sup1", Role.SUPERVISOR)
    assert count(desk, "verify") == 1 and count(desk, "untaken") == 1
    qtbot.waitUntil(lambda: desk.tasks.list.count() == 1, timeout=10_000)
    assert "待接单" in desk.tasks.list.item(0).text()
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(case_id)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        desk.detail.action_buttons[Action.ACKNOWLEDGE].click()
    qtbot.waitUntil(lambda: count(desk, "untaken") == 0, timeout=10_000)
    qtbot.waitUntil(lambda: "已接单" in desk.tasks.list.item(0).text(), timeout=10_000)


def test_a_dispatcher_gives_a_field_task_to_another_supervisor(qtbot, world_db, open_desk):
    _patrols(world_db, "sup1", GRID_A)
    desk = open_desk("dispatcher", "disp1", Role.DISPATCHER)
    service = desk.ws.service
    from commandcenter.store.positions import Fix, record_fixes
    from commandcenter.store.schema import User
    with world_db.session() as s:
        s.add(User(username="sup9", display_name="sup9", role="supervisor", active=True))
    with world_db.session() as s:
        sup9 = s.query(User.id).filter(User.username == "sup9").scalar()
    # On duty a street away: a candidate, after the grid's own supervisor.
    record_fixes(world_db, [Fix(sup9, local_now() - timedelta(minutes=1), 116.4030, 39.9105,
                                True)])
    case_id = report(service, to=Stage.INTAKE, source=Source.PUBLIC)
    service.act(service.actor("op1"), case_id, Action.ACCEPT)
    qtbot.waitUntil(lambda: count(desk, "verify") == 1, timeout=10_000)
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(case_id)

    first = get_case(world_db, case_id).assignee  # on duty nearby beats off duty in the grid
    assert first == "sup9"

    def give(dialog):
        names = [dialog.assignee.itemData(i) for i in range(dialog.assignee.count())]
        assert names[0] == "sup9" and "sup1" in names
        assert "在岗" in dialog.assignee.itemText(0) and "米" in dialog.assignee.itemText(0)
        assert "本网格" in dialog.assignee.itemText(names.index("sup1"))
        dialog.assignee.setCurrentIndex(names.index("sup1"))
        dialog.accept()

    seen = answer(qtbot, Action.ASSIGN, give)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        desk.detail.action_buttons[Action.ASSIGN].click()
    assert seen == ["actionDialog-assign"]
    assert get_case(world_db, case_id).assignee == "sup1"


def test_a_supervisor_reports_a_case_handled_on_the_spot_for_the_shift_lead(
        qtbot, world_db, open_desk, tmp_path):
    field = open_desk("field", "sup1", Role.SUPERVISOR)
    form = field.form
    assert form.source.count() == 1 and not form.reporter_phone.isVisible()
    with qtbot.waitSignal(form.sig_place_chosen, timeout=10_000):
        field.map.sig_point_clicked.emit(116.4007, 39.9104)
    form.klass.setCurrentIndex(form.klass.findData("component:0101"))
    assert not form.self_handled.isEnabled()  # a manhole cover is no job for a supervisor
    form.klass.setCurrentIndex(form.klass.findData("event:0101"))
    assert form.self_handled.isEnabled()
    form.self_handled.setChecked(True)
    form.description.setPlainText("路边垃圾已清理")
    form.submit.click()
    assert "照片" in form.problems.text()  # handled on the spot needs its photo
    form.photos.add_photos([photo(tmp_path)])
    form.submit.click()
    qtbot.waitUntil(lambda: "自处理" in field.message.text(), timeout=10_000)

    lead = open_desk("shiftlead", "lead1", Role.SHIFT_LEAD)
    assert count(lead, "self_handled") == 1 and count(lead, "requests") == 0
    keys = [s.key for s in lead.queues.specs]
    [case_id] = lead.queues.models[keys.index("self_handled")].case_ids()
    with qtbot.waitSignal(lead.detail.sig_case_shown, timeout=10_000):
        lead.select_case(case_id)
    answer(qtbot, Action.APPROVE, lambda dialog: dialog.accept())
    with qtbot.waitSignal(lead.detail.sig_case_changed, timeout=10_000):
        lead.detail.action_buttons[Action.APPROVE].click()
    case = get_case(world_db, case_id)
    assert case.stage is Stage.CLOSED and case.self_handled
