"""The review window (月度综合评价): period and object type, a sortable table with grades
and rank changes, ranking and trend charts, the map coloured by an indicator, and a click
on any figure lists its cases, one of which opens in the case detail.

All computation runs on the TaskRunner; the window shows a progress bar meanwhile and
only ever touches widgets on the GUI thread. A newer request makes an older answer moot.
"""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commandcenter.models.enums import Stage
from commandcenter.review.engine import EmptyPeriod
from commandcenter.review.exports import ordered
from commandcenter.review.indicators import (
    COLUMN_LABELS,
    OBJECT_LABELS,
    OBJECTS,
    indicator,
)
from commandcenter.review.periods import Period, PeriodError, parse_period
from commandcenter.review.scheme import Scheme

from ..common.case_detail import CaseDetailPanel
from ..common.i18n import domain_text, place_outlines
from . import jobs
from .charts import RankingChart, TrendChart
from .model import ReviewTableModel
from .publish import PublishButton
from .review_map import ReviewMap

OBJECT_ORDER = ("department", "street", "community", "grid", "supervisor", "operator",
                "shift_lead", "dispatcher")


class ReviewWindow(QMainWindow):
    def __init__(self, ws, scheme: Scheme, period: Period, object_type: str = "department",
                 parent: QWidget | None = None, with_map: bool = True):
        super().__init__(parent)
        self.ws, self.scheme = ws, scheme
        self.computed: jobs.Computed | None = None
        self.failure: Exception | None = None  # the last computation's error, if it failed
        self._request = 0
        self._trend_request = 0
        self._cases_request = 0
        self.drill: tuple[str, str | None, str] | None = None
        self._open = True  # answers arriving after the window closed are dropped
        self._map_ready = False    # the outlines and grids have been read
        self._geography = None
        self._geography_sent = False
        self.last_map_seq = 0       # the map update that carries the latest colours
        self.setWindowTitle(self.tr("月度综合评价"))
        self._build(period, object_type, with_map)

    # --- layout -----------------------------------------------------------------------------
    def _build(self, period: Period, object_type: str, with_map: bool) -> None:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 4, 6, 4)
        self.period_edit = QLineEdit(period.key)
        self.period_edit.setToolTip(self.tr("2026-11、2026-Q4、2026-W47、2026、2026-11-01..2026-11-15，"
                                            "或 this-month、last-month、last-30-days"))
        self.period_edit.setMaximumWidth(200)
        self.period_edit.returnPressed.connect(self.compute)
        self.object_combo = QComboBox()
        for key in OBJECT_ORDER:
            self.object_combo.addItem(domain_text(OBJECT_LABELS[key]), key)
        self.object_combo.setCurrentIndex(max(0, OBJECT_ORDER.index(object_type)))
        self.object_combo.currentIndexChanged.connect(self.compute)
        self.compute_button = QPushButton(self.tr("计算"))
        self.compute_button.clicked.connect(self.compute)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.publish_button = PublishButton(self)
        for widget in (QLabel(self.tr("期间")), self.period_edit, QLabel(self.tr("对象")),
                       self.object_combo, self.compute_button, self.publish_button,
                       self.progress):
            row.addWidget(widget)
        row.addWidget(self.status, 1)

        self.model = ReviewTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.clicked.connect(self._on_table_clicked)

        self.case_label = QLabel(self.tr("点击表中数字，列出其案件"))
        self.case_list = QTableWidget(0, 5)
        self.case_list.setHorizontalHeaderLabels(
            [self.tr("案件编号"), self.tr("类别"), self.tr("阶段"), self.tr("部门"), self.tr("上报时间")])
        self.case_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_list.verticalHeader().setVisible(False)
        self.case_list.horizontalHeader().setStretchLastSection(True)
        self.case_list.cellDoubleClicked.connect(self._on_case_activated)
        self.case_list.cellActivated.connect(self._on_case_activated)
        lower = QWidget()
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(self.case_label)
        lower_box.addWidget(self.case_list)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(lower)
        left.setSizes([620, 280])

        self.ranking = RankingChart()
        self.trend = TrendChart()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.ranking, self.tr("排名"))
        self.tabs.addTab(self.trend, self.tr("趋势"))
        self.map: ReviewMap | None = None
        if with_map:
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            controls = QHBoxLayout()
            self.map_level = QComboBox()
            self.map_level.addItem(domain_text(OBJECT_LABELS["street"]), "street")
            self.map_level.addItem(domain_text(OBJECT_LABELS["grid"]), "grid")
            self.map_indicator = QComboBox()
            self.map_indicator.addItem(domain_text(COLUMN_LABELS["score"]), "score")
            for ind in OBJECTS["street"]:
                if ind.kind in ("rate", "density"):
                    self.map_indicator.addItem(domain_text(ind.label), ind.key)
            self.map_level.currentIndexChanged.connect(self._paint_map)
            self.map_indicator.currentIndexChanged.connect(self._paint_map)
            controls.addWidget(QLabel(self.tr("地图按")))
            controls.addWidget(self.map_level)
            controls.addWidget(self.map_indicator)
            controls.addStretch(1)
            box.addLayout(controls)
            self.map = ReviewMap()
            for layer in ("markers", "staff"):
                self.map.set_layer_visible(layer, False)
            box.addWidget(self.map, 1)
            self.tabs.addTab(holder, self.tr("地图"))
            self._map_tab = holder
            self.tabs.currentChanged.connect(self._show_geography)
        self.detail = CaseDetailPanel(self.ws.db, self.ws.service, self.ws.actor, self.ws.runner,
                                      self.ws.router)
        self.tabs.addTab(self.detail, self.tr("案件详情"))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setSizes([900, 700])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)

    def closeEvent(self, event) -> None:
        self._open = False
        super().closeEvent(event)

    # --- computing --------------------------------------------------------------------------
    @property
    def object_type(self) -> str:
        return self.object_combo.currentData()

    def compute(self) -> None:
        try:
            period = parse_period(self.period_edit.text())
        except PeriodError as exc:
            self.status.setText(self.tr("期间格式有误：{error}").format(error=exc))
            return
        self._request += 1
        self.failure = None
        request, object_type = self._request, self.object_type
        self.progress.setRange(0, 5)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("正在计算 {period} …").format(period=period.key))
        fn = partial(jobs.compute, self.ws.db, period, self.scheme, self.ws.policy.calendar,
                     object_type, self.map is not None and not self._map_ready)
        self.ws.runner.submit(fn, partial(self._on_computed, request),
                              partial(self._on_failed, request), self._on_progress)

    def _on_progress(self, _message: str) -> None:
        self.progress.setValue(min(self.progress.maximum(), self.progress.value() + 1))

    def _on_failed(self, request: int, exc: Exception) -> None:
        if not self._open:
            return
        if request != self._request:
            return
        self.failure = exc
        self.progress.setVisible(False)
        if isinstance(exc, EmptyPeriod):
            self.status.setText(self.tr("该期间没有案件"))
        else:
            self.status.setText(self.tr("计算失败：{error}").format(error=exc))

    def _on_computed(self, request: int, computed: jobs.Computed) -> None:
        if not self._open:
            return
        if request != self._request:
            return
        self.computed = computed
        self.progress.setVisible(False)
        if computed.geography is not None:
            self._geography = computed.geography
            self._map_ready = True
            self._show_geography()
        review = computed.review
        obj = review.objects[self.object_type]
        # Printed order (group, then rank) until the user sorts by a column.
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_review(self.object_type, ordered(review, self.object_type), obj.red,
                              obj.black, computed.changed.get(self.object_type))
        text = self.tr("{period}：实时数字，截至 {as_of}").format(
            period=review.period.key, as_of=f"{review.as_of:%Y-%m-%d %H:%M}")
        if computed.frozen_at is not None:
            if computed.changed_count:
                text += self.tr("；已于 {at} 固化，{n} 项与固化数字不同（黄色）").format(
                    at=f"{computed.frozen_at:%Y-%m-%d %H:%M}", n=computed.changed_count)
            else:
                text += self.tr("；已于 {at} 固化，与实时一致").format(
                    at=f"{computed.frozen_at:%Y-%m-%d %H:%M}")
        self.status.setText(text)
        self._paint_ranking()
        self._paint_map()

    def _paint_ranking(self) -> None:
        obj = self.computed.review.objects[self.object_type]
        table = obj.table.loc[obj.table["ranked"].astype(bool)].sort_values(
            "score", ascending=False).head(30)
        if not len(table):
            self.ranking.set_scores([], [], [], self.tr("无参评单位：案件数均少于 {n} 件").format(
                n=self.scheme.objects[self.object_type].min_cases))
            return
        self.ranking.set_scores([domain_text(str(n)) for n in table["name"]],  # English too
                                [float(s) for s in table["score"]],
                                [str(g) for g in table["grade"]],
                                self.tr("{object}综合得分排名").format(
                                    object=domain_text(OBJECT_LABELS[self.object_type])))

    def _show_geography(self, *_args) -> None:
        """The page fits the district to its size when the outlines arrive, so they go
        only once the map tab is on screen (a hidden view has no size)."""
        if self._geography is None or self._geography_sent \
                or self.tabs.currentWidget() is not self._map_tab:
            return
        geo = self._geography
        self.map.set_outlines(*place_outlines(geo))
        self.map.set_grids(geo.grids)
        self._geography_sent = True
        self._paint_map()

    def _paint_map(self) -> None:
        if self.map is None or self.computed is None or not self._geography_sent:
            return
        level, key = self.map_level.currentData(), self.map_indicator.currentData()
        table = self.computed.review.objects[level].table
        values = {str(u): float(v) for u, v in table[key].items()} if key in table else {}
        better = "higher" if key in ("score", "cases_per_km2") else indicator("street", key).better
        label = COLUMN_LABELS["score"] if key == "score" else indicator("street", key).label
        if key == "cases_per_km2":
            better = "lower"
        self.last_map_seq = self.map.show_values(self.computed.grid_streets, level, values,
                                                 better, domain_text(label))

    # --- drill-down and trend ---------------------------------------------------------------
    def _on_table_clicked(self, index) -> None:
        source = self.proxy.mapToSource(index)
        unit, key = self.model.unit(source.row()), self.model.key(source.column())
        ind = self.model.indicator(source.column())
        if ind is not None and ind.kind in ("count", "rate"):
            self.show_cases(unit, key)
        self.show_trend(unit, key if ind is not None and ind.kind in ("count", "rate", "mean")
                        else "score")

    def show_cases(self, unit: str | None, key: str) -> None:
        obj = self.computed.review.objects[self.object_type]
        ids = obj.case_ids(unit, key)
        self.drill = (self.object_type, unit, key)
        name = obj.table.at[unit, "name"] if unit in obj.table.index else self.tr("全区")
        self.case_label.setText(self.tr("{unit} · {indicator}：{n} 件").format(
            unit=name, indicator=domain_text(indicator(self.object_type, key).label), n=len(ids)))
        self._cases_request += 1
        request = self._cases_request
        self.ws.runner.submit(partial(jobs.cases_of, self.ws.db, ids),
                              partial(self._on_cases, request), lambda exc: None)

    def _on_cases(self, request: int, cases) -> None:
        if not self._open:
            return
        if request != self._cases_request:
            return
        self.case_list.setRowCount(len(cases))
        catalog = self.ws.catalog
        for r, row in enumerate(cases.itertuples(index=False)):
            minor = catalog.by_key(row.class_key) if row.class_key in catalog else None
            values = [row.number, domain_text(minor.name) if minor else row.class_key,
                      domain_text(Stage(row.stage).label), row.department_code or "",
                      f"{row.reported_at:%Y-%m-%d %H:%M}"]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, int(row.id))
                self.case_list.setItem(r, c, item)
        self.case_list.resizeColumnsToContents()

    def _on_case_activated(self, row: int, _column: int) -> None:
        item = self.case_list.item(row, 0)
        if item is not None:
            self.detail.show_case(int(item.data(Qt.ItemDataRole.UserRole)))
            self.tabs.setCurrentWidget(self.detail)

    def show_trend(self, unit: str, key: str) -> None:
        self.trend.set_series([], {}, self.tr("正在计算近 12 期趋势 …"))
        self._trend_request += 1
        request = self._trend_request
        period = self.computed.review.period
        fn = partial(jobs.trend_of, self.ws.db, period, self.scheme, self.ws.policy.calendar,
                     self.object_type, key)
        self.ws.runner.submit(fn, partial(self._on_trend, request, unit, key), lambda exc: None,
                              lambda _m: None)

    def _on_trend(self, request: int, unit: str, key: str, frame) -> None:
        if not self._open:
            return
        if request != self._trend_request:
            return
        obj = self.computed.review.objects[self.object_type]
        name = str(obj.table.at[unit, "name"]) if unit in obj.table.index else unit
        series = {name: [frame.at[unit, c] if unit in frame.index else None for c in frame.columns]}
        if key != "score":
            series[self.tr("全区")] = [frame.at["__total__", c] for c in frame.columns]
        label = COLUMN_LABELS["score"] if key == "score" else indicator(self.object_type, key).label
        self.trend.set_series(list(frame.columns), series, domain_text(label))


def review_action(parent: QMainWindow, ws) -> QAction:
    """The dispatcher window's entry: a QAction that opens the review window."""
    action = QAction(QCoreApplication.translate("ReviewMenu", "月度评价"), parent)
    action.setToolTip(QCoreApplication.translate(
        "ReviewMenu", "月度综合评价：部门、区域与岗位的指标、排名和通报"))
    action.triggered.connect(lambda: open_review_window(parent, ws))
    return action


def open_review_window(parent: QMainWindow, ws) -> ReviewWindow:
    """The dispatcher window's menu hook: the review of last month for the logged-in user."""
    from commandcenter.review.periods import month
    from commandcenter.review.scheme import load_scheme
    from commandcenter.store.service import local_now
    now = local_now()
    window = ReviewWindow(ws, load_scheme(), month(now.year, now.month).previous(), parent=parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.resize(1600, 960)
    window.show()
    window.compute()
    return window
