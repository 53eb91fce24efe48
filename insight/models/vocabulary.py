"""Controlled vocabularies (stay types, journey stages, sources, actors, themes, age bands).

Each code has a label, a description and everyday synonyms in Bokmål and English, and a short
note of where its wording comes from. Documents carry the labels (a label change re-indexes the
documents that carry the code); search expands a synonym to the labels at query time.
"""

from __future__ import annotations

from sqlalchemy import String, Text, UniqueConstraint
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
    description_nb: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Everyday wordings, one per line; a synonym may be several words.
    synonyms_nb: Mapped[str] = mapped_column(Text, default="", server_default="")
    synonyms_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    source_note: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Order within the kind; for journey stages this is the journey order.
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def label(self, locale: str = "nb") -> str:
        return self.label_en if locale.startswith("en") else self.label_nb

    def description(self, locale: str = "nb") -> str:
        return self.description_en if locale.startswith("en") else self.description_nb

    @property
    def synonym_list_nb(self) -> list[str]:
        return [s for s in (self.synonyms_nb or "").splitlines() if s.strip()]

    @property
    def synonym_list_en(self) -> list[str]:
        return [s for s in (self.synonyms_en or "").splitlines() if s.strip()]

    def __repr__(self) -> str:
        return f"<VocabularyTerm {self.kind}:{self.code}>"
