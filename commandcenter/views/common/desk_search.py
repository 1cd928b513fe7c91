"""Finding a case on a desk: by selection in a queue or on the map, and the search box
(case number, grid code, 16-digit component code, address) (a mixin of :class:`DeskWindow`)."""
from __future__ import annotations

from commandcenter.store.queries import find_component
from commandcenter.store.search import search_cases

from .i18n import domain_text
from .queues import CaseIdRole
from .search_results import stage_text


class DeskSearch:
    def _describe_found(self, row) -> str:
        board_case = self.cases.get(row.id)
        place = board_case.address if board_case is not None else ""
        name = domain_text(board_case.class_name) if board_case is not None else row.class_key
        return "  ·  ".join(t for t in (row.number, stage_text(row), name, row.grid_code, place)
                            if t)

    def first_case_id(self) -> int | None:
        """The case on top of the queue in view (what runs out first), if any."""
        view = self.queues.currentWidget()
        if view is None or view.model().rowCount() == 0:
            return None
        return view.model().index(0, 0).data(CaseIdRole)

    def select_case(self, case_id: int) -> None:
        if case_id not in self.cases:  # closed or void: only the detail can show it
            if self.detail.case_id != case_id:
                self.detail.show_case(case_id)
            return
        self.queues.select_case(case_id)
        self.map.focus(case_id=case_id)
        if self.detail.case_id != case_id:
            self.detail.show_case(case_id)

    def _on_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        db = self.ws.db
        if text.isdigit() and len(text) == 16:  # a component code: show the component itself
            self.ws.runner.submit(lambda: find_component(db, text), self._on_component,
                                  self._on_failed)
            return
        self.ws.runner.submit(lambda: search_cases(db, text, limit=20), self._on_found,
                              self._on_failed)

    def _on_component(self, component) -> None:
        if self._closed:  # a late answer to a window being closed
            return
        if component is None:
            self.show_message(self.tr("没有编码为 {code} 的部件").format(code=self.search.text()))
            return
        self.map.focus(point=(component.lon, component.lat), zoom=18,
                       label=self.tr("{name} {code}（{state}）").format(
                           name=domain_text(component.name), code=component.code,
                           state=domain_text(component.state)))
        self.show_message(self.tr("部件 {code}：{name}，{state}，网格 {grid}").format(
            code=component.code, name=domain_text(component.name),
            state=domain_text(component.state),
            grid=component.grid_code))

    def _on_found(self, rows) -> None:
        if self._closed:  # a late answer to a window being closed
            return
        text = self.search.text().strip()
        if len(rows) == 1:
            self.select_case(rows[0].id)
            self.show_message(self.tr("找到 1 个案件：{number}").format(number=rows[0].number))
        elif rows:  # the whole list, to choose from; Return again shows it again
            self.search_results.show_rows(rows)
            self.show_message(self.tr("找到 {n} 个案件，请在列表中选择").format(n=len(rows)))
        elif text.isdigit() and len(text) == 15:
            self.map.focus(grid_code=text)
            self.show_message(self.tr("网格 {code} 没有在办案件").format(code=text))
        else:
            self.show_message(self.tr("没有找到“{text}”").format(text=text))
