"""A record of every bulk import: who loaded which file, when, and with what result."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insight.extensions import db
from insight.models.base import utcnow


class ImportRecord(db.Model):
    __tablename__ = "import_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str] = mapped_column(String(8))  # csv, xlsx, json
    on_existing: Mapped[str] = mapped_column(String(8), default="reject")  # reject | update
    rows: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)

    actor: Mapped[User | None] = relationship()  # noqa: F821

    kind = "import"

    def __repr__(self) -> str:
        return f"<ImportRecord {self.filename} {self.rows} rows>"
