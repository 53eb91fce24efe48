"""Backup and restore: the whole database as one deterministic ZIP, and back into an empty one.

The archive holds `tables/<table>.jsonl` (every row of every table, ordered by primary key, one
JSON object per line with sorted keys), `manifest.json` (format, schema version, per-table
columns, types and row counts) and `SHA256SUMS` (`sha256sum -c` format, every other file).
Nothing in it depends on when, where or on which database engine it was written: datetimes are
ISO 8601 UTC, the ZIP entries carry the newest timestamp found in the data. So SQLite → archive
→ PostgreSQL → archive gives the same bytes, which is how a municipality proves a move.

The search index (and its outbox and term tables) is derived from the other tables; it is left
out and rebuilt after a restore. Files under DATA_DIR (bid-pack cache, pending uploads) are
caches too and are not part of the archive.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from flask import current_app
from sqlalchemy import Boolean, Date, DateTime, Integer, Table, bindparam, func, select, text
from sqlalchemy.types import JSON

from insight.extensions import db
from insight.messages import msg
from insight.services.errors import ServiceError

FORMAT = "innsikt-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
# Derived from the other tables and rebuilt by the restore: keeping them would tie the archive
# to one search backend and to the moment of the last drain.
DERIVED_TABLES = frozenset({"search_document", "search_term", "search_outbox",
                            "search_index_failure"})
# Rows the migrations themselves write into a new database: a table holding only these still
# counts as empty, and the restore replaces them.
SEEDED_ROWS = {"ref_counter": '"last" = 0'}
FILE_MODE = 0o644
EPOCH_ZIP = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP entry can carry
BATCH = 2000


class BackupError(ServiceError):
    """The archive cannot be restored here; the message says why and what to do."""


@dataclass
class ExportResult:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    schema_version: str = ""


@dataclass
class ImportResult:
    rows: dict[str, int] = field(default_factory=dict)
    indexed: int = 0
    sequences: int = 0


# --- values ----------------------------------------------------------------------------------

def _kind(column: Any) -> str:
    """The archive's name for a column's type (engine-neutral)."""
    kind = column.type
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, JSON):
        return "json"
    return "text"


def _utc_text(value: datetime) -> str:
    # SQLite hands back naive datetimes: the app stores them in UTC.
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat(timespec="microseconds").replace("+00:00", "Z")


def _dump(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return _utc_text(value)
    if kind == "date":
        return value.isoformat()
    if kind == "boolean":
        return bool(value)
    return value


def _load(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    if kind == "date":
        return date.fromisoformat(value)
    return value


def _line(row: dict[str, Any]) -> bytes:
    return (json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            + "\n").encode("utf-8")


# --- the database ----------------------------------------------------------------------------

def tables() -> list[Table]:
    """Every archived table, parents before children (the order a restore inserts in)."""
    return [t for t in db.metadata.sorted_tables if t.name not in DERIVED_TABLES]


def schema_version() -> str:
    """The Alembic revision(s) the database is at, comma-separated ('' if never migrated)."""
    with db.engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return ",".join(sorted(heads))


def _key_columns(table: Table) -> list[Any]:
    return list(table.primary_key.columns) or list(table.columns)


def _rows(table: Table) -> Iterator[dict[str, Any]]:
    """All rows ordered by primary key. Integer keys sort alike everywhere, so the database
    orders them; text keys are sorted here, because collations differ between engines."""
    keys = _key_columns(table)
    kinds = {c.name: _kind(c) for c in table.columns}
    statement = select(table).order_by(*keys)
    if all(kinds[c.name] == "integer" for c in keys):
        with db.engine.connect() as connection:
            result = connection.execution_options(stream_results=True).execute(statement)
            for row in result.mappings():
                yield {name: _dump(row[name], kind) for name, kind in kinds.items()}
        return
    with db.engine.connect() as connection:
        rows = [{name: _dump(row[name], kind) for name, kind in kinds.items()}
                for row in connection.execute(statement).mappings()]
    yield from sorted(rows, key=lambda r: tuple(
        (r[c.name] is not None, r[c.name] if r[c.name] is not None else "") for c in keys))


# --- export ----------------------------------------------------------------------------------

def _zip_info(name: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # unix, so the permissions below mean what they say
    info.external_attr = (0o100000 | FILE_MODE) << 16
    return info


def export_all(path: Path, progress: Callable[[str, int], None] | None = None) -> ExportResult:
    """Write the archive to `path` (a .zip file; replaced if it exists)."""
    version = schema_version()
    files: dict[str, bytes] = {}
    described: list[dict[str, Any]] = []
    newest: str | None = None
    result = ExportResult(path=path, schema_version=version)
    for table in tables():
        buffer = io.BytesIO()
        count = 0
        kinds = {c.name: _kind(c) for c in table.columns}
        stamps = [n for n, k in kinds.items() if k == "datetime"]
        for row in _rows(table):
            buffer.write(_line(row))
            count += 1
            for name in stamps:
                if row[name] is not None and (newest is None or row[name] > newest):
                    newest = row[name]
        files[f"tables/{table.name}.jsonl"] = buffer.getvalue()
        described.append({"name": table.name, "file": f"tables/{table.name}.jsonl",
                          "rows": count, "primary_key": [c.name for c in _key_columns(table)],
                          "columns": kinds})
        result.rows[table.name] = count
        if progress:
            progress(table.name, count)
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "schema_version": version, "data_as_of": newest,
                "excluded_derived_tables": sorted(DERIVED_TABLES),
                "tables": sorted(described, key=lambda t: t["name"])}
    files[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=2,
                                 sort_keys=True).encode("utf-8") + b"\n"
    files[SUMS] = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n"
                          for n in sorted(files)).encode("utf-8")
    stamp = _zip_stamp(newest)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(files):
            archive.writestr(_zip_info(name, stamp), files[name], compresslevel=6)
    partial.replace(path)  # a crash never leaves a half archive under the real name
    return result


def _zip_stamp(newest: str | None) -> tuple[int, ...]:
    if newest is None:
        return EPOCH_ZIP
    moment = datetime.fromisoformat(newest.replace("Z", "+00:00"))
    return max(EPOCH_ZIP, moment.timetuple()[:6])


# --- import ----------------------------------------------------------------------------------

def read_archive(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and files of an archive whose checksums all hold; BackupError otherwise."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(msg("Cannot read the archive %(path)s: %(error)s",
                              path=str(path), error=str(error))) from error
    if SUMS not in files or MANIFEST not in files:
        raise BackupError(msg("%(path)s is not an Innsikt backup: manifest.json or SHA256SUMS "
                              "is missing.", path=str(path)))
    listed: dict[str, str] = {}
    for line in files[SUMS].decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    unlisted = sorted(set(files) - set(listed) - {SUMS})
    missing = sorted(set(listed) - set(files))
    damaged = sorted(n for n in listed if n in files
                     and hashlib.sha256(files[n]).hexdigest() != listed[n])
    if unlisted or missing or damaged:
        raise BackupError(msg(
            "The archive fails its SHA-256 check (changed: %(damaged)s; missing: %(missing)s; "
            "not listed: %(unlisted)s). Nothing was restored.",
            damaged=", ".join(damaged) or "none", missing=", ".join(missing) or "none",
            unlisted=", ".join(unlisted) or "none"))
    manifest = json.loads(files[MANIFEST])
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(msg("Unknown archive format %(format)s version %(version)s.",
                              format=str(manifest.get("format")),
                              version=str(manifest.get("format_version"))))
    return manifest, files


def _check_target(manifest: dict[str, Any]) -> None:
    current = schema_version()
    wanted = manifest["schema_version"]
    if current != wanted:
        raise BackupError(msg(
            "The archive is at schema version %(archive)s but this database is at "
            "%(database)s. Create an empty database, run `flask db upgrade %(archive)s`, "
            "import, then `flask db upgrade`.", archive=wanted or "none",
            database=current or "none (not migrated)"))
    known = {t.name for t in tables()}
    foreign = sorted(t["name"] for t in manifest["tables"] if t["name"] not in known)
    if foreign:
        raise BackupError(msg("The archive holds tables this version does not know: "
                              "%(tables)s.", tables=", ".join(foreign)))
    with db.engine.connect() as connection:
        filled = [t.name for t in tables() if connection.execute(
            select(func.count()).select_from(t).where(_user_rows(t))).scalar()]
    if filled:
        raise BackupError(msg(
            "The database is not empty (rows in %(tables)s). A restore only goes into an empty, "
            "migrated database; nothing was restored.", tables=", ".join(filled)))


def _user_rows(table: Table) -> Any:
    seeded = SEEDED_ROWS.get(table.name)
    return text(f"NOT ({seeded})") if seeded else text("1 = 1")


def _reset_sequences(connection: Any) -> int:
    """PostgreSQL: move each serial sequence past the restored ids (inserts named them)."""
    if connection.dialect.name != "postgresql":
        return 0
    count = 0
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or _kind(keys[0]) != "integer":
            continue
        name = keys[0].name
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                      {"t": f'"{table.name}"', "c": name}).scalar()
        if sequence:
            connection.execute(text(
                f'SELECT setval(:s, COALESCE((SELECT max("{name}") FROM "{table.name}"), 1), '
                f'(SELECT count(*) > 0 FROM "{table.name}"))'), {"s": sequence})
            count += 1
    return count


def import_all(path: Path, progress: Callable[[str, int], None] | None = None,
               rebuild_index: bool = True) -> ImportResult:
    """Restore the archive into this empty database in one transaction, then rebuild the
    search index. Not recorded in the audit log: the restored log must stay exactly as it was."""
    manifest, files = read_archive(path)
    _check_target(manifest)
    result = ImportResult()
    described = {t["name"]: t for t in manifest["tables"]}
    with db.engine.begin() as connection:
        for table, seeded in SEEDED_ROWS.items():
            connection.execute(text(f'DELETE FROM "{table}" WHERE {seeded}'))
        for table in tables():
            entry = described.get(table.name)
            if entry is None:
                continue
            kinds = entry["columns"]
            # A row may point at a later row of its own table (a user approved by an
            # administrator created after them): insert those links empty, set them afterwards.
            own = sorted({fk.parent.name for fk in table.foreign_keys
                          if fk.column.table is table})
            keys = [c.name for c in table.primary_key.columns]
            # Columns the model stamps on every update (updated_at) keep their restored value.
            stamped = [c.name for c in table.columns if c.onupdate is not None]
            links: list[dict[str, Any]] = []
            batch: list[dict[str, Any]] = []
            count = 0
            for line in files[entry["file"]].decode("utf-8").splitlines():
                row = {k: _load(v, kinds.get(k, "text")) for k, v in json.loads(line).items()}
                if any(row.get(name) is not None for name in own):
                    links.append({**{f"k_{k}": row[k] for k in keys},
                                  **{f"v_{n}": row[n] for n in own + stamped}})
                    row.update(dict.fromkeys(own))
                batch.append(row)
                if len(batch) >= BATCH:
                    connection.execute(table.insert(), batch)
                    count, batch = count + len(batch), []
            if batch:
                connection.execute(table.insert(), batch)
                count += len(batch)
            if links:
                connection.execute(
                    table.update()
                    .where(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
                    .values({n: bindparam(f"v_{n}") for n in own + stamped}), links)
            result.rows[table.name] = count
            if progress:
                progress(table.name, count)
        result.sequences = _reset_sequences(connection)
    if rebuild_index:
        from insight.search import sync

        result.indexed = sync.rebuild(current_app._get_current_object()).indexed  # type: ignore[attr-defined]
    return result
