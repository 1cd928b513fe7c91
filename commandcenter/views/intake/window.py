"""The intake desk: the shared desk with the registration form beside the map. A click on
the map places the call; saving first looks for the same problem already reported nearby."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QScrollArea

from commandcenter.models.enums import Countdown, Stage
from commandcenter.store.duplicates import possible_duplicates
from commandcenter.store.places import find_place
from commandcenter.store.service import local_now

from ..common.desk import DeskWindow
from ..common.queues import QueueSpec
from .duplicates import DuplicateChoice
from .form import Registration, RegistrationForm
from .reporting import ReportFormDesk

INTAKE_QUEUES = (
    QueueSpec("intake", QT_TRANSLATE_NOOP("QueueTabs", "待受理"),
              lambda c, _l: c.stage is Stage.INTAKE),
    QueueSpec("verify", QT_TRANSLATE_NOOP("QueueTabs", "待核实"),
              lambda c, _l: c.stage is Stage.VERIFY),
    QueueSpec("filing", QT_TRANSLATE_NOOP("QueueTabs", "待立案"),
              lambda c, _l: c.stage is Stage.FILING),
    QueueSpec("overdue", QT_TRANSLATE_NOOP("QueueTabs", "已超期"),
              lambda c, light: light is Countdown.OVERDUE
              and c.stage in (Stage.INTAKE, Stage.VERIFY, Stage.FILING)),
)


class IntakeDesk(ReportFormDesk, DeskWindow):
    desk_key = "intake"
    home_queue = "intake"
    side_share, side_em = 0.27, (26, 40)  # the form needs room for its fields

    def queue_specs(self) -> tuple[QueueSpec, ...]:
        return INTAKE_QUEUES

    def build_panels(self) -> None:
        self.form = RegistrationForm(self.ws.catalog)
        self.choice = DuplicateChoice()
        self.form.layout().addRow(self.choice)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.form)
        self.add_side_panel(self.tr("登记来电 / 来访"), "registration", scroll)
        self.map.sig_point_clicked.connect(self._on_map_point)
        self.form.sig_locate_requested.connect(self._on_locate)
        self.form.sig_place_chosen.connect(self._show_place)
        self.form.sig_submit_requested.connect(self.check_duplicates)
        self.choice.sig_case_highlighted.connect(lambda case_id: self.map.focus(case_id=case_id))
        self.choice.sig_merge_requested.connect(
            lambda parent: self.register(self._pending, merge_into=parent))
        self.choice.sig_register_requested.connect(lambda: self.register(self._pending))
        self._pending: Registration | None = None

    # --- place ---------------------------------------------------------------------------
    def _on_locate(self, text: str) -> None:
        db = self.ws.db
        self.ws.runner.submit(lambda: find_place(db, text), self._on_found_place,
                              self._on_failed)

    def _on_found_place(self, place) -> None:
        if self._closed:
            return
        self.form.set_place(place, self.tr("未找到该位置：请核对编码或地址，或在地图上点击"))

    def _show_place(self, place) -> None:
        self.map.focus(point=(place.lon, place.lat), zoom=18,
                       label=place.address or place.grid_code)

    # --- saving --------------------------------------------------------------------------
    def check_duplicates(self, registration: Registration) -> None:
        """First the open cases of the same class close by: if there are any, the operator
        chooses between merging and a new case; otherwise the call is saved at once."""
        if self._saving:
            return
        self._saving = True
        self.form.set_busy(True)
        self.choice.hide()
        db, draft = self.ws.db, registration.draft
        self._pending = registration
        self.ws.runner.submit(
            lambda: possible_duplicates(db, draft.class_key, draft.lon, draft.lat, local_now()),
            self._on_duplicates, self._on_report_failed)

    def _on_duplicates(self, matches) -> None:
        self._saving = False
        if self._closed:
            return
        if not matches:
            self.register(self._pending)
            return
        self.form.set_busy(False)
        self.choice.offer(matches)
        self.show_message(self.tr("发现 {n} 件可能重复的案件：请选择并入，或仍登记为新案件").format(
            n=len(matches)))

    def register(self, registration: Registration | None, merge_into: int | None = None) -> None:
        """Save the call as a new case, merged into ``merge_into`` if given."""
        if self.save_report(registration, merge_into):
            self.choice.hide()

    def saved_text(self, case) -> str:
        if case.merged_into is not None:
            return self.tr("已登记并并入案件：{number} 已合并，计为一件").format(number=case.number)
        return self.tr("已登记：案件 {number}，待受理").format(number=case.number)

    def refused_text(self, why: str) -> str:
        return self.tr("登记未保存：{why}").format(why=why)

    def after_report_saved(self, case) -> None:
        self._pending = None
        self.detail.show_case(case.id)
