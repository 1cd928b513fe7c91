"""The English translation: the shipped .qm translates the views and the domain labels, the
.ts is complete and covers every text of the views, widgets and the map page follow it."""
from __future__ import annotations

import ast
import json
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from datetime import datetime, timedelta
from importlib.resources import as_file
from pathlib import Path

from commandcenter.resources import resource
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from commandcenter.models.catalog import load_catalog, load_departments
from commandcenter.models.enums import CaseKind, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store.board import BoardCase
from commandcenter.views.common.i18n import (
    domain_text,
    install_translators,
    limit_text,
    reason_text,
)

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "commandcenter_en.ts"
SCANNED = (ROOT / "commandcenter" / "views", ROOT / "commandcenter" / "map")
MON_9 = datetime(2026, 11, 23, 9, 0)  # a Monday, in working time
TIMEOUT = 20_000

_STRINGS = r"""((?:\s*(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))+)\s*"""
_TR = re.compile(r"self\.tr\(" + _STRINGS + r"[,)]")
_TRANSLATE = re.compile(r"(?:QCoreApplication\.translate|\btranslate|QT_TRANSLATE_NOOP)\(\s*"
                        r"""["']([^"']+)["']\s*,""" + _STRINGS + r"[,)]")
_CLASS = re.compile(r"^class (\w+)", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@contextmanager
def english(app: QApplication):
    """The English translators installed on the running application for the block."""
    translators = install_translators(app, "en")
    try:
        assert translators, "no translation could be loaded"
        yield
    finally:
        for translator in translators:
            app.removeTranslator(translator)
            translator.deleteLater()


def ts_messages() -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) of every live message of the .ts."""
    result = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("vanished", "obsolete"):
                continue
            result.append((name, message.findtext("source") or "", translation))
    return result


def code_texts() -> set[tuple[str, str]]:
    """(context, text) of every literal the views and the map hand to tr / translate /
    QT_TRANSLATE_NOOP; a ``self.tr`` takes the name of the class it is written in as its
    context."""
    found = set()
    for path in sorted(p for folder in SCANNED for p in folder.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        classes = [(m.start(), m[1]) for m in _CLASS.finditer(source)]
        for match in _TR.finditer(source):
            owner = [name for start, name in classes if start < match.start()]
            assert owner, f"{path.name}: self.tr outside a class at {match.start()}"
            found.add((owner[-1], ast.literal_eval(f"({match[1]})")))
        for match in _TRANSLATE.finditer(source):
            found.add((match[1], ast.literal_eval(f"({match[2]})")))
    return found


def board_case(**changes) -> BoardCase:
    values = dict(
        id=1, number="2026112300001", stage=Stage.DISPATCH, class_key="event:0101",
        class_name="暴露垃圾", kind=CaseKind.EVENT, urgency=Urgency.URGENT,
        grid_code="110101001001001", address="东华门大街1号", description="", department_code=None,
        stage_started_at=MON_9, deadline=MON_9 + timedelta(hours=2), handle_deadline=None,
        pending_request=None, supervision_level=0, escalation_level=0, rework_count=0,
        lon=116.4, lat=39.91, version=1, updated_by="disp1", updated_at=MON_9,
        reported_at=MON_9, source=Source.SUPERVISOR)
    values.update(changes)
    return BoardCase(**values)


# --- the files -----------------------------------------------------------------------------

def test_the_compiled_translation_ships_as_a_resource():
    with as_file(resource("i18n", "commandcenter_en.qm")) as path:
        assert path.is_file() and path.stat().st_size > 10_000


def test_qm_translates_a_view_string_and_a_domain_label(qapp):
    assert domain_text("待派遣") == "待派遣"  # Chinese, the source language, until installed
    with english(qapp):
        assert QCoreApplication.translate("QueueTabs", "筛选案件…") == "Filter cases…"
        assert QCoreApplication.translate("CaseDetailPanel", "未选择案件") == "No case selected"
        assert domain_text(Stage.DISPATCH.label) == "To dispatch"
        assert domain_text(Stage.HELD.label) == "On hold"
        assert domain_text("督办") == "Supervision order"
        assert domain_text("暴露垃圾") == "Exposed rubbish"
        assert domain_text("环卫中心") == "Sanitation"
        assert domain_text("not a label") == "not a label"
        assert limit_text("2wh") == "2 work h"
        assert reason_text("属地街道") == "Local street office"
        assert (reason_text("规则#12: 事件 05 街面秩序 → 城管执法局")
                == "Rule #12: Event 05 Street order → Urban Enforcement")
    assert domain_text("待派遣") == "待派遣"


def test_every_message_of_the_ts_is_finished_and_keeps_its_placeholders():
    messages = ts_messages()
    assert len(messages) > 400
    problems = []
    for context, source, translation in messages:
        if translation is None or translation.get("type") == "unfinished":
            problems.append(f"[{context}] {source!r}: unfinished")
        elif not (translation.text or "").strip():
            problems.append(f"[{context}] {source!r}: empty translation")
        elif sorted(_PLACEHOLDER.findall(source)) != sorted(
                _PLACEHOLDER.findall(translation.text)):
            problems.append(f"[{context}] {source!r}: placeholders differ in "
                            f"{translation.text!r}")
    assert problems == []


def test_every_text_of_the_views_and_the_map_is_in_the_ts():
    texts = code_texts()
    assert len(texts) > 150  # the scan itself still finds the views' texts
    in_ts = {(context, source) for context, source, _ in ts_messages()}
    assert sorted(texts - in_ts) == []  # run scripts/update_translations.py, then translate


def test_every_domain_label_is_in_the_domain_context():
    domain = {source for context, source, _ in ts_messages() if context == "domain"}
    catalog = load_catalog()
    labels = {s.label for s in Stage} | {u.label for u in Urgency} | {k.label for k in CaseKind}
    labels |= {m.name for kind in CaseKind for m in catalog.majors(kind)}
    labels |= {m.name for m in catalog}
    labels |= {d.name for d in load_departments()} | {d.short_name for d in load_departments()}
    assert sorted(labels - domain) == []


# --- widgets and the map page ------------------------------------------------------------------

def test_queue_tabs_created_after_the_translator_speak_english(qapp, qtbot):
    from commandcenter.views.common.queues import (
        COL_CLASS,
        COL_COUNTDOWN,
        COL_DEPARTMENT,
        COL_STAGE,
        QueueTabs,
    )
    with english(qapp):
        tabs = QueueTabs(default_policy(), department_names={"D09": "环卫中心"},
                         now=lambda: MON_9)
        qtbot.addWidget(tabs)
        tabs.set_cases([board_case(),
                        board_case(id=2, stage=Stage.HANDLING, department_code="D09")])
        titles = [tabs.tabText(i) for i in range(tabs.count())]
        assert "To dispatch (1)" in titles and "Handling (1)" in titles
        assert tabs.search.placeholderText() == "Filter cases…"
        model = tabs.models[titles.index("To dispatch (1)")]
        assert model.headerData(0, Qt.Orientation.Horizontal) == "Case no."
        assert model.index(0, COL_CLASS).data() == "Exposed rubbish"
        assert model.index(0, COL_STAGE).data() == "To dispatch"
        assert model.index(0, COL_COUNTDOWN).data() == "2 work h 00 min"
        handling = tabs.models[titles.index("Handling (1)")]
        assert handling.index(0, COL_DEPARTMENT).data() == "Sanitation"


def test_login_dialog_created_after_the_translator_speaks_english(qapp, qtbot):
    from commandcenter.views.common.login import LoginDialog
    with english(qapp):
        dialog = LoginDialog(None, None)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Sign in · Grid Management Command Center"
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "Sign in"


def test_map_page_strings_follow_the_language(qapp, qtbot):
    from commandcenter.map.view import MapView, page_strings
    assert page_strings("zh_CN")["countdownTitle"] == "案件倒计时"  # nothing installed
    with english(qapp):
        strings = page_strings("en")
        assert strings["states"] == ["On track", "Due soon", "Overdue"]
        assert strings["stages"]["dispatch"] == "To dispatch"
        view = MapView(language="en")
        errors = []
        view.bridge.sig_page_error.connect(errors.append)
        qtbot.addWidget(view)
        view.resize(900, 600)  # room for the legend unfolded
        view.show()
        qtbot.waitUntil(lambda: view.is_ready and view.painted_seq >= 1, timeout=TIMEOUT)
    assert view.language == "en"

    def page_words() -> tuple[str, str]:
        box = []
        view.web_view.page().runJavaScript(
            "JSON.stringify([ccMap.state().lang, ccMap.texts().legend])", 0, box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=5000)
        return tuple(json.loads(box[0]))

    lang, legend = page_words()
    assert lang == "en"
    assert "Case countdown" in legend and "On track" in legend and "Urgent" in legend
    assert "案件倒计时" not in legend
    with qtbot.waitSignal(view.sig_ready, timeout=TIMEOUT):  # a reload gets them again
        view.web_view.reload()
    seq = view.painted_seq
    qtbot.waitUntil(lambda: view.painted_seq > seq, timeout=TIMEOUT)
    assert page_words() == (lang, legend)
    assert errors == []


def test_chinese_needs_no_translation_file(qapp):
    translators = install_translators(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("QueueTabs", "筛选案件…") == "筛选案件…"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
