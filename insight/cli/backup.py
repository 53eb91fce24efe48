"""`flask export-all PATH` and `flask import-all PATH`: the whole database as one archive.

See insight/ops/backup.py for the archive's layout. The import goes only into an empty,
migrated database at the archive's schema version, and rebuilds the search index afterwards.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from insight.cli.common import fail
from insight.ops import backup
from insight.services.errors import ServiceError


def _say(table: str, rows: int) -> None:
    click.echo(f"  {table:24} {rows:>9} rows", err=True)


@click.command("export-all")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_all_command(path: Path) -> None:
    """Write every table, the schema version and a SHA-256 manifest to the ZIP file PATH."""
    result = backup.export_all(path, progress=_say)
    click.echo(f"Wrote {path}: {sum(result.rows.values())} rows in {len(result.rows)} tables, "
               f"schema {result.schema_version}.")


@click.command("import-all")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_all_command(path: Path) -> None:
    """Restore the archive PATH into this empty database, then rebuild the search index."""
    try:
        result = backup.import_all(path, progress=_say)
    except ServiceError as error:
        fail(error)
    click.echo(f"Restored {sum(result.rows.values())} rows in {len(result.rows)} tables; "
               f"indexed {result.indexed} documents.")


COMMANDS = [export_all_command, import_all_command]
