"""Observation: the atomic, anonymised fact that everything else is grounded in."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insight.extensions import db
from insight.models.base import PublishableMixin

observation_theme = Table(
    "observation_theme",
    db.metadata,
    Column("observation_id", ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("vocabulary_term.id", ondelete="CASCADE"), primary_key=True),
)


class Observation(PublishableMixin, db.Model):
    # Lists read published observations newest first: the index walks them in that order.
    __table_args__ = (Index("ix_observation_status_month_ref", "status", "month", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    # Vocabulary codes; the service checks them against VocabularyTerm.
    source: Mapped[str] = mapped_column(String(64))
    stay_type: Mapped[str] = mapped_column(String(64), index=True)
    journey_stage: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM, never a day
    age_band: Mapped[str] = mapped_column(String(16))  # never an exact age
    unit: Mapped[str] = mapped_column(String(200), default="")

    themes: Mapped[list[VocabularyTerm]] = relationship(  # noqa: F821
        secondary=observation_theme, order_by="VocabularyTerm.position"
    )

    kind = "observation"

    @property
    def theme_codes(self) -> list[str]:
        return [t.code for t in self.themes]

    def __repr__(self) -> str:
        return f"<Observation {self.ref}>"
