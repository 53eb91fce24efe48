"""Statistics over published observations, as the viewer may see them.

Counts cover published observations the viewer may read. Staff see exact numbers; everyone
else gets tables with small counts and their complements hidden (insight.privacy.small_counts),
so no cell, total or margin lets a reader single out a small group.

The tables are counted once per content version and visibility class (insight.services.cache):
they only change when something is published or withdrawn, and a staff table is never handed
to anyone else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from insight import permissions
from insight.extensions import db
from insight.models import Observation, Status, VocabularyTerm
from insight.models.observation import observation_theme
from insight.privacy.small_counts import Table, one_way, suppress
from insight.services import cache, vocabulary


@dataclass
class Statistics:
    stay_by_stage: Table  # rows: stay types, columns: journey stages
    by_theme: Table
    by_source: Table
    by_quarter: Table
    exact: bool  # True for staff: nothing hidden


def _visible_published(user: Any) -> list:
    conditions = [Observation.status == Status.PUBLISHED.value]
    visibilities = permissions.visible_visibilities(user)
    if visibilities is not None:
        conditions.append(Observation.visibility.in_(visibilities))
    return conditions


def quarter(month: str) -> str:
    """'2025-05' → '2025 K2' (kvartal); the label is the same in both languages' tables."""
    year, number = month.split("-")
    return f"{year} K{(int(number) - 1) // 3 + 1}"


def _counts(column: Any, user: Any) -> dict[str, int]:
    query = (select(column, func.count()).where(*_visible_published(user)).group_by(column))
    return {value: count for value, count in db.session.execute(query)}


def _theme_counts(user: Any) -> dict[str, int]:
    query = (select(VocabularyTerm.code, func.count())
             .join(observation_theme, observation_theme.c.term_id == VocabularyTerm.id)
             .join(Observation, Observation.id == observation_theme.c.observation_id)
             .where(*_visible_published(user)).group_by(VocabularyTerm.code))
    return {code: count for code, count in db.session.execute(query)}


def _ordered(kind: str, counts: dict[str, int]) -> dict[str, int]:
    """Every code of the vocabulary in its display order, zeros included."""
    return {term.code: counts.get(term.code, 0) for term in vocabulary.terms(kind)}


def by_source(user: Any) -> Table:
    """Observations per source (the landing page's "how the material was gathered"), with
    the same suppression as the statistics page."""
    return cache.cached("statistics.by_source", user, lambda: _by_source(user))


def _by_source(user: Any) -> Table:
    counts = _ordered("source", _counts(Observation.source, user))
    exact = permissions.can(user, permissions.READ_INTERNAL)
    return one_way(counts, threshold=0) if exact else one_way(counts)


def observation_statistics(user: Any) -> Statistics:
    """The four tables of the statistics page, as the viewer may see them."""
    return cache.cached("statistics.tables", user, lambda: _observation_statistics(user))


def _observation_statistics(user: Any) -> Statistics:
    exact = permissions.can(user, permissions.READ_INTERNAL)
    pairs = (select(Observation.stay_type, Observation.journey_stage, func.count())
             .where(*_visible_published(user))
             .group_by(Observation.stay_type, Observation.journey_stage))
    grid = Table([t.code for t in vocabulary.terms("stay_type")],
                 [t.code for t in vocabulary.terms("journey_stage")],
                 {(stay, stage): count for stay, stage, count in db.session.execute(pairs)})
    quarters: Counter[str] = Counter()
    for month, count in _counts(Observation.month, user).items():
        quarters[quarter(month)] += count
    tables = {
        "by_theme": _ordered("theme", _theme_counts(user)),
        "by_source": _ordered("source", _counts(Observation.source, user)),
        "by_quarter": dict(sorted(quarters.items())),
    }
    if exact:
        return Statistics(grid, *(one_way(t, threshold=0) for t in tables.values()), exact=True)
    return Statistics(suppress(grid), *(one_way(t) for t in tables.values()), exact=False)
