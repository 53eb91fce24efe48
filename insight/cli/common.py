"""What every command does when a service refuses: roll back, say why in English, exit 1."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from insight.extensions import db
from insight.services.errors import InvalidInput, ServiceError


def fail(error: ServiceError | str) -> NoReturn:
    """Roll back the command's transaction, print the error (each problem on its line), exit 1."""
    db.session.rollback()
    if isinstance(error, InvalidInput):
        click.echo(f"Error: problems found: {len(error.problems)}; nothing was written.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem.english}", err=True)
    elif isinstance(error, ServiceError):
        click.echo(f"Error: {error.message.english}", err=True)
    else:
        click.echo(f"Error: {error}", err=True)
    sys.exit(1)
