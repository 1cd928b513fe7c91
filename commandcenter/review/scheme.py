"""The evaluation scheme: weights, grades, peer groups, minimum case counts and the red
and black lists, read from a TOML file and checked before anything is computed.

A bad file is refused with the line and the reason (``SchemeError``); the standard
scheme ships in ``resources/review/standard_scheme.toml``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from commandcenter.resources import resource

from .indicators import OBJECTS, indicator


class SchemeError(ValueError):
    """The scheme file is malformed; the message names the file, the line and the reason."""


@dataclass(frozen=True)
class ObjectRules:
    weights: dict[str, float]
    min_cases: int = 1
    red_list: int = 5
    black_list: int = 5
    black_list_scope: str = "all"      # all: worst N overall; group: worst N per group
    groups: dict[str, list[str]] = field(default_factory=dict)  # name -> department types


@dataclass(frozen=True)
class Scheme:
    name: str
    version: str
    grades: list[tuple[str, float]]             # best first
    objects: dict[str, ObjectRules]
    handler_period_date: str = "dispatch"
    lookback_days: int = 31
    top_classes: int = 3

    def grade(self, score: float) -> str:
        for grade, minimum in self.grades:
            if score >= minimum:
                return grade
        return self.grades[-1][0]


_OBJECT_KEYS = {"min_cases", "red_list", "black_list", "black_list_scope", "weights", "groups"}


def _line(text: str, *path: str) -> int:
    """The line where the dotted key ``path`` is written (best effort: 0 if not found)."""
    lines = text.splitlines()
    start = 0
    for depth in range(len(path), 0, -1):
        header = re.compile(r"^\s*\[+\s*" + re.escape(".".join(path[:depth])) + r"\s*\]+")
        found = [i for i, line in enumerate(lines) if header.match(line)]
        if found:
            start = found[0]
            break
    key = re.compile(r'(^|[\s{,])"?' + re.escape(path[-1]) + r'"?\s*=')
    for i in range(start, len(lines)):
        if key.search(lines[i]):
            return i + 1
    return start + 1 if start else 0


def load_scheme(path: str | Path | None = None) -> Scheme:
    if path is None:
        text = resource("review", "standard_scheme.toml").read_text(encoding="utf-8")
        where = "standard_scheme.toml"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise SchemeError(f"{path}: cannot read the scheme: {exc.strerror}") from None
        where = str(path)
    return parse_scheme(text, where)


def parse_scheme(text: str, where: str = "scheme") -> Scheme:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(f"{where}: not valid TOML: {exc}") from None

    def fail(reason: str, *path: str):
        line = _line(text, *path)
        raise SchemeError(f"{where}, line {line}: {reason}" if line else f"{where}: {reason}")

    for key in data:
        if key not in ("name", "version", "rules", "grades", "objects"):
            fail(f"unknown setting {key!r}", key)
    for key in ("name", "version"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            fail(f"{key!r} must be a non-empty string", key)
    rules = data.get("rules", {})
    period_date = rules.get("handler_period_date", "dispatch")
    if period_date not in ("dispatch", "deadline"):
        fail("handler_period_date must be \"dispatch\" or \"deadline\"", "rules",
             "handler_period_date")
    lookback = rules.get("lookback_days", 31)
    if not isinstance(lookback, int) or isinstance(lookback, bool) or not 0 <= lookback <= 400:
        fail("lookback_days must be a whole number from 0 to 400", "rules", "lookback_days")
    top = rules.get("top_classes", 3)
    if not isinstance(top, int) or isinstance(top, bool) or not 0 <= top <= 20:
        fail("top_classes must be a whole number from 0 to 20", "rules", "top_classes")

    grades_table = data.get("grades")
    if not isinstance(grades_table, dict) or not grades_table:
        fail("[grades] must give each grade its minimum score, e.g. A = 90", "grades")
    for grade, minimum in grades_table.items():
        if not _number(minimum) or not 0 <= minimum <= 100:
            fail(f"grade {grade!r} needs a minimum score from 0 to 100", "grades", grade)
    grades = sorted(grades_table.items(), key=lambda g: -g[1])
    if grades[-1][1] != 0:
        fail("the lowest grade must start at 0 so every score gets a grade", "grades",
             grades[-1][0])

    objects = {}
    for name, table in (data.get("objects") or {}).items():
        if name not in OBJECTS:
            fail(f"unknown object type {name!r}; known: {', '.join(OBJECTS)}", "objects", name)
        objects[name] = _object_rules(name, table, fail)
    missing = [name for name in OBJECTS if name not in objects]
    if missing:
        fail(f"no rules for {', '.join(missing)}: each object type needs [objects.<type>]",
             "objects")
    return Scheme(data["name"], data["version"], grades, objects, period_date, lookback, top)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _object_rules(name: str, table: dict, fail) -> ObjectRules:
    for key in table:
        if key not in _OBJECT_KEYS:
            fail(f"unknown setting {key!r} for {name}", "objects", name, key)
    weights = table.get("weights")
    if not isinstance(weights, dict) or not weights:
        fail(f"{name} needs weights, e.g. weights = {{ close_rate = 50 }}", "objects", name)
    for key, weight in weights.items():
        try:
            ind = indicator(name, key)
        except KeyError:
            rates = [i.key for i in OBJECTS[name] if i.kind == "rate"]
            fail(f"{name} has no rate {key!r}; rates: {', '.join(rates)}", "objects", name, key)
        if ind.kind != "rate":
            fail(f"{key!r} is not a rate; only rates can be weighted", "objects", name, key)
        if not _number(weight) or weight < 0:
            fail(f"the weight of {key!r} must be a number ≥ 0", "objects", name, key)
    if sum(weights.values()) <= 0:
        fail(f"the weights of {name} add up to 0", "objects", name, "weights")
    counts = {}
    for key in ("min_cases", "red_list", "black_list"):
        value = table.get(key, 1 if key == "min_cases" else 5)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            fail(f"{key} must be a whole number ≥ 0", "objects", name, key)
        counts[key] = value
    scope = table.get("black_list_scope", "all")
    if scope not in ("all", "group"):
        fail("black_list_scope must be \"all\" or \"group\"", "objects", name, "black_list_scope")
    groups = table.get("groups", {})
    if groups and name != "department":
        fail("only departments have peer groups", "objects", name, "groups")
    for group, types in groups.items():
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types) or not types:
            fail(f"peer group {group!r} needs a list of department types (\"*\" for the rest)",
                 "objects", name, group)
    return ObjectRules({k: float(v) for k, v in weights.items()}, groups=groups,
                       black_list_scope=scope, **counts)
