"""Saved searches: a user keeps a search (words, filters, order) under a name, runs it again,
sees which hits are new since last time, and follows it as a feed.

Only the owner reaches a saved search: another user's id answers "not found", the same as an
id that does not exist, so ids reveal nothing. Results always come from `search.search` with
the reader's own visibility, so a saved search never shows more than the search page would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import SavedSearch, User
from insight.models.base import utcnow
from insight.search import FACET_KEYS, SearchResults
from insight.services import audit, changelog
from insight.services import search as search_service
from insight.services.errors import InvalidInput, NotFound, PermissionDenied, Problem

MAX_PER_USER = 50
MAX_NAME = 100
MAX_TEXT = 500
MAX_VALUES = 50  # filter values per key; the page offers far fewer
NEW_ACTIONS = ("published", "changed", "answered")
SEARCH_TYPES = {"question": "answer"}  # change-log kind → search hit type, where they differ


def _require(user: Any) -> None:
    if not permissions.can(user, permissions.USE_ACCOUNT):
        raise PermissionDenied(msg("Log in to save searches."))


def clean_params(text: str, filters: dict[str, list[str]] | None, sort: str) -> dict[str, Any]:
    """The stored form of a search: known filter keys only, no empty values, bounded sizes."""
    problems = []
    unknown = sorted(set(filters or {}) - set(FACET_KEYS))
    problems += [Problem(key, msg("is not a search filter")) for key in unknown]
    if sort not in search_service.SORTS:
        problems.append(Problem("sort", msg("must be one of: %(choices)s",
                                            choices=", ".join(search_service.SORTS))))
    if problems:
        raise InvalidInput(problems=problems)
    params: dict[str, Any] = {"q": (text or "").strip()[:MAX_TEXT], "sort": sort}
    for key in FACET_KEYS:
        values = [v.strip()[:200] for v in (filters or {}).get(key, []) if v and v.strip()]
        if values:
            params[key] = list(dict.fromkeys(values))[:MAX_VALUES]
    return params


def save(user: User, name: str, text: str, filters: dict[str, list[str]] | None = None,
         sort: str = "relevance") -> SavedSearch:
    """Keep the search under `name` for `user` (audited)."""
    _require(user)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(problems=[Problem("name", msg("is required"))])
    if len(name) > MAX_NAME:
        raise InvalidInput(problems=[Problem("name", msg("must be at most %(max)s characters",
                                                         max=MAX_NAME))])
    params = clean_params(text, filters, sort)
    count = db.session.scalar(select(func.count(SavedSearch.id))
                              .where(SavedSearch.user_id == user.id))
    if count >= MAX_PER_USER:
        raise InvalidInput(problems=[Problem("name", msg(
            "You can keep at most %(max)s saved searches; delete one first.", max=MAX_PER_USER))])
    saved = SavedSearch(user_id=user.id, name=name, params=params, last_seen_at=utcnow())
    db.session.add(saved)
    db.session.flush()
    audit.record(user, "saved_search.create", saved, {"name": name, "params": params})
    return saved


def list_for(user: User) -> list[SavedSearch]:
    _require(user)
    return list(db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id)
                                   .order_by(SavedSearch.name, SavedSearch.id)))


def get(user: User, saved_id: int) -> SavedSearch:
    """The user's own saved search; anyone else's is 'not found'."""
    _require(user)
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None or saved.user_id != user.id:
        raise NotFound(msg("No such saved search."))
    return saved


def delete(user: User, saved: SavedSearch) -> None:
    if saved.user_id != user.id:
        raise NotFound(msg("No such saved search."))
    audit.record(user, "saved_search.delete", saved, {"name": saved.name})
    db.session.delete(saved)


def filters_of(saved: SavedSearch) -> dict[str, list[str]]:
    return {key: list(saved.params[key]) for key in FACET_KEYS if saved.params.get(key)}


def query_args(saved: SavedSearch) -> dict[str, Any]:
    """Arguments for the search page's URL that repeat this search there."""
    return {"q": saved.params.get("q", ""), "sort": saved.params.get("sort", "relevance"),
            **filters_of(saved)}


def run(user: User, saved: SavedSearch, page: int = 1, page_size: int = 20,
        sort: str | None = None) -> SearchResults:
    """The saved search's results as `user` may see them now."""
    return search_service.search(user, saved.params.get("q", ""), filters_of(saved),
                                 sort or saved.params.get("sort", "relevance"), page, page_size,
                                 with_facets=False)


@dataclass
class Seen:
    """What was new in a saved search when its page was opened."""

    since: datetime | None
    new: set[tuple[str, str]]  # (type, ref) published or changed since then


def open_page(user: User, saved: SavedSearch) -> Seen:
    """Which items changed since the owner last looked; records that they look now.

    The timestamp is bookkeeping of a read, not a change of content, so it is not audited."""
    since = saved.last_seen_at
    new: set[tuple[str, str]] = set()
    if since is not None:
        changes = changelog.changes(user, limit=1000, since=since)
        new = {(SEARCH_TYPES.get(c.kind, c.kind), c.ref) for c in changes
               if c.action in NEW_ACTIONS and c.title is not None}
    saved.last_seen_at = utcnow()
    return Seen(since, new)
