"""The class catalog (部件/事件 大类·小类), stage time limits and the department list.

Both lists are data, not code: they ship as CSV files under ``resources/catalog`` so a
city can edit them to match its own rules. Every row is validated on load so a typo
fails at start-up with the file's line number instead of surfacing later as a case
without a deadline.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from commandcenter.resources import read_text

from .enums import CaseKind, Stage, Urgency
from .worktime import LimitUnit, TimeLimit


class CatalogError(ValueError):
    """A catalog or department file that cannot be used; names the line and the reason."""

    def __init__(self, reason: str, *, line: int | None = None, source: str = "classes.csv"):
        self.line, self.reason, self.source = line, reason, source
        where = f"{source} line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


# Major classes of CJ/T 214. Local extensions are added by passing a larger mapping to
# parse_catalog; rows naming a major outside it are rejected as typos.
STANDARD_MAJORS: Mapping[CaseKind, Mapping[str, str]] = MappingProxyType({
    CaseKind.COMPONENT: MappingProxyType({
        "01": "公用设施", "02": "道路交通", "03": "市容环境",
        "04": "园林绿化", "05": "房屋土地", "06": "其他设施",
    }),
    CaseKind.EVENT: MappingProxyType({
        "01": "市容环境", "02": "宣传广告", "03": "施工管理",
        "04": "突发事件", "05": "街面秩序", "06": "其他事件",
    }),
})


@dataclass(frozen=True)
class MajorClass:
    kind: CaseKind
    code: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class MinorClass:
    kind: CaseKind
    major_code: str
    code: str
    name: str
    # Excluded from the hash: a mapping is not hashable, and the key already identifies it.
    limits: Mapping[Urgency, TimeLimit] = field(hash=False)
    owner_hint: str
    # A field supervisor may handle it on the spot and report it so (自处理).
    self_handling: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "limits", MappingProxyType(dict(self.limits)))

    @property
    def key(self) -> str:
        """Stable identifier stored on cases, e.g. ``event:0101``."""
        return f"{self.kind}:{self.major_code}{self.code}"

    @property
    def code4(self) -> str:
        """Major + minor, the middle of a 16-digit component code."""
        return f"{self.major_code}{self.code}"

    def limit(self, urgency: Urgency) -> TimeLimit:
        return self.limits[Urgency(urgency)]


class Catalog:
    """Read-only lookups over the major and minor classes of both kinds."""

    def __init__(self, majors: Iterable[MajorClass], minors: Iterable[MinorClass]):
        self._majors: dict[tuple[CaseKind, str], MajorClass] = {}
        for major in majors:
            self._majors[(major.kind, major.code)] = major
        self._minors: dict[str, MinorClass] = {}
        for minor in minors:
            if (minor.kind, minor.major_code) not in self._majors:
                raise CatalogError(f"{minor.key} {minor.name}: unknown major class")
            if minor.key in self._minors:
                raise CatalogError(f"{minor.key} {minor.name}: duplicate class")
            self._minors[minor.key] = minor

    def major(self, kind: CaseKind | str, code: str) -> MajorClass:
        try:
            return self._majors[(CaseKind(kind), code)]
        except KeyError:
            raise KeyError(f"no major class {kind}:{code}") from None

    def majors(self, kind: CaseKind | str) -> tuple[MajorClass, ...]:
        kind = CaseKind(kind)
        return tuple(m for (k, _), m in self._majors.items() if k is kind)

    def minor(self, kind: CaseKind | str, major: str, minor: str) -> MinorClass:
        return self.by_key(f"{CaseKind(kind)}:{major}{minor}")

    def by_key(self, key: str) -> MinorClass:
        try:
            return self._minors[key]
        except KeyError:
            raise KeyError(f"no minor class {key!r}") from None

    def minors(self, kind: CaseKind | str, major: str | None = None) -> tuple[MinorClass, ...]:
        kind = CaseKind(kind)
        return tuple(m for m in self._minors.values()
                     if m.kind is kind and (major is None or m.major_code == major))

    def allows_self_handling(self, key: str) -> bool:
        """Whether a supervisor may report a case of this class as handled on the spot."""
        minor = self._minors.get(key)
        return minor is not None and minor.self_handling

    def handle_limit(self, key: str, urgency: Urgency) -> TimeLimit:
        """The handling stage's limit, which depends on the class (DESIGN §4)."""
        return self.by_key(key).limit(urgency)

    def stage_limit(self, stage: Stage, urgency: Urgency, class_key: str,
                    defaults: StageLimits | None = None) -> TimeLimit | None:
        """The limit of any stage: the class's for handling, the stage defaults otherwise."""
        if Stage(stage) is Stage.HANDLING:
            return self.handle_limit(class_key, urgency)
        return (defaults or StageLimits.default()).limit(stage, urgency)

    def __contains__(self, key: object) -> bool:
        return key in self._minors

    def __iter__(self) -> Iterator[MinorClass]:
        return iter(self._minors.values())

    def __len__(self) -> int:
        return len(self._minors)


