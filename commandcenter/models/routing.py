"""Where a case should go: owner, locality and explicit routing rules.

The rule of thumb of city management is 部件先属主后属地，事件先属地后属主: a broken
facility goes to whoever owns it, then to the street office of the place; a street
event goes to the street office first, then to the professional department. On top of
that, a district keeps an ordered, editable list of rules (class, minor class, area →
department). The router only suggests; the dispatcher decides.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .catalog import Catalog, Department, resolve_owner_hint
from .enums import CaseKind

_TWO_DIGITS = re.compile(r"\d{2}")
_DIGITS = re.compile(r"\d+")
STREET_CODE_LENGTH = 9  # district (6) + street (3), the prefix of every grid code


@dataclass(frozen=True)
class RoutingRule:
    """An explicit rule; a field left as None matches anything.

    ``area_prefix`` is a prefix of the grid code (a street, community or grid code).
    Rules are tried by ascending ``order``, so more specific rules get lower numbers.
    """

    order: int
    department_code: str
    kind: CaseKind | None = None
    major: str | None = None
    minor: str | None = None
    area_prefix: str | None = None

    def __post_init__(self) -> None:
        if not self.department_code:
            raise ValueError("a routing rule needs a department")
        if self.kind is not None:
            object.__setattr__(self, "kind", CaseKind(self.kind))
        for name in ("major", "minor"):
            value = getattr(self, name)
            if value is not None and not _TWO_DIGITS.fullmatch(value):
                raise ValueError(f"{name} {value!r} must be two digits")
        # Minor codes repeat under every major, so a minor alone would be ambiguous.
        if self.minor is not None and (self.major is None or self.kind is None):
            raise ValueError("a rule on a minor class also needs its kind and major class")
        if self.major is not None and self.kind is None:
            raise ValueError("a rule on a major class also needs its kind")
        if self.area_prefix is not None and not _DIGITS.fullmatch(self.area_prefix):
            raise ValueError(f"area prefix {self.area_prefix!r} must be digits")

    def matches(self, kind: CaseKind, major: str, minor: str, grid_code: str | None) -> bool:
        if self.kind is not None and self.kind is not kind:
            return False
        if self.major is not None and self.major != major:
            return False
        if self.minor is not None and self.minor != minor:
            return False
        if self.area_prefix is not None:
            return bool(grid_code) and grid_code.startswith(self.area_prefix)
        return True

    def to_dict(self) -> dict[str, Any]:
        """Plain values only, ready for a table row or JSON."""
        return {"order": self.order, "department_code": self.department_code,
                "kind": None if self.kind is None else str(self.kind),
                "major": self.major, "minor": self.minor, "area_prefix": self.area_prefix}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RoutingRule:
        # Empty strings come back from forms and CSV cells; they mean "any".
        def opt(name: str) -> str | None:
            value = data.get(name)
            return None if value is None or str(value).strip() == "" else str(value).strip()

        kind = opt("kind")
        return cls(order=int(data["order"]), department_code=str(data["department_code"]),
                   kind=None if kind is None else CaseKind(kind), major=opt("major"),
                   minor=opt("minor"), area_prefix=opt("area_prefix"))


class SuggestionBasis(StrEnum):
    OWNER = "owner"        # the component's registered owner
    LOCALITY = "locality"  # the street office of the place
    RULE = "rule"          # an explicit routing rule
    CLASS = "class"        # the department the class usually belongs to


@dataclass(frozen=True)
class Suggestion:
    department_code: str
    reason: str
    basis: SuggestionBasis


class Router:
    """Suggests departments for a case, best first, each once."""

    def __init__(self, rules: Iterable[RoutingRule], departments: Iterable[Department],
                 catalog: Catalog | None = None):
        self.departments: dict[str, Department] = {d.code: d for d in departments}
        # sorted() is stable, so rules sharing an order keep the order they were given in.
        self.rules: tuple[RoutingRule, ...] = tuple(sorted(rules, key=lambda r: r.order))
        unknown = sorted({r.department_code for r in self.rules} - self.departments.keys())
        if unknown:
            raise ValueError(f"routing rules name unknown departments: {', '.join(unknown)}")
        self.catalog = catalog
        self._streets = {d.street_code: d for d in self.departments.values() if d.street_code}

    def locality(self, grid_code: str | None) -> Department | None:
        """The street office whose street code begins the grid code."""
        if not grid_code or len(grid_code) < STREET_CODE_LENGTH:
            return None
        return self._streets.get(grid_code[:STREET_CODE_LENGTH])

    def matching_rules(self, kind: CaseKind | str, major: str, minor: str,
                       grid_code: str | None) -> list[RoutingRule]:
        kind = CaseKind(kind)
        return [r for r in self.rules if r.matches(kind, major, minor, grid_code)]

    def suggest(self, kind: CaseKind | str, major: str, minor: str, grid_code: str | None,
                component_owner: str | None = None) -> list[Suggestion]:
        kind = CaseKind(kind)
        # The owner side, best first: the registered owner, the explicit rules, then the
        # department the class usually belongs to.
        owner_side: list[Suggestion] = []
        if kind is CaseKind.COMPONENT and component_owner in self.departments:
            owner_side.append(Suggestion(component_owner, "部件权属单位", SuggestionBasis.OWNER))
        for rule in self.matching_rules(kind, major, minor, grid_code):
            owner_side.append(Suggestion(rule.department_code, self._rule_reason(rule),
                                         SuggestionBasis.RULE))
        hinted = self._class_department(kind, major, minor)
        if hinted is not None:
            owner_side.append(Suggestion(hinted.code, "类别主管部门", SuggestionBasis.CLASS))

        local = self.locality(grid_code)
        local_side = ([Suggestion(local.code, "属地街道", SuggestionBasis.LOCALITY)]
                      if local is not None else [])

        if kind is CaseKind.COMPONENT:  # 部件先属主后属地
            ordered = owner_side[:1] + local_side + owner_side[1:]
        else:                           # 事件先属地后属主
            ordered = local_side + owner_side

        seen: set[str] = set()
        result = []
        for suggestion in ordered:
            if suggestion.department_code not in seen:
                seen.add(suggestion.department_code)
                result.append(suggestion)
        return result

    def _class_department(self, kind: CaseKind, major: str, minor: str) -> Department | None:
        if self.catalog is None:
            return None
        key = f"{kind}:{major}{minor}"
        if key not in self.catalog:
            return None
        return resolve_owner_hint(self.catalog.by_key(key).owner_hint, self.departments.values())

    def _rule_reason(self, rule: RoutingRule) -> str:
        """e.g. ``规则#12: 事件 05 街面秩序 → 城管执法局``."""
        parts = []
        if rule.kind is not None:
            parts.append(rule.kind.label)
        if rule.major is not None:
            parts.append(f"{rule.major} {self._major_name(rule)}".rstrip())
        if rule.minor is not None:
            parts.append(f"{rule.minor} {self._minor_name(rule)}".rstrip())
        if rule.area_prefix is not None:
            parts.append(f"区域 {rule.area_prefix}")
        target = self.departments[rule.department_code].short_name
        return f"规则#{rule.order}: {' '.join(parts) or '全部'} → {target}"

    def _major_name(self, rule: RoutingRule) -> str:
        if self.catalog is None:
            return ""
        try:
            return self.catalog.major(rule.kind, rule.major).name
        except KeyError:
            return ""

    def _minor_name(self, rule: RoutingRule) -> str:
        if self.catalog is None:
            return ""
        try:
            return self.catalog.minor(rule.kind, rule.major, rule.minor).name
        except KeyError:
            return ""


