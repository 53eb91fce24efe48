"""`flask tokens list` and `flask tokens revoke`: API tokens for operators (making one stays
`flask create-token`). Revoking here is audited with no account as the actor."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from insight.cli.common import fail
from insight.extensions import db
from insight.services import accounts, tokens
from insight.services.errors import ServiceError

tokens_group = AppGroup("tokens", help="List and revoke API tokens.")


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


@tokens_group.command("list")
@click.option("--email", default=None, help="Only this account's tokens.")
def list_command(email: str | None) -> None:
    """Every token (newest first): id, owner, name, scopes, state, created, expires, last used."""
    if email and accounts.find_by_email(email) is None:
        fail(f"no user with e-mail {email}.")
    found = tokens.all_tokens(email)
    if not found:
        click.echo("No tokens.")
        return
    click.echo("\t".join(("id", "owner", "name", "scopes", "state", "created", "expires",
                          "last used")))
    for token in found:
        click.echo("\t".join((str(token.id), token.user.email, token.name, token.scopes,
                              tokens.state(token), _when(token.created_at),
                              _when(token.expires_at), _when(token.last_used_at))))


@tokens_group.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke token TOKEN_ID (see `flask tokens list`); its next API call answers 401."""
    try:
        token = tokens.get_token(token_id)
        tokens.revoke(token, None)
        db.session.commit()
    except ServiceError as error:
        fail(error)
    click.echo(f"Revoked token {token.id} '{token.name}' of {token.user.email}.")


COMMANDS = (tokens_group,)
