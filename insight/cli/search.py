"""`flask search rebuild | check | sync`: the search index as an operational object.

The database is the truth; these commands bring the index back in line with it through the
audited services the administrator's Sync and Rebuild buttons use. Each command owns its
transaction (the audit event) and commits once at its end.
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from insight.cli.common import fail
from insight.extensions import db
from insight.search import sync
from insight.services import search as search_service
from insight.services.errors import ServiceError

search_cli = AppGroup("search", help="Keep the search index in step with the database.")

SHOWN = 20  # document ids listed per kind of drift


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Index every document from the database and remove orphans."""
    total = sync.count_documents()
    try:
        with click.progressbar(length=total, label="Indexing", show_pos=True,
                               file=sys.stderr) as bar:
            result = search_service.rebuild(None, progress=bar.update)
        db.session.commit()
    except ServiceError as error:
        fail(error)
    click.echo(f"Indexed {result.indexed} documents; removed {result.removed} orphaned.")


def _report(drift: sync.Drift) -> None:
    db_total, ix_total = sum(drift.database.values()), sum(drift.index.values())
    click.echo(f"Database: {db_total} documents; index: {ix_total}.")
    for kind in drift.database:
        click.echo(f"  {kind:12} {drift.database[kind]:>7} {drift.index.get(kind, 0):>7}")
    for name, ids in (("Missing", drift.missing), ("Stale", drift.stale),
                      ("Orphaned", drift.orphaned)):
        more = f" … and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
        click.echo(f"{name}: {len(ids)}" + (f" ({', '.join(ids[:SHOWN])}{more})" if ids else ""))
    since = f", oldest from {drift.oldest_change:%Y-%m-%d %H:%M}" if drift.oldest_change else ""
    click.echo(f"Outbox: {drift.outbox} change(s) waiting{since}.")


def _fix(drift: sync.Drift) -> sync.Drift:
    """Drain the outbox first (cheap); then repair just the documents that still differ."""
    indexed = removed = 0
    if drift.outbox:
        result = search_service.synchronise(None)
        indexed, removed = result.indexed, result.removed
        drift = search_service.index_status()
    if not drift.in_sync:
        result = search_service.repair(None)
        indexed, removed = indexed + result.indexed, removed + result.removed
        drift = search_service.index_status()
    db.session.commit()
    click.echo(f"Fixed: indexed {indexed}, removed {removed}.")
    return drift


@search_cli.command("check")
@click.option("--fix", is_flag=True,
              help="Bring the index in step: drain the outbox, and rebuild if it still differs.")
def check_command(fix: bool) -> None:
    """Report missing, stale and orphaned documents; exits 1 while the index has drifted."""
    try:
        drift = search_service.index_status()
        _report(drift)
        if fix and not drift.in_sync:
            drift = _fix(drift)
    except sync.IndexBusy as error:
        fail(f"The search index is busy: {error}. Try again later.")
    except ServiceError as error:
        fail(error)
    if drift.in_sync:
        click.echo("The index is in step with the database.")
    else:
        click.echo("The index has drifted: run `flask search check --fix` or "
                   "`flask search rebuild`.")
        sys.exit(1)


@search_cli.command("sync")
def sync_command() -> None:
    """Write the changes waiting in the outbox to the index."""
    try:
        result = search_service.synchronise(None)
        db.session.commit()
    except ServiceError as error:  # the outbox keeps the changes for the next try
        fail(f"{error.message.english} The changes stay in the outbox.")
    waiting, _ = sync.outbox_backlog()
    click.echo(f"Indexed {result.indexed}, removed {result.removed}; {waiting} waiting.")
    if result.failed:
        click.echo(f"Could not index: {', '.join(result.failed)}", err=True)
        sys.exit(1)


COMMANDS = (search_cli,)