# --- time limits -------------------------------------------------------------------

# Comparing urgent against normal limits needs one scale per family. Working days are
# taken at the default 480-minute day; natural hours are a different clock and are
# never compared with working time.
_WORK_MINUTES = {LimitUnit.WORK_MINUTES: 1, LimitUnit.WORK_HOURS: 60, LimitUnit.WORK_DAYS: 480}
_NATURAL_MINUTES = {LimitUnit.NATURAL_HOURS: 60}


def _scaled(limit: TimeLimit) -> tuple[str, int] | None:
    if limit.unit in _WORK_MINUTES:
        return "work", limit.amount * _WORK_MINUTES[limit.unit]
    if limit.unit in _NATURAL_MINUTES:
        return "natural", limit.amount * _NATURAL_MINUTES[limit.unit]
    return None


@dataclass(frozen=True)
class StageLimits:
    """Limits of the stages the center itself works through, per urgency.

    Handling is absent on purpose: its limit comes from the minor class. Held, closed and
    void cases have no clock.
    """

    limits: Mapping[Stage, Mapping[Urgency, TimeLimit]] = field(hash=False)

    def __post_init__(self) -> None:
        frozen = {}
        for stage, by_urgency in self.limits.items():
            stage = Stage(stage)
            if stage is Stage.HANDLING:
                raise ValueError("the handling limit belongs to the minor class")
            frozen[stage] = MappingProxyType({Urgency(u): lim for u, lim in by_urgency.items()})
        object.__setattr__(self, "limits", MappingProxyType(frozen))

    def limit(self, stage: Stage, urgency: Urgency) -> TimeLimit | None:
        by_urgency = self.limits.get(Stage(stage))
        return None if by_urgency is None else by_urgency.get(Urgency(urgency))

    @classmethod
    def from_short(cls, table: Mapping[Stage | str, tuple[str, str]]) -> StageLimits:
        """Build from ``{stage: (normal, urgent)}`` in short form, e.g. ``("30wm", "10wm")``."""
        return cls({Stage(stage): {Urgency.NORMAL: TimeLimit.parse(normal),
                                   Urgency.URGENT: TimeLimit.parse(urgent)}
                    for stage, (normal, urgent) in table.items()})

    @classmethod
    def default(cls) -> StageLimits:
        # Values common in city rules (DESIGN §4): the center files and dispatches within
        # half an hour, ten minutes when urgent; the field checks within two hours.
        return cls.from_short({
            Stage.INTAKE: ("10wm", "5wm"),
            Stage.VERIFY: ("1wh", "30wm"),
            Stage.FILING: ("30wm", "10wm"),
            Stage.DISPATCH: ("30wm", "10wm"),
            Stage.CHECK: ("2wh", "1wh"),
            Stage.CLOSING: ("1wh", "30wm"),
        })


# --- parsing -----------------------------------------------------------------------

CLASS_COLUMNS = ("kind", "major_code", "major_name", "minor_code", "minor_name",
                 "normal_limit", "urgent_limit", "owner_hint")
# Optional last column: yes where a field supervisor may handle the class on the spot.
# A file without it (a city's older copy) allows self-handling for no class.
SELF_HANDLING_COLUMN = "self_handling"
_YES, _NO = frozenset({"yes", "y", "1", "true", "是"}), frozenset({"", "no", "n", "0", "false", "否"})
DEPARTMENT_COLUMNS = ("code", "name", "short_name", "type", "street_code")

_TWO_DIGITS = re.compile(r"\d{2}")
_STREET_CODE = re.compile(r"\d{9}")


def _rows(text: str, columns: tuple[str, ...], source: str,
          optional: str | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, stripped row); the header must name exactly ``columns``, or
    ``columns`` and then ``optional`` (absent from a row: empty)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))  # files saved by Excel carry a BOM
    header = next(reader, None)
    if header is None:
        raise CatalogError("empty file", line=1, source=source)
    header = tuple(h.strip() for h in header)
    if optional is not None and header == (*columns, optional):
        columns = header
    elif header != columns:
        extra = f"[,{optional}]" if optional else ""
        raise CatalogError(f"header must be {','.join(columns)}{extra}", line=1, source=source)
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            raise CatalogError(f"expected {len(columns)} fields, found {len(values)}",
                               line=reader.line_num, source=source)
        row = {c: v.strip() for c, v in zip(columns, values)}
        if optional is not None:
            row.setdefault(optional, "")
        yield reader.line_num, row


def _parse_limit(text: str, column: str, line: int) -> TimeLimit:
    if not text:
        raise CatalogError(f"{column} is empty", line=line)
    try:
        return TimeLimit.parse(text)
    except ValueError as exc:
        raise CatalogError(f"{column}: {exc}", line=line) from None


