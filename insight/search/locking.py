"""The search index lock: one drain, rebuild or repair at a time across all processes.

A PostgreSQL advisory lock, or a file lock next to a SQLite database, held for the whole
read-database-then-write-index step (see `sync`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from insight.extensions import db

ADVISORY_LOCK_KEY = 0x1A51C7  # pg_advisory_lock key of the search index ("insight")
LOCK_FILE = "search-index.lock"
LONG_TIMEOUT = 600.0  # commands and admin actions may wait for a long drain to finish


class IndexBusy(TimeoutError):
    """Another process held the index lock for longer than we were willing to wait."""


@contextmanager
def index_lock(app: Flask | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the index lock of all processes sharing this index, or raise IndexBusy."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    timeout = app.config["SEARCH_LOCK_TIMEOUT"] if timeout is None else timeout
    if db.engine.dialect.name == "postgresql":
        with _advisory_lock(timeout):
            yield
    else:
        with _file_lock(Path(app.config["DATA_DIR"]) / LOCK_FILE, timeout):
            yield


def _wait(try_lock: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.005
    while not try_lock():
        if time.monotonic() >= deadline:
            raise IndexBusy(f"the search index was busy for more than {timeout:g} s")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


@contextmanager
def _advisory_lock(timeout: float) -> Iterator[None]:
    # A session-level lock on a connection of its own, in autocommit: one round trip each way.
    connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        _wait(lambda: bool(connection.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                              {"k": ADVISORY_LOCK_KEY}).scalar()), timeout)
        try:
            yield
        finally:
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
            except SQLAlchemyError:  # never return a connection that still holds the lock
                connection.invalidate()
                raise
    finally:
        connection.close()


@contextmanager
def _file_lock(path: Path, timeout: float) -> Iterator[None]:
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        def try_lock() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        _wait(try_lock, timeout)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
