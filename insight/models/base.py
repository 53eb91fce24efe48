"""Column mixins shared by the aggregates."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Status(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    SUPPLIERS = "suppliers"
    INTERNAL = "internal"


STATUSES = [s.value for s in Status]
VISIBILITIES = [v.value for v in Visibility]


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class PublishableMixin(TimestampMixin):
    """Status, visibility and authorship of everything that can be published."""

    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT.value, index=True)
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.SUPPLIERS.value)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @declared_attr
    def author_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def reviewer_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED.value
