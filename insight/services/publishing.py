"""Status changes of publishable content, with the four-eyes rule."""

from __future__ import annotations

from typing import Any

from insight import permissions
from insight.extensions import db
from insight.models import Status, User
from insight.models.base import utcnow
from insight.services import audit
from insight.services.errors import Conflict, PermissionDenied

# status → statuses it may move to
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT.value: {Status.IN_REVIEW.value, Status.ARCHIVED.value},
    Status.IN_REVIEW.value: {Status.PUBLISHED.value, Status.DRAFT.value, Status.ARCHIVED.value},
    Status.PUBLISHED.value: {Status.DRAFT.value, Status.ARCHIVED.value},
    Status.ARCHIVED.value: {Status.DRAFT.value},
}


def _move(item: Any, actor: User, new_status: str, action: str, comment: str = "") -> Any:
    if not permissions.can(actor, permissions.WRITE_CONTENT):
        raise PermissionDenied("Only municipal staff may change the status of content.")
    old_status = item.status
    if new_status not in TRANSITIONS.get(old_status, set()):
        raise Conflict(f"Cannot move {item.ref} from {old_status} to {new_status}.")
    item.status = new_status
    if new_status == Status.PUBLISHED.value:
        item.published_at = utcnow()
        item.reviewer_id = actor.id
    changes: dict[str, Any] = {"status": [old_status, new_status]}
    if comment:
        changes["comment"] = comment
    db.session.flush()
    audit.record(actor, f"{item.kind}.{action}", item, changes)
    return item


def send_to_review(item: Any, actor: User) -> Any:
    return _move(item, actor, Status.IN_REVIEW.value, "send_to_review")


def send_back(item: Any, actor: User, comment: str) -> Any:
    """A reviewer returns the item to its author as a draft, saying why."""
    return _move(item, actor, Status.DRAFT.value, "send_back", comment)


def publish(item: Any, actor: User) -> Any:
    """Publish an item in review. The reviewer may not be its author — admins included."""
    if not permissions.can(actor, permissions.REVIEW_CONTENT):
        raise PermissionDenied("Only municipal staff may publish.")
    if item.author_id is not None and item.author_id == actor.id:
        raise PermissionDenied(
            "Four-eyes rule: someone other than the author must review and publish this."
        )
    return _move(item, actor, Status.PUBLISHED.value, "publish")


def unpublish(item: Any, actor: User) -> Any:
    return _move(item, actor, Status.DRAFT.value, "unpublish")


def archive(item: Any, actor: User) -> Any:
    return _move(item, actor, Status.ARCHIVED.value, "archive")


def reopen_if_published(item: Any, actor: User | None) -> bool:
    """A change to published content needs a second person's review again (four eyes):
    the item goes back to review and suppliers see it again once someone else publishes it."""
    if item.status != Status.PUBLISHED.value:
        return False
    item.status = Status.IN_REVIEW.value
    db.session.flush()
    audit.record(actor, f"{item.kind}.reopen", item,
                 {"status": [Status.PUBLISHED.value, Status.IN_REVIEW.value]})
    return True
