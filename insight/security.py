"""Who is calling and what we refuse at the door: the client address behind a configured number
of reverse proxies, shared rate-limit storage with Retry-After, NUL bytes in any input, and
JSON bodies that nest too deeply or hold lone surrogates (text no database can store).

Settings (environment, overridable in the app config for tests):
- INSIGHT_PROXY_COUNT (PROXY_COUNT): reverse proxies in front of the app; their
  X-Forwarded-For/-Proto are trusted that many hops deep. 0 (the default) trusts none, so a
  client cannot pick its own address for the rate limits.
- INSIGHT_RATELIMIT_STORAGE_URI (RATELIMIT_STORAGE_URI): memory:// counts per worker process;
  with several workers use redis://host:6379 so every worker shares one count.
- INSIGHT_LOGIN_ACCOUNT_RATE_LIMIT, INSIGHT_REGISTER_RATE_LIMIT: see insight.auth.throttling.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

from insight.messages import msg
from insight.services.errors import InvalidInput, Problem

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
    app.before_request(refuse_hostile_json)


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


# No API body nests anywhere near this deep (a journey step's evidence list is depth 2).
MAX_JSON_DEPTH = 32
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def refuse_hostile_json() -> None:
    """Parse a JSON body once before any view: nesting past MAX_JSON_DEPTH (or past Python's
    recursion limit, which would otherwise surface as a 500) is a 400, and a string holding a
    lone surrogate such as "\\ud800" (valid JSON, but not Unicode text that UTF-8 or the
    database can hold) is a 422 naming the field. Malformed JSON is left to the view's parser,
    which answers 400 itself."""
    if request.method not in BODY_METHODS or not request.is_json:
        return
    data = request.get_data(cache=True)
    if not data.strip():
        return
    try:
        value = json.loads(data)
    except RecursionError:
        value = _TOO_DEEP
    except ValueError:  # not JSON, not UTF-8: the parser's own 400
        return
    if value is _TOO_DEEP or _depth(value) > MAX_JSON_DEPTH:
        abort(400, description=msg("The JSON body nests more than %(limit)s levels deep.",
                                   limit=MAX_JSON_DEPTH))
    bad = lone_surrogate_fields(value)
    if bad:
        raise InvalidInput(problems=[Problem(
            field, msg("contains a lone surrogate (an escape such as \\ud800 that is not a "
                       "character): send valid Unicode text")) for field in bad[:20]])


_TOO_DEEP = object()


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else \
            item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def has_lone_surrogate(text: str) -> bool:
    """Whether `text` holds a code point in U+D800–U+DFFF (never valid on its own)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def lone_surrogate_fields(value: Any) -> list[str]:
    """Dotted paths (list items by index) of every key or string with a lone surrogate, in
    document order; iterative, so any depth the JSON parser accepted is safe to walk."""
    found: list[str] = []
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                found.append(path or "body")
            continue
        children: list[tuple[str, Any]] = []
        if isinstance(item, dict):
            for key, child in item.items():
                name = f"{path}.{key}" if path else str(key)
                if has_lone_surrogate(str(key)):
                    found.append(name.encode("utf-8", "backslashreplace").decode())
                else:
                    children.append((name, child))
        elif isinstance(item, list):
            children = [(f"{path}.{i}" if path else str(i), child)
                        for i, child in enumerate(item)]
        stack.extend(reversed(children))
    return found
