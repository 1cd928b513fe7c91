"""The Open311 GeoReport v2 server (FastAPI on uvicorn) for public apps and the hotline.

    GET  services.json|xml             our minor classes
    GET  services/{code}.json|xml      a service definition (no extra attributes)
    GET  requests.json|xml             start_date, end_date (≤ 90 days; default the last 90),
                                       status, service_code, or service_request_id lists
    GET  requests/{id}.json|xml        one request
    POST requests.json|xml             a new case through the workflow service; needs api_key

POSTs are form-encoded as GeoReport says (JSON bodies are accepted too), at most
``max_body`` bytes. Each key has its rate a minute; callers without a key share a rate per
address. Every POST is logged with its key, accepted or not. Errors use GeoReport's format:
400 bad input (nothing written), 403 missing or bad key, 404 unknown id or code, 429 too
many requests. Blocking database work runs on the server's thread pool.
"""
from __future__ import annotations

import json
import logging
import math
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from commandcenter.models.case import Actor, CaseDraft
from commandcenter.models.catalog import Catalog, load_catalog
from commandcenter.models.enums import CaseKind, Role, Source, Urgency
from commandcenter.models.workflow import DomainError
from commandcenter.store.apikeys import KeyInfo, find_key, log_post
from commandcenter.store.calendar import load_policy
from commandcenter.store.db import Database
from commandcenter.store.open311 import public_cases
from commandcenter.store.service import CaseService, local_now
from commandcenter.store.spatial import locate_grid

from . import open311 as doc

log = logging.getLogger(__name__)
MEDIA = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_SPAN = timedelta(days=90)


