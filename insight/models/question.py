"""Supplier questions and the municipality's answers, which are published to all suppliers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insight.extensions import db
from insight.models.base import TimestampMixin

QUESTION_STATES = ("open", "answered", "rejected")


class Question(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    # Who asked is known to staff only: the published answer never names the supplier.
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    asked_by: Mapped[User | None] = relationship()  # noqa: F821
    answer: Mapped[Answer | None] = relationship(
        back_populates="question", uselist=False, cascade="all, delete-orphan"
    )

    kind = "question"

    def __repr__(self) -> str:
        return f"<Question {self.ref}>"


class Answer(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    question: Mapped[Question] = relationship(back_populates="answer")
    answered_by: Mapped[User | None] = relationship()  # noqa: F821
