"""Gunicorn settings for `make serve` (gunicorn -c python:insight.ops.gunicorn_conf wsgi:app).

Workers: INSIGHT_WORKERS, else 2 × cores + 1, at most 8 (sync workers; the app is CPU-bound and
every worker holds its own search reader). Bind: INSIGHT_BIND (default 127.0.0.1:8000); put
a TLS-terminating reverse proxy in front. Gunicorn's own lines use the app's log format.
"""

from __future__ import annotations

import os

MAX_DEFAULT_WORKERS = 8


def default_workers(cores: int | None = None) -> int:
    cores = cores or os.cpu_count() or 1
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("INSIGHT_BIND", "127.0.0.1:8000")
workers = _int("INSIGHT_WORKERS", default_workers())
timeout = _int("INSIGHT_WORKER_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# A worker that has served this many requests is replaced: bounds slow leaks.
max_requests = _int("INSIGHT_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# The app logs one access line per request itself, with the request id and duration.
accesslog = None
control_socket_disable = True  # also passed as --no-control-socket by `make serve`

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "insight": {"()": "insight.ops.logs.InsightHandler"},
    },
    "root": {"level": os.environ.get("INSIGHT_LOG_LEVEL", "INFO").upper(),
             "handlers": ["insight"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        # The app's own access line carries the request id; gunicorn's would repeat it.
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
        "alembic.runtime.plugins": {"level": "WARNING"},  # noise on every worker start
    },
}
