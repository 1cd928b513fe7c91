"""The live map: an offline Leaflet page in a QWebEngineView, fed through a web channel.

``geojson`` builds the page's payloads and imports no Qt; ``MapView``/``MapBridge`` are
loaded on first use so that importing the payload functions never pulls in QtWebEngine.
This is the only package that imports QtWebEngine and QtWebChannel.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .geojson import (Marker, StaffPosition, gcj02_to_wgs84, grid_load_payload, grids_payload,
                      marker_from_row, markers_patch_payload, markers_payload, outlines_payload,
                      wgs84_to_gcj02)

if TYPE_CHECKING:
    from .bridge import MapBridge, ViewState
    from .view import LAYERS, MapView
    from .webengine import prepare_webengine

_LAZY = {"MapBridge": "bridge", "ViewState": "bridge", "MapView": "view", "LAYERS": "view",
         "prepare_webengine": "webengine"}

__all__ = ["LAYERS", "MapBridge", "MapView", "Marker", "StaffPosition",
           "ViewState", "gcj02_to_wgs84", "grid_load_payload", "grids_payload",
           "marker_from_row", "markers_patch_payload", "markers_payload", "outlines_payload",
           "prepare_webengine", "wgs84_to_gcj02"]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
