"""Persona: a fictional archetype grounded in observations."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insight.extensions import db
from insight.models.base import PublishableMixin

persona_evidence = Table(
    "persona_evidence",
    db.metadata,
    Column("persona_id", ForeignKey("persona.id", ondelete="CASCADE"), primary_key=True),
    Column("observation_id", ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True),
)


class Persona(PublishableMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    # An archetype title ("Den selvstendige etter hoftebruddet"), never a person's name.
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    age_band: Mapped[str] = mapped_column(String(16))
    living_situation: Mapped[str] = mapped_column(Text, default="")
    stay_type: Mapped[str] = mapped_column(String(64))
    # Needs, goals and frustrations hold one item per line.
    needs: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    frustrations: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")

    evidence: Mapped[list[Observation]] = relationship(  # noqa: F821
        secondary=persona_evidence, order_by="Observation.ref"
    )

    kind = "persona"

    def __repr__(self) -> str:
        return f"<Persona {self.ref}>"
