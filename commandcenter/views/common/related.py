"""What the case detail reads beside the case itself for the choices some actions need:
its possible duplicates (open cases of the same class close by, to merge into) and the
field supervisors who could take its verify or check task (nearest, least loaded first)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from commandcenter.models.case import Action, Actor, CaseRecord
from commandcenter.models.duplicates import DuplicateMatch
from commandcenter.models.enums import Stage
from commandcenter.models.fieldtasks import Assignment, Candidate
from commandcenter.models.workflow import RULES
from commandcenter.store.db import Database
from commandcenter.store.duplicates import duplicates_of_case
from commandcenter.store.fieldtasks import candidates_for, supervisor_ids

from .i18n import domain_text

MERGEABLE = frozenset(s for p in RULES[Action.MERGE] for s in p.stages)
FIELD_STAGES = (Stage.VERIFY, Stage.CHECK)


@dataclass(frozen=True)
class Related:
    duplicates: tuple[DuplicateMatch, ...] = ()
    assignment: Assignment | None = None
    candidate_ids: tuple[int, ...] = ()  # the candidates' user ids, best first (the map's)


def load_related(db: Database, actor: Actor, case: CaseRecord, now: datetime) -> Related:
    """Read on the detail's worker, only where the case's stage calls for it."""
    duplicates: tuple[DuplicateMatch, ...] = ()
    if case.stage in MERGEABLE:
        duplicates = tuple(duplicates_of_case(db, case.id))
    assignment, ids = None, ()
    if case.stage in FIELD_STAGES and may_assign(actor):
        assignment = candidates_for(db, case.id, now)
        known = supervisor_ids(db, (c.username for c in assignment.candidates))
        ids = tuple(known[c.username] for c in assignment.candidates if c.username in known)
    return Related(duplicates, assignment, ids)


def may_assign(actor: Actor) -> bool:
    """Whether ``actor``'s role gives field tasks to supervisors at all."""
    return any(actor.role in p.roles for p in RULES[Action.ASSIGN])


def assign_roles() -> str:
    """The roles that give field tasks, in the interface language ("受理员、派遣员、值班长")."""
    roles = dict.fromkeys(r for p in RULES[Action.ASSIGN] for r in p.roles)
    return QCoreApplication.translate("Related", "、").join(
        domain_text(r.label) for r in roles)


def candidate_text(c: Candidate) -> str:
    facts = [QCoreApplication.translate("Related", "本网格")] if c.own_grid else []
    facts.append(QCoreApplication.translate("Related", "在岗") if c.on_duty
                 else QCoreApplication.translate("Related", "未在岗"))
    if c.distance_m is not None:
        facts.append(QCoreApplication.translate("Related", "距离 {m} 米").format(
            m=round(c.distance_m)))
    facts.append(QCoreApplication.translate("Related", "在办任务 {n}").format(n=c.load))
    return QCoreApplication.translate("Related", "{name}（{facts}）").format(
        name=c.username, facts=QCoreApplication.translate("Related", "，").join(facts))


def picked_text(c: Candidate) -> str:
    """A supervisor picked on the map, as the 指派 dialog lists them."""
    return QCoreApplication.translate("Related", "{candidate}　· 地图选择").format(
        candidate=candidate_text(c))


def duplicate_text(d: DuplicateMatch) -> str:
    return QCoreApplication.translate("Related", "{number}　相距 {m} 米　{time} 上报").format(
        number=d.number, m=round(d.distance_m), time=f"{d.reported_at:%m-%d %H:%M}")


class DuplicatesBox(QGroupBox):
    """The case's possible duplicates, beside it; a click on one shows that case."""

    sig_case_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("可能重复的案件"))
        self.setObjectName("duplicatesBox")
        self._layout = QVBoxLayout(self)
        self.hide()

    def show_duplicates(self, duplicates: tuple[DuplicateMatch, ...]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for d in duplicates:
            label = QLabel(f'<a href="{d.case_id}">{duplicate_text(d)}</a>')
            label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            label.linkActivated.connect(lambda link: self.sig_case_chosen.emit(int(link)))
            self._layout.addWidget(label)
        self.setVisible(bool(duplicates))
