"""How an import says what is wrong: every problem names where (line or feature) and why."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# progress(done, total): total is None when unknown, an estimate while reading a file.
Progress = Callable[[int, int | None], None]


def no_progress(_done: int, _total: int | None) -> None:
    pass


@dataclass(frozen=True)
class Problem:
    where: str      # "line 17", "feature 3 (110101001001007)"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class ImportRejected(Exception):
    """The file was refused as a whole; nothing was written."""

    def __init__(self, what: str, problems: list[Problem], shown: int = 20):
        self.problems = problems
        lines = [str(p) for p in problems[:shown]]
        if len(problems) > shown:
            lines.append(f"… and {len(problems) - shown} more")
        super().__init__(f"{what} rejected, nothing written ({len(problems)} "
                         f"problem{'s' if len(problems) != 1 else ''}):\n  " + "\n  ".join(lines))


class BadFile(Exception):
    """A file or mapping that cannot be read at all (missing column, malformed TOML…)."""
