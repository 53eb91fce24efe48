"""Search synonyms that administrators edit: one thesaurus rule per row.

A rule has the engine's text format (`a, b, c` or `a => b, c`; see insight/search/thesaurus.py).
The rules apply at query time, so editing them never needs a reindex. An empty table means the
engine's default rules; the first edit copies those defaults here (insight.services.thesaurus).
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from insight.extensions import db
from insight.models.base import TimestampMixin


class ThesaurusRule(TimestampMixin, db.Model):
    __tablename__ = "thesaurus_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(1000))
    # Display order; the engine reads the rules in this order.
    position: Mapped[int] = mapped_column(default=0, index=True)

    kind = "thesaurus_rule"

    def __repr__(self) -> str:
        return f"<ThesaurusRule {self.rule!r}>"
