"""A search a user keeps under a name: its query and filters, and when its results were seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from insight.extensions import db
from insight.models.base import utcnow


class SavedSearch(db.Model):
    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The search page's query string as data: {"q": "...", "sort": "...", "theme": [...], ...}
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the owner last opened its result page: later hits are marked as new.
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    kind = "saved_search"  # audit events name it by kind and id

    def __repr__(self) -> str:
        return f"<SavedSearch {self.id} {self.name!r}>"
