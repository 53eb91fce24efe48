"""Reading observation files row by row: CSV (as Norwegian offices write it), XLSX and JSON.

Every reader yields (line, row) where `line` is what a person looks for in the file: the CSV
line where the row starts, the spreadsheet row number, or the item number of a JSON list.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from insight.schemas.observation import IMPORT_COLUMNS
from insight.services.errors import InvalidInput, Problem

FORMATS = ("csv", "xlsx", "json")
REQUIRED_COLUMNS = [c for c in IMPORT_COLUMNS if c not in ("tags", "unit")]
COLUMN_ALIASES = {"themes": "tags", "theme": "tags"}

Rows = Iterator[tuple[int, dict[str, Any]]]


def file_format(filename: str) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    fmt = {"jsonl": "json", "txt": "csv"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise InvalidInput(problems=[Problem(
            "file", f"unknown file type '.{suffix}': use .csv, .xlsx or .json", line=None)])
    return fmt


def read_rows(path: str | Path, filename: str | None = None) -> Rows:
    fmt = file_format(filename or str(path))
    if fmt == "xlsx":
        return _xlsx_rows(Path(path))
    if fmt == "json":
        return _json_rows(Path(path))
    return _csv_rows(Path(path))


def _check_header(header: list[str]) -> list[str]:
    header = [COLUMN_ALIASES.get(h, h) for h in (str(h or "").strip().lower() for h in header)]
    problems = [Problem(c, "column is missing from the header", line=1)
                for c in REQUIRED_COLUMNS if c not in header]
    problems += [Problem(c, "is not a known column", line=1)
                 for c in header if c and c not in IMPORT_COLUMNS]
    if problems:
        raise InvalidInput(problems=problems)
    return header


def _open_text(path: Path) -> io.TextIOBase:
    """UTF-8 with or without BOM, else Windows-1252 as Excel writes it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as raw:
        try:
            for block in iter(lambda: raw.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return path.open(encoding="cp1252", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _csv_rows(path: Path) -> Rows:
    with _open_text(path) as stream:
        header_line = stream.readline()
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        header = _check_header(next(csv.reader([header_line], delimiter=delimiter), []))
        reader = csv.reader(stream, delimiter=delimiter)
        start = 2
        for values in reader:
            line, start = start, reader.line_num + 2  # line_num counts from after the header
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise InvalidInput(problems=[Problem(
                    "row", f"has {len(values)} fields, the header has {len(header)}", line=line)])
            yield line, dict(zip(header, values, strict=True))


def _cell(value: Any) -> Any:
    if isinstance(value, (datetime, date)):  # Excel turns 2025-03 into a date
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _xlsx_rows(path: Path) -> Rows:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise InvalidInput(problems=[
            Problem("file", f"is not a readable XLSX file ({error})")]) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = _check_header(list(next(rows, [])))
        for number, values in enumerate(rows, start=2):
            cells = [_cell(v) for v in values][:len(header)]
            if not any(c.strip() for c in cells):
                continue
            cells += [""] * (len(header) - len(cells))
            yield number, dict(zip(header, cells, strict=True))
    finally:
        workbook.close()


def _json_rows(path: Path) -> Rows:
    """A JSON list of objects, or JSON Lines (one object a line, streamed)."""
    with path.open(encoding="utf-8-sig") as stream:
        first = stream.read(1)
        while first.isspace():
            first = stream.read(1)
        stream.seek(0)
        if first == "[":
            try:
                items = json.load(stream)
            except json.JSONDecodeError as error:
                raise InvalidInput(problems=[
                    Problem("file", error.msg, line=error.lineno)]) from None
            numbered = enumerate(items, start=1)
        else:
            numbered = _json_lines(stream)
        for number, item in numbered:
            if not isinstance(item, dict):
                raise InvalidInput(problems=[Problem("row", "is not a JSON object", line=number)])
            row = {COLUMN_ALIASES.get(k, k): v for k, v in item.items()}
            unknown = [k for k in row if k not in IMPORT_COLUMNS]
            if unknown:
                raise InvalidInput(problems=[Problem(k, "is not a known field", line=number)
                                             for k in unknown])
            yield number, row


def _json_lines(stream: io.TextIOBase) -> Iterator[tuple[int, Any]]:
    for number, text in enumerate(stream, start=1):
        if text.strip():
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as error:
                raise InvalidInput(problems=[Problem("row", error.msg, line=number)]) from None
