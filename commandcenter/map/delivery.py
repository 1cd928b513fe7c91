"""How ``MapView``'s state reaches its page (a mixin of :class:`MapView`).

Payload text is built on one worker thread, in order, and handed to the page on the GUI
thread, one message per turn of the event loop, so 100,000 markers never hold up the
interface. Until the page reports ready, built updates wait in a queue (a newer
replacement drops the older one) and go over in order on ready; after a reload, or a
change of basemap datum, the whole state is built and sent again.
"""
from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable

from PySide6.QtCore import QTimer

from . import geojson
from .geojson import Marker
from .page import PayloadBuilder

log = logging.getLogger(__name__)

# The web channel serialises each message on the GUI thread (10–30 ns a character when the
# machine is busy): a part of 10,000 markers (~370 kB) takes a few milliseconds, where all
# 100,000 at once took 40–90 ms.
MARKERS_PER_MESSAGE = 10_000
GRIDS_PER_MESSAGE = 1_000  # ~350 kB of GeoJSON
# kind of update → the queued kinds it makes pointless
_SUPERSEDES = {"markers_replace": {"markers_replace", "markers_patch"}, "markers_patch": set(),
               "replay": set()}  # replay frames are patches too: none may be dropped

# kind of update → bridge signal carrying it
_SIGNALS = {"grids": "sig_grids", "outlines": "sig_outlines",
            "markers_replace": "sig_markers_replace", "markers_patch": "sig_markers_patch",
            "grid_load": "sig_grid_load", "staff": "sig_staff", "staff_pick": "sig_staff_pick",
            "focus": "sig_focus",
            "layers": "sig_layers", "basemap": "sig_basemap", "strings": "sig_strings",
            "emphasis": "sig_emphasis", "replay": "sig_replay"}


# The geography's GeoJSON (~1.5 MB for 4,000 grids, 150 ms of CPU holding the interpreter
# lock) is the same for every page that shows it: a replaced page (the wall's memory bound),
# a reload, a desk opened again after a new login. Built once per process, looked up by
# content (frozen dataclasses hash and compare by value), on the payload worker.
KEPT_PAYLOADS = 4
_kept: OrderedDict[tuple, str | list[str]] = OrderedDict()
_kept_lock = threading.Lock()


def kept(key: tuple, build: Callable[[], str | list[str]]) -> str | list[str]:
    """``build()``'s text, or the text built before for an equal ``key``."""
    try:
        hash(key)
    except TypeError:  # rows that cannot be compared by value: build every time
        return build()
    with _kept_lock:  # one build at a time: the login's and the first view's wait for each other
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
        text = _kept[key] = build()
        while len(_kept) > KEPT_PAYLOADS:
            _kept.popitem(last=False)
    return text


def grids_text(cells: tuple, datum: str) -> list[str]:
    """The messages that draw ``cells`` (as ``MapView.set_grids`` keeps them)."""
    return kept(("grids", datum, cells),
                lambda: geojson.grids_payload_parts(cells, datum, GRIDS_PER_MESSAGE))


def outlines_text(outlines: tuple, datum: str) -> str:
    """The message that draws ``outlines`` (as ``MapView.set_outlines`` keeps them)."""
    return kept(("outlines", datum, outlines), lambda: geojson.outlines_payload(*outlines, datum))


def outline_state(district, streets, communities) -> tuple:
    return district, tuple(streets), tuple(communities)


def prepare_geography(outlines: tuple, grids, datum: str = "wgs84") -> None:
    """Build the geography's text before any view asks for it (while the login waits), so
    the first picture does not wait for it nor share the interpreter lock with it."""
    outlines_text(outline_state(*outlines), datum)
    grids_text(tuple(grids), datum)


