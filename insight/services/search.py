"""Searching as a given user may see it, and looking after the index.

Visibility is part of the query the engine runs (permissions.visible_visibilities), so totals,
facet counts and pages never include what the reader may not see.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from insight import permissions
from insight.messages import msg
from insight.search import FACET_KEYS, SearchQuery, SearchResults, failures, sync
from insight.services import audit
from insight.services.errors import InvalidInput, Problem, ServiceError

log = logging.getLogger(__name__)

SORTS = ("relevance", "newest")
MAX_PAGE_SIZE = 100
FILTER_KEYS = FACET_KEYS  # "type" and every facet
MEMO_SIZE = 256  # results kept per index generation (forgotten all at once when full)


class SearchUnavailable(ServiceError):
    status_code = 503


def search(user: Any, text: str = "", filters: dict[str, list[str]] | None = None,
           sort: str = "relevance", page: int = 1, page_size: int = 10,
           with_facets: bool = True, disjunctive: bool = False) -> SearchResults:
    """One page of what `user` may read that matches `text` and `filters` (OR within a key).

    Facet counts are those of the results. With `disjunctive`, a filtered key counts its values
    as if it were not filtered, so a page can offer the alternatives to tick as well.

    Results are kept in the memo of the index view they came from (`view.cache`, which both
    backends renew when the index changes in any process), keyed on the whole query — the
    reader's visibilities included — so a repeated search costs a dictionary look-up until the
    index next changes, and one reader's results never answer another visibility's query.
    """
    problems = []
    if sort not in SORTS:
        problems.append(Problem("sort", msg("must be one of: %(choices)s",
                                            choices=", ".join(SORTS))))
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        problems.append(Problem("page_size", msg("must be from 1 to %(max)s",
                                                 max=MAX_PAGE_SIZE)))
    if page < 1:
        problems.append(Problem("page", msg("must be 1 or more")))
    unknown = sorted(set(filters or {}) - set(FILTER_KEYS))
    problems += [Problem(k, msg("is not a search filter")) for k in unknown]
    if problems:
        raise InvalidInput(problems=problems)
    query = SearchQuery(
        text=(text or "").strip(),
        filters={k: list(dict.fromkeys(v)) for k, v in (filters or {}).items() if v},
        visibilities=permissions.visible_visibilities(user),
        sort=sort, page=page, page_size=page_size, with_facets=with_facets,
    )
    try:
        backend = sync.get_backend()
        with backend.view() as view:
            memo = view.cache.setdefault("service.results", {})
        memo_key = (repr(query), disjunctive)
        if memo_key in memo:
            return copy.deepcopy(memo[memo_key])
        results = backend.search(query)
        for key in query.filters if disjunctive and with_facets else ():
            others = {k: v for k, v in query.filters.items() if k != key}
            counts = backend.search(replace(query, filters=others, page=1, page_size=1))
            results.facets[key] = counts.facets.get(key, {})
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[memo_key] = copy.deepcopy(results)
        return results
    except Exception as error:  # a broken index must not look like a bug in the page
        log.exception("Search failed for %r", query.text)
        raise SearchUnavailable(msg("Search is not available right now. Please try again.")) \
            from error


def index_status() -> sync.Drift:
    """How the index differs from the database, and what waits in the outbox."""
    return sync.check()


def index_failure(drift: sync.Drift) -> failures.Failure | None:
    """The last failed drain, if the index has refused a change that still waits."""
    return failures.since(drift.oldest_change) if drift.outbox else None


def synchronise(actor: Any) -> sync.SyncResult:
    """Drain the outbox now (an administrator's action, audited)."""
    result = _run(sync.drain, timeout=sync.LONG_TIMEOUT)
    audit.record(actor, "search.sync", None, {"indexed": result.indexed,
                                                "removed": result.removed})
    return result


def repair(actor: Any) -> sync.SyncResult:
    """Index only what is missing or stale and remove orphans (audited): cheaper than a
    rebuild when a few documents drifted."""
    result = _run(sync.repair, timeout=sync.LONG_TIMEOUT)
    audit.record(actor, "search.repair", None, {"indexed": result.indexed,
                                                  "removed": result.removed})
    return result


def rebuild(actor: Any, progress: Callable[[int], None] | None = None) -> sync.SyncResult:
    """Index everything again and remove orphans (an administrator's action, audited)."""
    result = _run(sync.rebuild, progress=progress)
    audit.record(actor, "search.rebuild", None, {"indexed": result.indexed,
                                                   "removed": result.removed})
    return result


def _run(action: Callable[..., sync.SyncResult], **kwargs: Any) -> sync.SyncResult:
    try:
        return action(**kwargs)
    except sync.IndexBusy as error:
        raise SearchUnavailable(msg("The search index is busy (%(reason)s). Try again later.",
                                    reason=str(error))) from error
    except Exception as error:
        log.exception("Search index action %s failed", action.__name__)
        raise SearchUnavailable(msg("The search index failed: %(error)s", error=str(error))) \
            from error
