"""The object the map page sees on its web channel as ``bridge``.

Python → page: signals carrying an update number and a JSON string (built by
``commandcenter.map.geojson``); the page never receives code. Page → Python: slots taking
one string, re-emitted as typed Qt signals. Nothing here knows about widgets.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ViewState:
    """What the map shows after a pan or zoom, in the overlays' datum (lon/lat)."""

    zoom: float
    west: float
    south: float
    east: float
    north: float


def _int_or_none(text: str) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        log.warning("map page sent an id that is not a number: %r", text)
        return None


class MapBridge(QObject):
    # --- to the page: (update number, JSON) ------------------------------------------------
    sig_grids = Signal(int, str)
    """Unit grids, a GeoJSON FeatureCollection (``geojson.grids_payload``)."""
    sig_outlines = Signal(int, str)
    """District, street and community outlines with names (``geojson.outlines_payload``)."""
    sig_markers_replace = Signal(int, str)
    """Every case marker, column-wise (``geojson.markers_payload``)."""
    sig_markers_patch = Signal(int, str)
    """Markers to upsert and case ids to remove (``geojson.markers_patch_payload``)."""
    sig_grid_load = Signal(int, str)
    """Open/overdue counts per grid and the shading breaks (``geojson.grid_load_payload``)."""
    sig_staff = Signal(int, str)
    """Field staff positions and last-hour trails (``geojson.staff_payload``)."""
    sig_staff_pick = Signal(int, str)
    """Whether a click on a person assigns the case shown, and the candidates to ring, best
    first: ``{"pickable": true, "ranked": [user ids]}``."""
    sig_focus = Signal(int, str)
    """Pan to and highlight a case, a grid or a point (``geojson.focus_payload``)."""
    sig_layers = Signal(int, str)
    """Layer visibility, ``{"markers": false, …}``."""
    sig_basemap = Signal(int, str)
    """Tile layer ``{"url": template or null, "datum": …, "attribution": …}``."""
    sig_strings = Signal(int, str)
    """The page's own words in the interface language (legend, tooltips, notes), built by
    ``page.page_strings``; until they come the page shows its Chinese defaults."""
    sig_emphasis = Signal(int, str)
    """The wall's emphasis ``{"scale": 2, "flash": true, "pulse": [ids], "pulseSeconds": 8}``:
    larger labels and markers, overdue cases flashing, new cases pulsing for a while."""
    sig_replay = Signal(int, str)
    """The replay layer (``commandcenter.map.replay``): its cases and trails, then frames;
    ``{"op": "end"}`` brings the live picture back."""
    sig_collect = Signal()
    """Run the page's garbage collector now (there is one only with ``--expose-gc``)."""

    # --- from the page, typed --------------------------------------------------------------
    sig_ready = Signal(dict)
    """The page has its channel up and listens; carries what it reported (Leaflet version)."""
    sig_case_clicked = Signal(int)
    """A case marker was clicked (case id)."""
    sig_case_drag_started = Signal(int)
    """A press on a case marker moved past the drag threshold (case id)."""
    sig_staff_clicked = Signal(int)
    """A field staff position was clicked (the person's user id)."""
    sig_grid_clicked = Signal(str)
    """A click landed on a unit grid with no marker under it (grid code)."""
    sig_point_clicked = Signal(float, float)
    """A click on the map away from any case (longitude, latitude as drawn)."""
    sig_view_changed = Signal(object)
    """The map finished a pan or zoom (``ViewState``, in the overlays' datum)."""
    sig_painted = Signal(int)
    """The page drew everything up to this update number and a frame went by."""
    sig_page_error = Signal(str)
    """A script error in the page."""
    sig_basemap_tiles = Signal(dict)
    """The basemap started loading tiles, or the view's tiles are in: ``{"url", "loading",
    "loaded", "errors"}`` (counts since the page's last reset)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.last_paint: dict = {}

    @Slot(str)
    def ready(self, info: str) -> None:
        try:
            details = json.loads(info) if info else {}
        except ValueError:
            details = {}
        self.sig_ready.emit(details)

    @Slot(str)
    def caseClicked(self, case_id: str) -> None:  # noqa: N802 (the page's naming)
        value = _int_or_none(case_id)
        if value is not None:
            self.sig_case_clicked.emit(value)

    @Slot(str)
    def staffClicked(self, user_id: str) -> None:  # noqa: N802
        value = _int_or_none(user_id)
        if value is not None:
            self.sig_staff_clicked.emit(value)

    @Slot(str)
    def caseDragStarted(self, case_id: str) -> None:  # noqa: N802
        value = _int_or_none(case_id)
        if value is not None:
            self.sig_case_drag_started.emit(value)

    @Slot(str)
    def gridClicked(self, code: str) -> None:  # noqa: N802
        self.sig_grid_clicked.emit(str(code))

    @Slot(str)
    def pointClicked(self, point: str) -> None:  # noqa: N802
        try:
            data = json.loads(point)
            lon, lat = float(data["lon"]), float(data["lat"])
        except (ValueError, KeyError, TypeError):
            return
        self.sig_point_clicked.emit(lon, lat)

    @Slot(str)
    def viewChanged(self, state: str) -> None:  # noqa: N802
        try:
            data = json.loads(state)
            view = ViewState(float(data["zoom"]), float(data["west"]), float(data["south"]),
                             float(data["east"]), float(data["north"]))
        except (ValueError, KeyError, TypeError):
            log.warning("map page sent an unreadable view: %r", state[:200])
            return
        self.sig_view_changed.emit(view)

    @Slot(str)
    def painted(self, info: str) -> None:
        try:
            data = json.loads(info)
            seq = int(data["seq"])
        except (ValueError, KeyError, TypeError):
            return
        self.last_paint = data
        self.sig_painted.emit(seq)

    @Slot(str)
    def basemapTiles(self, info: str) -> None:  # noqa: N802
        try:
            data = json.loads(info)
        except ValueError:
            return
        if isinstance(data, dict):
            self.sig_basemap_tiles.emit(data)

    @Slot(str)
    def pageError(self, message: str) -> None:  # noqa: N802
        log.error("map page: %s", message)
        self.sig_page_error.emit(str(message))
