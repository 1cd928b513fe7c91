"""Dispatching a dragged case: what the drag carries, and the service call, which runs
off the GUI thread; a refusal comes back as a plain Chinese sentence built from the
exception's fields, never from its text."""
from __future__ import annotations

import json
import logging
from functools import partial
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMimeData, QObject, Signal
from sqlalchemy.exc import SQLAlchemyError

from commandcenter.models.case import Action, Actor, CaseRecord
from commandcenter.models.catalog import load_departments
from commandcenter.models.enums import CaseKind, Stage, Urgency
from commandcenter.models.workflow import RULES, ForbiddenTransition, InvalidRequest
from commandcenter.store.board import BoardCase
from commandcenter.store.service import CaseService, NotFound, StaleCase, local_now

from .i18n import domain_text
from .tasks import TaskRunner

log = logging.getLogger(__name__)
CASE_MIME = "application/x-commandcenter-case"


@dataclass(frozen=True)
class DraggedCase:
    """What a case drag carries: id, number and the version the dragger saw (for the
    dispatch), plus what a drop target needs to suggest departments and preview the
    deadline without asking anyone (the map can start the same drag)."""

    id: int
    number: str
    version: int
    stage: Stage | None = None
    kind: CaseKind | None = None
    class_key: str = ""
    class_name: str = ""
    urgency: Urgency = Urgency.NORMAL
    grid_code: str = ""
    component_owner: str | None = None

    major_code = BoardCase.major_code
    minor_code = BoardCase.minor_code

    @classmethod
    def of(cls, case: BoardCase) -> DraggedCase:
        return cls(case.id, case.number, case.version, case.stage, case.kind, case.class_key,
                   case.class_name, case.urgency, case.grid_code, case.component_owner)

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "number": self.number, "version": self.version,
                           "stage": self.stage, "kind": self.kind, "class_key": self.class_key,
                           "class_name": self.class_name, "urgency": self.urgency,
                           "grid_code": self.grid_code, "component_owner": self.component_owner},
                          ensure_ascii=False)

    @classmethod
    def from_mime(cls, mime: QMimeData | None) -> DraggedCase | None:
        """The dragged case, or None when the data is not a case."""
        if mime is None or not mime.hasFormat(CASE_MIME):
            return None
        try:
            d = json.loads(bytes(mime.data(CASE_MIME)).decode("utf-8"))
            return cls(int(d["id"]), str(d["number"]), int(d["version"]),
                       Stage(d["stage"]) if d.get("stage") else None,
                       CaseKind(d["kind"]) if d.get("kind") else None,
                       d.get("class_key") or "", d.get("class_name") or "",
                       Urgency(d.get("urgency") or Urgency.NORMAL), d.get("grid_code") or "",
                       d.get("component_owner"))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def case_mime(case: BoardCase) -> QMimeData:
    mime = QMimeData()
    mime.setData(CASE_MIME, DraggedCase.of(case).to_json().encode("utf-8"))
    return mime


def _first_line(exc: BaseException) -> str:
    detail = getattr(exc, "orig", None) or exc  # a DBAPI error carries the driver's own
    lines = str(detail).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


# What a database driver says, in words for the person at the desk: (marker, cause, advice).
_CAUSES = (
    (("readonly", "read-only", "read only"), QT_TRANSLATE_NOOP("DispatchController", "数据库处于只读状态，无法写入"),
     QT_TRANSLATE_NOOP("DispatchController", "请联系系统管理员检查数据库。")),
    (("disk i/o", "i/o error", "disk full", "no space", "database or disk is full"),
     QT_TRANSLATE_NOOP("DispatchController", "数据库所在磁盘读写出错"),
     QT_TRANSLATE_NOOP("DispatchController", "请联系系统管理员检查磁盘空间和数据库。")),
    (("locked", "busy", "deadlock", "could not serialize", "lock timeout"),
     QT_TRANSLATE_NOOP("DispatchController", "数据库正忙"),
     QT_TRANSLATE_NOOP("DispatchController", "请稍后再试一次。")),
    (("connection", "connect", "server closed", "timeout", "unable to open", "network"),
     QT_TRANSLATE_NOOP("DispatchController", "无法连接数据库"),
     QT_TRANSLATE_NOOP("DispatchController", "请检查网络；连接恢复后再试一次。")),
)
_UNKNOWN_CAUSE = (QT_TRANSLATE_NOOP("DispatchController", "数据库写入失败"),
                  QT_TRANSLATE_NOOP("DispatchController",
                                    "请稍后再试；如果仍然失败，请联系系统管理员。"))


def _cause_of(exc: BaseException) -> tuple[str, str]:
    text = _first_line(exc).lower()
    for markers, cause, advice in _CAUSES:
        if any(m in text for m in markers):
            return cause, advice
    return _UNKNOWN_CAUSE


def storage_cause(exc: BaseException) -> str:
    """What failed, in plain words (the driver's own text goes to the log)."""
    return QCoreApplication.translate("DispatchController", _cause_of(exc)[0])


def storage_advice(exc: BaseException) -> str:
    return QCoreApplication.translate("DispatchController", _cause_of(exc)[1])


def _when(at: datetime | None, now: datetime) -> str:
    if at is None:
        return ""
    if at.date() == now.date():
        return f"{at:%H:%M}"
    return QCoreApplication.translate("DispatchController", "{m}月{d}日 {t:%H:%M}").format(
        m=at.month, d=at.day, t=at)


