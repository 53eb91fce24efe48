"""Who is calling the API: only a bearer token counts, never a browser session."""

from __future__ import annotations

from flask import abort, g, request

from insight.extensions import db
from insight.models import User
from insight.services import tokens


def authenticate_request() -> None:
    """Before every API call: `Authorization: Bearer <token>` or anonymous."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return
    token = tokens.find_usable(header[7:].strip())
    if token is None:
        g.api_token_invalid = True
        return
    g.api_token = token
    db.session.commit()  # keep last_used_at even when the call itself only reads


def api_user() -> User | None:
    """The token's user, or None for an anonymous call. A bad token is refused, not ignored."""
    if g.get("api_token_invalid"):
        abort(401, description="The bearer token is unknown, expired or revoked.")
    token = g.get("api_token")
    return token.user if token is not None else None


def require_scope(scope: str) -> User:
    token = g.get("api_token")
    if token is None:
        abort(401, description="This call needs a bearer token.")
    if scope not in token.scope_list:
        abort(403, description=f"This call needs a token with the '{scope}' scope.")
    return token.user
