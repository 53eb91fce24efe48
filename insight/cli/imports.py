"""`flask imports cleanup`: delete uploaded files that nobody imported."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from insight.services import upload_jobs

imports_cli = AppGroup("imports", help="Look after files uploaded for import.")


@imports_cli.command("cleanup")
@click.option("--older-than", type=click.IntRange(min=0), default=upload_jobs.ABANDONED_AFTER,
              show_default=True, help="Seconds an upload may wait for its import.")
def cleanup_command(older_than: int) -> None:
    """Delete uploads whose import was abandoned (a running import's file stays)."""
    removed = upload_jobs.remove_abandoned(older_than)
    click.echo(f"Deleted {removed} abandoned upload(s).")


COMMANDS = (imports_cli,)
