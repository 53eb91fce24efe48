"""Who may do what: the one place that maps roles to permissions and content visibility."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, true

from insight.models import Status, Visibility

ANONYMOUS = "anonymous"

READ_PUBLIC = "content.read_public"
READ_SUPPLIERS = "content.read_suppliers"
READ_INTERNAL = "content.read_internal"
WRITE_CONTENT = "content.write"
REVIEW_CONTENT = "content.review"
ASK_QUESTIONS = "questions.ask"
ANSWER_QUESTIONS = "questions.answer"
EXPORT = "content.export"
MANAGE_USERS = "users.manage"
MANAGE_VOCABULARIES = "vocabularies.manage"
READ_AUDIT = "audit.read"
MANAGE_SEARCH = "search.manage"
MANAGE_SETTINGS = "settings.manage"
PUBLISH_IMPORT = "content.publish_import"  # publish a whole file at once, without review
USE_ACCOUNT = "account.use"

_SUPPLIER = {READ_PUBLIC, READ_SUPPLIERS, ASK_QUESTIONS, EXPORT, USE_ACCOUNT}
_STAFF = _SUPPLIER - {ASK_QUESTIONS} | {
    READ_INTERNAL, WRITE_CONTENT, REVIEW_CONTENT, ANSWER_QUESTIONS,
}
_ADMIN = _STAFF | {MANAGE_USERS, MANAGE_VOCABULARIES, READ_AUDIT, MANAGE_SEARCH,
                   MANAGE_SETTINGS, PUBLISH_IMPORT}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    ANONYMOUS: frozenset({READ_PUBLIC}),
    "supplier": frozenset(_SUPPLIER),
    "staff": frozenset(_STAFF),
    "admin": frozenset(_ADMIN),
}


def role_of(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return user.role


def can(user: Any, permission: str) -> bool:
    return can_role(role_of(user), permission)


def can_role(role: str, permission: str) -> bool:
    """Whether a role (e.g. one an admin is about to assign) holds a permission."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())



def visible_visibilities(user: Any) -> list[str] | None:
    """Visibilities this user may read among published content; None means everything."""
    if can(user, READ_INTERNAL):
        return None
    if can(user, READ_SUPPLIERS):
        return [Visibility.PUBLIC.value, Visibility.SUPPLIERS.value]
    return [Visibility.PUBLIC.value]


def visible_clause(model: Any, user: Any) -> ColumnElement[bool]:
    """SQL condition that keeps only the rows of `model` that `user` may read."""
    visibilities = visible_visibilities(user)
    if visibilities is None:
        return true()
    return and_(model.status == Status.PUBLISHED.value, model.visibility.in_(visibilities))


def can_read(user: Any, item: Any) -> bool:
    visibilities = visible_visibilities(user)
    if visibilities is None:
        return True
    return item.status == Status.PUBLISHED.value and item.visibility in visibilities


def permission_required(permission: str) -> Callable:
    """View decorator: anonymous users go to the login page, others without the right get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not can(current_user, permission):
                if not current_user.is_authenticated:
                    from insight.extensions import login_manager

                    return login_manager.unauthorized()
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # read by the access-matrix test
        return wrapped

    return decorator
