"""Who is calling the API: only a bearer token counts, never a browser session."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, abort, g, request
from werkzeug.datastructures import WWWAuthenticate

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import User
from insight.services import tokens

REALM = "Innsikt API"


def challenge(error: str | None = None) -> WWWAuthenticate:
    """RFC 6750 §3: `Bearer realm="Innsikt API"`, with error="invalid_token" for a bad one."""
    parameters = {"realm": REALM}
    if error:
        parameters["error"] = error
    return WWWAuthenticate("Bearer", parameters)


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
    if db.session.dirty:  # last_used_at moved (once a minute): keep it even when the call only
        db.session.commit()  # reads; a commit on every call would reload token and user


def api_user() -> User | None:
    """The token's user, or None for an anonymous call. A bad token is refused, not ignored."""
    if g.get("api_token_invalid"):
        abort(401, description=msg("The bearer token is unknown, expired or revoked."),
              www_authenticate=challenge("invalid_token"))
    token = g.get("api_token")
    return token.user if token is not None else None


def add_challenge(response: Response) -> Response:
    """after_request: every 401 of the API says how to authenticate, whoever raised it."""
    if response.status_code == 401 and "WWW-Authenticate" not in response.headers:
        response.headers["WWW-Authenticate"] = challenge().to_header()
    return response


def require_scope(scope: str) -> User:
    token = g.get("api_token")
    if token is None:
        abort(401, description=msg("This call needs a bearer token."),
              www_authenticate=challenge())
    if scope not in token.scope_list:
        abort(403, description=msg("This call needs a token with the '%(scope)s' scope.",
                                   scope=scope))
    return token.user


def require_permission(user: User, permission: str) -> User:
    if not permissions.can(user, permission):
        abort(403, description=msg("Your account's role does not allow this call."))
    return user


def token_required(scope: str, permission: str | None = None) -> Callable:
    """Decorator: a bearer token with `scope` (and a role with `permission`) before anything
    else, so an anonymous caller hears 401 even when the body is also wrong."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = require_scope(scope)
            if permission is not None:
                require_permission(user, permission)
            return view(*args, **kwargs)

        # read by the access matrix (tests/test_access.py), beside permission_required's
        wrapped.required_scope = scope
        wrapped.required_permission = permission
        return wrapped

    return decorator
