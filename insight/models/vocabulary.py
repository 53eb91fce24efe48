"""Controlled vocabularies (stay types, journey stages, sources, actors, themes, age bands)."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from insight.extensions import db
from insight.models.base import TimestampMixin

VOCABULARY_KINDS = ("stay_type", "journey_stage", "source", "actor", "theme", "age_band")


class VocabularyTerm(TimestampMixin, db.Model):
    __table_args__ = (UniqueConstraint("kind", "code", name="uq_vocabulary_term_kind_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(64))
    label_nb: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    # Order within the kind; for journey stages this is the journey order.
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def label(self, locale: str = "nb") -> str:
        return self.label_en if locale.startswith("en") else self.label_nb

    def __repr__(self) -> str:
        return f"<VocabularyTerm {self.kind}:{self.code}>"
