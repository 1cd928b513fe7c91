"""The Open311 GeoReport v2 server over real HTTP on 127.0.0.1: the georeport client library
reads it, httpx posts to it, every answer is checked against JSON Schemas written from the
GeoReport v2 specification, and a posted case reaches a change-feed follower."""
from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from datetime import datetime

import httpx
import pytest
from georeport import GeoReport
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import func, select

from commandcenter.exchange.cases import import_cases
from commandcenter.exchange.server import RateLimiter, ServerThread, create_app
from commandcenter.store import apikeys
from commandcenter.store.db import open_database
from commandcenter.store.feed import ChangeFollower, PgNotifier
from commandcenter.store.schema import ApiKey, ApiPostLog, Case

from .exchange_world import DATA, seed_block
from .exchange_world import block_db  # noqa: F401 (the db fixture)

SCHEMAS = DATA / "georeport-v2"
NOW = datetime(2026, 12, 1, 10, 0)
INSIDE = {"lat": "39.9150", "long": "116.4030"}


def _schema(name: str) -> Draft202012Validator:
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text()),
                                                 default_specification=DRAFT202012))
                 for p in SCHEMAS.glob("*.json")]
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / name).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def valid(name: str, document) -> None:
    errors = sorted(_schema(name).iter_errors(document), key=str)
    assert not errors, [e.message for e in errors]


@pytest.fixture
def server(db):
    with ServerThread(create_app(db, clock=lambda: NOW)) as running:
        yield running


@pytest.fixture
def key(db):
    return apikeys.add_key(db, "app", "public", 30, NOW)


def post(server, data: dict, **kw) -> httpx.Response:
    return httpx.post(f"{server.url}/requests.json", data=data, timeout=10, **kw)


def case_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Case))


def test_the_client_library_reads_services_that_match_the_schema(server):
    client = GeoReport(server.url)
    services = client.get_service_list()
    valid("services.json", services)
    codes = {s["service_code"] for s in services}
    assert {"E0101", "C0101"} <= codes
    definition = client.get_service_definition("E0101")
    valid("service-definition.json", definition)
    xml = GeoReport(server.url, output_format="xml").get_service_list()
    assert len(xml) == len(services) and xml[0]["service_code"] == services[0]["service_code"]


def test_a_posted_request_is_a_case_that_the_client_reads_back(server, db, key):
    answer = post(server, {"api_key": key, "service_code": "E0101", **INSIDE,
                           "description": "路边暴露垃圾", "address_string": "东华门大街 1 号",
                           "first_name": "小明", "last_name": "王", "phone": "13900000000",
                           "email": "wang@example.com"})
    assert answer.status_code == 200, answer.text
    valid("request-created.json", answer.json())
    number = answer.json()[0]["service_request_id"]
    client = GeoReport(server.url)
    one = client.get_service_request(number)
    valid("request.json", one)
    assert one["status"] == "open" and one["service_code"] == "E0101"
    assert one["status_notes"].startswith("待受理") and one["expected_datetime"]
    listed = client.get_service_requests(service_request_id=number)
    valid("requests.json", listed)
    with db.session() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        assert (case.source, case.reporter_name, case.reporter_phone) == ("public", "王 小明",
                                                                          "13900000000")
    # Nobody reading the server learns who reported it.
    bodies = [httpx.get(f"{server.url}/requests/{number}.{f}").text for f in ("json", "xml")]
    bodies.append(httpx.get(f"{server.url}/requests.json").text)
    for body in bodies:
        assert number in body
        for personal in ("小明", "13900000000", "wang@example.com"):
            assert personal not in body


def test_every_post_is_logged_with_its_key(server, db, key):
    post(server, {"api_key": key, "service_code": "E0101", **INSIDE})
    post(server, {"api_key": key, "service_code": "E9999", **INSIDE})
    post(server, {"api_key": "wrong", "service_code": "E0101", **INSIDE})
    log = apikeys.post_log(db)
    assert [(r.key_name, r.status) for r in log] == [("app", 200), ("app", 400), (None, 403)]
    assert log[0].case_number and log[1].detail == "unknown service_code 'E9999'"