class PageDelivery:
    def _start_delivery(self) -> None:
        self._payloads = PayloadBuilder(self)
        self._payloads.built.connect(self._on_payloads_built)
        self._ready = False
        self._queued: list[tuple[str, int, list[str]]] = []  # built before the page was ready
        self._outbox: deque[tuple[str, int, str]] = deque()  # to emit, one per event-loop turn
        self._pump = QTimer(self, singleShot=True, interval=0)
        self._pump.timeout.connect(self._on_pump_timeout)
        self._generation = 0
        self._seq = 0

    def _post(self, kind: str, build: Callable[[], str | list[str]]) -> int:
        self._seq += 1
        self._payloads.submit(self._generation, kind, self._seq, build)
        return self._seq

    def _post_grids(self) -> int:
        cells, datum = self._grids, self._datum
        return self._post("grids", lambda: grids_text(cells, datum))

    def _post_outlines(self) -> int:
        outlines, datum = self._outlines, self._datum
        return self._post("outlines", lambda: outlines_text(outlines, datum))

    def _post_markers(self, markers: tuple[Marker, ...]) -> int:
        datum = self._datum
        return self._post("markers_replace", lambda: geojson.markers_payload_parts(
            markers, datum, MARKERS_PER_MESSAGE))

    def _post_grid_load(self) -> int:
        loads = self._loads
        return self._post("grid_load", lambda: geojson.grid_load_payload(loads))

    def _post_staff(self) -> int:
        staff, datum = self._staff, self._datum
        return self._post("staff", lambda: geojson.staff_payload(staff, datum))

    def _post_staff_pick(self) -> int:
        text = json.dumps(self._staff_pick)
        return self._post("staff_pick", lambda: text)

    def _post_focus(self) -> int:
        spec, datum = dict(self._focus), self._datum
        kind = spec.pop("kind")
        if spec.get("lon") is None:
            spec.pop("lon", None), spec.pop("lat", None)
        return self._post("focus", lambda: geojson.focus_payload(kind, datum=datum, **spec))

    def _post_layers(self) -> int:
        layers = dict(self._layers)
        return self._post("layers", lambda: json.dumps(layers))

    def _post_basemap(self) -> int:
        text = json.dumps(self._basemap, ensure_ascii=False)
        return self._post("basemap", lambda: text)

    def _post_strings(self) -> int:
        text = json.dumps(self._strings, ensure_ascii=False)
        return self._post("strings", lambda: text)

    def _post_everything(self) -> int:
        """The whole state, in drawing order: after a reload and on a change of datum."""
        if self._strings is not None:
            self._post_strings()
        seq = self._post_basemap()
        if self._layers:
            seq = self._post_layers()
        if self._outlines is not None:
            seq = self._post_outlines()
        if self._grids:
            seq = self._post_grids()
        if self._loads is not None:
            seq = self._post_grid_load()
        if self._marker_index is None:
            seq = self._post_markers(self._marker_set)
        elif self._marker_index:
            seq = self._post_markers(tuple(self._marker_index.values()))
        if self._staff is not None:
            seq = self._post_staff()
        if self._staff_pick is not None:
            seq = self._post_staff_pick()
        if self._focus is not None:
            seq = self._post_focus()
        if self._emphasis is not None:
            state = json.dumps({**self._emphasis, "pulse": []})
            seq = self._post("emphasis", lambda: state)
        return self.replay.repost() or seq

    # --- to the page -------------------------------------------------------------------------
    def _on_payloads_built(self, item: tuple[int, str, int, str | list[str]]) -> None:
        generation, kind, seq, built = item
        if generation != self._generation:
            return  # the page reloaded since; it is being sent the whole state again
        messages = [built] if isinstance(built, str) else list(built)
        if self._ready:
            self._send(kind, seq, messages)
            return
        dropped = _SUPERSEDES.get(kind, {kind})
        self._queued = [q for q in self._queued if q[0] not in dropped]
        self._queued.append((kind, seq, messages))

    def _on_bridge_ready(self, info: dict) -> None:
        log.debug("map page ready: %s", info)
        self._ready = True
        queued, self._queued = self._queued, []
        for kind, seq, messages in queued:
            self._send(kind, seq, messages)
        self.sig_ready.emit()

    def _send(self, kind: str, seq: int, messages: list[str]) -> None:
        self._outbox.extend((kind, seq, text) for text in messages)
        if not self._pump.isActive():
            self._pump.start()

    def _on_pump_timeout(self) -> None:
        """Hand the page one message, then let the event loop run before the next."""
        if not self._outbox or not self._ready:
            return
        kind, seq, text = self._outbox.popleft()
        getattr(self.bridge, _SIGNALS[kind]).emit(seq, text)
        if self._outbox:
            self._pump.start()

    def _on_page_load_started(self) -> None:
        if not self._ready:
            return  # the first load, or a reload before the page said anything: queue stands
        self._ready = False
        self._generation += 1
        self._queued.clear()
        self._outbox.clear()
        self._post_everything()