def refusal_message(exc: BaseException, *, action: Action = Action.DISPATCH,
                    department_code: str | None = None, now: datetime | None = None,
                    department_names: Mapping[str, str] | None = None) -> str:
    """Why ``action`` did not happen, for the person who asked."""
    now = now or local_now()
    names = department_names or {}
    translate = QCoreApplication.translate
    verb = domain_text(action.label)
    if isinstance(exc, StaleCase):  # who won, what they did and when
        current: CaseRecord = exc.current
        department = domain_text(names.get(current.department_code, current.department_code)
                                 if current.department_code else "")
        fields = dict(number=current.number, who=current.updated_by,
                      when=_when(current.updated_at, now),
                      stage=domain_text(current.stage.label), department=department)
        if exc.last_action is Action.DISPATCH and department:
            return translate("DispatchController",
                             "案件 {number} 已由 {who} 于 {when} 派遣至 {department}，"
                             "当前状态：{stage}").format(**fields)
        text = translate("DispatchController",
                         "案件 {number} 已由 {who} 于 {when} {action}，当前状态：{stage}").format(
            action=domain_text(exc.last_action.label) if exc.last_action else
            translate("DispatchController", "处理"), **fields)
        if department:
            text += translate("DispatchController", "（{department}）").format(
                department=department)
        return text
    if isinstance(exc, ForbiddenTransition):
        role, verb = domain_text(exc.role.label), domain_text(exc.action.label)
        permissions = RULES.get(exc.action, ())
        if not any(exc.role in p.roles for p in permissions):
            return translate("DispatchController", "您的角色（{role}）无权{action}").format(
                role=role, action=verb)
        if exc.stage is not None and not any(exc.role in p.roles and exc.stage in p.stages
                                             for p in permissions):
            return translate("DispatchController", "该案件当前处于「{stage}」，不能{action}").format(
                stage=domain_text(exc.stage.label), action=verb)
        return translate("DispatchController", "该案件当前不能{action}").format(action=verb)
    if isinstance(exc, NotFound):
        return translate("DispatchController", "案件不存在，可能已被删除")
    if isinstance(exc, InvalidRequest):
        if action is Action.DISPATCH and not department_code:
            return translate("DispatchController", "请选择派遣部门")
        if department_code and department_code not in names:
            return translate("DispatchController", "部门 {code} 不存在").format(
                code=department_code)
        log.warning("%s refused: %s", action.value, exc)
        return translate("DispatchController", "{action}请求无效").format(action=verb)
    if isinstance(exc, (SQLAlchemyError, OSError)):
        log.warning("%s not saved: %s", action.value, _first_line(exc))
        return translate("DispatchController", "{action}未保存：{cause}。案件没有任何改变。{advice}"
                         ).format(action=verb, cause=storage_cause(exc), advice=storage_advice(exc))
    log.error("%s failed", action.value, exc_info=exc)
    return translate("DispatchController", "{action}失败：{detail}").format(
        action=verb, detail=_first_line(exc))


class DispatchController(QObject):
    """Asks the service to dispatch dropped cases, one request per case at a time."""

    sig_dispatched = Signal(object)
    """The case as dispatched (a ``CaseRecord``)."""
    sig_refused = Signal(str)
    """The dispatch (or its recall) did not happen; the argument says why, in plain Chinese."""
    sig_recalled = Signal(object)
    """A dispatch was taken back; the case as it is now (a ``CaseRecord``)."""

    def __init__(self, service: CaseService, actor: Actor, runner: TaskRunner, *,
                 department_names: Mapping[str, str] | None = None,
                 now: Callable[[], datetime] = local_now, parent: QObject | None = None):
        super().__init__(parent)
        self.service, self.actor, self.runner, self._now = service, actor, runner, now
        self.department_names = dict(department_names if department_names is not None else
                                     {d.code: d.short_name for d in load_departments()})
        self._in_flight: set[int] = set()

    def request(self, case_id: int, version: int, department_code: str) -> None:
        if case_id in self._in_flight:
            self.sig_refused.emit(self.tr("该案件正在派遣，请稍候"))
            return
        self._in_flight.add(case_id)
        service, actor = self.service, self.actor

        def work() -> CaseRecord:  # on a worker thread: no widgets, no Qt objects
            return service.act(actor, case_id, Action.DISPATCH, expected_version=version,
                               department_code=department_code)

        self.runner.submit(work, partial(self._on_done, case_id),
                           partial(self._on_failed, case_id, department_code))

    def recall(self, record: CaseRecord) -> None:
        """Undo a dispatch just made (its own 撤回派遣 event), if nothing happened since."""
        if record.id in self._in_flight:
            return
        self._in_flight.add(record.id)
        service, actor = self.service, self.actor

        def work() -> CaseRecord:
            return service.act(actor, record.id, Action.RECALL, expected_version=record.version)

        self.runner.submit(work, partial(self._on_recalled, record.id),
                           partial(self._on_recall_failed, record.id))

    def busy(self) -> bool:
        return bool(self._in_flight)

    def _on_recalled(self, case_id: int, record: CaseRecord) -> None:
        self._in_flight.discard(case_id)
        self.sig_recalled.emit(record)

    def _on_recall_failed(self, case_id: int, exc: Exception) -> None:
        self._in_flight.discard(case_id)
        self.sig_refused.emit(refusal_message(exc, action=Action.RECALL, now=self._now(),
                                              department_names=self.department_names))

    def _on_done(self, case_id: int, record: CaseRecord) -> None:
        self._in_flight.discard(case_id)
        self.sig_dispatched.emit(record)

    def _on_failed(self, case_id: int, department_code: str, exc: Exception) -> None:
        self._in_flight.discard(case_id)
        self.sig_refused.emit(refusal_message(exc, department_code=department_code,
                                              now=self._now(),
                                              department_names=self.department_names))
