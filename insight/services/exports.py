"""Lists and search results as downloads: the reader's records as JSON, CSV and XLSX.

A `Dataset` is what one reader may see of one kind, as records (nested, for JSON) and as a
table (flat, for CSV and XLSX). The writers are deterministic, so the same records always make
the same bytes; the bid pack (insight.services.bidpack) depends on that. CSV is written for
Excel in Norwegian locales: UTF-8 with a byte order mark, semicolons, CRLF line ends, and text
that would start a formula is prefixed with an apostrophe (CSV/formula injection).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from insight import permissions
from insight.messages import msg
from insight.schemas.export import (
    WORKFLOW_FIELDS,
    AnswerExportSchema,
    InsightExportSchema,
    JourneyExportSchema,
    ObservationExportSchema,
    PersonaExportSchema,
)
from insight.services import questions, reading
from insight.services import search as search_service
from insight.services.errors import NotFound

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
KINDS = ("observations", "insights", "personas", "journeys", "questions", "search")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ", "
BATCH = 1000  # observations read a page at a time, so a long list never sits in one query
SEARCH_PAGE = search_service.MAX_PAGE_SIZE
SEARCH_LIMIT = 10_000  # the most search results one download holds


@dataclass
class Dataset:
    """One kind as a reader sees it: `records` for JSON, `columns` + `rows` for tables."""

    name: str
    records: list[dict[str, Any]]
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _reader_test(user: Any) -> Callable[[Any], bool]:
    return lambda item: permissions.can_read(user, item)


def _sees_workflow(user: Any) -> bool:
    return permissions.can(user, permissions.READ_INTERNAL)


def _exclude(user: Any) -> tuple[str, ...]:
    return () if _sees_workflow(user) else WORKFLOW_FIELDS


def _table(name: str, records: list[dict[str, Any]], columns: list[str] | None = None) -> Dataset:
    columns = columns or (list(records[0]) if records else [])
    rows = [[record.get(column) for column in columns] for record in records]
    return Dataset(name, records, columns, rows)


def _columns(schema: Any) -> list[str]:
    return [name for name in schema.dump_fields]


# Datasets ------------------------------------------------------------------------------------

def observations(user: Any, stay_type: str | None = None, journey_stage: str | None = None,
                 theme: str | None = None) -> Dataset:
    """Every observation the reader may see under the list page's filters, newest first."""
    schema = ObservationExportSchema(exclude=_exclude(user))
    records: list[dict[str, Any]] = []
    page_number = 1
    while True:
        page = reading.observation_page(user, page_number, BATCH, stay_type=stay_type,
                                        journey_stage=journey_stage, theme=theme)
        records += schema.dump(page.items, many=True)
        if not page.has_next:
            break
        page_number += 1
    return _table("observations", records, _columns(schema))


def insights(user: Any) -> Dataset:
    schema = InsightExportSchema(_reader_test(user), exclude=_exclude(user))
    return _table("insights", schema.dump(reading.insights(user), many=True), _columns(schema))


def personas(user: Any) -> Dataset:
    schema = PersonaExportSchema(_reader_test(user), exclude=_exclude(user))
    return _table("personas", schema.dump(reading.personas(user), many=True), _columns(schema))


def journeys(user: Any) -> Dataset:
    """Journeys with their steps nested; the table has one row per step (journey repeated)."""
    schema = JourneyExportSchema(_reader_test(user), exclude=_exclude(user))
    records = schema.dump(reading.journeys(user), many=True)
    journey_columns = [c for c in _columns(schema) if c != "steps"]
    step_columns = ["position", "stage", "title", "what_happens", "thoughts", "emotion",
                    "pain_points", "opportunities", "evidence"]
    columns = [*journey_columns, *(f"step_{c}" for c in step_columns)]
    rows = []
    for record in records:
        head = [record.get(c) for c in journey_columns]
        for step in record["steps"] or [{}]:
            rows.append(head + [step.get(c) for c in step_columns])
    return Dataset("journeys", records, columns, rows)


def answered_questions(user: Any) -> Dataset:
    if not permissions.can(user, permissions.READ_SUPPLIERS):
        return _table("questions", [], _columns(AnswerExportSchema()))
    items = sorted(questions.published(), key=lambda q: q.ref)
    schema = AnswerExportSchema()
    return _table("questions", schema.dump(items, many=True), _columns(schema))


TAGS = re.compile(r"<[^>]+>")


def search_results(user: Any, text: str, filters: dict[str, list[str]],
                   sort: str = "relevance") -> Dataset:
    """Every hit of a search (up to SEARCH_LIMIT) in the order the search page ranks them."""
    records: list[dict[str, Any]] = []
    page_number = 1
    while len(records) < SEARCH_LIMIT:
        results = search_service.search(user, text, filters, sort, page_number, SEARCH_PAGE,
                                        with_facets=False)
        for hit in results.hits:
            records.append({
                "rank": len(records) + 1, "type": hit.type, "ref": hit.ref, "title": hit.title,
                "snippet": html.unescape(TAGS.sub("", hit.snippet or "")), "url": hit.url,
            })
        if not results.hits or page_number * SEARCH_PAGE >= results.total:
            break
        page_number += 1
    columns = ["rank", "type", "ref", "title", "snippet", "url"]
    return _table("search", records[:SEARCH_LIMIT], columns)


def dataset(kind: str, user: Any, **params: Any) -> Dataset:
    builders: dict[str, Callable[..., Dataset]] = {
        "observations": observations, "insights": insights, "personas": personas,
        "journeys": journeys, "questions": answered_questions, "search": search_results,
    }
    if kind not in builders:
        raise NotFound(msg("There is no export of %(kind)s.", kind=kind))
    return builders[kind](user, **params)


# Writers -------------------------------------------------------------------------------------

def cell_text(value: Any) -> Any:
    """A value as one spreadsheet cell: lists joined, text safe from formula injection."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


def to_csv(data: Dataset) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(data.columns)
    for row in data.rows:
        writer.writerow([cell_text(value) for value in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    # openpyxl refuses control characters a spreadsheet cannot hold: drop them first, so the
    # formula check sees the text the cell will hold ("\x01=HYPERLINK(…)" is a formula after)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    elif isinstance(value, (list, tuple)):
        value = [ILLEGAL_CHARACTERS_RE.sub("", str(v)) for v in value]
    return cell_text(value)


def to_xlsx(data: Dataset) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=data.name[:31])
    sheet.append(data.columns)
    for row in data.rows:
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(data: Dataset) -> bytes:
    return json_bytes({"kind": data.name, "count": len(data.records), "items": data.records})


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[Dataset], bytes]] = {"csv": to_csv, "xlsx": to_xlsx,
                                                   "json": to_json}


def render(data: Dataset, fmt: str) -> bytes:
    if fmt not in WRITERS:
        raise NotFound(msg("There is no %(format)s export.", format=fmt))
    return WRITERS[fmt](data)
