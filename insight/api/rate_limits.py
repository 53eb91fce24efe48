"""Per-token rate limits on the API, counted in the same shared storage as the login limits.

- INSIGHT_API_RATE_LIMIT (API_RATE_LIMIT): requests per token, e.g. "600/minute" (the default)
  or "1000 per hour". Each token has its own bucket; anonymous calls (and calls with a bad
  token, which answer 401 anyway) count per client address (insight.security).
- Off with the other limits (INSIGHT_RATELIMIT_ENABLED=0); the documentation pages and assets
  are not counted.
- Over the limit: 429 problem+json with `Retry-After` (RFC 9110 §10.2.3).

Every counted answer, 2xx or error, carries the fields of the current IETF draft
"RateLimit header fields for HTTP", draft-ietf-httpapi-ratelimit-headers-10 (§4 RateLimit-Policy,
§5 RateLimit): Structured Field lists of named policies, e.g.

    RateLimit-Policy: "api";q=600;w=60
    RateLimit: "api";r=599;t=42

q is the quota, w the window in seconds, r what remains of it and t the seconds until the
window resets. (Earlier drafts' RateLimit-Limit/-Remaining/-Reset are not sent.)
"""

from __future__ import annotations

import logging
import math
import os
import time

from flask import Flask, Response, abort, current_app, g, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse

from insight.config import ConfigurationError
from insight.extensions import limiter
from insight.messages import msg

log = logging.getLogger(__name__)

POLICY = "api"
DEFAULT_LIMIT = "600/minute"
# The documentation, its assets and the OpenAPI document: pages for people, not calls.
UNCOUNTED_BLUEPRINTS = ("api_docs", "api-docs")


def rate_limit(app: Flask | None = None) -> RateLimitItem:
    config = (app or current_app).config
    return parse(config["API_RATE_LIMIT"])


def bucket() -> str:
    """The token's id, or the client address for a call without a usable token."""
    token = g.get("api_token")
    if token is not None:
        return f"token:{token.id}"
    return "ip:" + (get_remote_address() or "")


def _counted() -> bool:
    return (request.path.startswith("/api/") and limiter.enabled
            and request.blueprint not in UNCOUNTED_BLUEPRINTS)


def check_rate_limit() -> None:
    """before_request (after the token is read): count the call, refuse it past the limit."""
    if not _counted():
        return
    item = rate_limit()
    key = bucket()
    try:
        allowed = limiter.limiter.hit(item, POLICY, key)
        reset_time, remaining = limiter.limiter.get_window_stats(item, POLICY, key)
    except Exception:  # the shared storage is down: serve uncounted rather than fail every call
        log.exception("API rate limit storage unavailable; call not counted")
        return
    reset = max(0, math.ceil(reset_time - time.time()))
    g.api_rate = (item, remaining, reset)
    if not allowed:
        abort(429, description=msg(
            "Too many requests: the limit is %(limit)s per %(seconds)s seconds. "
            "Try again in %(wait)s seconds.",
            limit=item.amount, seconds=item.get_expiry(), wait=max(reset, 1)),
            retry_after=max(reset, 1))


def add_rate_limit_headers(response: Response) -> Response:
    """after_request: the draft-10 fields on every counted answer, errors included."""
    state = g.get("api_rate")
    if state is not None:
        item, remaining, reset = state
        response.headers["RateLimit-Policy"] = f'"{POLICY}";q={item.amount};w={item.get_expiry()}'
        response.headers["RateLimit"] = f'"{POLICY}";r={remaining};t={reset}'
    return response


RATE_LIMIT_HEADERS_DOC = {
    "RateLimit-Policy": {
        "description": 'The quota policy (draft-ietf-httpapi-ratelimit-headers-10), e.g. '
                       '"api";q=600;w=60: 600 requests a token per 60 seconds',
        "schema": {"type": "string"}},
    "RateLimit": {
        "description": 'What remains (r) of the quota and the seconds until it resets (t), '
                       'e.g. "api";r=599;t=42',
        "schema": {"type": "string"}},
}
RETRY_AFTER_DOC = {"Retry-After": {"description": "Seconds to wait before the next call",
                                   "schema": {"type": "integer"}}}


def init_app(app: Flask) -> None:
    """Read and check the limit at start-up (a typo must not mean 'no limit'), then count."""
    app.config.setdefault("API_RATE_LIMIT",
                          os.environ.get("INSIGHT_API_RATE_LIMIT", DEFAULT_LIMIT))
    try:
        rate_limit(app)
    except ValueError:
        raise ConfigurationError(
            f"INSIGHT_API_RATE_LIMIT={app.config['API_RATE_LIMIT']!r} is not a rate such as "
            "600/minute or '1000 per hour'.") from None
    app.before_request(check_rate_limit)
    app.after_request(add_rate_limit_headers)
