"""`flask create-user` and `flask create-token`: accounts and API tokens for operators."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from insight.cli.common import fail
from insight.extensions import db
from insight.models import ROLES
from insight.services import accounts, tokens, vocabulary
from insight.services.errors import ServiceError


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
        fail(error)
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
        fail(f"no user with e-mail {email}.")
    try:
        token, raw = tokens.create_token(user, name, scopes, expires_in_days)
        db.session.commit()
    except ServiceError as error:
        fail(error)
    click.echo(f"Token '{token.name}' for {user.email} (scopes: {token.scopes}). "
               "Store it now; it cannot be shown again:")
    click.echo(raw)


COMMANDS = (create_user_command, create_token_command)
