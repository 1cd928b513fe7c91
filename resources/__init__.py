"""Data shipped with the application (installed as ``commandcenter.resources``).

Always read through these helpers, never through a path relative to the working
directory, so a wheel, a checkout and the frozen Windows build behave the same.
"""
from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    return files(__name__).joinpath(*parts)


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")
