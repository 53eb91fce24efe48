"""`flask import` (observations from a file) and `flask seed-demo` (demo accounts and content)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from insight.cli.common import fail
from insight.extensions import db
from insight.services import accounts, demo, importing, vocabulary
from insight.services.errors import InvalidInput, ServiceError
from insight.services.import_formats import count_rows


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--publish", is_flag=True, help="Publish at once (administrators; audited).")
@click.option("--as", "as_email", default=None,
              help="E-mail of the user the import is recorded for; with --publish this must be "
                   "an administrator. Without it the import is recorded as the command line's.")
@click.option("--update-existing", is_flag=True,
              help="Update observations whose ref exists (default: reject the file).")
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@with_appcontext
def import_command(path: str, publish: bool, as_email: str | None, update_existing: bool,
                   dry_run: bool) -> None:
    """Import observations from a CSV, XLSX or JSON file; one bad row and nothing is written."""
    vocabulary.ensure_default_vocabularies()
    actor = accounts.find_by_email(as_email) if as_email else None
    if as_email and actor is None:
        fail(f"no user with e-mail {as_email}.")
    on_existing = "update" if update_existing else "reject"
    passes = 1 if dry_run else 2  # check, then write
    try:
        total = count_rows(path)
        with click.progressbar(length=total * passes, label="Importing", file=sys.stderr) as bar:
            if dry_run:
                preview = importing.check_file(path, on_existing=on_existing,
                                               progress=bar.update)
                if not preview.ok:
                    raise InvalidInput(problems=preview.problems)
            else:
                result = importing.import_file(path, actor, publish=publish,
                                               on_existing=on_existing, progress=bar.update)
                db.session.commit()
    except ServiceError as error:
        fail(error)
    if dry_run:
        click.echo(f"{preview.rows} rows are fine: {preview.to_create} new, "
                   f"{preview.to_update} to update. Nothing was written (--dry-run).")
        return
    state = "published" if publish else "as drafts"
    click.echo(f"Imported {result.rows} rows from {result.filename} ({state}): "
               f"{result.created} new, {result.updated} updated.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load demo accounts and content, unless content already exists."""
    counts = demo.seed_demo()
    db.session.commit()
    if not counts:
        click.echo("Content already exists; demo data not loaded.")
        return
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    click.echo(f"Loaded demo data: {summary}.")
    click.echo(f"Demo accounts (password '{demo.DEMO_PASSWORD}'): "
               + ", ".join(email for email, *_ in demo.DEMO_ACCOUNTS))


COMMANDS = (import_command, seed_demo_command)
