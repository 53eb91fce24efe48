"""The search outbox: which objects changed, written in the same transaction as the change.

After commit the outbox is drained into the search index; a failed drain leaves the rows for
the next one, so the index catches up and the user's request never fails because of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from insight.extensions import db
from insight.models.base import utcnow


class SearchOutbox(db.Model):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "observation", "insight", "persona", "journey" or "answer", and that object's ref.
    object_type: Mapped[str] = mapped_column(String(32))
    object_ref: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchOutbox {self.object_type}:{self.object_ref}>"


class IndexFailure(db.Model):
    """The last time a drain could not write the index, shared by every process (one row).

    Readiness compares it with the oldest waiting outbox row: a failure after that change was
    made means the index refuses writes now, without waiting for the backlog to grow old. A
    later successful drain removes those rows, so nothing needs clearing."""

    __tablename__ = "search_index_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    error: Mapped[str] = mapped_column(String(100))
