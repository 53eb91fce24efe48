"""Journey: an ordered list of steps through the journey stages."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insight.extensions import db
from insight.models.base import PublishableMixin

journey_step_evidence = Table(
    "journey_step_evidence",
    db.metadata,
    Column("step_id", ForeignKey("journey_step.id", ondelete="CASCADE"), primary_key=True),
    Column("observation_id", ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True),
)


class Journey(PublishableMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    stay_type: Mapped[str] = mapped_column(String(64))
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("persona.id", ondelete="SET NULL"))

    persona: Mapped[Persona | None] = relationship()  # noqa: F821
    steps: Mapped[list[JourneyStep]] = relationship(
        back_populates="journey", order_by="JourneyStep.position", cascade="all, delete-orphan"
    )

    kind = "journey"

    def __repr__(self) -> str:
        return f"<Journey {self.ref}>"


class JourneyStep(db.Model):
    __tablename__ = "journey_step"
    __table_args__ = (CheckConstraint("emotion BETWEEN -2 AND 2", name="emotion_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(
        ForeignKey("journey.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    stage: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    what_happens: Mapped[str] = mapped_column(Text, default="")
    thoughts: Mapped[str] = mapped_column(Text, default="")
    emotion: Mapped[int] = mapped_column(default=0)  # −2 (very negative) … +2 (very positive)
    pain_points: Mapped[str] = mapped_column(Text, default="")
    opportunities: Mapped[str] = mapped_column(Text, default="")

    journey: Mapped[Journey] = relationship(back_populates="steps")
    evidence: Mapped[list[Observation]] = relationship(  # noqa: F821
        secondary=journey_step_evidence, order_by="Observation.ref"
    )
