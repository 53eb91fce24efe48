"""Insight: a finding synthesised from several observations.

The module is called finding.py so that `insight.models.finding` does not read as the package
name twice.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insight.extensions import db
from insight.models.base import PublishableMixin

CONFIDENCE_LEVELS = ("low", "medium", "high")

insight_evidence = Table(
    "insight_evidence",
    db.metadata,
    Column("insight_id", ForeignKey("insight.id", ondelete="CASCADE"), primary_key=True),
    Column("observation_id", ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True),
)

insight_theme = Table(
    "insight_theme",
    db.metadata,
    Column("insight_id", ForeignKey("insight.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("vocabulary_term.id", ondelete="CASCADE"), primary_key=True),
)


class Insight(PublishableMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    statement: Mapped[str] = mapped_column(String(500))
    detail: Mapped[str] = mapped_column(Text, default="")
    # "Hvordan kan vi …?"
    recommendation: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[str] = mapped_column(String(16), default="medium")

    evidence: Mapped[list[Observation]] = relationship(  # noqa: F821
        secondary=insight_evidence, order_by="Observation.ref"
    )
    themes: Mapped[list[VocabularyTerm]] = relationship(  # noqa: F821
        secondary=insight_theme, order_by="VocabularyTerm.position"
    )

    kind = "insight"

    @property
    def title(self) -> str:
        return self.statement

    def __repr__(self) -> str:
        return f"<Insight {self.ref}>"
