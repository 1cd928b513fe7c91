"""A field supervisor picked on a desk's map for the case shown, end to end: a click on a
person's dot in the real page, the 指派 dialog with them chosen, the case given to them."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication

from commandcenter.models.case import Action
from commandcenter.models.enums import Role, Source, Stage
from commandcenter.store.positions import Fix, record_fixes
from commandcenter.store.queries import case_history, get_case
from commandcenter.store.schema import User
from commandcenter.store.service import local_now

from .conftest import GRID_A
from .test_desks import _patrols, answer, open_desk, report  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow


def js(qtbot, desk, script: str):
    box = []
    desk.map.web_view.page().runJavaScript(f"JSON.stringify({script})", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0]) if box[0] else None  # nothing: the page is not up yet


def supervisor(db, username: str, lon: float, on_duty: bool = True) -> int:
    """A supervisor who sent a fix a minute ago, ``lon`` on the case's parallel."""
    with db.session() as s:
        s.add(User(username=username, display_name=f"监督员{username}", role="supervisor",
                   active=True))
    with db.session() as s:
        user_id = s.query(User.id).filter(User.username == username).scalar()
    record_fixes(db, [Fix(user_id, local_now() - timedelta(minutes=1), lon, 39.9105, on_duty)])
    return user_id


def click_person(qtbot, desk, user_id: int) -> None:
    qtbot.waitUntil(lambda: js(qtbot, desk, f"ccMap.staffPointOf({user_id})") is not None,
                    timeout=20_000)
    x, y = js(qtbot, desk, f"ccMap.staffPointOf({user_id})")
    assert js(qtbot, desk, f"ccMap.clickAt({x}, {y})") == {"staff": user_id}


def test_a_supervisor_clicked_on_the_map_is_given_the_case_shown(qtbot, world_db, open_desk):
    _patrols(world_db, "sup1", GRID_A)
    nearby = supervisor(world_db, "sup9", 116.4030)            # ranked first
    resting = supervisor(world_db, "sup7", 116.4060, on_duty=False)  # not ranked: off duty
    desk = open_desk("dispatcher", "disp1", Role.DISPATCHER)
    desk.off_duty_action.setChecked(True)  # the grey dots of people off duty too

    # Nothing to give yet: the click says what to do, and opens nothing.
    click_person(qtbot, desk, resting)
    qtbot.waitUntil(lambda: "待核实或待核查" in desk.message.text(), timeout=10_000)
    assert "监督员sup7" in desk.message.text()
    assert QApplication.activeModalWidget() is None

    service = desk.ws.service
    case_id = report(service, to=Stage.INTAKE, source=Source.PUBLIC)
    service.act(service.actor("op1"), case_id, Action.ACCEPT)  # a public report: verify
    case = get_case(world_db, case_id)
    assert case.assignee == "sup9"
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(case_id)
    # The ranked candidates are ringed, and every tooltip says a click gives the case.
    with world_db.session() as s:
        sup1 = s.query(User.id).filter(User.username == "sup1").scalar()
    qtbot.waitUntil(lambda: js(qtbot, desk, "ccMap.staffPick()") == {
        "pickable": True, "ranked": [nearby, sup1]}, timeout=10_000)
    assert js(qtbot, desk, f"ccMap.staffTip({nearby})") == (
        "监督员sup9 | 候选第 1 位 · 点击指派")
    assert js(qtbot, desk, f"ccMap.staffTip({resting})") == "监督员sup7（未在岗） | 点击指派"

    # The one who holds it already: said, nothing asked.
    click_person(qtbot, desk, nearby)
    qtbot.waitUntil(lambda: "已由 监督员sup9 承担" in desk.message.text(), timeout=10_000)

    def give(dialog):
        assert case.number in dialog.windowTitle() and case.number in dialog.case_label.text()
        assert dialog.assignee.currentData() == "sup7"
        text = dialog.assignee.currentText()
        assert "地图选择" in text and "未在岗" in text and "米" in text and "在办任务 0" in text
        assert [dialog.assignee.itemData(i) for i in range(dialog.assignee.count())] == [
            "sup9", "sup1", "sup7"]  # the ranked first, as ever
        dialog.accept()

    seen = answer(qtbot, Action.ASSIGN, give)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        click_person(qtbot, desk, resting)
    assert seen == ["actionDialog-assign"]
    assert get_case(world_db, case_id).assignee == "sup7"
    event = case_history(world_db, case_id)[-1]
    assert (event.action, event.actor, event.payload["previous"]) == (
        Action.ASSIGN, "disp1", "sup9")


def test_a_ranked_candidate_clicked_is_chosen_in_the_ranked_list(qtbot, world_db, open_desk):
    _patrols(world_db, "sup1", GRID_A)
    nearby = supervisor(world_db, "sup9", 116.4030)
    second = supervisor(world_db, "sup8", 116.4050)
    with world_db.session() as s:
        sup1 = s.query(User.id).filter(User.username == "sup1").scalar()
    desk = open_desk("shiftlead", "lead1", Role.SHIFT_LEAD)
    service = desk.ws.service
    case_id = report(service, to=Stage.INTAKE, source=Source.PUBLIC)
    service.act(service.actor("op1"), case_id, Action.ACCEPT)
    with qtbot.waitSignal(desk.detail.sig_case_shown, timeout=10_000):
        desk.select_case(case_id)
    # sup9 holds the task now, and its load puts them behind sup8.
    qtbot.waitUntil(lambda: (js(qtbot, desk, "ccMap.staffPick()") or {}).get("ranked") == [
        second, nearby, sup1], timeout=10_000)

    def give(dialog):
        assert dialog.assignee.currentIndex() == 0 and dialog.assignee.currentData() == "sup8"
        assert "地图选择" in dialog.assignee.currentText()
        assert "地图选择" not in dialog.assignee.itemText(1)
        assert dialog.assignee.count() == 3  # sup8, sup9, sup1: nobody added
        dialog.accept()

    seen = answer(qtbot, Action.ASSIGN, give)
    with qtbot.waitSignal(desk.detail.sig_case_changed, timeout=10_000):
        click_person(qtbot, desk, second)
    assert seen == ["actionDialog-assign"]
    assert get_case(world_db, case_id).assignee == "sup8"
    # Done: the case is still shown and still to verify, so the map keeps offering it.
    qtbot.waitUntil(lambda: js(qtbot, desk, "ccMap.staffPick()")["pickable"], timeout=10_000)
