"""Dispatching a dragged case: what the drag carries, and the service call, which runs
off the GUI thread; a refusal comes back as a plain Chinese sentence built from the
exception's fields, never from its text."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from PySide6.QtCore import QMimeData, QObject, Signal

from commandcenter.models.case import Action, Actor, CaseRecord
from commandcenter.models.catalog import load_departments
from commandcenter.models.enums import CaseKind, Stage, Urgency
from commandcenter.store.board import BoardCase
from commandcenter.store.service import CaseService, local_now

from ..common.messages import refusal_message
from ..common.tasks import TaskRunner

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
