"""``MapView``: the live map widget, an offline Leaflet page in a QWebEngineView.

The widget keeps the picture's state (grids, outlines, markers by case id, grid load, staff,
layers, basemap) in Python; :mod:`.delivery` takes it to the page, off the GUI thread and in
order, and sends it all again after a reload of the page or a change of basemap datum.
"""
from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from commandcenter.exchange.mbtiles import TileSetInfo
from commandcenter.models.datum import gcj02_to_wgs84

from . import geojson
from .bridge import MapBridge, ViewState
from .delivery import PageDelivery, outline_state
from .geojson import Marker, StaffPosition
from .page import MapPage, page_file, page_strings
from .replay_layer import ReplayLayer
from .tiles import tile_handler

log = logging.getLogger(__name__)

LAYERS = ("grids", "load", "outlines", "labels", "markers", "staff", "basemap")
_MAX_RESTARTS = 3


class MapView(PageDelivery, QWidget):
    """The live district map. All setters return the update number that carries them;
    ``sig_painted(n)`` with n ≥ that number means the change is on screen."""

    sig_ready = Signal()
    """The page is up and has been sent the whole current state."""
    sig_case_clicked = Signal(int)
    sig_case_drag_started = Signal(int)
    sig_staff_clicked = Signal(int)
    """A click on a field staff position (the person's user id)."""
    sig_grid_clicked = Signal(str)
    sig_point_clicked = Signal(float, float)
    """A click away from any case: the point in WGS84 / CGCS2000 longitude and latitude,
    whatever datum the basemap draws in."""
    sig_view_changed = Signal(object)
    """A ``ViewState`` in WGS84 after each pan or zoom."""
    sig_painted = Signal(int)
    sig_basemap_loaded = Signal(dict)
    """The basemap's tiles for the view are in (``{"url", "loaded", "errors"}``)."""
    sig_basemap_loading = Signal()
    """The basemap started loading tiles (a pan, a zoom, a new basemap)."""

    def __init__(self, parent: QWidget | None = None, *,
                 profile: QWebEngineProfile | None = None, language: str | None = None):
        super().__init__(parent)
        self._files = contextlib.ExitStack()
        self._url = QUrl.fromLocalFile(str(self._files.enter_context(page_file())))
        self.bridge = MapBridge(self)
        self._start_delivery()
        self.destroyed.connect(_closer(self._payloads.close, self._files))

        self._painted = 0
        self._restarts = 0
        self._datum = "wgs84"
        self._grids: tuple = ()
        self._outlines: tuple | None = None
        # The markers as last replaced, and by case id once a patch or a lookup needs that:
        # indexing 100,000 markers costs ~10 ms, which a replace need not spend.
        self._marker_set: tuple[Marker, ...] = ()
        self._marker_index: dict[int, Marker] | None = {}
        self._loads: tuple | None = None
        self._staff: tuple[StaffPosition, ...] | None = None
        self._staff_pick: dict[str, Any] | None = None
        self._layers: dict[str, bool] = {}
        self._basemap: dict[str, Any] = {"url": None, "datum": "wgs84", "attribution": ""}
        self._tile_source: str | None = None  # the mbtiles: template this view serves
        self._focus: dict[str, Any] | None = None
        self._language: str | None = None
        self._strings: dict[str, Any] | None = None  # None: the page's Chinese defaults
        self._emphasis: dict[str, Any] | None = None  # None: the dispatcher's plain map
        self.replay = ReplayLayer(self._post, lambda: self._datum)
        """A past stretch of time drawn in place of the live picture (``replay_layer``)."""

        self._web = QWebEngineView(self)
        self._web.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        profile = profile or QWebEngineProfile.defaultProfile()
        # Before the page loads: a scheme handler installed later is never asked by it.
        tile_handler(profile)
        self._page = MapPage(profile, self._url, self._web)
        settings, attribute = self._page.settings(), QWebEngineSettings.WebAttribute
        settings.setAttribute(attribute.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(attribute.LocalContentCanAccessFileUrls, True)
        self._channel = QWebChannel(self._page)
        self._channel.registerObject("bridge", self.bridge)
        self._page.setWebChannel(self._channel)
        self._web.setPage(self._page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._web)

        self.bridge.sig_ready.connect(self._on_bridge_ready)
        self.bridge.sig_painted.connect(self._on_bridge_painted)
        self.bridge.sig_case_clicked.connect(self.sig_case_clicked)
        self.bridge.sig_case_drag_started.connect(self.sig_case_drag_started)
        self.bridge.sig_staff_clicked.connect(self.sig_staff_clicked)
        self.bridge.sig_grid_clicked.connect(self.sig_grid_clicked)
        self.bridge.sig_point_clicked.connect(self._on_bridge_point_clicked)
        self.bridge.sig_view_changed.connect(self._on_bridge_view_changed)
        self.bridge.sig_basemap_tiles.connect(self._on_bridge_basemap_tiles)
        self._page.loadStarted.connect(self._on_page_load_started)
        self._page.renderProcessTerminated.connect(self._on_page_render_process_terminated)
        self._page.load(self._url)
        # Always some words: the legend waits for them, so it never shows in the wrong language.
        self.set_language(language or "zh_CN")

    # --- state -------------------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        return self._ready

    @property
    def painted_seq(self) -> int:
        """The highest update number the page reported painted."""
        return self._painted

    @property
    def language(self) -> str | None:
        """The language last given to :meth:`set_language` (None: the page's defaults)."""
        return self._language

    @property
    def datum(self) -> str:
        return self._datum

    @property
    def page_url(self) -> QUrl:
        return QUrl(self._url)

    @property
    def web_view(self) -> QWebEngineView:
        """The embedded view, for inspection (tests, diagnostics) and screenshots."""
        return self._web

    def markers(self) -> dict[int, Marker]:
        """The markers the map holds, by case id (a copy)."""
        return dict(self._markers)

    @property
    def _markers(self) -> dict[int, Marker]:
        if self._marker_index is None:
            self._marker_index = {m.case_id: m for m in self._marker_set}
        return self._marker_index

    # --- updates -----------------------------------------------------------------------------
    def set_grids(self, cells: Iterable[Any]) -> int:
        """Unit grids: ``GridCell`` values or store ``Grid`` rows."""
        self._grids = tuple(cells)
        return self._post_grids()

    def set_outlines(self, district: Any | None, streets: Iterable[Any] = (),
                     communities: Iterable[Any] = ()) -> int:
        self._outlines = outline_state(district, streets, communities)
        return self._post_outlines()

    def replace_markers(self, markers: Iterable[Marker]) -> int:
        markers = tuple(markers)
        self._marker_set, self._marker_index = markers, None
        return self._post_markers(markers)

    def patch_markers(self, upserts: Iterable[Marker] = (), removed_ids: Iterable[int] = ()) -> int:
        """Insert or restyle ``upserts`` (matched by case id) and drop ``removed_ids``."""
        upserts, removed = tuple(upserts), tuple(int(i) for i in removed_ids)
        for case_id in removed:
            self._markers.pop(case_id, None)
        gone = set(removed)
        for marker in upserts:
            if marker.case_id not in gone:
                self._markers[marker.case_id] = marker
        datum = self._datum
        return self._post("markers_patch",
                          lambda: geojson.markers_patch_payload(upserts, removed, datum))

    def set_grid_load(self, loads: Iterable[Any]) -> int:
        """Open/overdue counts per grid (``store.queries.GridLoad``); an empty list clears."""
        self._loads = tuple(loads)
        return self._post_grid_load()

    def set_staff(self, staff: Iterable[StaffPosition]) -> int:
        self._staff = tuple(staff)
        return self._post_staff()

    def set_staff_pick(self, pickable: bool, ranked: Iterable[int] = ()) -> int:
        """Say on the staff's tooltips whether a click assigns the case shown, and ring the
        people ``ranked`` (user ids, best first) as its candidates."""
        self._staff_pick = {"pickable": bool(pickable), "ranked": [int(i) for i in ranked]}
        return self._post_staff_pick()

    def focus(self, *, case_id: int | None = None, grid_code: str | None = None,
              point: tuple[float, float] | None = None, label: str | None = None,
              zoom: int | None = None) -> int:
        """Pan to and highlight one case, one grid, or a point such as a component."""
        if sum(x is not None for x in (case_id, grid_code, point)) != 1:
            raise ValueError("focus on exactly one of case_id, grid_code, point")
        if case_id is not None:
            marker = self._markers.get(case_id)
            spec = {"kind": "case", "key": case_id, "label": label or (marker and marker.number),
                    "lon": marker and marker.lon, "lat": marker and marker.lat}
        elif grid_code is not None:
            spec = {"kind": "grid", "key": grid_code, "label": label}
        else:
            spec = {"kind": "point", "key": None, "label": label, "lon": point[0], "lat": point[1]}
        spec["zoom"] = zoom
        self._focus = spec
        return self._post_focus()

    def set_layer_visible(self, name: str, visible: bool) -> int:
        if name not in LAYERS:
            raise ValueError(f"unknown layer {name!r}; layers are {LAYERS}")
        self._layers[name] = bool(visible)
        return self._post_layers()

    def set_basemap(self, url_template: str | None, datum: str = "wgs84",
                    attribution: str = "", max_native_zoom: int = 18, *,
                    min_native_zoom: int | None = None,
                    bounds: tuple[float, float, float, float] | None = None) -> int:
        """Tiles under the overlays (``{z}/{x}/{y}`` template; a file: URL or a registered
        local scheme keeps the map offline), or None for the plain background. With GCJ-02
        tiles every overlay is shifted to match them. Tiles exist from ``min_native_zoom``
        to ``max_native_zoom`` (scaled beyond) and only inside ``bounds`` (west, south,
        east, north in the tiles' datum)."""
        if datum not in geojson.DATUMS:
            raise ValueError(f"datum must be one of {geojson.DATUMS}")
        if self._tile_source and self._tile_source != url_template:
            tile_handler(self._page.profile()).remove(self._tile_source)
            self._tile_source = None
        remote = bool(url_template) and url_template.split(":", 1)[0].lower() in ("http", "https")
        self._page.settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, remote)
        self._basemap = {"url": url_template or None, "datum": datum,
                         "attribution": attribution, "maxNativeZoom": max_native_zoom,
                         "minNativeZoom": min_native_zoom,
                         "bounds": list(bounds) if bounds else None}
        overlay_datum = datum if url_template else "wgs84"
        if overlay_datum != self._datum:
            self._datum = overlay_datum
            return self._post_everything()
        return self._post_basemap()

    def set_basemap_tiles(self, info: TileSetInfo, datum: str = "wgs84") -> int:
        """An MBTiles package (``exchange.mbtiles.read_info``, read off the GUI thread) as
        the basemap, served through the ``mbtiles:`` scheme with its zooms and bounds."""
        template = tile_handler(self._page.profile()).add(info)
        seq = self.set_basemap(template, datum, info.attribution, info.max_zoom,
                               min_native_zoom=info.min_zoom, bounds=info.bounds)
        self._tile_source = template
        return seq

    @property
    def basemap(self) -> dict[str, Any]:
        """The basemap as last set (``url`` None: the plain background)."""
        return dict(self._basemap)

    def set_language(self, code: str) -> int:
        """Show the page's legend, tooltips and notes in the interface language ``code``
        ("zh_CN", "en"): the words are translated now, with the translators installed on
        the application, and sent to the page (again after every reload)."""
        self._language = code
        self._strings = page_strings(code)
        return self._post_strings()

    def set_emphasis(self, *, scale: float | None = None, flash: bool | None = None,
                     pulse_ids: Iterable[int] = (), pulse_seconds: float | None = None) -> int:
        """The wall's emphasis: labels and markers ``scale`` times larger, overdue cases
        flashing, ``pulse_ids`` pulsing for ``pulse_seconds``. Scale and flash are kept
        (and sent again after a reload); pulses are momentary."""
        state = dict(self._emphasis or {})
        if scale is not None:
            state["scale"] = float(scale)
        if flash is not None:
            state["flash"] = bool(flash)
        if pulse_seconds is not None:
            state["pulseSeconds"] = float(pulse_seconds)
        self._emphasis = state
        message = json.dumps({**state, "pulse": [int(i) for i in pulse_ids]})
        return self._post("emphasis", lambda: message)

    def collect_garbage(self) -> None:
        """Ask the page's JavaScript engine to collect now (a no-op without --expose-gc)."""
        if self._ready:
            self.bridge.sig_collect.emit()

    @property
    def page(self) -> MapPage:
        return self._page

    # --- page events -------------------------------------------------------------------------
    def _on_bridge_painted(self, seq: int) -> None:
        self._painted = max(self._painted, seq)
        self.sig_painted.emit(seq)

    def _on_bridge_point_clicked(self, lon: float, lat: float) -> None:
        if self._datum == "gcj02":  # overlays are drawn shifted onto GCJ-02 tiles
            lon, lat = gcj02_to_wgs84(lon, lat)
        self.sig_point_clicked.emit(lon, lat)

    def _on_bridge_view_changed(self, view: ViewState) -> None:
        if self._datum == "gcj02":
            west, south = geojson.gcj02_to_wgs84(view.west, view.south)
            east, north = geojson.gcj02_to_wgs84(view.east, view.north)
            view = replace(view, west=west, south=south, east=east, north=north)
        self.sig_view_changed.emit(view)

    def _on_bridge_basemap_tiles(self, info: dict) -> None:
        if info.get("url") != self._basemap.get("url"):
            return  # from a basemap since replaced
        if info.get("loading"):
            self.sig_basemap_loading.emit()
        else:
            self.sig_basemap_loaded.emit(info)

    def _on_page_render_process_terminated(self, status, exit_code: int) -> None:
        log.error("map: page renderer ended (%s, code %s)", status, exit_code)
        if self._restarts < _MAX_RESTARTS:
            self._restarts += 1
            self._page.load(self._url)


def _closer(close_payloads: Callable[[], None],
            files: contextlib.ExitStack) -> Callable[..., None]:
    """What to release when the widget goes; holds no reference to the widget itself."""

    def close(*_args) -> None:
        close_payloads()
        files.close()

    return close
