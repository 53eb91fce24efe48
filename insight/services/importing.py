"""Bulk import of observations: check every row, then write all of them or none.

Two passes over the file, so a 100k-row file never sits in memory: the first checks every
row (schema, vocabularies, duplicate and existing refs, the privacy screen) and writes
nothing; the second writes in batches inside one transaction, which the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import ImportRecord, Observation, SearchOutbox, Status, User, Visibility
from insight.models.base import utcnow
from insight.models.observation import observation_theme
from insight.schemas.observation import normalise
from insight.services import audit, changelog, freeze, observations, publishing, screening
from insight.services.errors import InvalidInput, PermissionDenied, Problem
from insight.services.import_formats import file_format, read_rows

MAX_REPORTED_PROBLEMS = 200
PREVIEW_ROWS = 500
BATCH_SIZE = 1000
ON_EXISTING = ("reject", "update")

Progress = Callable[[int], None]  # called with the number of rows just handled


@dataclass
class RowReport:
    line: int
    ref: str
    title: str
    action: str  # "create", "update" or "error"
    problems: list[Problem] = field(default_factory=list)
    personal_data: bool = False


@dataclass
class Preview:
    """What an import would do, before anything is written."""

    filename: str
    file_format: str
    on_existing: str
    rows: int = 0
    to_create: int = 0
    to_update: int = 0
    problems: list[Problem] = field(default_factory=list)
    reports: list[RowReport] = field(default_factory=list)  # the first PREVIEW_ROWS rows
    problem_rows: int = 0
    personal_data: bool = False  # the privacy screen found something: the file must not stay

    @property
    def ok(self) -> bool:
        return not self.problems and self.rows > 0


@dataclass
class ImportResult:
    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    published: int = 0
    record_id: int | None = None


def check_file(path: str | Path, filename: str | None = None, on_existing: str = "reject",
               progress: Progress | None = None) -> Preview:
    """Check every row of the file; writes nothing."""
    filename = filename or Path(path).name
    if on_existing not in ON_EXISTING:
        raise InvalidInput(problems=[Problem("on_existing", msg("must be reject or update"))])
    preview = Preview(filename=filename, file_format=file_format(filename),
                      on_existing=on_existing)
    check = observations.VocabularyCheck()
    existing = set(db.session.scalars(select(Observation.ref)))
    seen: dict[str, int] = {}
    try:
        for line, row in read_rows(path, filename):
            preview.rows += 1
            report = _check_row(line, row, check, existing, seen, on_existing)
            preview.personal_data |= report.personal_data
            if report.problems:
                preview.problem_rows += 1
                if len(preview.problems) < MAX_REPORTED_PROBLEMS:
                    preview.problems.extend(report.problems)
            elif report.action == "update":
                preview.to_update += 1
            else:
                preview.to_create += 1
            if len(preview.reports) < PREVIEW_ROWS:
                preview.reports.append(report)
            if progress and preview.rows % BATCH_SIZE == 0:
                progress(BATCH_SIZE)
    except InvalidInput as error:  # the file itself is unreadable: header, encoding, JSON
        preview.problems.extend(error.problems)
        if error.problems and error.problems[0].line:
            preview.problem_rows += 1
    if progress:
        progress(preview.rows % BATCH_SIZE)
    if preview.rows == 0 and not preview.problems:
        preview.problems.append(Problem("file", msg("has no rows"), line=2))
    del preview.problems[MAX_REPORTED_PROBLEMS:]
    return preview


def _check_row(line: int, row: dict[str, Any] | list[Problem],
               check: observations.VocabularyCheck, existing: set[str], seen: dict[str, int],
               on_existing: str) -> RowReport:
    """Every problem of the row: its ref, each field, each vocabulary code and every privacy
    finding, so one round of fixes is enough."""
    if isinstance(row, list):  # the reader could not make fields of it
        return RowReport(line=line, ref="", title="", action="error", problems=row)
    ref = str(row.get("ref") or "").strip()
    report = RowReport(line=line, ref=ref, title=str(row.get("title") or "")[:120],
                       action="update" if ref in existing else "create")
    problems = report.problems
    if not ref:
        problems.append(Problem("ref", msg("is required"), line=line))
    elif ref in seen:
        problems.append(Problem("ref", msg("%(ref)s repeats line %(line)s", ref=ref,
                                           line=seen[ref]), line=line))
    elif ref in existing and on_existing == "reject":
        problems.append(Problem("ref", msg("%(ref)s already exists", ref=ref), line=line))
    seen.setdefault(ref, line)
    found = _field_problems(row, check)
    problems.extend(Problem(p.field, p.message, line=line) for p in found)
    texts = {name: row[name].strip() for name in observations.TEXT_FIELDS
             if isinstance(row.get(name), str)}  # stripped as the schema stores them
    findings = screening.find(texts, observations.TEXT_FIELDS)
    problems.extend(f.problem(line) for f in findings)
    report.personal_data = bool(findings)
    if problems:
        report.action = "error"
    return report


def _field_problems(row: dict[str, Any], check: observations.VocabularyCheck) -> list[Problem]:
    """Schema problems, then the vocabulary problems of the fields the schema accepted (the
    schema stops before the vocabularies when any field is wrong)."""
    try:
        observations.validate(row, check)
        return []
    except InvalidInput as error:
        found = list(error.problems)
    failed = {p.field.split(".")[0] for p in found}
    if "themes" in failed:
        failed.add("tags")
    rest = {k: v for k, v in row.items() if k not in failed}
    try:
        observations.validate(rest, check, partial=True)
    except InvalidInput as error:
        found.extend(p for p in error.problems if p.field.split(".")[0] not in failed)
    return found


def import_file(path: str | Path, actor: User | None, publish: bool = False,
                on_existing: str = "reject", filename: str | None = None,
                progress: Progress | None = None) -> ImportResult:
    """Import every row of the file, or raise InvalidInput naming each bad row (line, column).

    Nothing is committed here: the caller commits when this returns and rolls back when it
    raises. `progress` hears about both passes, so a bar can run to twice the row count.
    """
    freeze.require_open()
    if publish and actor is not None and not permissions.can(actor, permissions.PUBLISH_IMPORT):
        raise PermissionDenied(msg("Only an administrator may publish an import directly."))
    preview = check_file(path, filename, on_existing, progress)
    if not preview.ok:
        raise InvalidInput(problems=preview.problems)
    result = ImportResult(filename=preview.filename, rows=preview.rows)
    check = observations.VocabularyCheck()
    batch: list[tuple[int, dict[str, Any]]] = []
    for line, row in read_rows(path, preview.filename):
        batch.append((line, row))
        if len(batch) == BATCH_SIZE:
            _write_batch(batch, actor, check, publish, result)
            if progress:
                progress(len(batch))
            batch = []
    _write_batch(batch, actor, check, publish, result)
    if progress:
        progress(len(batch))
    record = ImportRecord(actor_id=getattr(actor, "id", None), filename=preview.filename,
                          file_format=preview.file_format, on_existing=on_existing,
                          rows=result.rows, created=result.created, updated=result.updated,
                          published=publish)
    db.session.add(record)
    db.session.flush()
    result.record_id = record.id
    audit.record(actor, "import.observations", record, {
        "file": preview.filename, "format": preview.file_format, "rows": result.rows,
        "created": result.created, "updated": result.updated, "publish": publish,
    })
    if publish:
        audit.record(actor, "content.bulk_publish", record,
                     {"count": result.published, "reason": f"import of {preview.filename}"})
    return result


def import_observations(path: str | Path, actor: User | None, publish: bool = False
                        ) -> ImportResult:
    """The command line's import: reject rows whose ref exists."""
    return import_file(path, actor, publish=publish)


