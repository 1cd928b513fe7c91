"""Case search on SQLite and PostgreSQL: what it finds, and that typed text stays text."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, inspect, select

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.store import queries
from commandcenter.store.schema import Base, Case, User
from commandcenter.store.search import search_cases
from commandcenter.store.service import CaseService

from .conftest import GRID_A, GRID_B

MON = datetime(2026, 11, 23, 9, 0)
COMPONENT = "1101010101000001"

# (description, address) of the cases every test searches
TEXTS = [
    ("井盖缺失", "东华门街道 100% 完好路 1 号"),
    ("暴露垃圾 a_b", "王府井大街"),
    ("O'Brien 反映噪音", "北池子大街"),
    ("路灯 C:\\lamp\\7 不亮", "南池子大街"),
    ("'; DROP TABLE cases; -- 占道经营", "景山前街"),
    ("Garbage near GATE 5", "东华门大街 50号"),
    ("aXb 普通描述", "普通地址"),
]


@pytest.fixture
def world(world_db):
    """The world with one case per entry of TEXTS, a day apart; the last one closed."""
    service = CaseService(world_db, default_policy(), clock=lambda: MON)
    sup = service.actor("sup1")
    numbers = []
    for i, (description, address) in enumerate(TEXTS):
        draft = CaseDraft(source=Source.SUPERVISOR, kind=CaseKind.EVENT, class_key="event:0101",
                          urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105,
                          grid_code=GRID_B if i == 1 else GRID_A, description=description,
                          address=address, component_code=COMPONENT if i == 0 else None)
        numbers.append(service.report(sup, draft, at=MON + timedelta(days=i)).number)
    service.act(service.actor("op1"), numbers[-1], Action.VOID, reason="重复上报",
                at=MON + timedelta(days=7))
    return world_db, numbers


def _found(db, text, **kw):
    return [row.number for row in search_cases(db, text, **kw)]


def test_finds_by_number_grid_component_address_and_description(world):
    db, numbers = world
    assert _found(db, numbers[2]) == [numbers[2]]
    assert _found(db, "2026") == list(reversed(numbers[:-1])) + [numbers[-1]]
    assert _found(db, GRID_B) == [numbers[1]]
    assert _found(db, GRID_A[:12]) == _found(db, "202611")           # grid code prefix
    assert _found(db, COMPONENT) == [numbers[0]]
    assert _found(db, COMPONENT[:10]) == [numbers[0]]
    assert _found(db, "王府井") == [numbers[1]]
    assert _found(db, "噪音") == [numbers[2]]
    assert _found(db, "garbage near gate") == [numbers[5]]          # ASCII case ignored
    assert _found(db, "  路灯 ") == [numbers[3]]


def test_rows_are_queue_rows_open_cases_first(world):
    db, numbers = world
    rows = search_cases(db, "2026")
    assert rows[-1].number == numbers[-1] and rows[-1].stage is Stage.VOID
    assert all(r.stage is Stage.INTAKE for r in rows[:-1])
    by_queue = {r.number: r for r in queries.open_queue(db)}
    assert all(by_queue[r.number] == r for r in rows[:-1])
    assert len(search_cases(db, "2026", limit=2)) == 2


@pytest.mark.parametrize("text", ["", "   ", None, "\x00"])
def test_blank_text_finds_nothing(world, text):
    assert search_cases(world[0], text) == []


# Each metacharacter input and the cases whose text holds it literally (newest first).
METACHARACTERS = [
    ("%", [0]), ("100%", [0]), ("_", [1]), ("a_b", [1]), ("'", [4, 2]), ("O'Brien", [2]),
    ("\\", [3]), ("C:\\lamp\\", [3]), ("'; DROP TABLE cases; --", [4]), ("DROP TABLE", [4]),
    ("%'--", []), ("' OR '1'='1", []), ("'); DELETE FROM cases; --", []),
    ("a%b", []), ("a_b%", []), ("\\%", []), ("\\_", []), ("[a-z]", []),
    ("/", []), ("//", []), ("\"", []), ("\x00%", [0]),
]


def test_metacharacters_match_only_literally(world):
    db, numbers = world
    for text, indexes in METACHARACTERS:
        assert _found(db, text) == [numbers[i] for i in indexes], f"searching {text!r}"
    # the tables are all still there, and the cases with them
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == len(TEXTS)
        assert s.scalar(select(func.count()).select_from(User)) == 9


_ALPHABET = st.sampled_from(list("aAbB_%\\'\";-/ 0123456789") + ["井", "盖", "东华门", "DROP"])


def _expected(text, numbers):
    text = text.replace("\x00", "").strip()
    if not text:
        return set()
    found = set()
    for i, (description, address) in enumerate(TEXTS):
        number = numbers[i]
        grid = GRID_B if i == 1 else GRID_A
        component = COMPONENT if i == 0 else ""
        if (number.startswith(text) or grid.startswith(text) or component.startswith(text)
                or text.lower() in description.lower() or text.lower() in address.lower()):
            found.add(number)
    return found


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_ALPHABET, max_size=6).map("".join))
def test_search_finds_exactly_the_literal_matches(world, text):
    db, numbers = world
    assert set(_found(db, text)) == _expected(text, numbers)