@pytest.mark.parametrize("data, status, reason", [
    ({"service_code": "E0101", **INSIDE}, 403, "api_key is required to post a service request"),
    ({"api_key": "cc311_nope", "service_code": "E0101", **INSIDE}, 403, "api_key is not valid"),
    ({"service_code": "E0101", "lat": "39.915"}, 400, "long is required"),
    ({"service_code": "E0101", "lat": "north", "long": "116.403"}, 400,
     "lat must be a number, not 'north'"),
    ({"service_code": "E0101", "lat": "39.95", "long": "116.5"}, 400,
     "lat 39.95, long 116.5 is outside the district"),
    ({"service_code": "X1", **INSIDE}, 400, "unknown service_code 'X1'"),
    ({**INSIDE}, 400, "service_code is required"),
    ({"service_code": "E0101", **INSIDE, "description": "x" * 4001}, 400,
     "description is longer than 4000 characters"),
])
def test_bad_posts_get_the_reason_in_georeport_format_and_write_nothing(server, db, key, data,
                                                                         status, reason):
    if "api_key" not in data and status != 403:
        data = {"api_key": key, **data}
    answer = post(server, data)
    assert answer.status_code == status
    valid("errors.json", answer.json())
    assert answer.json() == [{"code": status, "description": reason}]
    assert case_count(db) == 0


def test_oversized_and_malformed_bodies(server, db, key):
    big = post(server, {"api_key": key, "service_code": "E0101", **INSIDE, "description": "x" * 20_000})
    assert big.status_code == 400 and "larger than 16384 bytes" in big.json()[0]["description"]
    typed = httpx.post(f"{server.url}/requests.json", json={"api_key": key, "service_code": "E0101",
                                                            "lat": [1], "long": 2})
    assert typed.status_code == 400 and "strings or numbers" in typed.json()[0]["description"]
    xml = httpx.post(f"{server.url}/requests.xml", data={"api_key": key})
    root = ET.fromstring(xml.content)
    assert xml.status_code == 400 and root.tag == "errors"
    assert root.find("error/code").text == "400"
    assert case_count(db) == 0


def test_a_json_body_is_accepted_too(server, db, key):
    answer = httpx.post(f"{server.url}/requests.json",
                        json={"api_key": key, "service_code": "C0101", "lat": 39.915, "long": 116.403})
    assert answer.status_code == 200 and case_count(db) == 1


def test_each_key_has_its_rate(db):
    token = apikeys.add_key(db, "slow", "hotline", 2, NOW)
    with ServerThread(create_app(db, clock=lambda: NOW, limiter=RateLimiter())) as server:
        codes = [post(server, {"api_key": token, "service_code": "E0101", **INSIDE}).status_code
                 for _ in range(3)]
        assert codes == [200, 200, 429]
        other = apikeys.add_key(db, "other", "public", 2, NOW)
        assert post(server, {"api_key": other, "service_code": "E0101", **INSIDE}).status_code == 200
    with db.session() as s:
        assert set(s.scalars(select(Case.source))) == {"hotline", "public"}


def test_keys_are_stored_hashed_and_revoked_keys_are_refused(server, db, key):
    with db.session() as s:
        stored = s.scalar(select(ApiKey))
        assert key not in (stored.key_hash, stored.prefix) and key.startswith(stored.prefix)
    apikeys.revoke_key(db, "app", NOW)
    answer = post(server, {"api_key": key, "service_code": "E0101", **INSIDE})
    assert answer.status_code == 403
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ApiPostLog)) == 1


