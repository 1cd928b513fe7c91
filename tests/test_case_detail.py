"""The case detail panel on real databases: buttons per role, actions, stale clicks, privacy."""
from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel

from commandcenter.models import workflow
from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.catalog import load_catalog, load_departments
from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.routing import Router, default_rules
from commandcenter.models.timeline import StepState
from commandcenter.models.workflow import ForbiddenTransition
from commandcenter.models.worktime import TimeLimit
from commandcenter.store.personal_data import personal_data_reads
from commandcenter.store.queries import case_history, get_case
from commandcenter.store.service import CaseService
from commandcenter.views.common.case_detail import CaseDetailPanel
from commandcenter.views.common.tasks import TaskRunner

from .conftest import GRID_A

NOW = datetime(2026, 11, 23, 10, 0)  # a Monday
PHONE, ID_NO = "13812345678", "110101199003071234"


@pytest.fixture
def service(world_db):
    return CaseService(world_db, default_policy(), clock=lambda: NOW)


@pytest.fixture
def runner():
    tasks = TaskRunner()
    yield tasks
    tasks.wait()


def t(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute)


def case_to_dispatch(service: CaseService, photos: tuple[str, ...] = ()) -> int:
    draft = CaseDraft(Source.SUPERVISOR, CaseKind.EVENT, "event:0101", Urgency.NORMAL,
                      116.4005, 39.9105, GRID_A, "人行道暴露垃圾", address="东单北大街12号",
                      reporter_name="张三丰", reporter_phone=PHONE, reporter_id_no=ID_NO,
                      photos=photos)
    case = service.report(service.actor("sup1"), draft, at=t(9, 40))
    service.act(service.actor("op1"), case.id, Action.ACCEPT, at=t(9, 45))
    service.act(service.actor("lead1"), case.id, Action.FILE, at=t(9, 50))
    return case.id


def dispatched(service: CaseService, department: str = "D02") -> int:
    case_id = case_to_dispatch(service)
    service.act(service.actor("disp2"), case_id, Action.DISPATCH, at=t(9, 55),
                department_code=department)
    return case_id


class AnsweringPanel(CaseDetailPanel):
    """Answers the questions an action asks with what a test set, instead of a dialog."""

    answers: dict[Action, dict] = {}

    def _ask(self, action, case):
        self.asked = (action, case.version)
        return self.answers.get(action, {})


def open_panel(qtbot, db, service, runner, username, case_id, cls=CaseDetailPanel, router=None):
    panel = cls(db, service, service.actor(username), runner, router)
    qtbot.addWidget(panel)
    panel.resize(700, 900)
    panel.show()
    with qtbot.waitSignal(panel.sig_case_shown, timeout=10_000):
        panel.show_case(case_id)
    return panel


def button_texts(panel) -> list[str]:
    return [b.text() for b in panel.action_buttons.values()]


def test_buttons_are_exactly_the_allowed_actions_of_each_role(qtbot, world_db, service, runner):
    case_id = case_to_dispatch(service)
    expected = {"disp1": ["派遣"], "h_d02": [], "leader1": ["督办"],
                "lead1": ["派遣", "作废", "督办", "合并"]}
    for user, texts in expected.items():
        panel = open_panel(qtbot, world_db, service, runner, user, case_id)
        assert button_texts(panel) == texts, user
        rules = workflow.allowed_actions(get_case(world_db, case_id), service.actor(user), NOW)
        assert button_texts(panel) == [a.label for a in rules]

    service.act(service.actor("disp2"), case_id, Action.DISPATCH, department_code="D02")
    expected = {"h_d02": ["申请回退", "申请延期", "申请挂账", "处置反馈"], "h_d09": [],
                "disp1": [], "leader1": ["督办"]}
    for user, texts in expected.items():
        panel = open_panel(qtbot, world_db, service, runner, user, case_id)
        assert button_texts(panel) == texts, user
        idle = [w for w in panel.findChildren(QLabel) if w.text() == "当前没有您可执行的操作"]
        assert len(idle) == (0 if texts else 1)


