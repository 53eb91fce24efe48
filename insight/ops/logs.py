"""Log lines that carry the request id, as text or (INSIGHT_LOG_FORMAT=json) one JSON object a line.

Gunicorn's own logger and the app share one handler class, so every line of a server looks the
same; see insight/ops/gunicorn_conf.py.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime

from flask import Flask, g, has_request_context

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
# Attributes every LogRecord has; anything else was passed with `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime",
                                                                         "request_id"}


def current_request_id() -> str:
    if has_request_context():
        return getattr(g, "request_id", "-")
    return "-"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        body = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        body.update({k: v for k, v in vars(record).items()
                     if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            body["exception"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False, default=str)


def make_formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


class InsightHandler(logging.StreamHandler):
    """Standard error, the request-id filter, and the format INSIGHT_LOG_FORMAT asks for."""

    def __init__(self, log_format: str | None = None) -> None:
        super().__init__()
        chosen = (log_format or os.environ.get("INSIGHT_LOG_FORMAT", "text")).strip().lower()
        self.setFormatter(make_formatter(chosen))
        self.addFilter(RequestIdFilter())

    # Whatever sys.stderr is at the moment of writing (like logging.lastResort), so a replaced
    # or captured stream is never written to after it was closed.
    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(app: Flask) -> None:
    """Give the root logger one InsightHandler (once a process); tests keep pytest's capture."""
    if app.testing:
        return
    root = logging.getLogger()
    if not any(isinstance(h, InsightHandler) for h in root.handlers):
        root.addHandler(InsightHandler(app.config.get("LOG_FORMAT")))
        root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
