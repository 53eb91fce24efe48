"""`flask` commands. Each command owns its transaction: it commits once at the end."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from insight.extensions import db
from insight.models import ROLES
from insight.services import accounts, demo, importing, tokens, vocabulary
from insight.services.errors import InvalidInput, ServiceError


def _fail(error: ServiceError) -> None:
    db.session.rollback()
    if isinstance(error, InvalidInput):
        click.echo(f"Error: {len(error.problems)} problem(s); nothing was written.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
    else:
        click.echo(f"Error: {error.message}", err=True)
    sys.exit(1)


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The account's role.")
@click.option("--password", required=True, help="At least 10 characters.")
@click.option("--name", default="", help="Display name.")
@click.option("--organisation", default=None, help="Organisation name (created if new).")
@with_appcontext
def create_user_command(email: str, role: str, password: str, name: str,
                        organisation: str | None) -> None:
    """Create an active, approved user."""
    try:
        vocabulary.ensure_default_vocabularies()
        user = accounts.create_user(email, password, role, name, organisation)
        db.session.commit()
    except ServiceError as error:
        _fail(error)
    click.echo(f"Created {user.role} {user.email}.")


@click.command("create-token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for, e.g. 'BI export'.")
@click.option("--scopes", default="read", show_default=True, help="Comma-separated: read,write.")
@click.option("--expires-in-days", type=click.IntRange(min=1), default=None,
              help="Days until the token expires (default: never).")
@with_appcontext
def create_token_command(email: str, name: str, scopes: str, expires_in_days: int | None) -> None:
    """Create an API token; the raw token is printed alone on the last line."""
    user = accounts.find_by_email(email)
    if user is None:
        click.echo(f"Error: no user with e-mail {email}.", err=True)
        sys.exit(1)
    try:
        token, raw = tokens.create_token(user, name, scopes, expires_in_days)
        db.session.commit()
    except ServiceError as error:
        _fail(error)
    click.echo(f"Token '{token.name}' for {user.email} (scopes: {token.scopes}). "
               "Store it now; it cannot be shown again:")
    click.echo(raw)


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
        click.echo(f"Error: no user with e-mail {as_email}.", err=True)
        sys.exit(1)
    on_existing = "update" if update_existing else "reject"
    passes = 1 if dry_run else 2  # check, then write
    with click.progressbar(length=_count_rows(path) * passes, label="Importing",
                           file=sys.stderr) as bar:
        try:
            if dry_run:
                preview = importing.check_file(path, on_existing=on_existing, progress=bar.update)
                if not preview.ok:
                    raise InvalidInput(problems=preview.problems)
            else:
                result = importing.import_file(path, actor, publish=publish,
                                               on_existing=on_existing, progress=bar.update)
                db.session.commit()
        except ServiceError as error:
            bar.finish()
            _fail(error)
    if dry_run:
        click.echo(f"{preview.rows} rows are fine: {preview.to_create} new, "
                   f"{preview.to_update} to update. Nothing was written (--dry-run).")
        return
    state = "published" if publish else "as drafts"
    click.echo(f"Imported {result.rows} rows from {result.filename} ({state}): "
               f"{result.created} new, {result.updated} updated.")


def _count_rows(path: str) -> int:
    """A cheap estimate for the progress bar: lines of a text file, rows of a workbook."""
    if path.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        rows = max(0, (workbook.worksheets[0].max_row or 1) - 1)
        workbook.close()
        return rows
    with open(path, "rb") as stream:
        blocks = iter(lambda: stream.read(1 << 20), b"")
        return max(0, sum(block.count(b"\n") for block in blocks) - 1)


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


def register_commands(app: Flask) -> None:
    from insight.search_cli import search_cli

    for command in (create_user_command, create_token_command, import_command, seed_demo_command):
        app.cli.add_command(command)
    app.cli.add_command(search_cli)