def test_clicking_dispatch_changes_the_case_and_emits_the_change(qtbot, world_db, service,
                                                                 runner):
    case_id = case_to_dispatch(service)
    AnsweringPanel.answers = {Action.DISPATCH: {"department_code": "D09"}}
    panel = open_panel(qtbot, world_db, service, runner, "disp1", case_id, AnsweringPanel)
    version = panel.case.version
    with qtbot.waitSignal(panel.sig_case_changed, timeout=10_000) as changed:
        qtbot.mouseClick(panel.action_buttons[Action.DISPATCH], Qt.MouseButton.LeftButton)
    assert changed.args == [case_id]
    assert panel.asked == (Action.DISPATCH, version)
    stored = get_case(world_db, case_id)
    assert (stored.stage, stored.department_code, stored.version) == (Stage.HANDLING, "D09",
                                                                      version + 1)
    last = case_history(world_db, case_id)[-1]
    assert (last.action, last.actor, last.payload["department"]) == (
        Action.DISPATCH, "disp1", "D09")
    # The panel reloads and shows the new state; the dispatcher may only take it back.
    qtbot.waitUntil(lambda: panel.case.version == version + 1, timeout=10_000)
    assert button_texts(panel) == ["撤回派遣"]
    assert panel.stage_badge.text() == "处置中"
    assert "已派遣" in panel.message_label.text() and panel.message_bar.isVisible()


def test_a_reason_from_the_question_reaches_the_event(qtbot, world_db, service, runner):
    case_id = dispatched(service)
    AnsweringPanel.answers = {Action.REQUEST_EXTENSION: {
        "reason": "需调用大型机械", "extension": TimeLimit.parse("1wd")}}
    panel = open_panel(qtbot, world_db, service, runner, "h_d02", case_id, AnsweringPanel)
    with qtbot.waitSignal(panel.sig_case_changed, timeout=10_000):
        panel.action_buttons[Action.REQUEST_EXTENSION].click()
    last = case_history(world_db, case_id)[-1]
    assert (last.action, last.reason, last.payload["extension"]) == (
        Action.REQUEST_EXTENSION, "需调用大型机械", "1wd")
    qtbot.waitUntil(lambda: "待审批" in panel.flags_badge.text(), timeout=10_000)
    assert "1工作日" in panel.flags_badge.text()
    assert button_texts(panel) == []  # a pending request blocks the department's actions


def test_cancelled_question_does_nothing(qtbot, world_db, service, runner):
    case_id = case_to_dispatch(service)

    class Cancelling(CaseDetailPanel):
        def _ask(self, action, case):
            return None

    panel = open_panel(qtbot, world_db, service, runner, "disp1", case_id, Cancelling)
    with qtbot.assertNotEmitted(panel.sig_message):
        panel.action_buttons[Action.DISPATCH].click()
    assert get_case(world_db, case_id).stage is Stage.DISPATCH


def test_stale_click_says_who_acted_first_and_changes_nothing(qtbot, world_db, service, runner):
    case_id = case_to_dispatch(service)
    AnsweringPanel.answers = {Action.DISPATCH: {"department_code": "D02"}}
    panel = open_panel(qtbot, world_db, service, runner, "disp1", case_id, AnsweringPanel)
    service.act(service.actor("disp2"), case_id, Action.DISPATCH, department_code="D09",
                expected_version=panel.case.version)
    before = get_case(world_db, case_id)
    events = len(case_history(world_db, case_id))
    with qtbot.assertNotEmitted(panel.sig_case_changed):
        with qtbot.waitSignal(panel.sig_message, timeout=10_000) as message:
            panel.action_buttons[Action.DISPATCH].click()
    text = message.args[0]
    number = panel.case.number
    assert text.startswith(f"案件 {number} 已由 disp2 于 10:00 派遣至 "), text
    assert text.endswith("当前状态：处置中"), text
    assert panel.message_label.text() == text and panel.message_bar.isVisible()
    assert get_case(world_db, case_id) == before
    assert len(case_history(world_db, case_id)) == events
    # The panel then shows the case as it is now, and keeps the message up.
    qtbot.waitUntil(lambda: panel.case.version == before.version, timeout=10_000)
    assert button_texts(panel) == [] and panel.message_bar.isVisible()


def test_phone_masked_for_a_department_and_logged_when_an_operator_sees_it(
        qtbot, world_db, service, runner):
    case_id = dispatched(service)
    handler = open_panel(qtbot, world_db, service, runner, "h_d02", case_id)
    assert handler.reporter_phone.text() == "138****5678"
    assert handler.reporter_name.text() == "张**"
    assert handler.reporter_id.text() == "110101********1234"
    assert personal_data_reads(world_db, case_id) == []

    operator = open_panel(qtbot, world_db, service, runner, "op1", case_id)
    assert operator.reporter_phone.text() == PHONE
    assert operator.reporter_id.text() == ID_NO
    reads = personal_data_reads(world_db, case_id)
    assert [(r.username, r.role) for r in reads] == [("op1", Role.OPERATOR)]
    assert set(reads[0].fields) == {"name", "phone", "id_no"}
    # Reloading the case on screen does not read the reporter again; another case does.
    with qtbot.waitSignal(operator.sig_case_shown, timeout=10_000):
        operator.show_case(case_id)
    assert len(personal_data_reads(world_db, case_id)) == 1


