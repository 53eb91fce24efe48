"""The one change log every supplier reads: what was published, changed, withdrawn, answered.

Entries are written by a session listener from the status and visibility history of every
publishable item, so web, API, CLI and import all leave the same trace without remembering to.
Bulk writes that bypass the ORM call `record_bulk`. Readers get entries filtered by the
visibility the item had at the time, and titles only for items they may read now: a withdrawn
item shows as a tombstone (kind, ref, when), never with its content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, insert, inspect, select, text
from sqlalchemy.orm import Session

from insight import permissions
from insight.extensions import db
from insight.models import PUBLISHABLE_MODELS, Answer, ChangeEntry, Status, Visibility

PUBLISHED = Status.PUBLISHED.value
ANSWERS_VISIBILITY = Visibility.SUPPLIERS.value  # answers go to every supplier, not the public
CHANGE_LOG_LOCK = 0x1A51C7  # the advisory lock key that orders change-log ids by commit


def _history(obj: Any, name: str) -> tuple[Any, Any]:
    """(value before this flush, value now) of an attribute."""
    state = inspect(obj).attrs[name]
    now = state.value
    before = state.history.deleted[0] if state.history.deleted else now
    return before, now


def _entries_for(obj: Any, is_new: bool) -> list[ChangeEntry]:
    if isinstance(obj, Answer):
        was, now = _history(obj, "published_at")
        if now is not None and (is_new or was is None) and obj.question is not None:
            return [ChangeEntry(kind="question", ref=obj.question.ref, action="answered",
                                visibility=ANSWERS_VISIBILITY)]
        return []
    status_was, status_now = (None, obj.status) if is_new else _history(obj, "status")
    visibility_was, visibility_now = ((obj.visibility, obj.visibility) if is_new
                                      else _history(obj, "visibility"))
    was_public = status_was == PUBLISHED
    is_public = status_now == PUBLISHED
    entries = []
    if was_public and (not is_public or visibility_was != visibility_now):
        entries.append(ChangeEntry(kind=obj.kind, ref=obj.ref, action="withdrawn",
                                   visibility=visibility_was))
    if is_public and (not was_public or visibility_was != visibility_now):
        first = is_new or obj.published_at is None or not _was_published_before(obj)
        entries.append(ChangeEntry(kind=obj.kind, ref=obj.ref,
                                   action="published" if first else "changed",
                                   visibility=visibility_now))
    return entries


def _was_published_before(obj: Any) -> bool:
    with db.session.no_autoflush:
        return db.session.scalar(select(ChangeEntry.id).where(
            ChangeEntry.kind == obj.kind, ChangeEntry.ref == obj.ref,
            ChangeEntry.action.in_(("published", "changed"))).limit(1)) is not None


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    entries = []
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, (*PUBLISHABLE_MODELS, Answer)):
            entries += _entries_for(obj, obj in session.new)
    for obj in session.deleted:
        if isinstance(obj, PUBLISHABLE_MODELS) and obj.status == PUBLISHED:
            entries.append(ChangeEntry(kind=obj.kind, ref=obj.ref, action="withdrawn",
                                       visibility=obj.visibility))
    if entries:
        commit_order_ids(session)
    session.add_all(entries)


def commit_order_ids(session: Session) -> None:
    """On PostgreSQL, let one transaction at a time write change entries, until it commits.

    A sequence hands out ids when rows are inserted, not when they commit: without this, a slow
    publish could commit entry 10 after entry 11 was read, and everything that keeps "the newest
    id" — the bid pack's version, feed and "new since" cursors — would never see it. SQLite
    already serialises writers, so ids follow commit order there."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOG_LOCK})


def init_app() -> None:
    if not event.contains(db.session, "before_flush", _before_flush):
        event.listen(db.session, "before_flush", _before_flush)


def record_bulk(kind: str, action: str, rows: list[tuple[str, str]]) -> None:
    """Entries for (ref, visibility) rows written with a bulk statement the listener misses."""
    if rows:
        commit_order_ids(db.session)
        db.session.execute(insert(ChangeEntry), [
            {"kind": kind, "ref": ref, "action": action, "visibility": visibility}
            for ref, visibility in rows])


@dataclass
class Change:
    id: int
    created_at: datetime
    kind: str
    ref: str
    action: str
    title: str | None  # None: the reader may not (or no longer) read the item


def _visible_entries(user: Any) -> Any:
    query = select(ChangeEntry)
    visibilities = permissions.visible_visibilities(user)
    if visibilities is not None:
        query = query.where(ChangeEntry.visibility.in_(visibilities))
    if not permissions.can(user, permissions.READ_SUPPLIERS):
        query = query.where(ChangeEntry.kind != "question")
    return query


def _titles(user: Any, entries: list[ChangeEntry]) -> dict[tuple[str, str], str]:
    """Current titles of the items behind `entries` that `user` may read now."""
    from insight.models import Question

    titles: dict[tuple[str, str], str] = {}
    for model in PUBLISHABLE_MODELS:
        refs = {e.ref for e in entries if e.kind == model.kind}
        if refs:
            for item in db.session.scalars(select(model).where(
                    model.ref.in_(refs), permissions.visible_clause(model, user))):
                title = getattr(item, "title", None) or getattr(item, "statement", "")
                titles[(model.kind, item.ref)] = title
    refs = {e.ref for e in entries if e.kind == "question"}
    if refs and permissions.can(user, permissions.READ_SUPPLIERS):
        for question in db.session.scalars(select(Question).where(
                Question.ref.in_(refs), Question.state == "answered")):
            titles[("question", question.ref)] = question.title
    return titles


def changes(user: Any, limit: int = 100, after_id: int | None = None,
            before_id: int | None = None, since: datetime | None = None,
            kinds: list[str] | None = None) -> list[Change]:
    """The newest `limit` entries the user may see, older than `before_id` when given; with
    `after_id`, the oldest after it instead (the order a mirror reads a feed in)."""
    query = _visible_entries(user)
    if before_id is not None:
        query = query.where(ChangeEntry.id < before_id)
    if kinds:
        query = query.where(ChangeEntry.kind.in_(kinds))
    if since is not None:
        query = query.where(ChangeEntry.created_at >= since)
    if after_id is not None:
        query = query.where(ChangeEntry.id > after_id).order_by(ChangeEntry.id)
    else:
        query = query.order_by(ChangeEntry.id.desc())
    entries = list(db.session.scalars(query.limit(limit)))
    titles = _titles(user, entries)
    withdrawn_now = {(e.kind, e.ref) for e in entries if (e.kind, e.ref) not in titles}
    return [Change(e.id, e.created_at, e.kind, e.ref, e.action,
                   None if (e.kind, e.ref) in withdrawn_now else titles.get((e.kind, e.ref)))
            for e in entries]


def count_after(user: Any, after_id: int, limit: int = 1000) -> int:
    """How many entries the user may see after `after_id` (at most `limit`): the landing page's
    "new since your last visit", counted without loading entries or titles."""
    entries = _visible_entries(user).where(ChangeEntry.id > after_id).limit(limit).subquery()
    return db.session.scalar(select(func.count()).select_from(entries)) or 0


def latest_id(user: Any) -> int:
    """The id of the newest entry the user may see; 0 when there is none."""
    entry = db.session.scalar(_visible_entries(user).order_by(ChangeEntry.id.desc()).limit(1))
    return entry.id if entry else 0

