"""MBTiles basemaps served to the map page through the ``mbtiles:`` URL scheme.

``mbtiles://<source>/{z}/{x}/{y}`` answers with the tile's bytes and the package's
content type, or fails with UrlNotFound (the scheme's 404) when the package has no tile
there. ``requestStarted`` runs on the GUI thread, so it only parses the address and hands
the read to a small pool; the answer comes back through a queued signal and the job is
replied to from a QBuffer then. A read is ~0.1 ms on a warm local file, but a package on a
network share or a cold disk can take tens of milliseconds a tile, dozens at a time while
panning: none of that may stall the interface. A job Chromium drops meanwhile (Leaflet
cancels tiles panned away) is skipped, before the read when it can be.

The scheme must be registered before the QApplication exists (``register_scheme``, called
by ``prepare_webengine``); the handler is installed on a profile on first use.
"""
from __future__ import annotations

import itertools
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal
from PySide6.QtWebEngineCore import (QWebEngineProfile, QWebEngineUrlRequestJob,
                                     QWebEngineUrlScheme, QWebEngineUrlSchemeHandler)

from commandcenter.exchange.mbtiles import MBTilesReader, TileSetInfo

log = logging.getLogger(__name__)

SCHEME = b"mbtiles"
READ_THREADS = 2


def register_scheme() -> None:
    """Declare ``mbtiles:`` to Chromium; only possible before the application exists."""
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    # Local: a file:// page may load it (Chromium lets local pages reach local schemes only).
    scheme.setFlags(QWebEngineUrlScheme.Flag.LocalScheme
                    | QWebEngineUrlScheme.Flag.LocalAccessAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


class _Source:
    def __init__(self, info: TileSetInfo):
        self.info = info
        self.reader = MBTilesReader(info.path)
        self.content_type = QByteArray(info.content_type.encode())


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves the tile packages added with :meth:`add`, each under its own host name."""

    _sig_read = Signal(int, object)  # job token, tile bytes or None

    def __init__(self, parent: QObject | None = None, *, threads: int = READ_THREADS):
        super().__init__(parent)
        self._sources: dict[str, _Source] = {}
        self._names = itertools.count(1)
        self._tokens = itertools.count(1)
        self._jobs: dict[int, tuple[QWebEngineUrlRequestJob, _Source]] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="tiles")
        self._sig_read.connect(self._on_read)
        self.served = 0
        self.missing = 0

    def add(self, info: TileSetInfo) -> str:
        """Serve ``info``'s package; returns its URL template for Leaflet. Each call gets
        a new host, so a changed file is never mistaken for the last one."""
        name = f"s{next(self._names)}"
        self._sources[name] = _Source(info)
        return f"{SCHEME.decode()}://{name}/{{z}}/{{x}}/{{y}}"

    def remove(self, template: str | None) -> None:
        """Stop serving the package behind ``template`` (requests for it then fail)."""
        if template and template.startswith(f"{SCHEME.decode()}://"):
            self._sources.pop(template.split("/")[2], None)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    # --- requests (GUI thread) ---------------------------------------------------------------
    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt's name)
        url = job.requestUrl()
        source = self._sources.get(url.host())
        try:
            z, x, y = (int(part) for part in url.path().strip("/").split("/"))
        except ValueError:
            source = None
        if source is None:
            self.missing += 1
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        token = next(self._tokens)
        with self._lock:
            self._jobs[token] = (job, source)
        job.destroyed.connect(lambda *_: self._forget(token))
        self._pool.submit(self._read, token, source, z, x, y)

    def _forget(self, token: int) -> None:
        with self._lock:
            self._jobs.pop(token, None)

    # --- reads (worker threads) --------------------------------------------------------------
    def _read(self, token: int, source: _Source, z: int, x: int, y: int) -> None:
        with self._lock:
            wanted = token in self._jobs
        if not wanted:  # Chromium dropped the request while it queued
            return
        try:
            data = source.reader.tile(z, x, y)
        except Exception:  # a damaged page of the file: this tile is missing, not the map
            log.exception("basemap: reading tile %s/%s/%s of %s failed", z, x, y,
                          source.info.path)
            data = None
        try:
            self._sig_read.emit(token, data)
        except RuntimeError:  # the handler went away meanwhile
            pass

    # --- answers (GUI thread) ----------------------------------------------------------------
    def _on_read(self, token: int, data: bytes | None) -> None:
        with self._lock:
            entry = self._jobs.pop(token, None)
        if entry is None or not shiboken6.isValid(entry[0]):
            return
        job, source = entry
        if data is None:
            self.missing += 1
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        # Chromium reads the buffer on its own thread until it is done with the job.
        job.destroyed.connect(buffer.deleteLater)
        job.reply(source.content_type, buffer)
        self.served += 1


def tile_handler(profile: QWebEngineProfile) -> TileSchemeHandler:
    """The profile's tile handler, installed on first use."""
    handler = profile.urlSchemeHandler(SCHEME)
    if isinstance(handler, TileSchemeHandler):
        return handler
    handler = TileSchemeHandler(profile)
    profile.installUrlSchemeHandler(SCHEME, handler)
    return handler
