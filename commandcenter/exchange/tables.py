"""Rows of a tabular file as (line number, {column: value}), whatever the format.

CSV (UTF-8, with or without BOM), Excel .xlsx (the first sheet, read in streaming mode) and
JSON arrays of flat objects (an Open311 ``requests.json`` capture). Line numbers are what a
person sees when opening the file: the header is line 1, so the first record is line 2 (for
JSON, the first object is record 1).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .problems import BadFile

Row = dict[str, Any]
SUFFIXES = (".csv", ".xlsx", ".json")


@dataclass(frozen=True)
class Chunk:
    """Consecutive records as columns: what a vectorised reader takes."""

    lines: np.ndarray                 # line (or record) number of each record
    columns: dict[str, list[Any]]     # the file's columns, one value per record
    texts: bool                       # every value is the str as read (CSV)

    def __len__(self) -> int:
        return len(self.lines)

    def row(self, i: int) -> Row:
        return {name: values[i] for name, values in self.columns.items()}


class Table:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in SUFFIXES:
            raise BadFile(f"{self.path.name}: unsupported file type; use {', '.join(SUFFIXES)}")
        if not self.path.is_file():
            raise BadFile(f"{self.path}: no such file")
        self.columns: list[str] = []
        self.unit = "record" if self.suffix == ".json" else "line"   # how problems say where

    def estimate(self) -> int | None:
        """Roughly how many records (for a progress bar), cheap to compute."""
        if self.suffix == ".csv":
            with open(self.path, "rb") as f:
                return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) - 1)
        return None

    def rows(self) -> Iterator[tuple[int, Row]]:
        reader = {".csv": self._csv, ".xlsx": self._xlsx, ".json": self._json}[self.suffix]
        return reader()

    def chunks(self, size: int) -> Iterator[Chunk]:
        """The records ``size`` at a time, as columns (``self.columns`` is set by the first)."""
        if self.suffix == ".csv":
            yield from self._csv_chunks(size)
            return
        lines, rows = [], []
        for line, row in self.rows():
            lines.append(line)
            rows.append(row)
            if len(rows) >= size:
                yield self._chunk(lines, [[r.get(c) for c in self.columns] for r in rows], False)
                lines, rows = [], []
        if rows or not lines:
            yield self._chunk(lines, [[r.get(c) for c in self.columns] for r in rows], False)

    def _chunk(self, lines: list[int], records: list[list[Any]], texts: bool) -> Chunk:
        values = list(zip(*records)) if records else [()] * len(self.columns)
        return Chunk(np.array(lines, dtype=np.int64),
                     {name: list(column) for name, column in zip(self.columns, values)}, texts)

    def _csv_chunks(self, size: int) -> Iterator[Chunk]:
        # The same records as _csv(): empty records skipped, short ones padded, long ones cut.
        with open(self.path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            try:
                self.columns = next(reader)
            except StopIteration:
                raise BadFile(f"{self.path.name}: empty file") from None
            except UnicodeDecodeError as exc:
                raise BadFile(f"{self.path.name}: not UTF-8 text ({exc.reason})") from None
            width = len(self.columns)
            lines, records = [], []
            try:
                for values in reader:
                    if len(values) != width:
                        if not values:
                            continue
                        values = (values + [""] * (width - len(values)))[:width]
                    records.append(values)
                    lines.append(reader.line_num)
                    if len(records) >= size:
                        yield self._chunk(lines, records, True)
                        lines, records = [], []
            except UnicodeDecodeError as exc:
                raise BadFile(f"{self.path.name}: not UTF-8 text after line "
                              f"{reader.line_num} ({exc.reason})") from None
            yield self._chunk(lines, records, True)

    def _csv(self) -> Iterator[tuple[int, Row]]:
        with open(self.path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            try:
                self.columns = next(reader)
            except StopIteration:
                raise BadFile(f"{self.path.name}: empty file") from None
            except UnicodeDecodeError as exc:
                raise BadFile(f"{self.path.name}: not UTF-8 text ({exc.reason})") from None
            width = len(self.columns)
            try:
                for values in reader:
                    if not values:
                        continue
                    # reader.line_num is the physical line the record ended on.
                    yield reader.line_num, dict(zip(self.columns, values + [""] * (width - len(values))))
            except UnicodeDecodeError as exc:
                raise BadFile(f"{self.path.name}: not UTF-8 text after line "
                              f"{reader.line_num} ({exc.reason})") from None

    def _xlsx(self) -> Iterator[tuple[int, Row]]:
        import openpyxl
        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise BadFile(f"{self.path.name}: not a readable .xlsx file ({exc})") from None
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                raise BadFile(f"{self.path.name}: empty sheet")
            self.columns = ["" if h is None else str(h).strip() for h in header]
            for line, values in enumerate(rows, start=2):
                if values is None or all(v is None for v in values):
                    continue
                yield line, {c: _cell(v) for c, v in zip(self.columns, values)}
        finally:
            book.close()

    def _json(self) -> Iterator[tuple[int, Row]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadFile(f"{self.path.name}: not JSON ({exc})") from None
        if isinstance(data, dict) and len(data) == 1:   # {"service_requests": [...]}
            data = next(iter(data.values()))
        if not isinstance(data, list):
            raise BadFile(f"{self.path.name}: expected an array of objects")
        self.columns = sorted({k for item in data if isinstance(item, dict) for k in item})
        for index, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                raise BadFile(f"{self.path.name}: record {index} is not an object")
            yield index, item


def _cell(value: Any) -> Any:
    """Excel cells keep their type (numbers, datetimes); empty cells become ''."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value
    return value if isinstance(value, (int, float)) else str(value)
