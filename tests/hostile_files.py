"""Hostile import files built in a temporary folder: zip bombs, binary, deep JSON."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

from tests.test_cli import HEADER

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="'
        '/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL}"><sheets>'
        '<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{_REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
        f'{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
}


def inline_row(number: int, values: Iterable[str]) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f'<row r="{number}">{cells}</row>'.encode()


def header_row() -> bytes:
    return inline_row(1, HEADER.split(","))


def xlsx(path: Path, rows: Iterable[bytes], shared: Iterable[bytes] = (),
         dimension: str = "A1:K2") -> Path:
    """A workbook whose sheet XML is written from `rows` (bytes), streamed into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>'.encode())
            for chunk in shared:
                part.write(chunk)
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><dimension '
                       f'ref="{dimension}"/><sheetData>'.encode())
            for chunk in rows:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return path


def shared_strings_bomb(path: Path, megabytes: int = 200) -> Path:
    """One shared string of `megabytes` MB: a few hundred kB zipped."""
    block = b"A" * (1 << 20)
    return xlsx(path, [header_row()],
                shared=[b"<si><t>", *([block] * megabytes), b"</t></si>"])


def many_rows_bomb(path: Path, rows: int = 2_000_000) -> Path:
    chunk = b"<row><c><v>1</v></c></row>" * 10_000
    return xlsx(path, [header_row(), *([chunk] * (rows // 10_000))], dimension=f"A1:K{rows + 1}")


def wide_row_bomb(path: Path, cells: int = 1_000_000) -> Path:
    return xlsx(path, [header_row(), b'<row r="2">', b"<c><v>1</v></c>" * cells, b"</row>"])


def huge_dimension(path: Path, good_row: list[str], last_row: bool = False) -> Path:
    """A small sheet that declares itself 1,048,576 rows by 16,384 columns; with `last_row`
    it also has a cell in the last row, so a reader pads a million rows to reach it."""
    far = [b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'] if last_row else []
    return xlsx(path, [header_row(), inline_row(2, good_row), *far],
                dimension="A1:XFD1048576")