def test_history_table_has_a_row_per_event_and_the_loop_shows_the_detours(
        qtbot, world_db, service, runner):
    case_id = dispatched(service, "D02")
    act = service.act
    act(service.actor("h_d02"), case_id, Action.REQUEST_RETURN, reason="不属本部门", at=t(9, 56))
    act(service.actor("disp1"), case_id, Action.APPROVE, at=t(9, 57))
    act(service.actor("disp1"), case_id, Action.DISPATCH, department_code="D09", at=t(9, 58))
    act(service.actor("h_d09"), case_id, Action.HANDLE, at=t(9, 58))
    act(service.actor("sup1"), case_id, Action.CHECK_FAIL, reason="仍有垃圾", at=t(9, 59))
    panel = open_panel(qtbot, world_db, service, runner, "disp1", case_id)
    events = case_history(world_db, case_id)
    assert panel.history.rowCount() == len(events) == 9
    row = [panel.history.item(4, c).text() for c in range(7)]
    assert row[1:6] == ["申请回退", "h_d02", "专业部门", "处置中", "不属本部门"]
    assert panel.history.item(5, 4).text() == "处置中 → 待派遣"
    assert "第1次返工" in panel.history.item(8, 6).text()
    progress = panel.timeline.progress
    assert progress.step("handling").state is StepState.CURRENT
    assert progress.step("check").state is StepState.PENDING
    assert {(j.label, j.count) for j in progress.jumps} == {("回退", 1), ("返工", 1)}
    assert panel.place_label.text().startswith("处置部门：")
    assert [w.text() for w in panel.findChildren(QLabel) if w.text() == "无照片"] == ["无照片"]


def test_photos_show_as_thumbnails_or_as_missing(qtbot, world_db, service, runner, tmp_path):
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#4caf50"))
    photo = tmp_path / "site.png"
    assert image.save(str(photo))
    case_id = case_to_dispatch(service, photos=(str(photo), str(tmp_path / "gone.jpg")))
    panel = open_panel(qtbot, world_db, service, runner, "disp1", case_id)
    shown = panel.findChildren(QLabel, "photo")
    assert len(shown) == 2
    assert not shown[0].pixmap().isNull() and shown[0].toolTip() == str(photo)
    assert shown[1].text() == "照片缺失：gone.jpg"


def test_dispatch_question_offers_the_router_suggestion_first(qtbot, world_db, service, runner):
    from commandcenter.views.common.action_dialog import ActionDialog
    departments = load_departments()
    router = Router(default_rules(load_catalog(), departments), departments, load_catalog())
    case_id = case_to_dispatch(service)
    panel = open_panel(qtbot, world_db, service, runner, "disp1", case_id, router=router)
    first = router.suggest("event", "01", "01", GRID_A)[0]
    dialog = ActionDialog(Action.DISPATCH, panel._departments, panel._suggestions, panel)
    qtbot.addWidget(dialog)
    assert dialog.department.currentData() == first.department_code
    assert dialog.values() == {"department_code": first.department_code}
    reason = ActionDialog(Action.REQUEST_RETURN, {}, (), panel)
    qtbot.addWidget(reason)
    assert not reason.ok.isEnabled()
    reason.reason.setPlainText("不属本部门职责")
    assert reason.ok.isEnabled() and reason.values() == {"reason": "不属本部门职责"}
    extension = ActionDialog(Action.REQUEST_EXTENSION, {}, (), panel)
    qtbot.addWidget(extension)
    extension.extension.setCurrentIndex(extension.extension.findText("1工作日"))
    extension.reason.setPlainText("需调用机械")
    assert extension.values() == {"extension": TimeLimit.parse("1wd"), "reason": "需调用机械"}


def test_refusals_are_told_in_plain_chinese(qtbot, world_db, service, runner):
    panel = open_panel(qtbot, world_db, service, runner, "h_d02", dispatched(service))
    refusal = ForbiddenTransition("x", action=Action.DISPATCH, stage=Stage.HANDLING,
                                  role=Role.DISPATCHER)
    assert panel._refusal(Action.DISPATCH, refusal) == "该案件当前处于「处置中」，不能派遣"
    refusal = ForbiddenTransition("x", action=Action.DISPATCH, stage=Stage.HANDLING,
                                  role=Role.DEPARTMENT)
    assert panel._refusal(Action.DISPATCH, refusal) == "您的角色（专业部门）无权派遣"


