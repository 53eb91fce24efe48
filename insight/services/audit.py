"""Writing audit events, in the same transaction as the change they describe."""

from __future__ import annotations

from typing import Any

from insight.extensions import db
from insight.models import AuditEvent


def object_key(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    kind = getattr(obj, "kind", None) or obj.__class__.__name__.lower()
    key = getattr(obj, "ref", None) or getattr(obj, "id", None) or getattr(obj, "email", "")
    return kind, str(key)


def record(actor: Any, action: str, obj: Any = None, changes: dict | None = None) -> AuditEvent:
    """Add an audit event for `action` by `actor` on `obj` to the current transaction."""
    object_type, object_id = object_key(obj)
    actor_id = getattr(actor, "id", None) if actor is not None else None
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=_jsonable(changes or {}),
    )
    db.session.add(event)
    return event


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
