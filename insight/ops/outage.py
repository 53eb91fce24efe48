"""A database that cannot be reached answers 503 with Retry-After, and heals by itself.

The connection pool is thrown away on such an error, so the first request after the database
is back opens fresh connections instead of failing on dead ones (pool_pre_ping, set in
insight.config, covers connections that died while idle).
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from insight.extensions import db, login_manager

log = logging.getLogger(__name__)

MESSAGE = _l("The database cannot be reached just now. Please try again in a little while.")


def is_outage(error: BaseException) -> bool:
    """Connection trouble (refused, dropped, file gone), not a bad statement."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


def _reset_database() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; nothing is left to roll back
        log.debug("rollback after a database error failed", exc_info=True)
    try:
        db.session.remove()
        db.engine.dispose()
    except Exception:
        log.debug("could not dispose of the connection pool", exc_info=True)


def database_unavailable(error: DBAPIError):
    from insight.errors import error_body, human_title, wants_json

    if not is_outage(error):
        raise error  # a real bug: the 500 handler logs it
    log.error("Database unavailable: %s", type(error.orig or error).__name__)
    _reset_database()
    # The page must not reach for the database again: render it for an anonymous visitor.
    g._login_user = login_manager.anonymous_user()
    headers = {"Retry-After": str(current_app.config.get("RETRY_AFTER_SECONDS", 30)),
               "Cache-Control": "no-store"}
    if wants_json():
        return jsonify(error_body(503, "service_unavailable", str(MESSAGE))), 503, headers
    page = render_template("errors/error.html", status=503, title=human_title(503),
                           message=str(MESSAGE))
    return page, 503, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(DBAPIError, database_unavailable)