def test_unknown_case_and_clear(qtbot, world_db, service, runner):
    panel = CaseDetailPanel(world_db, service, service.actor("disp1"), runner)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.sig_message, timeout=10_000) as message:
        panel.show_case(999_999)
    assert message.args[0].startswith("案件不存在") and panel.case is None
    panel.clear()
    assert not panel.message_bar.isVisible() and panel.body.isHidden()


def returned(service: CaseService) -> int:
    """A case whose department asked to give it back: a dispatcher may approve."""
    case_id = dispatched(service)
    service.act(service.actor("h_d02"), case_id, Action.REQUEST_RETURN, reason="非本单位职责",
                at=t(9, 58))
    return case_id


def test_a_double_click_takes_the_action_once(qtbot, world_db, service, runner, request):
    case_id = returned(service)
    # Answered without the confirmation (its own test is below): a double click's two
    # clicks then both reach the buttons, the case of the defect.
    panel = open_panel(qtbot, world_db, service, runner, "disp1", case_id, cls=AnsweringPanel)
    events = len(case_history(world_db, case_id))
    button = panel.action_buttons[Action.APPROVE]
    interval = QApplication.doubleClickInterval()
    QApplication.setDoubleClickInterval(60_000)  # however slow the machine, still one gesture
    request.addfinalizer(lambda: QApplication.setDoubleClickInterval(interval))
    with qtbot.waitSignal(panel.sig_case_changed, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a double click's two clicks
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.case.version == get_case(world_db, case_id).version,
                    timeout=10_000)
    # The buttons the second click could reach now are the next stage's: still one action.
    panel.action_buttons[next(iter(panel.action_buttons))].click()
    assert len(case_history(world_db, case_id)) == events + 1
    assert panel.case_id == case_id  # the acted case stays on screen


def test_a_dialog_answered_after_its_case_left_still_reports_the_result(qtbot, world_db,
                                                                        service, runner):
    first, second = case_to_dispatch(service), case_to_dispatch(service)

    class SwitchingPanel(CaseDetailPanel):
        def _ask(self, action, case):
            # While the dialog is open another desk dispatches the case and the panel
            # moves on to another one.
            service.act(service.actor("disp2"), case.id, Action.DISPATCH, department_code="D09")
            with qtbot.waitSignal(self.sig_case_shown, timeout=10_000):
                self.show_case(second)
            return {"department_code": "D02"}

    panel = open_panel(qtbot, world_db, service, runner, "disp1", first, SwitchingPanel)
    number = get_case(world_db, first).number
    with qtbot.waitSignal(panel.sig_message, timeout=10_000) as message:
        panel.action_buttons[Action.DISPATCH].click()
    assert number in message.args[0] and "disp2" in message.args[0], message.args[0]
    assert panel.message_bar.isVisible() and panel.case_id == second
    assert panel.action_buttons[Action.DISPATCH].isEnabled()  # the shown case is free again
    assert get_case(world_db, first).department_code == "D09"


def test_the_countdown_reads_naturally_and_a_component_case_shows_its_code(
        qtbot, world_db, service, runner):
    draft = CaseDraft(Source.SUPERVISOR, CaseKind.COMPONENT, "component:0101", Urgency.NORMAL,
                      116.4005, 39.9105, GRID_A, "井盖破损", component_code="1101010101000001")
    case = service.report(service.actor("sup1"), draft, at=t(9, 55))  # 10 working minutes
    panel = open_panel(qtbot, world_db, service, runner, "op1", case.id)
    text = panel.countdown_label.text()
    assert text == "剩余工作时间 5分钟，时限 11-23 10:05", text
    assert text.startswith("剩余工作时间 ") and "0小时" not in text and "工作时 " not in text, text
    assert "分钟" in text or "小时" in text, text
    assert "部件：1101010101000001" in panel.place_label.text()
    assert panel._duration(30, 480, True) == "30分钟"
    assert panel._duration(4.9, 480, True) == "4分钟"  # whole minutes, as the queues say
    assert panel._duration(125, 480, True) == "2小时5分钟"
    assert panel._duration(120, 480, True) == "2小时"
    assert panel._duration(480 + 180, 480, True) == "1个工作日 3小时"
