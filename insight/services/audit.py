"""Writing audit events, in the same transaction as the change they describe."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from insight.extensions import db
from insight.models import AuditEvent, User


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


@dataclass
class EventFilter:
    actor: str = ""  # e-mail, or part of it
    action: str = ""  # e.g. "observation.publish" or a prefix such as "auth."
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None  # inclusive


def events_query(filters: EventFilter) -> Select:
    """Audit events matching the filters, newest first."""
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if filters.actor:
        query = query.join(User, AuditEvent.actor_id == User.id).where(
            User.email.ilike(f"%{filters.actor.strip()}%"))
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action.strip()))
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type.strip())
    if filters.object_id:
        query = query.where(AuditEvent.object_id == filters.object_id.strip())
    if filters.since:
        query = query.where(AuditEvent.created_at >= _start_of(filters.since))
    if filters.until:
        query = query.where(AuditEvent.created_at < _start_of(filters.until + timedelta(days=1)))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def history(object_type: str, object_id: str) -> list[AuditEvent]:
    """Every change to one object, oldest first: its history page."""
    query = events_query(EventFilter(object_type=object_type, object_id=object_id))
    return list(db.session.scalars(query.order_by(None).order_by(AuditEvent.id)))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(
        AuditEvent.action)))


CSV_COLUMNS = ["time", "actor", "action", "object_type", "object_id", "changes"]


def csv_lines(filters: EventFilter) -> Iterator[str]:
    """The filtered log as CSV text, streamed in chunks (the log may be large)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    query = events_query(filters).execution_options(yield_per=500)
    for event in db.session.scalars(query):
        writer.writerow([event.created_at.isoformat(), event.actor.email if event.actor else "",
                         event.action, event.object_type, event.object_id,
                         json.dumps(event.changes, ensure_ascii=False)])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
