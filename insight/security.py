"""Who is calling and what we refuse at the door: the client address behind a configured number
of reverse proxies, shared rate-limit storage with Retry-After, and NUL bytes in any input.

Settings (environment, overridable in the app config for tests):
- INSIGHT_PROXY_COUNT (PROXY_COUNT): reverse proxies in front of the app; their
  X-Forwarded-For/-Proto are trusted that many hops deep. 0 (the default) trusts none, so a
  client cannot pick its own address for the rate limits.
- INSIGHT_RATELIMIT_STORAGE_URI (RATELIMIT_STORAGE_URI): memory:// counts per worker process;
  with several workers use redis://host:6379 so every worker shares one count.
- INSIGHT_LOGIN_ACCOUNT_RATE_LIMIT, INSIGHT_REGISTER_RATE_LIMIT: see insight.auth.throttling.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

from insight.messages import msg

log = logging.getLogger(__name__)

DEFAULTS = {
    # name in app.config: (environment variable, default)
    "PROXY_COUNT": ("INSIGHT_PROXY_COUNT", "0"),
    "LOGIN_RATE_LIMIT": ("INSIGHT_LOGIN_RATE_LIMIT", "10 per minute"),
    "LOGIN_ACCOUNT_RATE_LIMIT": ("INSIGHT_LOGIN_ACCOUNT_RATE_LIMIT", "5 per minute"),
    "REGISTER_RATE_LIMIT": ("INSIGHT_REGISTER_RATE_LIMIT", "5 per hour"),
    "RATELIMIT_STORAGE_URI": ("INSIGHT_RATELIMIT_STORAGE_URI", "memory://"),
}


def settings(app: Flask) -> None:
    """Fill the settings this module owns from the environment unless the config has them."""
    for name, (variable, default) in DEFAULTS.items():
        app.config.setdefault(name, os.environ.get(variable, default))
    app.config["PROXY_COUNT"] = int(app.config["PROXY_COUNT"])
    if app.config["PROXY_COUNT"] < 0:
        raise RuntimeError("INSIGHT_PROXY_COUNT must be 0 or more.")
    # 429 answers say when to try again (Retry-After) and how much is left.
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)


def init_app(app: Flask) -> None:
    """Call before the rate limiter and the blueprints are set up (it reads these settings,
    and the NUL check must run before any other before_request touches the database)."""
    settings(app)
    proxies = app.config["PROXY_COUNT"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    if app.config.get("ENV_NAME") == "production" and \
            str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        log.warning("Rate limits are counted per worker process (memory://); set "
                    "INSIGHT_RATELIMIT_STORAGE_URI=redis://... so all workers share one count.")
    app.before_request(refuse_nul_bytes)


def _has_nul(values: Any) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def refuse_nul_bytes() -> None:
    """A NUL byte is never valid input here, and PostgreSQL refuses it in text with an error
    that would otherwise surface as a 500: answer 400 before any view sees it."""
    if "\x00" in request.path or _has_nul(request.args) \
            or "\x00" in request.headers.get("Authorization", ""):
        abort(400, description=msg("The request contains a NUL character."))
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") \
            and _has_nul(request.form):
        abort(400, description=msg("The request contains a NUL character."))
