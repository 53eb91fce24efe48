"""Request ids: take a sane X-Request-ID from the proxy or make one, echo it on the response,
and write one access log line per request (with its duration) that carries it."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

HEADER = "X-Request-ID"
# Only ids that are safe to echo into headers and logs; anything else is replaced.
_VALID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
QUIET_PATHS = ("/healthz", "/readyz", "/static/")

access_log = logging.getLogger("insight.access")


def _assign() -> None:
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if _VALID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


# A feed address holds its owner's secret: logs show /feeds/…/ instead.
SECRET_IN_PATH = re.compile(r"^/feeds/[^/]+/")


def logged_path(path: str) -> str:
    return SECRET_IN_PATH.sub("/feeds/…/", path)


def _finish(response: Response) -> Response:
    request_id = getattr(g, "request_id", None)
    if request_id is None:  # a response made before our before_request ran
        _assign()
        request_id = g.request_id
    response.headers[HEADER] = request_id
    elapsed = (time.perf_counter() - g.request_started) * 1000
    # Probes and static files would drown the log at INFO; they are there at DEBUG.
    level = logging.DEBUG if request.path.startswith(QUIET_PATHS) else logging.INFO
    if access_log.isEnabledFor(level):
        path = logged_path(request.path)
        access_log.log(level, "%s %s %s %.1f ms", request.method, path,
                       response.status_code, elapsed,
                       extra={"method": request.method, "path": path,
                              "status": response.status_code,
                              "duration_ms": round(elapsed, 1)})
    return response


def init_app(app: Flask) -> None:
    # First in line, so that every other before_request and every error is inside the id.
    app.before_request_funcs.setdefault(None, []).insert(0, _assign)
    app.after_request(_finish)