def _write_batch(batch: list[tuple[int, dict[str, Any]]], actor: User | None,
                 check: observations.VocabularyCheck, publish: bool,
                 result: ImportResult) -> None:
    """Write rows the first pass found valid: new ones in one bulk INSERT, others through
    the ORM. Rows are not validated again (the file has not changed since the check)."""
    if not batch:
        return
    rows = [normalise(row) for _, row in batch]
    existing = {o.ref: o for o in db.session.scalars(
        select(Observation).where(Observation.ref.in_([r["ref"] for r in rows])))}
    author_id = getattr(actor, "id", None)
    published = {"status": Status.PUBLISHED.value, "published_at": utcnow(),
                 "reviewer_id": author_id} if publish else {}
    new_rows, themes_of = [], {}
    for row in rows:
        fields = {name: row[name] for name in observations.EDITABLE if row.get(name) is not None}
        item = existing.get(row["ref"])
        if item is None:
            new_rows.append({**fields, "ref": row["ref"], "author_id": author_id, **published})
            themes_of[row["ref"]] = check.themes(row.get("themes", []))
        else:
            observations.apply_fields(item, row, check)
            for name, value in published.items():
                setattr(item, name, value)
            if not publish:
                publishing.reopen_if_published(item, actor)
            result.updated += 1
    if new_rows:
        ids = db.session.execute(
            insert(Observation).returning(Observation.id, Observation.ref), new_rows).all()
        links = [{"observation_id": id_, "term_id": term.id}
                 for id_, ref in ids for term in themes_of[ref]]
        if links:
            db.session.execute(insert(observation_theme), links)
        # A bulk INSERT bypasses the ORM's flush events, so tell the search outbox directly.
        db.session.execute(insert(SearchOutbox), [
            {"object_type": "observation", "object_ref": ref} for _, ref in ids])
        if publish:  # and the change log, which a bulk INSERT also bypasses
            visibility = {row["ref"]: row.get("visibility") or Visibility.SUPPLIERS.value
                          for row in new_rows}
            changelog.record_bulk("observation", "published",
                                  [(ref, visibility[ref]) for _, ref in ids])
        result.created += len(ids)
    result.published += len(rows) if publish else 0
    db.session.flush()
    for item in existing.values():  # keeps memory flat over a 100k-row file
        db.session.expunge(item)
