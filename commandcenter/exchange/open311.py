"""Open311 GeoReport v2 documents: our minor classes as services, our cases as service
requests, errors, in JSON or XML.

Mapping (GeoReport ← ours): service_code ``E0101`` / ``C0101`` ← class ``event:0101`` /
``component:0101``; status ``open``/``closed`` ← every open stage / closed and void, with the
stage in ``status_notes``; ``expected_datetime`` ← the handling deadline (else the running
stage's); ``agency_responsible`` ← the department; times in W3C form with the district's
offset (+08:00). Nothing personal: reporters' names, phones and ID numbers are not in
:class:`~commandcenter.store.open311.PublicCase` at all.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

from commandcenter.models.catalog import Catalog, MinorClass
from commandcenter.models.enums import CaseKind
from commandcenter.store.open311 import PublicCase

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
_PREFIX = {CaseKind.EVENT.value: "E", CaseKind.COMPONENT.value: "C"}
_KIND = {v: k for k, v in _PREFIX.items()}


def service_code(class_key: str) -> str:
    kind, code = class_key.split(":", 1)
    return _PREFIX[kind] + code


def class_key(code: str) -> str | None:
    """Our class key for a service code, or None if it is not of our form."""
    if len(code) == 5 and code[0] in _KIND and code[1:].isascii() and code[1:].isdigit():
        return f"{_KIND[code[0]]}:{code[1:]}"
    return None


def w3c(t: datetime | None) -> str | None:
    return None if t is None else t.replace(tzinfo=DISTRICT_TZ).isoformat(timespec="seconds")


def parse_w3c(text: str) -> datetime:
    """A W3C date-time as naive district time; an offset is honoured, none means district time.
    A '+' of an offset left unescaped in a query string arrives as a space and is restored."""
    text = text.strip()
    text = re.sub(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$", r"\1+\2", text)
    t = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    if t.tzinfo is not None:
        t = t.astimezone(DISTRICT_TZ).replace(tzinfo=None)
    return t


def service(minor: MinorClass, catalog: Catalog) -> dict:
    major = catalog.major(minor.kind, minor.major_code)
    return {"service_code": service_code(minor.key), "service_name": minor.name,
            "description": f"{minor.kind.label} · {major.name} · {minor.name}",
            "metadata": False, "type": "realtime", "keywords": f"{major.name},{minor.kind.label}",
            "group": major.name}


def services(catalog: Catalog) -> list[dict]:
    return [service(m, catalog) for m in catalog]


def service_definition(code: str) -> dict:
    return {"service_code": code, "attributes": []}


def request(case: PublicCase, catalog: Catalog) -> dict:
    minor = catalog.by_key(case.class_key) if case.class_key in catalog else None
    return {
        "service_request_id": case.number,
        "status": "open" if case.stage.is_open else "closed",
        "status_notes": f"{case.stage.label} ({case.stage.value})",
        "service_name": minor.name if minor else None,
        "service_code": service_code(case.class_key),
        "description": case.description[:4000],
        "agency_responsible": case.department_name,
        "service_notice": None,
        "requested_datetime": w3c(case.reported_at),
        "updated_datetime": w3c(case.updated_at),
        "expected_datetime": w3c(case.deadline) if case.stage.is_open else None,
        "address": case.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": case.lat,
        "long": case.lon,
        "media_url": None,
    }


def errors(code: int, description: str) -> list[dict]:
    return [{"code": code, "description": description}]


# --- XML, as GeoReport v2 spells it -----------------------------------------------------------

_ROOTS = {"services": "service", "service_requests": "request", "errors": "error"}


def to_xml(root: str, items: list[dict] | dict) -> bytes:
    """``root`` is services, service_requests, errors or service_definition."""
    top = ET.Element(root)
    if root == "service_definition":
        _fill(top, items)
    else:
        for item in items:
            _fill(ET.SubElement(top, _ROOTS[root]), item)
    return ET.tostring(top, encoding="utf-8", xml_declaration=True)


def _fill(element: ET.Element, item: dict) -> None:
    for key, value in item.items():
        child = ET.SubElement(element, key)
        if isinstance(value, list):
            for entry in value:
                _fill(ET.SubElement(child, "attribute"), entry)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = str(value)


def dump(root: str, items, fmt: str) -> bytes:
    if fmt == "xml":
        return to_xml(root, items)
    return json.dumps(items, ensure_ascii=False).encode()
