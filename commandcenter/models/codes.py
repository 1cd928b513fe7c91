"""Codes of the grid hierarchy and of components, after GB/T 2260 and DB11/T 2157.

    district   110101            6 digits (GB/T 2260 county-level code)
    street     110101001         district + 3
    community  110101001001      street + 3
    grid       110101001001007   community + 3-digit serial 001..999
    component  1101010101000001  district 6 + major class 2 + minor class 2 + serial 6

Every validator returns the code unchanged or raises ``CodeError`` whose message names the
code and the reason, so a bad import line or a mistyped search can be reported as is.
"""
from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class CodeError(ValueError):
    """A code that does not follow the layout above."""


class Level(StrEnum):
    DISTRICT = "district"    # 区
    STREET = "street"        # 街道
    COMMUNITY = "community"  # 社区
    GRID = "grid"            # 单元网格

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def code_length(self) -> int:
        return _LEVEL_LENGTHS[self]


_LEVEL_LABELS = {Level.DISTRICT: "区", Level.STREET: "街道",
                 Level.COMMUNITY: "社区", Level.GRID: "网格"}
_LEVEL_LENGTHS = {Level.DISTRICT: 6, Level.STREET: 9, Level.COMMUNITY: 12, Level.GRID: 15}
_LEVEL_BY_LENGTH = {length: level for level, length in _LEVEL_LENGTHS.items()}
COMPONENT_CODE_LENGTH = 16


def _digits(code: object, length: int, what: str) -> str:
    if not isinstance(code, str):
        raise CodeError(f"{what} code {code!r}: expected a string of {length} digits")
    if len(code) != length:
        raise CodeError(f"{what} code {code!r}: has {len(code)} characters, expected {length}")
    # isdigit() alone would accept full-width and superscript digits.
    if not (code.isascii() and code.isdigit()):
        raise CodeError(f"{what} code {code!r}: contains characters other than digits 0-9")
    return code


def _nonzero(code: str, start: int, end: int, what: str, part: str) -> None:
    if set(code[start:end]) == {"0"}:
        raise CodeError(f"{what} code {code!r}: {part} {code[start:end]} is not allowed, "
                        f"numbering starts at {'0' * (end - start - 1)}1")


def _under(code: str, parent: str | None, what: str, parent_what: str) -> None:
    if parent is not None and not code.startswith(parent):
        raise CodeError(f"{what} code {code!r}: does not start with its {parent_what} "
                        f"code {parent!r}")


def _within(code: str, length: int, validate: Callable[[str], str], what: str) -> None:
    """Validate the leading ``length`` digits as the enclosing level's code."""
    try:
        validate(code[:length])
    except CodeError as err:
        raise CodeError(f"{what} code {code!r}: {err}") from None


def validate_district_code(code: str) -> str:
    _digits(code, 6, "district")
    _nonzero(code, 0, 2, "district", "province part")
    # PPCC00 is the prefecture or province itself, never a county-level district.
    _nonzero(code, 4, 6, "district", "county part")
    return code


def validate_street_code(code: str, district: str | None = None) -> str:
    _digits(code, 9, "street")
    _under(code, district, "street", "district")
    _within(code, 6, validate_district_code, "street")
    _nonzero(code, 6, 9, "street", "street serial")
    return code


def validate_community_code(code: str, street: str | None = None) -> str:
    _digits(code, 12, "community")
    _under(code, street, "community", "street")
    _within(code, 9, validate_street_code, "community")
    _nonzero(code, 9, 12, "community", "community serial")
    return code


def validate_grid_code(code: str, community: str | None = None) -> str:
    _digits(code, 15, "grid")
    _under(code, community, "grid", "community")
    _within(code, 12, validate_community_code, "grid")
    _nonzero(code, 12, 15, "grid", "grid serial")
    return code


def validate_component_code(code: str, district: str | None = None) -> str:
    _digits(code, COMPONENT_CODE_LENGTH, "component")
    _under(code, district, "component", "district")
    _within(code, 6, validate_district_code, "component")
    _nonzero(code, 6, 8, "component", "major class")
    _nonzero(code, 8, 10, "component", "minor class")
    _nonzero(code, 10, 16, "component", "serial")
    return code


def _part(value: int | str, width: int, what: str) -> str:
    """An int or a zero-padded string of ``width`` digits, as the string."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise CodeError(f"{what} {value!r}: expected an integer or {width} digits")
    if isinstance(value, int):
        if not 1 <= value < 10 ** width:
            raise CodeError(f"{what} {value}: must be between 1 and {10 ** width - 1}")
        return f"{value:0{width}d}"
    return _digits(value, width, what)


def grid_code(community_code: str, serial: int) -> str:
    """The 15-digit code of the ``serial``-th grid (1..999) of a community."""
    validate_community_code(community_code)
    return validate_grid_code(community_code + _part(serial, 3, "grid serial"))


def component_code(district: str, major: int | str, minor: int | str, serial: int) -> str:
    """The 16-digit code of a component, e.g. ``component_code("320508", 1, 1, 1)``."""
    validate_district_code(district)
    code = (district + _part(major, 2, "major class") + _part(minor, 2, "minor class")
            + _part(serial, 6, "component serial"))
    return validate_component_code(code)


def level_of(code: str) -> Level:
    """The level of a district, street, community or grid code (validated)."""
    if isinstance(code, str) and len(code) in _LEVEL_BY_LENGTH:
        level = _LEVEL_BY_LENGTH[len(code)]
        _VALIDATORS[level](code)
        return level
    raise CodeError(f"code {code!r}: not a district (6), street (9), community (12) "
                    f"or grid (15) code")


def parent_code(code: str) -> str | None:
    """The code one level up (grid → community → street → district); None for a district."""
    level = level_of(code)
    return None if level is Level.DISTRICT else code[:len(code) - 3]


_VALIDATORS = {
    Level.DISTRICT: validate_district_code,
    Level.STREET: validate_street_code,
    Level.COMMUNITY: validate_community_code,
    Level.GRID: validate_grid_code,
}
