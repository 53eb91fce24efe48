"""The app's search backend: created on first use in each process (after gunicorn has forked)
and replaced when the admin-edited thesaurus or vocabularies change (their synonyms and the
words of their descriptions apply at query time; every process compares their version with its
own every SEARCH_THESAURUS_TTL)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from insight.extensions import db
from insight.models import ThesaurusRule, VocabularyTerm
from insight.search import SearchBackend, make_backend
from insight.search.concepts import split_synonyms, term_rules
from insight.search.locking import LONG_TIMEOUT, index_lock
from insight.search.thesaurus import description_rules

log = logging.getLogger(__name__)


@dataclass
class SearchState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    thesaurus_signature: tuple | None = None
    checked_at: float = float("-inf")


def get_backend(app: Flask | None = None) -> SearchBackend:
    """The app's backend, created on first use and renewed when the thesaurus has changed."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    state: SearchState = app.extensions["search_state"]
    backend = app.extensions.get("search")
    ttl = app.config["SEARCH_THESAURUS_TTL"]
    if backend is not None and time.monotonic() - state.checked_at < ttl:
        return backend
    with state.lock:
        backend = app.extensions.get("search")
        if backend is None or time.monotonic() - state.checked_at >= ttl:
            signature = (_thesaurus_signature(), _vocabulary_signature())
            if backend is None or signature != state.thesaurus_signature:
                terms = _vocabulary_terms() if signature[1][0] else None
                backend = _create_backend(
                    app, _thesaurus_text() if signature[0][0] else None,
                    _concept_text(terms) if terms is not None else None,
                    _description_text(terms) if terms is not None else None)
                app.extensions["search"] = backend
                state.thesaurus_signature = signature
            state.checked_at = time.monotonic()
    return backend


def invalidate_thesaurus(app: Flask | None = None) -> None:
    """Make the next get_backend() look at the thesaurus and vocabularies again (after an edit
    here)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    app.extensions["search_state"].checked_at = float("-inf")


def _create_backend(app: Flask, thesaurus: str | None, concepts: str | None,
                    described: str | None) -> SearchBackend:
    name = app.config["SEARCH_BACKEND"]
    if name == "whoosh":
        index_dir = Path(app.config["SEARCH_INDEX_DIR"])
        if any(index_dir.glob("*.toc")):  # a complete index: its table of contents exists
            return make_backend(name, index_dir=str(index_dir), thesaurus=thesaurus,
                                concepts=concepts, described=described)
        with index_lock(app, LONG_TIMEOUT):  # two workers must not create the index at once
            return make_backend(name, index_dir=str(index_dir), thesaurus=thesaurus,
                                concepts=concepts, described=described)
    return make_backend(name, engine=db.engine, thesaurus=thesaurus, concepts=concepts,
                        described=described)


def _thesaurus_signature() -> tuple:
    """Changes whenever a rule is added, edited or deleted; (0, …) for an empty table."""
    try:
        with db.engine.connect() as connection:
            row = connection.execute(select(
                func.count(), func.max(ThesaurusRule.updated_at), func.max(ThesaurusRule.id),
                func.sum(ThesaurusRule.position))).one()
    except SQLAlchemyError:  # a database not migrated yet: the engine's defaults
        log.warning("Thesaurus table unreadable; using the default synonyms", exc_info=True)
        return (0, None, None, None)
    return tuple(row)


def _thesaurus_text() -> str | None:
    with db.engine.connect() as connection:
        rules = connection.scalars(
            select(ThesaurusRule.rule).order_by(ThesaurusRule.position, ThesaurusRule.id)).all()
    return "\n".join(rules) or None


def _vocabulary_signature() -> tuple:
    """The vocabularies' version: changes whenever a term is added or edited; (0, …) for an
    empty table (the engine's default concepts apply)."""
    try:
        with db.engine.connect() as connection:
            row = connection.execute(select(
                func.count(), func.max(VocabularyTerm.updated_at), func.max(VocabularyTerm.id),
            )).one()
    except SQLAlchemyError:  # a database not migrated yet
        log.warning("Vocabulary table unreadable; using the default concepts", exc_info=True)
        return (0, None, None)
    return tuple(row)


def _vocabulary_terms() -> list:
    """Every vocabulary term in the database, in the order the admin pages list them."""
    with db.engine.connect() as connection:
        return connection.execute(
            select(VocabularyTerm.kind, VocabularyTerm.label_nb, VocabularyTerm.label_en,
                   VocabularyTerm.synonyms_nb, VocabularyTerm.synonyms_en,
                   VocabularyTerm.description_nb, VocabularyTerm.description_en)
            .order_by(VocabularyTerm.kind, VocabularyTerm.position, VocabularyTerm.id)).all()


def _concept_text(terms: list) -> str:
    """Query-time rules `synonyms => labels` of every term in the database."""
    return term_rules((kind, nb, en, split_synonyms(f"{syn_nb}\n{syn_en}"))
                      for kind, nb, en, syn_nb, syn_en, _, _ in terms)


def _description_text(terms: list) -> str:
    """Query-time rules `description word => labels` of the terms in the database: an admin's
    edited description changes which words lead to the concept."""
    return description_rules((nb, en, split_synonyms(f"{syn_nb}\n{syn_en}"), d_nb or "", d_en or "")
                             for _, nb, en, syn_nb, syn_en, d_nb, d_en in terms)
