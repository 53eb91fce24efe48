"""Search: the interface the app uses, and a factory for its backends.

Backends: "whoosh" (a file index, the default) and "postgres" (a table in the app database).
Both share the Norwegian analysis, query planning and snippets of this package.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

FACET_KEYS = ("type", "stay_type", "journey_stage", "theme", "source", "actor", "age_band",
              "period")


@dataclass
class SearchDocument:
    doc_id: str  # "observation:OBS-0001", "insight:INS-01", "answer:SPM-001" …
    type: str  # observation | insight | persona | journey | answer
    ref: str
    title: str
    body: str  # all searchable text
    status: str  # draft | in_review | published | archived
    visibility: str  # public | suppliers | internal
    url: str
    version: str  # e.g. updated_at.isoformat(): lets a drift check find stale documents
    date: datetime | None = None  # for sort="newest"
    facets: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SearchQuery:
    text: str = ""
    # Facet key (or "type") → allowed values: OR within a key, AND across keys.
    filters: dict[str, list[str]] = field(default_factory=dict)
    # None: everything (staff); else only status=published and visibility in the list.
    visibilities: list[str] | None = None
    sort: str = "relevance"  # or "newest"
    page: int = 1
    page_size: int = 10
    with_facets: bool = True


@dataclass
class SearchHit:
    doc_id: str
    type: str
    ref: str
    title: str
    snippet: str  # HTML-escaped text with <mark>…</mark> around matches
    score: float
    url: str
    matched: list[str] = field(default_factory=list)  # the document's words that matched


@dataclass
class SearchResults:
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None


class SearchBackend(Protocol):
    def upsert(self, docs: Iterable[SearchDocument]) -> int: ...
    def delete(self, doc_ids: Iterable[str]) -> int: ...
    def search(self, query: SearchQuery) -> SearchResults: ...
    def versions(self) -> dict[str, str]: ...
    def clear(self) -> None: ...


def make_backend(name: str, *, index_dir: str | None = None, engine=None,
                 thesaurus: str | None = None, concepts: str | None = None,
                 described: str | None = None) -> SearchBackend:
    """Create a backend by name; `thesaurus` replaces the default synonyms, `concepts` the
    default vocabulary concept rules and `described` the default description rules (same text
    format)."""
    if name == "whoosh":
        from insight.search.whoosh_backend import WhooshBackend

        if index_dir is None:
            raise ValueError("the whoosh backend needs index_dir")
        return WhooshBackend(index_dir, thesaurus=thesaurus, concepts=concepts,
                             described=described)
    if name == "postgres":
        from insight.search.postgres_backend import PostgresBackend

        if engine is None:
            raise ValueError("the postgres backend needs an engine")
        return PostgresBackend(engine, thesaurus=thesaurus, concepts=concepts,
                               described=described)
    raise ValueError(f"unknown search backend {name!r}")


__all__ = ["FACET_KEYS", "SearchBackend", "SearchDocument", "SearchHit", "SearchQuery",
           "SearchResults", "make_backend"]
