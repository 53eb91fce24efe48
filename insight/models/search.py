"""Tables of the PostgreSQL search backend: one row per indexed document, plus its vocabulary.

On PostgreSQL `tsv` is a tsvector (title weight A, body B, compound parts C) built by the
Python analysis, with a GIN index; on SQLite the tables exist but are not used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from insight.extensions import db

TsVector = TSVECTOR().with_variant(Text(), "sqlite")
TokenList = ARRAY(String(200)).with_variant(JSON(), "sqlite")


class SearchDocument(db.Model):
    __tablename__ = "search_document"
    __table_args__ = (
        Index("ix_search_document_tsv", "tsv", postgresql_using="gin"),
        Index("ix_search_document_facets", "facets", postgresql_using="gin"),
    )

    doc_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16))
    visibility: Mapped[str] = mapped_column(String(16))
    version: Mapped[str] = mapped_column(String(64))
    date: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # "key=value" tokens (type=…, theme=…); filters and facet counts read them.
    facets: Mapped[list[str]] = mapped_column(TokenList, default=list)
    tsv: Mapped[str] = mapped_column(TsVector)

    def __repr__(self) -> str:
        return f"<SearchDocument {self.doc_id}>"


class SearchTerm(db.Model):
    """Document frequency and commonest surface word per analysed key (typos, did-you-mean)."""

    __tablename__ = "search_term"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    word: Mapped[str] = mapped_column(String(200), default="")
    df: Mapped[int] = mapped_column(Integer, default=0)
