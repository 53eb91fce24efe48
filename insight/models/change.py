"""The public change log: one row each time something became visible, changed or went away.

Rows hold no content, only what happened to which item and for whom it was visible, so a
withdrawn item leaves a tombstone without its text. The id is the cursor of the change feed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from insight.extensions import db
from insight.models.base import utcnow

CHANGE_ACTIONS = ("published", "changed", "withdrawn", "answered")


class ChangeEntry(db.Model):
    __tablename__ = "change_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
    kind: Mapped[str] = mapped_column(String(32))  # observation … journey, question
    ref: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(16))
    visibility: Mapped[str] = mapped_column(String(16))  # who could see the item then

    def __repr__(self) -> str:
        return f"<ChangeEntry {self.action} {self.kind}:{self.ref}>"