def parse_catalog(text: str,
                  majors: Mapping[CaseKind, Mapping[str, str]] = STANDARD_MAJORS) -> Catalog:
    """Parse classes.csv text; raise CatalogError at the first bad row."""
    minors: list[MinorClass] = []
    seen: dict[str, int] = {}
    for line, row in _rows(text, CLASS_COLUMNS, "classes.csv", SELF_HANDLING_COLUMN):
        try:
            kind = CaseKind(row["kind"])
        except ValueError:
            raise CatalogError(f"unknown kind {row['kind']!r} (component or event)", line=line) from None
        for column in ("major_code", "minor_code"):
            if not _TWO_DIGITS.fullmatch(row[column]):
                raise CatalogError(f"{column} {row[column]!r} must be two digits", line=line)
        major_code = row["major_code"]
        known = majors.get(kind, {})
        if major_code not in known:
            raise CatalogError(f"unknown {kind} major class {major_code}", line=line)
        if row["major_name"] != known[major_code]:
            raise CatalogError(f"{kind} major class {major_code} is {known[major_code]}, "
                               f"not {row['major_name']!r}", line=line)
        if not row["minor_name"]:
            raise CatalogError("minor_name is empty", line=line)
        if not row["owner_hint"]:
            raise CatalogError("owner_hint is empty", line=line)
        normal = _parse_limit(row["normal_limit"], "normal_limit", line)
        urgent = _parse_limit(row["urgent_limit"], "urgent_limit", line)
        n, u = _scaled(normal), _scaled(urgent)
        if n and u and n[0] == u[0] and u[1] > n[1]:
            raise CatalogError(f"urgent limit {row['urgent_limit']} is longer than "
                               f"normal limit {row['normal_limit']}", line=line)
        flag = row[SELF_HANDLING_COLUMN].lower()
        if flag not in _YES | _NO:
            raise CatalogError(f"{SELF_HANDLING_COLUMN} {row[SELF_HANDLING_COLUMN]!r} must be "
                               "yes or no (or empty)", line=line)
        minor = MinorClass(kind, major_code, row["minor_code"], row["minor_name"],
                           {Urgency.NORMAL: normal, Urgency.URGENT: urgent}, row["owner_hint"],
                           flag in _YES)
        if minor.key in seen:
            raise CatalogError(f"duplicate class {minor.key} (first on line {seen[minor.key]})",
                               line=line)
        seen[minor.key] = line
        minors.append(minor)
    if not minors:
        raise CatalogError("no classes")
    # Only majors that have classes are listed, in the standard's order.
    used = {(m.kind, m.major_code) for m in minors}
    major_list = [MajorClass(kind, code, name)
                  for kind, by_code in majors.items() for code, name in sorted(by_code.items())
                  if (kind, code) in used]
    return Catalog(major_list, minors)


def _read_resource(name: str) -> str:
    return read_text("catalog", name)


@cache
def load_catalog() -> Catalog:
    """The bundled class catalog (immutable, so shared between callers)."""
    return parse_catalog(_read_resource("classes.csv"))


# --- departments -------------------------------------------------------------------

STREET_OFFICE = "street_office"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    short_name: str
    type: str
    street_code: str | None = None

    @property
    def is_street_office(self) -> bool:
        return self.type == STREET_OFFICE


def parse_departments(text: str) -> tuple[Department, ...]:
    """Parse departments.csv text; raise CatalogError at the first bad row."""
    source = "departments.csv"
    departments: list[Department] = []
    codes: dict[str, int] = {}
    streets: dict[str, int] = {}
    for line, row in _rows(text, DEPARTMENT_COLUMNS, source):
        for column in ("code", "name", "short_name", "type"):
            if not row[column]:
                raise CatalogError(f"{column} is empty", line=line, source=source)
        code, street = row["code"], row["street_code"] or None
        if code in codes:
            raise CatalogError(f"duplicate code {code} (first on line {codes[code]})",
                               line=line, source=source)
        if row["type"] == STREET_OFFICE:
            if street is None or not _STREET_CODE.fullmatch(street):
                raise CatalogError("a street office needs a 9-digit street_code",
                                   line=line, source=source)
            if street in streets:
                raise CatalogError(f"street {street} already has an office on line "
                                   f"{streets[street]}", line=line, source=source)
            streets[street] = line
        elif street is not None:
            raise CatalogError("only street offices have a street_code", line=line, source=source)
        codes[code] = line
        departments.append(Department(code, row["name"], row["short_name"], row["type"], street))
    if not departments:
        raise CatalogError("no departments", source=source)
    return tuple(departments)


@cache
def load_departments() -> tuple[Department, ...]:
    """The bundled departments of the demo district, in file order."""
    return parse_departments(_read_resource("departments.csv"))


def resolve_owner_hint(hint: str, departments: Iterable[Department]) -> Department | None:
    """The department an owner hint names: a department code, else the first of that type."""
    departments = tuple(departments)
    for department in departments:
        if department.code == hint:
            return department
    for department in departments:
        if department.type == hint:
            return department
    return None
