"""Bulk import of observations from files: every row is checked, and one bad row stops it all."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy import select

from insight.extensions import db
from insight.models import Observation, User
from insight.schemas.observation import IMPORT_COLUMNS
from insight.services import audit, observations, publishing
from insight.services.errors import InvalidInput, Problem

MAX_REPORTED_PROBLEMS = 200
REQUIRED_COLUMNS = [c for c in IMPORT_COLUMNS if c not in ("tags", "unit")]


@dataclass
class ImportResult:
    filename: str
    rows: int = 0
    created: int = 0
    published: int = 0
    refs: list[str] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def read_csv(stream: IO[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number where the row starts, row) from a comma- or semicolon-separated file."""
    header_line = stream.readline()
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = [h.strip().lower() for h in next(csv.reader([header_line], delimiter=delimiter))]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InvalidInput(problems=[
            Problem(c, "column is missing from the header", line=1) for c in missing
        ])
    unknown = [c for c in header if c not in IMPORT_COLUMNS]
    if unknown:
        raise InvalidInput(problems=[Problem(c, "is not a known column", line=1) for c in unknown])
    reader = csv.reader(stream, delimiter=delimiter)
    line = 2
    for values in reader:
        start, line = line, reader.line_num + 2  # line_num counts from after the header
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise InvalidInput(problems=[Problem(
                "row", f"has {len(values)} fields, the header has {len(header)}", line=start
            )])
        yield start, dict(zip(header, values, strict=True))


def import_observations(path: str | Path, actor: User | None, publish: bool = False
                        ) -> ImportResult:
    """Create an observation for every row of the CSV at `path`, or none at all.

    Raises InvalidInput listing every bad row (line and column). Nothing is committed here:
    the caller commits when this returns and rolls back when it raises.
    """
    path = Path(path)
    text = decode(path.read_bytes())
    return import_csv_text(text, path.name, actor, publish)


def import_csv_text(text: str, filename: str, actor: User | None, publish: bool = False
                    ) -> ImportResult:
    result = ImportResult(filename=filename)
    check = observations.VocabularyCheck()
    problems: list[Problem] = []
    existing = set(db.session.scalars(select(Observation.ref)))
    seen: dict[str, int] = {}
    created: list[Observation] = []
    for line, row in read_csv(io.StringIO(text, newline="")):
        if len(problems) >= MAX_REPORTED_PROBLEMS:
            break
        result.rows += 1
        ref = (row.get("ref") or "").strip()
        if not ref:
            problems.append(Problem("ref", "is required", line=line))
        elif ref in seen:
            problems.append(Problem("ref", f"{ref} repeats line {seen[ref]}", line=line))
        elif ref in existing:
            problems.append(Problem("ref", f"{ref} already exists", line=line))
        seen.setdefault(ref, line)
        try:
            data = observations.validate(row, check)
        except InvalidInput as error:
            problems.extend(Problem(p.field, p.message, line=line) for p in error.problems)
            continue
        if problems:
            continue  # keep checking, but stop building objects that will be thrown away
        observation = Observation(ref=ref, author_id=getattr(actor, "id", None))
        observations.apply_fields(observation, data, check)
        created.append(observation)
    if problems:
        raise InvalidInput(problems=problems[:MAX_REPORTED_PROBLEMS])
    if result.rows == 0:
        raise InvalidInput(problems=[Problem("file", "has no rows", line=2)])
    db.session.add_all(created)
    db.session.flush()
    result.created = len(created)
    result.refs = [o.ref for o in created]
    audit.record(actor, "import.observations", None, {
        "file": filename, "rows": result.rows, "created": result.created, "publish": publish,
    })
    if publish:
        publishing.bulk_publish(created, actor, reason=f"import of {filename}")
        result.published = len(created)
    return result
