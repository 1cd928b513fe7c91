"""Interface language: the source strings are Chinese; English comes from a Qt
translation file shipped in resources/i18n.

Widgets translate their own sentences with ``self.tr``. Labels that come from the domain
layer (stages, actions, roles, sources, urgencies, case and request kinds, time-limit
units, class names from the catalog, department names) are shown through
:func:`domain_text` and its companions below, which translate them in the single context
``"domain"``; ``scripts/update_translations.py`` puts every such label in that context.

Place names are data, not in the translation file: an English interface shows the English
name stored with each district, street and community (``areas.name_en``), which a screen
registers with :func:`set_place_names` when it opens; :func:`domain_text` falls back to it
where the translation file has no word (it has the streets, by their street offices).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from importlib.resources import as_file

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale,
                            QTranslator)
from PySide6.QtWidgets import QApplication

from commandcenter.models.worktime import LimitUnit, TimeLimit
from commandcenter.resources import resource

DOMAIN_CONTEXT = "domain"

# Terms the domain layer writes as plain literals rather than as enum labels.
EXTRA_DOMAIN_TERMS = (
    #: why the router suggests a department: the component's registered owner
    QT_TRANSLATE_NOOP("domain", "部件权属单位"),
    #: why the router suggests a department: it usually handles the case's class
    QT_TRANSLATE_NOOP("domain", "类别主管部门"),
    #: why the router suggests a department: the street office where the case is
    QT_TRANSLATE_NOOP("domain", "属地街道"),
    #: part of a routing rule's description: "区域 110101001" (area code prefix)
    QT_TRANSLATE_NOOP("domain", "区域"),
    #: part of a routing rule's description: the rule applies to every class
    QT_TRANSLATE_NOOP("domain", "全部"),
    #: a detour of the closed loop: sent back for rework after a failed check
    QT_TRANSLATE_NOOP("domain", "返工"),
    #: a detour of the closed loop: sent back
    QT_TRANSLATE_NOOP("domain", "退回"),
    #: state of a component in the component register
    QT_TRANSLATE_NOOP("domain", "完好"),
    #: state of a component in the component register
    QT_TRANSLATE_NOOP("domain", "破损"),
    #: state of a component in the component register
    QT_TRANSLATE_NOOP("domain", "丢失"),
    #: state of a component in the component register
    QT_TRANSLATE_NOOP("domain", "占用"),
)

#: not shown: the code of the interface language, "en" in the English translation; it tells
#: which of a place's names to show
_LANGUAGE_CODE = QT_TRANSLATE_NOOP("domain", "zh_CN")
_place_names: dict[str, str] = {}  # Chinese name → English name, replaced as a whole

# TimeLimit.label() is amount + unit ("2工作小时"); here the whole phrase is translated.
_LIMIT_FORMATS = {
    #: a time limit in working minutes
    LimitUnit.WORK_MINUTES: QT_TRANSLATE_NOOP("domain", "{n}工作分钟"),
    #: a time limit in working hours
    LimitUnit.WORK_HOURS: QT_TRANSLATE_NOOP("domain", "{n}工作小时"),
    #: a time limit in working days
    LimitUnit.WORK_DAYS: QT_TRANSLATE_NOOP("domain", "{n}工作日"),
    #: a time limit in natural (clock) hours
    LimitUnit.NATURAL_HOURS: QT_TRANSLATE_NOOP("domain", "{n}小时"),
}
#: a routing rule as the suggestion's reason; {what}: kind, class codes and names, area
_RULE_FORMAT = QT_TRANSLATE_NOOP("domain", "规则#{n}: {what} → {target}")
_RULE_REASON = re.compile(r"规则#(\d+): (.*) → (.+)")


def domain_text(text: str) -> str:
    """A label of the domain layer (stage, action, role, class or department name…) in
    the interface language; unknown labels come back unchanged."""
    if not text:
        return text
    translated = QCoreApplication.translate(DOMAIN_CONTEXT, text)
    if translated == text and text in _place_names and not interface_is_chinese():
        return _place_names[text]
    return translated


def interface_is_chinese() -> bool:
    return QCoreApplication.translate(DOMAIN_CONTEXT, _LANGUAGE_CODE) == _LANGUAGE_CODE


def set_place_names(names: Mapping[str, str]) -> None:
    """The English names of the places (``store.geography.place_names``): safe from a
    worker thread, the table is swapped whole."""
    global _place_names
    _place_names = dict(names)


def place_area(area):
    """An area (``models.space.Area``, or None) named as the interface language says it:
    what the map labels."""
    return None if area is None else replace(area, name=domain_text(area.short_name))


def place_areas(areas: Iterable) -> list:
    return [place_area(a) for a in areas]


def place_outlines(geo) -> tuple:
    """A ``Geography``'s district, streets and communities as the map labels them: the
    arguments of ``MapView.set_outlines``."""
    return place_area(geo.district), place_areas(geo.streets), place_areas(geo.communities)


def limit_text(limit: TimeLimit | str) -> str:
    """A time limit such as ``2wh`` as the interface says it ("2工作小时", "2 work h")."""
    if not isinstance(limit, TimeLimit):
        limit = TimeLimit.parse(limit)
    return QCoreApplication.translate(DOMAIN_CONTEXT, _LIMIT_FORMATS[limit.unit]).format(
        n=limit.amount)


def reason_text(reason: str) -> str:
    """Why the router suggests a department ("属地街道", "规则#12: 事件 05 街面秩序 → …")."""
    match = _RULE_REASON.fullmatch(reason)
    if match is None:
        return domain_text(reason)
    what = " ".join(domain_text(word) for word in match[2].split(" "))
    return QCoreApplication.translate(DOMAIN_CONTEXT, _RULE_FORMAT).format(
        n=match[1], what=what, target=domain_text(match[3]))


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Load the translations for ``language``; returns them (they must stay alive)."""
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_", qt_dir):  # Qt's own dialog buttons
        app.installTranslator(qt)
        installed.append(qt)
    if language != "zh_CN":
        ours = QTranslator(app)
        with as_file(resource("i18n", f"commandcenter_{language}.qm")) as path:
            if path.exists() and ours.load(str(path)):
                app.installTranslator(ours)
                installed.append(ours)
    return installed
