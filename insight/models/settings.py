"""Site settings an administrator edits: which municipality and competition this is."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from insight.extensions import db
from insight.models.base import TimestampMixin


class SiteSettings(TimestampMixin, db.Model):
    """A single row (id 1); empty fields fall back to neutral wording on the pages."""

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality: Mapped[str] = mapped_column(String(200), default="")
    competition_title: Mapped[str] = mapped_column(String(300), default="")
    competition_summary: Mapped[str] = mapped_column(Text, default="")
    dialogue_opens: Mapped[date | None] = mapped_column(Date)
    questions_close: Mapped[date | None] = mapped_column(Date)
    announcement: Mapped[date | None] = mapped_column(Date)  # when the competition is announced
    contact: Mapped[str] = mapped_column(String(300), default="")
    # Set while the material is frozen (read-only after the announcement); None while open.
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None
