"""Feeds a feed reader follows without a session: a per-user secret in the address.

The secret is stored only as a SHA-256 hash (like API tokens), so its addresses can be shown
once, when it is made; resetting it makes a new one and every old address stops at once. A
feed shows what its owner may see now: a deactivated owner's feeds stop, and a supplier's feed
holds nothing a supplier may not read.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import PUBLISHABLE_MODELS, Answer, Question, SavedSearch, User
from insight.models.base import utcnow
from insight.search import SearchHit
from insight.services import audit, saved_searches
from insight.services.errors import PermissionDenied

FEED_SIZE = 50
SCAN_PAGE = 100  # the search service's largest page
SCAN_LIMIT = 500  # hits a saved search's feed orders by publication; beyond, the engine's order


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def reset_token(user: User) -> str:
    """A new feed secret for `user` (audited); the raw value is returned once, never stored."""
    if not permissions.can(user, permissions.USE_ACCOUNT):
        raise PermissionDenied(msg("Log in to get feed addresses."))
    raw = secrets.token_urlsafe(32)
    had_one = user.feed_token_hash is not None
    user.feed_token_hash = hash_token(raw)
    user.feed_token_created_at = utcnow()
    audit.record(user, "feed_token.reset" if had_one else "feed_token.create", user)
    return raw


def owner_of(raw: str) -> User | None:
    """The active user whose feed secret this is, or None."""
    if not raw or len(raw) > 100:
        return None
    user = db.session.scalar(select(User).where(User.feed_token_hash == hash_token(raw)))
    if user is None or not user.is_active:
        return None
    return user


def answered_questions(user: User, limit: int = FEED_SIZE) -> list[Question]:
    """The newest published answers, if the user may read answers at all."""
    if not permissions.can(user, permissions.READ_SUPPLIERS):
        return []
    return list(db.session.scalars(
        select(Question).join(Answer).where(Answer.published_at.is_not(None))
        .order_by(Answer.published_at.desc()).limit(limit)))


@dataclass
class FeedHit:
    hit: SearchHit
    updated: datetime | None  # when the item was last published; None if unknown


def saved_search_hits(user: User, saved_id: int, limit: int = FEED_SIZE
                      ) -> tuple[SavedSearch, list[FeedHit]]:
    """The saved search's hits, most recently published first.

    The engine orders by the content's own date (an observation's month), not by when it was
    published, so the feed reads up to SCAN_LIMIT hits and orders those by publication."""
    saved = saved_searches.get(user, saved_id)
    hits: list[SearchHit] = []
    page = 1
    while len(hits) < SCAN_LIMIT:
        results = saved_searches.run(user, saved, page=page, page_size=SCAN_PAGE, sort="newest")
        hits += results.hits
        if len(results.hits) < SCAN_PAGE or len(hits) >= results.total:
            break
        page += 1
    found = [FeedHit(hit, moment) for hit, moment in
             zip(hits, _published_at(hits), strict=True)]
    found.sort(key=lambda f: f.updated.replace(tzinfo=None) if f.updated else datetime.min,
               reverse=True)
    return saved, found[:limit]


def _published_at(hits: list[SearchHit]) -> list[datetime | None]:
    moments: dict[tuple[str, str], datetime | None] = {}
    for model in PUBLISHABLE_MODELS:
        refs = [h.ref for h in hits if h.type == model.kind]
        if refs:
            for ref, published, updated in db.session.execute(
                    select(model.ref, model.published_at, model.updated_at)
                    .where(model.ref.in_(refs))):
                moments[(model.kind, ref)] = published or updated
    refs = [h.ref for h in hits if h.type == "answer"]  # an answer is indexed by its question
    if refs:
        for ref, published in db.session.execute(
                select(Question.ref, Answer.published_at).join(Answer)
                .where(Question.ref.in_(refs))):
            moments[("answer", ref)] = published
    return [moments.get((h.type, h.ref)) for h in hits]


def status(user: Any) -> dict[str, Any]:
    """What the account page says about the user's feed addresses."""
    return {"has_token": getattr(user, "feed_token_hash", None) is not None,
            "created_at": getattr(user, "feed_token_created_at", None)}
