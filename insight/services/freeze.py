"""Freeze: when the competition is announced, an administrator makes the content read-only.

While frozen, every content write is refused in the services, so web forms, the API, the CLI
import and demo data inherit it: the shared write step (`writing.require_writer`), status
changes (`publishing`), questions and answers, and imports. Not frozen, on purpose: the search
thesaurus and the search index (search configuration: they change how content is found, not
what anyone may read nor the bid pack), user accounts and API tokens, and the site settings
themselves. Freezing and unfreezing are audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from insight import permissions
from insight.extensions import db
from insight.messages import Message, msg
from insight.models import SiteSettings
from insight.models.base import utcnow
from insight.services import audit
from insight.services.errors import Conflict, PermissionDenied

READ_ONLY = msg("The material is frozen because the competition is announced: content is "
                "read-only.")
QUESTIONS_CLOSED = msg("The material is frozen because the competition is announced: questions "
                       "now go through the tender (Doffin / KGV), not through Innsikt.")


class Frozen(Conflict):
    """A write while the repository is frozen."""


def _settings() -> SiteSettings | None:
    return db.session.get(SiteSettings, 1)


def frozen_at() -> datetime | None:
    """When the repository was frozen, or None while it is open."""
    settings = _settings()
    return settings.frozen_at if settings is not None else None


def is_frozen() -> bool:
    return frozen_at() is not None


def require_open(message: Message = READ_ONLY) -> None:
    """Refuse a write while frozen."""
    if is_frozen():
        raise Frozen(message)


def _admin(actor: Any) -> None:
    if not permissions.can(actor, permissions.MANAGE_SETTINGS):
        raise PermissionDenied(msg("Only administrators freeze or unfreeze the material."))


def freeze(actor: Any) -> SiteSettings:
    _admin(actor)
    if is_frozen():
        raise Conflict(msg("The material is already frozen."))
    settings = _settings() or SiteSettings(id=1, municipality="", competition_title="",
                                           competition_summary="", contact="")
    settings.frozen_at = utcnow()
    db.session.add(settings)
    db.session.flush()
    audit.record(actor, "site.freeze", None, {"frozen_at": settings.frozen_at.isoformat()})
    return settings


def unfreeze(actor: Any) -> SiteSettings:
    _admin(actor)
    settings = _settings()
    if settings is None or settings.frozen_at is None:
        raise Conflict(msg("The material is not frozen."))
    since = settings.frozen_at
    settings.frozen_at = None
    db.session.flush()
    audit.record(actor, "site.unfreeze", None, {"frozen_at": since.isoformat()})
    return settings
