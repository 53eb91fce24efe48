"""Remember the last drain that could not write the index, for readiness and the admin page.

Every process drains (web workers after their own commits, the background worker, a catch-up
thread), so the record lives in the database, in one row. Writing it must never add a second
failure to the first: if the database is gone too, the log line is all there is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from insight.extensions import db
from insight.models import IndexFailure

log = logging.getLogger(__name__)
ROW_ID = 1


class Failure(NamedTuple):
    failed_at: datetime
    error: str


def record(error: BaseException) -> None:
    """Note that a drain failed now, with the kind of error (never its text: it may hold paths)."""
    values = {"failed_at": datetime.now(UTC), "error": type(error).__name__[:100]}
    try:
        with db.engine.begin() as connection:
            table = IndexFailure.__table__
            changed = connection.execute(
                update(table).where(table.c.id == ROW_ID).values(**values)).rowcount
            if not changed:
                connection.execute(insert(table).values(id=ROW_ID, **values))
    except SQLAlchemyError as problem:  # a concurrent first insert, or no database at all
        log.warning("Cannot record the failed index drain (%s)", type(problem).__name__)


@contextmanager
def recorded() -> Iterator[None]:
    """Record any error the block raises, then let it go on."""
    try:
        yield
    except Exception as error:
        record(error)
        raise


def last() -> Failure | None:
    with db.engine.connect() as connection:
        row = connection.execute(select(IndexFailure.failed_at, IndexFailure.error)
                                 .where(IndexFailure.id == ROW_ID)).first()
    if row is None:
        return None
    failed_at = row.failed_at if row.failed_at.tzinfo else row.failed_at.replace(tzinfo=UTC)
    return Failure(failed_at, row.error)


def since(oldest_waiting: datetime | None) -> Failure | None:
    """The last failure if it came after the oldest change still waiting in the outbox: then
    the index refused that change (or a later one) and still has not taken it."""
    if oldest_waiting is None:
        return None
    failure = last()
    if oldest_waiting.tzinfo is None:  # SQLite hands back naive UTC
        oldest_waiting = oldest_waiting.replace(tzinfo=UTC)
    return failure if failure is not None and failure.failed_at >= oldest_waiting else None
