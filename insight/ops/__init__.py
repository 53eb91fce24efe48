"""Running Innsikt in production: request ids and logs, security headers, health checks,
and answering a database outage with 503 until it heals. `configure_ops(app)` wires them all."""

from __future__ import annotations

from flask import Flask


def configure_ops(app: Flask) -> None:
    from insight.ops import headers, health, logs, outage, requests

    logs.configure_logging(app)
    requests.init_app(app)
    headers.init_app(app)
    outage.init_app(app)
    health.init_app(app)
