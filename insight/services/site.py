"""Site settings (municipality, competition, dates) and the orientation the landing page gives.

Settings are not screened for personal data: they name a municipality, a competition and a
functional contact point, and only administrators write them. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import SiteSettings
from insight.privacy.small_counts import Table
from insight.services import audit, cache, changelog, statistics
from insight.services.errors import InvalidInput, PermissionDenied, Problem

TEXT_LIMITS = {"municipality": 200, "competition_title": 300, "competition_summary": 4000,
               "contact": 300}
DATE_FIELDS = ("dialogue_opens", "questions_close", "announcement")


def current() -> SiteSettings:
    """The settings row; an unsaved empty one until an administrator saves the first time."""
    return db.session.get(SiteSettings, 1) or SiteSettings(
        id=1, municipality="", competition_title="", competition_summary="", contact="")


def _problems(data: dict[str, Any]) -> list[Problem]:
    problems = []
    for name, limit in TEXT_LIMITS.items():
        if len(data.get(name) or "") > limit:
            problems.append(Problem(name, msg("must be at most %(limit)s characters",
                                              limit=limit)))
    for name in DATE_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], date):
            problems.append(Problem(name, msg("must be a date written YYYY-MM-DD")))
    opens, closes = data.get("dialogue_opens"), data.get("questions_close")
    if isinstance(opens, date) and isinstance(closes, date) and closes < opens:
        problems.append(Problem("questions_close",
                                msg("must not be before the dialogue opens")))
    return problems


def update(data: dict[str, Any], actor: Any) -> SiteSettings:
    if not permissions.can(actor, permissions.MANAGE_SETTINGS):
        raise PermissionDenied(msg("Only administrators change the site settings."))
    problems = _problems(data)
    if problems:
        raise InvalidInput(problems=problems)
    settings = current()
    changes = {}
    for name in (*TEXT_LIMITS, *DATE_FIELDS):
        if name in data:
            value = data[name].strip() if isinstance(data[name], str) else data[name]
            if getattr(settings, name) != value:
                changes[name] = [str(getattr(settings, name) or ""), str(value or "")]
                setattr(settings, name, value)
    db.session.add(settings)
    db.session.flush()
    audit.record(actor, "settings.update", None, changes)
    return settings


@dataclass
class Orientation:
    """What a first-time bidder needs to know, as far as the reader may see."""

    settings: SiteSettings
    counts: dict[str, int]
    sources: Table
    first_month: str | None
    last_month: str | None
    new_since_last_visit: int


def orientation(user: Any, counts: dict[str, int], last_seen_change: int | None
                ) -> Orientation:
    """Counts, sources and period are counted once per content version and visibility class
    (insight.services.cache); "new since your last visit" is the reader's own."""
    first, last = cache.cached("site.period", user, lambda: statistics.period(user))
    new = 0
    if last_seen_change is not None:
        new = changelog.count_after(user, last_seen_change, limit=1000)
    return Orientation(current(), counts, statistics.by_source(user),
                       first, last, new)
