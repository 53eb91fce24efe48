"""Health checks for load balancers and monitoring, as JSON.

/healthz: the process answers (no database, no index): restart it if this fails.
/readyz: the database answers, its schema is at the migrations' head, and the search index is
reachable and in step with the database or draining towards it (the outbox age says how far
behind it is): send traffic only while this answers 200; 503 names the failing check.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from functools import cache
from typing import Any

from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import func, select, text

from insight.extensions import csrf, db, limiter

log = logging.getLogger(__name__)
bp = Blueprint("ops", __name__)


@cache
def migration_heads(directory: str) -> frozenset[str]:
    return frozenset(ScriptDirectory(directory).get_heads())


def _failure(error: Exception) -> dict[str, Any]:
    # Only the kind of error: a readiness probe is public and must not leak addresses.
    return {"ok": False, "error": type(error).__name__}


def check_database() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        db.engine.dispose()  # the next request starts on fresh connections
        return _failure(error)
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_migrations() -> dict[str, Any]:
    try:
        heads = migration_heads(current_app.extensions["migrate"].directory)
        with db.engine.connect() as connection:
            current = frozenset(connection.execute(
                text("SELECT version_num FROM alembic_version")).scalars())
    except Exception as error:
        return _failure(error)
    return {"ok": current == heads, "current": sorted(current), "head": sorted(heads)}


def _age_seconds(oldest: datetime | None) -> float | None:
    if oldest is None:
        return None
    if oldest.tzinfo is None:  # SQLite hands back naive UTC
        oldest = oldest.replace(tzinfo=UTC)
    return round(max(0.0, (datetime.now(UTC) - oldest).total_seconds()), 1)


def index_document_count(backend: Any) -> int:
    """Documents in the index, cheaply: the backend's own count where it has one (Whoosh's
    table of contents, a COUNT on the PostgreSQL index table); listing every version costs
    ~0.6 s at 10k documents, too much for a probe."""
    if callable(getattr(backend, "count", None)):
        return backend.count()
    if getattr(backend, "ix", None) is not None:  # Whoosh
        return backend.ix.doc_count()
    if getattr(backend, "engine", None) is not None:  # the PostgreSQL backend
        from insight.models.search import SearchDocument

        with backend.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(SearchDocument)) or 0
    return len(backend.versions())


def check_search() -> dict[str, Any]:
    """Document counts of the database and the index, and the outbox backlog.

    Counts, not the full per-document comparison of `flask search check`: a probe must stay
    cheap. Equal counts with an empty outbox is in sync; a backlog younger than
    READY_MAX_OUTBOX_AGE is draining, unless a drain failed since its oldest change was made
    (failing); an older backlog is stuck; different counts are drift.
    """
    from insight.search import failures, sync

    try:
        expected = sync.count_documents()
        waiting, oldest = sync.outbox_backlog()
        failure = failures.since(oldest) if waiting else None
        indexed = index_document_count(sync.get_backend())
    except Exception as error:
        log.warning("Readiness: search index unreachable (%s)", type(error).__name__)
        return {**_failure(error), "state": "unreachable"}
    age = _age_seconds(oldest)
    details: dict[str, Any] = {}
    if waiting:
        too_old = age is not None and age > current_app.config["READY_MAX_OUTBOX_AGE"]
        state = "stuck" if too_old else "draining"
        # A drain failed after the oldest waiting change was made: the index refuses writes.
        if failure is not None:
            state = "failing"
            details = {"last_failure": failure.error,
                       "last_failure_at": failure.failed_at.isoformat(timespec="seconds")}
    else:
        state = "in_sync" if indexed == expected else "drift"
    return {"ok": state in ("in_sync", "draining"), "state": state,
            "backend": current_app.config["SEARCH_BACKEND"], "documents": expected,
            "indexed": indexed, "outbox": waiting, "outbox_age_seconds": age, **details}


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "alive"})


@bp.get("/readyz")
def readyz():
    checks: dict[str, dict[str, Any]] = {"database": check_database()}
    if checks["database"]["ok"]:
        checks["migrations"] = check_migrations()
        checks["search"] = check_search()
    ready = all(check["ok"] for check in checks.values())
    body = {"status": "ready" if ready else "not_ready", "checks": checks}
    response = jsonify(body)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    if not ready:
        response.headers["Retry-After"] = str(current_app.config.get("RETRY_AFTER_SECONDS", 30))
    return response


def init_app(app: Flask) -> None:
    csrf.exempt(bp)
    limiter.exempt(bp)
    app.register_blueprint(bp)
