"""Reading observation files row by row: CSV (as Norwegian offices write it), XLSX and JSON.

Every reader yields (line, row) where `line` is what a person looks for in the file: the CSV
line where the row starts, the spreadsheet row number, or the item number of a JSON list. A row
that cannot be read at all is yielded as a list of Problems, so a preview reports every bad row;
a file that cannot be read at all raises InvalidInput.

Files come from outside, so the work per file is bounded: a spreadsheet's uncompressed size is
checked before it is parsed, rows and cells are capped, and no reader recurses on user input.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from insight.messages import msg
from insight.schemas.observation import IMPORT_COLUMNS
from insight.security import lone_surrogate_fields
from insight.services.errors import InvalidInput, Problem

FORMATS = ("csv", "xlsx", "json")
REQUIRED_COLUMNS = [c for c in IMPORT_COLUMNS if c not in ("tags", "unit")]
COLUMN_ALIASES = {"themes": "tags", "theme": "tags"}

MAX_ROWS = 250_000  # rows of one file; the largest real import is about 100k
MAX_FIELD = 128 * 1024  # characters of one CSV field or spreadsheet cell
MAX_HEADER_COLUMNS = 64
MAX_XLSX_UNCOMPRESSED = 128 * 1024 * 1024  # bytes of XML, all parts of a workbook together
MAX_XLSX_PARTS = 500
MAX_CELLS = 3_000_000  # cells of a sheet, and strings of a workbook's shared string table
MAX_CELLS_PER_ROW = 256
_XML_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)(?=[\s/>])")

Row = dict[str, Any] | list[Problem]  # a list: the row could not be read
Rows = Iterator[tuple[int, Row]]


def _refuse(message: Any, line: int | None = None, field: str = "file") -> InvalidInput:
    return InvalidInput(problems=[Problem(field, message, line=line)])


def file_format(filename: str) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    fmt = {"jsonl": "json", "txt": "csv"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise _refuse(msg("unknown file type '.%(suffix)s': use .csv, .xlsx or .json",
                          suffix=suffix))
    return fmt


def read_rows(path: str | Path, filename: str | None = None) -> Rows:
    """The rows of a file; raises InvalidInput (possibly while iterating) for an unreadable
    file, and yields a list of Problems for a row it cannot read."""
    fmt = file_format(filename or str(path))
    if fmt == "xlsx":
        return _xlsx_rows(Path(path))
    if fmt == "json":
        return _json_rows(Path(path))
    return _csv_rows(Path(path))


def count_rows(path: str | Path, filename: str | None = None) -> int:
    """A cheap estimate of the rows of a file, for a progress bar (bounded like reading)."""
    path = Path(path)
    if file_format(filename or str(path)) == "xlsx":
        from openpyxl import load_workbook

        check_xlsx(path)
        try:
            workbook = load_workbook(path, read_only=True)
        except Exception:  # reading the file says what is wrong with it
            return 0
        try:
            return min(MAX_ROWS, max(0, (workbook.worksheets[0].max_row or 1) - 1))
        finally:
            workbook.close()
    with path.open("rb") as stream:
        blocks = iter(lambda: stream.read(1 << 20), b"")
        return max(0, sum(block.count(b"\n") for block in blocks) - 1)


def _check_header(header: list[Any]) -> list[str]:
    header = [COLUMN_ALIASES.get(h, h) for h in (str(h or "").strip().lower() for h in header)]
    while header and not header[-1]:
        header.pop()  # spreadsheets often carry empty columns after the last one
    problems = [Problem(c, msg("column is missing from the header"), line=1)
                for c in REQUIRED_COLUMNS if c not in header]
    problems += [Problem(c[:100], msg("is not a known column"), line=1)
                 for c in header if c and c not in IMPORT_COLUMNS][:20]
    if problems:
        raise InvalidInput(problems=problems)
    return header


def _open_text(path: Path) -> io.TextIOBase:
    """UTF-8 with or without BOM, else Windows-1252 as Excel writes it; anything else (binary,
    other encodings) is refused before a row is read."""
    encoding = None
    for candidate in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(candidate)()
        position = 0
        with path.open("rb") as raw:
            try:
                for block in iter(lambda: raw.read(1 << 20), b""):
                    if b"\x00" in block:
                        raise _refuse(msg("is a binary file, not CSV text (it contains NUL "
                                          "bytes): save it as CSV, XLSX or JSON"))
                    decoder.decode(block)
                    position += len(block)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as error:
                bad = position + error.start
                if candidate == "cp1252":
                    raise _refuse(msg("is neither UTF-8 nor Windows-1252 text (byte %(byte)s at "
                                      "position %(position)s cannot be read): save it as CSV "
                                      "UTF-8", byte=f"0x{error.object[error.start]:02X}",
                                      position=bad)) from None
                continue
        encoding = "utf-8-sig" if candidate == "utf-8" else candidate
        break
    return path.open(encoding=encoding, newline="")


def _csv_rows(path: Path) -> Rows:
    csv.field_size_limit(MAX_FIELD)
    with _open_text(path) as stream:
        header_line = stream.readline(MAX_FIELD)
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        header = _check_header(next(csv.reader([header_line], delimiter=delimiter), []))
        reader = csv.reader(stream, delimiter=delimiter)
        start, rows = 2, 0
        while True:
            line = start
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # a field over the limit; the reader cannot go on
                reason = msg("a field is longer than %(limit)s characters", limit=MAX_FIELD) \
                    if "field larger" in str(error) else msg("it is not valid CSV")
                raise _refuse(msg("cannot be read from here on: %(reason)s", reason=reason),
                              line=line, field="row") from None
            start = reader.line_num + 2  # line_num counts from after the header
            if not any(v.strip() for v in values):
                continue
            rows += 1
            if rows > MAX_ROWS:
                raise _too_many_rows()
            if len(values) != len(header):
                yield line, [Problem("row", msg("has %(found)s fields, the header has "
                                                "%(expected)s", found=len(values),
                                                expected=len(header)), line=line)]
                continue
            yield line, dict(zip(header, values, strict=True))


def _too_many_rows() -> InvalidInput:
    return _refuse(msg("has more than %(limit)s rows: split it into smaller files",
                       limit=MAX_ROWS))


def _cell(value: Any) -> Any:
    if isinstance(value, (datetime, date)):  # Excel turns 2025-03 into a date
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def check_xlsx(path: Path) -> None:
    """Refuse a workbook whose parts would unpack to more than the parser should read: a few
    hundred kilobytes can hold gigabytes of XML (a "zip bomb")."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise _refuse(msg("is not a readable XLSX file")) from None
    if len(parts) > MAX_XLSX_PARTS:
        raise _refuse(msg("is not a workbook Innsikt can read: it has %(count)s parts",
                          count=len(parts)))
    total = sum(part.file_size for part in parts)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise _refuse(msg("unpacks to %(size)s MB, more than the %(limit)s MB Innsikt reads: "
                          "save it as CSV or split it", size=total // (1 << 20),
                          limit=MAX_XLSX_UNCOMPRESSED // (1 << 20)))
    with zipfile.ZipFile(path) as archive:
        for part in parts:
            name = part.filename.lower()
            if name.endswith(".xml") and ("worksheets/" in name or "sharedstrings" in name):
                _count_cells(archive, part)


def _count_cells(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Count rows, cells and shared strings by their tags before openpyxl builds objects for
    them (it holds a whole row, and the whole string table, in memory)."""
    rows = cells = row_cells = strings = 0
    carry = b""
    try:
        with archive.open(part) as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                data = carry + block
                cut = data.rfind(b"<", max(0, len(data) - 64))  # a tag may straddle blocks
                cut = len(data) if cut < 0 else cut
                data, carry = data[:cut], data[cut:]
                for tag in _XML_TAG.findall(data):
                    if tag == b"c":
                        cells += 1
                        row_cells += 1
                        if cells > MAX_CELLS or row_cells > MAX_CELLS_PER_ROW:
                            raise _too_many_cells()
                    elif tag == b"row":
                        rows += 1
                        row_cells = 0
                        if rows > MAX_ROWS + 1:
                            raise _too_many_rows()
                    else:
                        strings += 1
                        if strings > MAX_CELLS:
                            raise _too_many_cells()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):  # damaged parts
        raise _refuse(msg("is not a readable XLSX file")) from None


def _too_many_cells() -> InvalidInput:
    return _refuse(msg("has more than %(cells)s cells, or more than %(row)s in a row: save it "
                       "as CSV or split it", cells=MAX_CELLS, row=MAX_CELLS_PER_ROW))


def _xlsx_rows(path: Path) -> Rows:
    from openpyxl import load_workbook

    check_xlsx(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise _refuse(msg("is not a readable XLSX file")) from None
    try:
        sheet = workbook.worksheets[0]
        # Explicit bounds: read-only openpyxl pads every row to the sheet's declared dimension,
        # which a hostile file sets to a million rows by 16,384 columns.
        first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS,
                                     values_only=True), ())
        header = _check_header(list(first))
        rows = sheet.iter_rows(min_row=2, max_row=MAX_ROWS + 2, max_col=len(header),
                               values_only=True)
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            cells = [_cell(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if any(len(c) > MAX_FIELD for c in cells):
                yield number, [Problem("row", msg("a cell is longer than %(limit)s characters",
                                                  limit=MAX_FIELD), line=number)]
                continue
            cells += [""] * (len(header) - len(cells))
            yield number, dict(zip(header, cells, strict=True))
    except InvalidInput:
        raise
    except Exception:  # a part that is not the XML it claims to be
        raise _refuse(msg("is not a readable XLSX file")) from None
    finally:
        workbook.close()


def _json_rows(path: Path) -> Rows:
    """A JSON list of objects, or JSON Lines (one object a line, streamed)."""
    try:
        with path.open(encoding="utf-8-sig") as stream:
            first = stream.read(1)
            while first.isspace():
                first = stream.read(1)
            stream.seek(0)
            if first == "[":
                numbered = enumerate(_load_json(stream.read(), line=None), start=1)
            else:
                numbered = _json_lines(stream)
            for number, item in numbered:
                if number > MAX_ROWS:
                    raise _too_many_rows()
                yield number, _json_row(number, item)
    except UnicodeDecodeError as error:
        raise _refuse(msg("is not UTF-8 JSON (byte %(byte)s cannot be read)",
                          byte=f"0x{error.object[error.start]:02X}")) from None


def _json_row(number: int, item: Any) -> Row:
    if not isinstance(item, dict):
        return [Problem("row", msg("is not a JSON object"), line=number)]
    bad = lone_surrogate_fields(item)
    if bad:  # valid JSON escapes, but no text: refused before anything shows or stores them
        return [Problem(field[:100], msg("contains a lone surrogate (an escape such as \\ud800 "
                                         "that is not a character): send valid Unicode text"),
                        line=number) for field in bad[:20]]
    row = {COLUMN_ALIASES.get(str(k), str(k)): v for k, v in item.items()}
    unknown = [k for k in row if k not in IMPORT_COLUMNS]
    if unknown:
        return [Problem(k[:100], msg("is not a known field"), line=number) for k in unknown[:20]]
    return row


def _load_json(text: str, line: int | None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _refuse(msg("is not valid JSON: %(reason)s", reason=error.msg),
                      line=line or error.lineno, field="row" if line else "file") from None
    except RecursionError:  # the C decoder stops itself safely at the recursion limit
        raise _refuse(msg("nests too deeply: an observation is a flat object"), line=line,
                      field="row" if line else "file") from None


def _json_lines(stream: io.TextIOBase) -> Iterator[tuple[int, Any]]:
    for number, text in enumerate(stream, start=1):
        if text.strip():
            yield number, _load_json(text, line=number)
