"""Bookkeeping tables of the write path: ref counters and who changed a version under review."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from insight.extensions import db


class RefCounter(db.Model):
    """The last number handed out for a ref prefix (OBS, INS, PER, JRN). The row is updated
    with `last = last + 1` in one statement, so concurrent writers queue on its row lock."""

    __tablename__ = "ref_counter"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class ContentEditor(db.Model):
    """Someone who wrote or changed the current version of an item (since it was last
    published). The four-eyes rule refuses publishing by any of them."""

    __tablename__ = "content_editor"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "user_id",
                                       name="uq_content_editor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int] = mapped_column(Integer, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))


def insert_ignoring_duplicates(model: Any, values: dict[str, Any]) -> None:
    """INSERT … ON CONFLICT DO NOTHING, on PostgreSQL and SQLite alike: two requests adding the
    same row at once both succeed instead of one failing on the unique key."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(dialect.insert(model).values(**values).on_conflict_do_nothing())