def test_request_queries_filter_and_refuse_bad_parameters(server, db, tmp_path):
    import_cases(db, DATA / "bloomington_requests.json", DATA / "bloomington.toml",
                 reject_file=tmp_path / "r.csv")
    client = GeoReport(server.url)
    window = dict(start_date="2012-05-01T00:00:00Z", end_date="2012-06-01T00:00:00Z")
    everything = client.get_service_requests(**window)
    valid("requests.json", everything)
    closed = client.get_service_requests(status="closed", **window)
    assert closed and all(r["status"] == "closed" for r in closed)
    assert all(r["expected_datetime"] is None for r in closed)
    weeds = client.get_service_requests(service_code="E0105", **window)
    assert weeds and {r["service_code"] for r in weeds} == {"E0105"}
    assert {r["agency_responsible"] for r in everything} <= {
        "东城区住房和城乡建设委员会", "东城区环境卫生服务中心", "东城区交通委员会",
        "东城区城市管理综合行政执法局", "东城区城市管理委员会"}
    for query, reason in [("status=pending", "status is open, closed or both"),
                          ("start_date=soon", "W3C date-times"),
                          ("start_date=2012-01-01T00:00:00Z&end_date=2012-06-01T00:00:00Z",
                           "more than 90 days"),
                          ("service_code=E0000", "unknown service_code")]:
        answer = httpx.get(f"{server.url}/requests.json?{query}")
        assert answer.status_code == 400 and reason in answer.json()[0]["description"]
    missing = httpx.get(f"{server.url}/requests/20990101000001.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404
    valid("errors.json", missing.json())


@pytest.mark.postgres
def test_a_posted_case_reaches_a_change_feed_follower(pg_url):
    db = open_database(pg_url)
    seed_block(db)
    token = apikeys.add_key(db, "hotline", "hotline", 30, NOW)
    follower = ChangeFollower(db)
    with PgNotifier(db.url) as notifier, ServerThread(create_app(db)) as server:
        assert notifier.ensure_connected()
        sent = time.monotonic()
        number = post(server, {"api_key": token, "service_code": "E0101", **INSIDE}).json()[0][
            "service_request_id"]
        assert notifier.wait(10)   # woken by the change log's NOTIFY, not by polling
        changes = follower.poll()
        latency = time.monotonic() - sent
    with db.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.number == number))
    assert [(c.entity, c.entity_id, c.kind) for c in changes] == [("case", str(case_id), "report")]
    print(f"posted → follower: {latency * 1000:.0f} ms")
    db.dispose()


def test_the_schemas_accept_the_real_bloomington_capture_and_refuse_a_broken_one():
    # The schemas follow the specification, not our server: a real city's capture passes.
    services = json.loads((DATA / "bloomington_services.json").read_text())
    requests = json.loads((DATA / "bloomington_requests.json").read_text())
    valid("services.json", services)
    valid("requests.json", requests)
    broken = [{**requests[0], "status": "pending"}]
    assert list(_schema("requests.json").iter_errors(broken))


def invalid(name: str, document) -> list[str]:
    errors = [e.message for e in _schema(name).iter_errors(document)]
    assert errors, f"{name} accepted {document!r}"
    return errors


def test_the_schemas_refuse_what_the_specification_rules_out():
    request = json.loads((DATA / "bloomington_requests.json").read_text())[0]
    for broken in ({**request, "status": "pending"}, {**request, "status": None},
                   {k: v for k, v in request.items() if k != "service_request_id"},
                   {k: v for k, v in request.items() if k != "service_code"},
                   {k: v for k, v in request.items() if k != "status"},
                   {**request, "requested_datetime": "2012-05-23 11:13:29"},   # no time zone
                   {**request, "lat": 91}, {**request, "long": "east"}):
        invalid("request.json", broken)
    assert any("'pending' is not one of" in m for m in invalid("requests.json",
                                                               [{**request, "status": "pending"}]))
    service = {"service_code": "E0101", "service_name": "暴露垃圾", "metadata": False,
               "type": "realtime"}
    valid("service.json", service)
    for field in ("service_code", "service_name", "metadata", "type"):
        invalid("services.json", [{k: v for k, v in service.items() if k != field}])
    invalid("service.json", {**service, "type": "instant"})
    invalid("service.json", {**service, "metadata": "false"})
    choice = {"variable": True, "code": "WHERE", "datatype": "singlevaluelist", "required": True,
              "order": 1, "description": "Where is it?",
              "values": [{"key": "road", "name": "On the road"}]}
    valid("service-definition.json", {"service_code": "E0101", "attributes": [choice]})
    for attribute in ({**choice, "datatype": "colour"},
                      {k: v for k, v in choice.items() if k != "values"},
                      {**choice, "values": [{"key": "road"}]}):
        invalid("service-definition.json", {"service_code": "E0101", "attributes": [attribute]})
    valid("request-created.json", [{"token": "12345"}])
    invalid("request-created.json", [{"service_notice": "thanks"}])
    invalid("request-created.json", [])
    invalid("errors.json", [{"code": "400", "description": "bad"}])
    invalid("errors.json", [{"description": "no code"}])
