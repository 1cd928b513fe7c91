"""Which basemap the map shows, worked out off the GUI thread from the settings.

none: the plain background. xyz: a tile URL template. mbtiles: a tile package file, or
with no file chosen the district's own basemap (``demo.basemap``, drawn on first use). A
package that is missing or damaged leaves the map without a basemap and says why.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from commandcenter.exchange.mbtiles import MBTilesError, TileSetInfo, read_info
from commandcenter.map.view import MapView
from commandcenter.store.db import Database

from .settings import Settings
from .tasks import TaskRunner

log = logging.getLogger(__name__)

BASEMAP_KINDS = ("none", "xyz", "mbtiles")


@dataclass(frozen=True)
class BasemapPlan:
    kind: str                       # none, xyz or mbtiles
    url: str | None = None          # xyz: the template
    datum: str = "wgs84"
    info: TileSetInfo | None = None  # mbtiles: the package
    problem: MBTilesError | None = None  # why the package cannot be shown


def plan_basemap(settings: Settings, db: Database | None) -> BasemapPlan:
    """What the settings ask for, with the package checked (a worker's job: it reads the
    file, and may draw the district's basemap the first time)."""
    kind = settings.basemap_kind if settings.basemap_kind in BASEMAP_KINDS else "mbtiles"
    if kind == "xyz":
        url = settings.basemap_url.strip()
        return BasemapPlan("xyz", url, settings.basemap_datum) if url else BasemapPlan("none")
    if kind == "none":
        return BasemapPlan("none")
    path, datum = settings.basemap_file.strip(), settings.basemap_datum
    if not path:  # the district's own, drawn in the overlays' datum
        if db is None:
            return BasemapPlan("none")
        from commandcenter.demo.basemap import ensure_district_basemap
        built = ensure_district_basemap(db)
        if built is None:
            return BasemapPlan("none")
        path, datum = str(built), "wgs84"
    try:
        return BasemapPlan("mbtiles", datum=datum, info=read_info(path))
    except MBTilesError as exc:
        return BasemapPlan("none", problem=exc)


def problem_text(exc: MBTilesError) -> str:
    """The reason a tile package is refused, in the interface language."""
    translate = QCoreApplication.translate
    texts = {
        "missing": translate("Basemap", "找不到底图文件：{path}"),
        "unreadable": translate("Basemap", "无法读取底图文件（权限或占用）：{path}"),
        "not_sqlite": translate("Basemap", "底图文件已损坏或不是 MBTiles 文件：{path}"),
        "no_tiles": translate("Basemap", "该文件不是 MBTiles 瓦片包（没有 tiles 表）：{path}"),
        "empty": translate("Basemap", "底图文件中没有瓦片：{path}"),
        "format": translate("Basemap", "底图瓦片不是 PNG、JPG 或 WebP 图片（矢量瓦片不支持）：{path}"),
    }
    return texts.get(exc.reason, translate("Basemap", "底图文件不可用：{path}")).format(path=exc.path)


def info_text(info: TileSetInfo) -> str:
    return QCoreApplication.translate("Basemap", "{name}：{format} 瓦片，{low}–{high} 级").format(
        name=info.name, format=info.format.upper(), low=info.min_zoom, high=info.max_zoom)


class BasemapControl(QObject):
    """Keeps a map's basemap in step with the settings."""

    sig_problem = Signal(str)
    """The chosen basemap cannot be shown (the map has none meanwhile); why, in words."""

    def __init__(self, map_view: MapView, runner: TaskRunner, db: Database | None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.map, self.runner, self.db = map_view, runner, db
        self._generation = 0
        self.plan: BasemapPlan | None = None  # None while being worked out
        self._tiles_in = False
        map_view.sig_basemap_loaded.connect(self._on_tiles_loaded)
        map_view.sig_basemap_loading.connect(self._on_tiles_loading)

    @property
    def settled(self) -> bool:
        """The basemap is worked out and, if it has tiles, the view's tiles are in (none
        loading: a pan or zoom asks for more)."""
        return self.plan is not None and (self.plan.kind == "none" or self._tiles_in)

    def apply(self, settings: Settings) -> None:
        self._generation += 1
        generation, db = self._generation, self.db
        self.plan = None
        self.runner.submit(lambda: (generation, plan_basemap(settings, db)), self._on_planned,
                           self._on_failed)

    def _on_planned(self, result: tuple[int, BasemapPlan]) -> None:
        generation, plan = result
        if generation != self._generation:
            return  # the settings changed again meanwhile
        self._tiles_in = False
        if plan.kind == "xyz":
            self.map.set_basemap(plan.url, plan.datum)
        elif plan.kind == "mbtiles":
            self.map.set_basemap_tiles(plan.info, plan.datum)
        else:
            self.map.set_basemap(None)
        self.plan = plan
        if plan.problem is not None:
            log.warning("basemap: %s", plan.problem)
            self.sig_problem.emit(self.tr("底图不可用，地图不显示底图。{reason}").format(
                reason=problem_text(plan.problem)))

    def _on_failed(self, exc: Exception) -> None:
        log.error("basemap: could not be prepared: %s", exc)
        self.map.set_basemap(None)
        self.plan = BasemapPlan("none")
        self.sig_problem.emit(self.tr("底图无法生成，地图不显示底图：{error}").format(error=exc))

    def _on_tiles_loaded(self, _info: dict) -> None:
        self._tiles_in = True

    def _on_tiles_loading(self) -> None:
        self._tiles_in = False
