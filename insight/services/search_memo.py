"""Search results for readers who cannot see drafts, kept per content version.

The engine's own memo (`insight.services.search`) lives as long as one view of the index,
and every write to the index starts a new view, drafts included: with staff writing, a
supplier's repeated search was computed afresh about every second although nothing a supplier
may read had changed. What a supplier or an anonymous reader finds changes only with published
content, and every change of published content writes a change-log entry in its transaction
(the content version of `insight.services.cache`), so their results are kept per version.

A result is *stored* only when the index has caught up with that version: the version is read
first, then the search outbox must be empty (a commit's outbox rows are deleted only after
its documents were written to the index), then the engine is asked. A result computed while a
change is still on its way to the index is served to that request only. Staff, who see drafts,
always go to the engine (whose memo still helps them between writes).

The store is per process and per search backend object (a thesaurus or vocabulary edit
replaces the backend, and with it what a query expands to), keyed on the reader's visibility
class and the whole query, bounded in size.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import current_app
from sqlalchemy import exists, select

from insight import permissions
from insight.extensions import db
from insight.models import SearchOutbox
from insight.search import SearchResults, sync
from insight.services import cache
from insight.services import search as search_service

MAX_ENTRIES = 512


def _store() -> cache.Store:
    """This app's store of results for the current backend (a new backend: a new store)."""
    backend = sync.get_backend()
    held = current_app.extensions.get("insight_search_memo")
    if held is None or held[0] is not backend:
        held = (backend, cache.Store(MAX_ENTRIES))
        current_app.extensions["insight_search_memo"] = held
    return held[1]


def _readable() -> bool:
    """Whether the index can be read now (the backend reopens it when another process wrote)."""
    try:
        with sync.get_backend().view():
            return True
    except Exception:
        return False


def index_caught_up() -> bool:
    """Whether every committed change has reached the index (the outbox is empty)."""
    return not db.session.scalar(select(exists().where(SearchOutbox.id.is_not(None))))


def search(user: Any, text: str = "", filters: dict[str, list[str]] | None = None,
           sort: str = "relevance", page: int = 1, page_size: int = 10,
           with_facets: bool = True, disjunctive: bool = False) -> SearchResults:
    """`insight.services.search.search`, from this process's memo for readers of published
    content when the same query was answered at the current content version."""
    if permissions.visible_visibilities(user) is None:  # staff: drafts have no version
        return search_service.search(user, text, filters, sort, page, page_size, with_facets,
                                     disjunctive)
    version = cache.content_version()  # first the version, then the outbox: never older
    memo = _store()
    if not _readable():  # a removed or broken index is reported, not hidden by the memo
        return search_service.search(user, text, filters, sort, page, page_size, with_facets,
                                     disjunctive)
    key = (cache.visibility_class(user), (text or "").strip(),
           tuple(sorted((k, tuple(dict.fromkeys(v))) for k, v in (filters or {}).items() if v)),
           sort, page, page_size, with_facets, disjunctive)
    found, results = memo.get(key, version)
    if found:
        return copy.deepcopy(results)
    storable = index_caught_up()
    results = search_service.search(user, text, filters, sort, page, page_size, with_facets,
                                    disjunctive)
    if storable:
        memo.put(key, version, copy.deepcopy(results))
    return results
