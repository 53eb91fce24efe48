""""New since your last visit": which items of a list were published or changed after the
reader last viewed that list, counted in change-log ids (one cursor per list kind)."""

from __future__ import annotations

from typing import Any

from insight.services import changelog

NEW_ACTIONS = ("published", "changed")
LIST_KINDS = ("observation", "insight", "persona", "journey")


def new_since(user: Any, kind: str, seen: int | None) -> tuple[set[str], int]:
    """Refs of `kind` the user may read that were published or changed after change `seen`,
    and the cursor to keep for next time. Without a cursor (a first visit) nothing is new."""
    if seen is None:
        newest = changelog.changes(user, limit=1, kinds=[kind])
        return set(), newest[0].id if newest else 0
    entries = changelog.changes(user, limit=1000, after_id=seen, kinds=[kind])
    refs = {c.ref for c in entries if c.action in NEW_ACTIONS and c.title is not None}
    return refs, max((c.id for c in entries), default=seen)


def seen_cursor(user: Any, kind: str) -> int | None:
    return (getattr(user, "last_seen_change", None) or {}).get(kind)


def remember(user: Any, cursors: dict[str, int]) -> None:
    """Keep the cursors on the account (a new dict, so the JSON column sees the change).
    Bookkeeping of reading, not a change of content: not audited."""
    user.last_seen_change = {**(user.last_seen_change or {}), **cursors}
