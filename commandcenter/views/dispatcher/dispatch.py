"""Dispatching a dragged case: what the drag carries, and the service call, which runs
off the GUI thread; a refusal comes back as a plain Chinese sentence built from the
exception's fields, never from its text."""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial

from PySide6.QtCore import QObject, Signal

from commandcenter.models.case import Action, Actor, CaseRecord
from commandcenter.models.catalog import load_departments
from commandcenter.store.service import CaseService, local_now

from ..common.messages import refusal_message
from ..common.tasks import TaskRunner

log = logging.getLogger(__name__)
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