class GeoReportError(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


class RateLimiter:
    """At most ``limit`` requests in any 60 seconds per key (a sliding window)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock, self._lock, self._seen = clock, threading.Lock(), {}

    def allow(self, key: str, limit: int) -> bool:
        now = self.clock()
        with self._lock:
            times = self._seen.setdefault(key, deque())
            while times and now - times[0] >= 60:
                times.popleft()
            if len(times) >= limit:
                return False
            times.append(now)
            return True


def _fmt(fmt: str) -> str:
    if fmt not in MEDIA:
        raise GeoReportError(404, f"unknown format {fmt!r}: use .json or .xml")
    return fmt


def _reply(root: str, body, fmt: str, status: int = 200) -> Response:
    return Response(doc.dump(root, body, fmt), status_code=status, media_type=MEDIA[fmt])


def _number(form: dict, name: str) -> float:
    text = form.get(name, "").strip()
    if not text:
        raise GeoReportError(400, f"{name} is required")
    try:
        value = float(text)
    except ValueError:
        raise GeoReportError(400, f"{name} must be a number, not {text!r}") from None
    if not math.isfinite(value):
        raise GeoReportError(400, f"{name} must be a finite number")
    return value


def create_app(db: Database, *, catalog: Catalog | None = None,
               clock: Callable[[], datetime] = local_now, max_body: int = 16_384,
               anonymous_rate: int = 120, limiter: RateLimiter | None = None) -> FastAPI:
    catalog = catalog or load_catalog()
    service = CaseService(db, load_policy(db), clock)
    limiter = limiter or RateLimiter()
    app = FastAPI(title="commandcenter Open311 GeoReport v2", docs_url=None, redoc_url=None,
                  openapi_url=None)

    def fmt_of(request: Request) -> str:
        tail = request.url.path.rsplit(".", 1)
        return tail[1] if len(tail) == 2 and tail[1] in MEDIA else "json"

    @app.exception_handler(GeoReportError)
    async def _georeport_error(request: Request, exc: GeoReportError):
        return _reply("errors", doc.errors(exc.status, exc.description), fmt_of(request), exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        text = "not found" if exc.status_code == 404 else str(exc.detail)
        return _reply("errors", doc.errors(exc.status_code, text), fmt_of(request), exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        return _reply("errors", doc.errors(400, f"{where}: {first.get('msg')}"), fmt_of(request), 400)

    def throttle(request: Request, key: KeyInfo | None) -> None:
        name, limit = ((f"key:{key.id}", key.rate_per_min) if key else
                       (f"addr:{request.client.host if request.client else '?'}", anonymous_rate))
        if not limiter.allow(name, limit):
            raise GeoReportError(429, f"more than {limit} requests a minute; try again later")

    def optional_key(request: Request) -> KeyInfo | None:
        token = request.query_params.get("api_key")
        if token is None:
            return None
        key = find_key(db, token)
        if key is None:
            raise GeoReportError(403, "api_key is not valid")
        return key

    @app.get("/services.{fmt}")
    def get_services(request: Request, fmt: str):
        throttle(request, optional_key(request))
        return _reply("services", doc.services(catalog), _fmt(fmt))

    @app.get("/services/{code}.{fmt}")
    def get_service(request: Request, code: str, fmt: str):
        throttle(request, optional_key(request))
        key = doc.class_key(code)
        if key is None or key not in catalog:
            raise GeoReportError(404, f"unknown service_code {code!r}")
        return _reply("service_definition", doc.service_definition(code), _fmt(fmt))

    @app.get("/requests.{fmt}")
    def get_requests(request: Request, fmt: str):
        fmt = _fmt(fmt)
        throttle(request, optional_key(request))
        q = request.query_params
        ids = [i for i in q.get("service_request_id", "").split(",") if i.strip()]
        if ids:   # ids override every other parameter
            cases = public_cases(db, numbers=[i.strip() for i in ids])
        else:
            try:
                start = doc.parse_w3c(q["start_date"]) if q.get("start_date") else None
                end = doc.parse_w3c(q["end_date"]) if q.get("end_date") else None
            except ValueError:
                raise GeoReportError(400, "start_date and end_date are W3C date-times, "
                                          "e.g. 2026-11-01T00:00:00+08:00") from None
            if start is None and end is None:
                end = clock()
            if start is None:
                start = end - MAX_SPAN
            if end is None:
                end = start + MAX_SPAN
            if end < start:
                raise GeoReportError(400, "end_date is before start_date")
            if end - start > MAX_SPAN:
                raise GeoReportError(400, "start_date to end_date may not span more than 90 days")
            status = [s.strip() for s in q.get("status", "").split(",") if s.strip()]
            if any(s not in ("open", "closed") for s in status):
                raise GeoReportError(400, "status is open, closed or both (comma-separated)")
            codes = [c.strip() for c in q.get("service_code", "").split(",") if c.strip()]
            keys = [doc.class_key(c) for c in codes]
            if any(k is None or k not in catalog for k in keys):
                bad = next(c for c, k in zip(codes, keys) if k is None or k not in catalog)
                raise GeoReportError(400, f"unknown service_code {bad!r}")
            cases = public_cases(db, start=start, end=end, status=status, class_keys=keys)
        return _reply("service_requests", [doc.request(c, catalog) for c in cases], fmt)

    @app.get("/requests/{rid}.{fmt}")
    def get_request(request: Request, rid: str, fmt: str):
        fmt = _fmt(fmt)
        throttle(request, optional_key(request))
        cases = public_cases(db, numbers=[rid])
        if not cases:
            raise GeoReportError(404, f"no service request {rid!r}")
        return _reply("service_requests", [doc.request(cases[0], catalog)], fmt)

    @app.post("/requests.{fmt}")
    async def post_request(request: Request, fmt: str):
        fmt = _fmt(fmt)
        remote = request.client.host if request.client else "?"
        key: KeyInfo | None = None
        try:
            body = await _read_body(request, max_body)
            form = _form(body, request.headers.get("content-type", ""))
            token = form.get("api_key") or request.query_params.get("api_key")
            if not token:
                raise GeoReportError(403, "api_key is required to post a service request")
            key = await run_in_threadpool(find_key, db, token)
            if key is None:
                raise GeoReportError(403, "api_key is not valid")
            throttle(request, key)
            number = await run_in_threadpool(create, key, form)
        except GeoReportError as exc:
            await run_in_threadpool(log_post, db, key.id if key else None, clock(), remote,
                                    exc.status, None, exc.description)
            log.info("POST from %s key %s refused: %s", remote, key.name if key else "-",
                     exc.description)
            raise
        await run_in_threadpool(log_post, db, key.id, clock(), remote, 200, number, "created")
        log.info("POST from %s key %s created case %s", remote, key.name, number)
        return _reply("service_requests", [{
            "service_request_id": number, "account_id": None,
            "service_notice": "已受理登记，将按时限处置 (received; it will be handled within its time limit)"}], fmt)

    def create(key: KeyInfo, form: dict) -> str:
        code = form.get("service_code", "").strip()
        if not code:
            raise GeoReportError(400, "service_code is required")
        class_key = doc.class_key(code)
        if class_key is None or class_key not in catalog:
            raise GeoReportError(400, f"unknown service_code {code!r}")
        lat, lon = _number(form, "lat"), _number(form, "long")
        description = form.get("description", "").strip()
        if len(description) > 4000:
            raise GeoReportError(400, "description is longer than 4000 characters")
        address = form.get("address_string", "").strip()
        if len(address) > 120:
            raise GeoReportError(400, "address_string is longer than 120 characters")
        name = " ".join(p for p in (form.get("last_name", "").strip(),
                                    form.get("first_name", "").strip()) if p)[:40]
        actor = Actor(f"open311:{key.name}"[:40], Role.SYSTEM, None, key.name)
        try:
            with service.batch() as wf:
                grid = locate_grid(wf.session, lon, lat)
                if grid is None:
                    raise GeoReportError(400, f"lat {lat}, long {lon} is outside the district")
                case = wf.report(actor, CaseDraft(
                    source=Source(key.source), kind=CaseKind(class_key.split(":")[0]),
                    class_key=class_key, urgency=Urgency.NORMAL, lon=lon, lat=lat,
                    grid_code=grid, description=description or catalog.by_key(class_key).name,
                    address=address, reporter_name=name,
                    reporter_phone=form.get("phone", "").strip()[:20]))
        except DomainError as exc:
            raise GeoReportError(400, str(exc)) from None
        return case.number

    return app


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise GeoReportError(400, f"request body larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:   # a body sent without its length, or longer than it said
            raise GeoReportError(400, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _form(body: bytes, content_type: str) -> dict[str, str]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise GeoReportError(400, "request body is not UTF-8") from None
    if content_type.startswith("application/json"):
        try:
            data = json.loads(text or "{}")
        except ValueError:
            raise GeoReportError(400, "request body is not JSON") from None
        if not isinstance(data, dict):
            raise GeoReportError(400, "request body must be a JSON object")
        if any(isinstance(v, (dict, list)) for v in data.values()):
            raise GeoReportError(400, "request fields must be strings or numbers")
        return {str(k): "" if v is None else str(v) for k, v in data.items()}
    fields = parse_qs(text, keep_blank_values=True)
    return {k: v[0] for k, v in fields.items()}


class ServerThread:
    """The server on a background thread, on 127.0.0.1 and a free port unless given; stops on
    exit from the ``with`` block (tests, the app)."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0):
        import uvicorn
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.host, self.port = self.socket.getsockname()[:2]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]},
                                       name="open311-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the Open311 server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()
