"""Saving what a desk's registration form holds: the intake desk's calls and the field
supervisor's reports take the same way to the database (a mixin of :class:`DeskWindow`;
the desk has ``self.form``, a :class:`RegistrationForm`)."""
from __future__ import annotations

from commandcenter.models.case import Action
from commandcenter.store.photos import read_photo_files
from commandcenter.store.places import place_at

from ..common.messages import refusal_message
from .form import Registration


class ReportFormDesk:
    _saving = False  # a report is on its way: the form is busy, a second submit waits

    def _on_map_point(self, lon: float, lat: float) -> None:
        db = self.ws.db
        self.ws.runner.submit(lambda: place_at(db, lon, lat), self._on_point_place,
                              self._on_failed)

    def _on_point_place(self, place) -> None:
        if not self._closed:
            self.form.set_place(place, self.tr("该点不在本区范围内"))

    def save_report(self, registration: Registration | None,
                    merge_into: int | None = None) -> bool:
        """Save the form's report as a new case on a worker, merged into ``merge_into`` if
        given (in the same transaction); False if nothing was sent. The result is told
        whatever else happened on screen meanwhile."""
        if self._saving or registration is None:
            return False
        if self.is_offline():
            self.show_message(self.offline_reason())
            return False
        self._saving = True
        self.form.set_busy(True)
        service, actor = self.ws.service, self.ws.actor

        def work():
            files = read_photo_files(registration.photo_paths)
            with service.batch() as wf:
                case = wf.report(actor, registration.draft, photo_files=files)
                if merge_into is not None:
                    case = wf.act(actor, case.id, Action.MERGE, merge_into=merge_into)
                return case

        self.ws.runner.submit(work, self._on_report_saved, self._on_report_failed)
        return True

    def _on_report_saved(self, case) -> None:
        self._saving = False
        if self._closed:
            return
        self.form.set_busy(False)
        self.form.clear()
        self.show_message(self.saved_text(case))
        self._refresh_cases([case.id])
        self.after_report_saved(case)

    def _on_report_failed(self, exc: Exception) -> None:
        self._saving = False
        if self._closed:
            return
        self.form.set_busy(False)  # the form keeps everything typed: nothing is lost
        self.show_message(self.refused_text(refusal_message(exc, action=Action.REPORT)))

    def saved_text(self, case) -> str:
        """What the status bar says once the case is saved."""
        raise NotImplementedError

    def refused_text(self, why: str) -> str:
        """What the status bar says when nothing was saved, and why."""
        raise NotImplementedError

    def after_report_saved(self, case) -> None:
        """What the desk does next with the saved case (the form is cleared already)."""