def default_rules(catalog: Catalog, departments: Iterable[Department]) -> list[RoutingRule]:
    """A starting rule set built from the classes' owner hints, meant to be edited.

    A major class where one department owns most minor classes gets one rule to it; the
    minor classes that belong elsewhere, and all those of a mixed major, get their own
    earlier rule. Orders go in steps of 10 so a district can slot its own rules in between.
    """
    departments = tuple(departments)
    specific: list[tuple[CaseKind, str, str | None, str]] = []
    general: list[tuple[CaseKind, str, str | None, str]] = []
    for kind in CaseKind:
        for major in catalog.majors(kind):
            owners: dict[str, list[str]] = {}  # department code → minor codes, in file order
            for minor in catalog.minors(kind, major.code):
                department = resolve_owner_hint(minor.owner_hint, departments)
                if department is None:
                    raise ValueError(f"{minor.key} {minor.name}: owner hint "
                                     f"{minor.owner_hint!r} names no department")
                owners.setdefault(department.code, []).append(minor.code)
            if not owners:
                continue
            # A major-level rule only where one department owns most of the major: a
            # catch-all to, say, the drainage company for every 公用设施 would mislead.
            main: str | None = max(owners, key=lambda code: len(owners[code]))
            if 2 * len(owners[main]) <= sum(len(m) for m in owners.values()):
                main = None
            else:
                general.append((kind, major.code, None, main))
            for code, minor_codes in owners.items():
                if code != main:
                    specific.extend((kind, major.code, m, code) for m in minor_codes)
    ordered = sorted(specific, key=lambda r: (r[0] != CaseKind.COMPONENT, r[1], r[2])) + general
    return [RoutingRule(order=(i + 1) * 10, department_code=code, kind=kind, major=major,
                        minor=minor)
            for i, (kind, major, minor, code) in enumerate(ordered)]
