"""How Flask-Login finds the user of a page: the session cookie (the API uses tokens)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from insight.extensions import db, login_manager
from insight.models import User


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user while the session is current: the id carries the account's session
    token, which logout and a password change replace (older cookies then load nobody)."""
    user_id, _, token = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() and token else None
    if user is None or not user.is_active or not user.has_session_token(token):
        return None
    return user
