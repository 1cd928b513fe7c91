"""Giving the case shown a field supervisor picked on the map (a mixin of
:class:`DeskWindow`).

A click on a person's dot opens the 指派 dialog for the case in the detail, with that
person chosen, when the case waits for a verify or check and the person looking may give
it; the dialog names the case and acts on it as every action dialog does. Meanwhile the
case's ranked candidates are ringed on the map: they show while the case is shown, since
the map cannot be used while a dialog is open. Any other click says what to do.
"""
from __future__ import annotations

from functools import partial

from commandcenter.models.case import Action, CaseRecord
from commandcenter.models.fieldtasks import Candidate
from commandcenter.store.fieldtasks import picked_candidate

from .related import FIELD_STAGES, assign_roles, may_assign


class StaffPick:
    _picking = False  # a click's read or its dialog is under way: further clicks wait

    def _connect_pick(self) -> None:
        self.map.sig_staff_clicked.connect(self._on_map_staff_clicked)
        self.detail.sig_case_shown.connect(self._on_detail_case_shown)

    def _assignable_case(self) -> CaseRecord | None:
        """The case shown, if a click on a supervisor may give it to them now."""
        case = self.detail.case
        if case is None or case.id != self.detail.case_id or case.stage not in FIELD_STAGES:
            return None
        return case if Action.ASSIGN in self.detail.action_buttons else None

    def _on_detail_case_shown(self, _case_id: int) -> None:
        case = self._assignable_case()
        self.map.set_staff_pick(case is not None,
                                self.detail.related.candidate_ids if case is not None else ())

    def _staff_name(self, user_id: int) -> str:
        for person in self._staff_positions:
            if person.staff_id == user_id:
                return person.name
        return str(user_id)

    def _on_map_staff_clicked(self, user_id: int) -> None:
        name = self._staff_name(user_id)
        if not may_assign(self.ws.actor):
            self.show_message(self.tr("{name}：核实、核查任务由{roles}指派").format(
                name=name, roles=assign_roles()))
            return
        case = self._assignable_case()
        if case is None:
            self.show_message(self.tr(
                "要把任务指派给 {name}：请先选中一件待核实或待核查的案件，再点击地图上的监督员")
                .format(name=name))
            return
        if self._picking:
            return
        self._picking = True
        db, now, rules = self.ws.db, self.ws.service.clock(), self.ws.policy.field_tasks
        self.ws.runner.submit(partial(picked_candidate, db, case.id, user_id, now, rules),
                              partial(self._on_picked, case.id, name), self._on_pick_failed)

    def _on_picked(self, case_id: int, name: str, picked: Candidate | None) -> None:
        try:
            if self._closed:  # a late answer to a window being closed
                return
            case = self._assignable_case()
            if picked is None:
                self.show_message(self.tr("{name} 不是在职的监督员，不能承担核实、核查任务").format(
                    name=name))
            elif case is None or case.id != case_id:  # another case came on screen meanwhile
                self.show_message(self.tr("详情中的案件已更换，请再点击一次监督员"))
            elif picked.username == case.assignee:
                self.show_message(self.tr("案件 {number} 的任务已由 {name} 承担").format(
                    number=case.number, name=name))
            else:
                self.detail.assign_to(picked)  # the dialog is modal: no click comes meanwhile
        finally:
            self._picking = False

    def _on_pick_failed(self, exc: Exception) -> None:
        self._picking = False
        self._on_failed(exc)
