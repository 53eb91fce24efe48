"""Status changes of publishable content, with the four-eyes rule.

Four eyes: nobody who wrote or changed the version under review may publish it. Every write
service notes its actor with `note_edit`; publishing refuses the author and everyone noted
since the item was last published, on every path (web, API, demo data).

Published content cites only published evidence: publishing an insight, persona or journey
whose evidence (a journey: any step's) holds an unpublished observation is refused, naming
each one to review first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from insight import permissions
from insight.extensions import db
from insight.messages import Message, msg
from insight.models import ContentEditor, Observation, Status, User
from insight.models.base import utcnow
from insight.models.tracking import insert_ignoring_duplicates
from insight.services import audit, freeze
from insight.services.errors import Conflict, InvalidInput, PermissionDenied, Problem, ProblemList

# status → statuses it may move to
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT.value: {Status.IN_REVIEW.value, Status.ARCHIVED.value},
    Status.IN_REVIEW.value: {Status.PUBLISHED.value, Status.DRAFT.value, Status.ARCHIVED.value},
    Status.PUBLISHED.value: {Status.DRAFT.value, Status.ARCHIVED.value},
    Status.ARCHIVED.value: {Status.DRAFT.value},
}


class _DraftsFirst(ProblemList):
    """The refusal of a publish: a lead sentence, then one problem per draft."""

    def render(self, translate: bool = True) -> str:
        lead = msg("Published content cites only published evidence. Review these first:")
        return f"{lead.render(translate)} {super().render(translate)}"


class EvidenceNotPublished(InvalidInput):
    """Publishing would make published content cite unpublished observations."""

    status_code = 409

    def __post_init__(self) -> None:
        super().__post_init__()
        self.message = _DraftsFirst(self.problems)


_STATUS_NAMES: dict[str, Message] = {
    Status.DRAFT.value: msg("a draft"), Status.IN_REVIEW.value: msg("in review"),
    Status.ARCHIVED.value: msg("archived"),
}


def cited(item: Any) -> list[tuple[str, Observation]]:
    """(field, observation) for every observation `item` cites; a journey cites through its
    steps."""
    if item.kind == "journey":
        return [(f"steps.{step.position}.evidence", o)
                for step in item.steps for o in step.evidence]
    return [("evidence", o) for o in getattr(item, "evidence", [])]


def unpublished_evidence(item: Any) -> list[Problem]:
    """One problem per cited observation that is not published (each ref once)."""
    problems, seen = [], set()
    for field, observation in cited(item):
        if observation.status == Status.PUBLISHED.value or observation.ref in seen:
            continue
        seen.add(observation.ref)
        problems.append(Problem(field, msg(
            "%(ref)s “%(title)s” is %(status)s: publish it or remove it from the evidence",
            ref=observation.ref, title=observation.title,
            status=_STATUS_NAMES[observation.status])))
    return problems


def may_publish(item: Any, user: Any) -> bool:
    """Whether `publish(item, user)` would pass the permission and four-eyes rules (pages use
    it so they never offer a button the service will refuse)."""
    return (item.status == Status.IN_REVIEW.value
            and permissions.can(user, permissions.REVIEW_CONTENT)
            and not (item.author_id is not None and item.author_id == getattr(user, "id", None))
            and getattr(user, "id", None) not in editors(item))


def _move(item: Any, actor: User, new_status: str, action: str, comment: str = "") -> Any:
    freeze.require_open()
    if not permissions.can(actor, permissions.WRITE_CONTENT):
        raise PermissionDenied(msg("Only municipal staff may change the status of content."))
    old_status = item.status
    if new_status not in TRANSITIONS.get(old_status, set()):
        raise Conflict(msg("Cannot move %(ref)s from %(old)s to %(new)s.", ref=item.ref,
                           old=old_status, new=new_status))
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
    """Publish an item in review. Neither its author nor anyone who changed this version may
    publish it — admins included."""
    freeze.require_open()
    if not permissions.can(actor, permissions.REVIEW_CONTENT):
        raise PermissionDenied(msg("Only municipal staff may publish."))
    if item.author_id is not None and item.author_id == actor.id:
        raise PermissionDenied(msg(
            "Four-eyes rule: someone other than the author must review and publish this."))
    if actor.id in editors(item):
        raise PermissionDenied(msg(
            "Four-eyes rule: you changed this version, so someone else must review and "
            "publish it."))
    problems = unpublished_evidence(item)
    if problems:
        raise EvidenceNotPublished(problems=problems)
    _move(item, actor, Status.PUBLISHED.value, "publish")
    # The published version is reviewed; the next version starts with no editors.
    db.session.execute(delete(ContentEditor).where(*_key(item)))
    return item


def unpublish(item: Any, actor: User) -> Any:
    return _move(item, actor, Status.DRAFT.value, "unpublish")


def archive(item: Any, actor: User) -> Any:
    return _move(item, actor, Status.ARCHIVED.value, "archive")


def note_edit(item: Any, actor: Any) -> None:
    """`actor` wrote or changed the current version of `item` (a no-op for the system)."""
    user_id = getattr(actor, "id", None)
    if user_id is None:
        return
    if item.id is None:
        db.session.flush()
    insert_ignoring_duplicates(ContentEditor, {
        "object_type": item.kind, "object_id": item.id, "user_id": user_id})


def editors(item: Any) -> set[int]:
    """Ids of the users who changed the version of `item` under review."""
    return set(db.session.scalars(select(ContentEditor.user_id).where(*_key(item))))


def _key(item: Any) -> tuple:
    return ContentEditor.object_type == item.kind, ContentEditor.object_id == item.id


def reopen_if_published(item: Any, actor: Any) -> bool:
    """Called after every change to the content of `item` (write services and imports alike).

    `actor` becomes an editor of the version under review, and published content goes back
    to review: suppliers see it again once someone who did not change it publishes it."""
    note_edit(item, actor)
    if item.status != Status.PUBLISHED.value:
        return False
    item.status = Status.IN_REVIEW.value
    db.session.flush()
    audit.record(actor, f"{item.kind}.reopen", item,
                 {"status": [Status.PUBLISHED.value, Status.IN_REVIEW.value]})
    return True
