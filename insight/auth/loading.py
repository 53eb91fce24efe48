"""How Flask-Login finds the user: the session cookie for pages, a bearer token for the API."""

from __future__ import annotations

from flask import Flask, g
from flask_babel import lazy_gettext as _l

from insight.extensions import db, login_manager
from insight.models import User
from insight.services import tokens


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


@login_manager.request_loader
def load_user_from_token(req) -> User | None:  # noqa: ANN001
    """API calls authenticate with `Authorization: Bearer <token>`; pages never do."""
    header = req.headers.get("Authorization", "")
    if not req.path.startswith("/api/") or not header.lower().startswith("bearer "):
        return None
    token = tokens.find_usable(header[7:].strip())
    if token is None:
        g.api_token_invalid = True
        return None
    g.api_token = token
    db.session.commit()  # keep last_used_at even when the request itself only reads
    return token.user


def current_token_scopes() -> list[str]:
    token = g.get("api_token")
    return token.scope_list if token is not None else []

