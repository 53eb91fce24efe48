"""Statistics over published observations, as the viewer may see them.

Counts cover published observations the viewer may read. Staff see exact numbers; everyone
else gets tables with small counts and their complements hidden (insight.privacy.small_counts),
so no cell, total or margin lets a reader single out a small group.

Everything here is made from one *census* of published observations (insight.services.census:
counted once a process, then brought up to date from the change log at each content version):
figures only change when something is published or withdrawn. Each reader's figures keep only
the visibilities that reader may see before anything is summed, and are cached per visibility
class, so a staff figure is never handed to anyone else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from insight import permissions
from insight.privacy.small_counts import Table, one_way, suppress
from insight.services import cache, census, vocabulary


@dataclass
class Statistics:
    stay_by_stage: Table  # rows: stay types, columns: journey stages
    by_theme: Table
    by_source: Table
    by_quarter: Table
    exact: bool  # True for staff: nothing hidden


def _visible(user: Any, counts: dict[tuple[str, ...], int]) -> dict[tuple[str, ...], int]:
    visibilities = permissions.visible_visibilities(user)
    if visibilities is None:
        return counts
    return {key: count for key, count in counts.items() if key[0] in visibilities}


def _cells(user: Any) -> dict[tuple[str, ...], int]:
    """The census cells `user` may see."""
    return _visible(user, census.current().cells)


def _themes(user: Any) -> dict[tuple[str, ...], int]:
    """The theme counts `user` may see."""
    return _visible(user, census.current().themes)


def _sum(cells: dict[tuple, int], position: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for key, count in cells.items():
        counts[key[position]] += count
    return dict(counts)


def observation_count(user: Any) -> int:
    """Published observations the user may read."""
    return sum(_cells(user).values())


def period(user: Any) -> tuple[str | None, str | None]:
    """The first and last month of the published observations the user may read."""
    months = [key[4] for key in _cells(user)]
    return (min(months), max(months)) if months else (None, None)


def quarter(month: str) -> str:
    """'2025-05' → '2025 K2' (kvartal); the label is the same in both languages' tables."""
    year, number = month.split("-")
    return f"{year} K{(int(number) - 1) // 3 + 1}"


def _ordered(kind: str, counts: dict[str, int]) -> dict[str, int]:
    """Every code of the vocabulary in its display order, zeros included."""
    return {term.code: counts.get(term.code, 0) for term in vocabulary.terms(kind)}


def by_source(user: Any) -> Table:
    """Observations per source (the landing page's "how the material was gathered"), with
    the same suppression as the statistics page."""
    return cache.cached("statistics.by_source", user, lambda: _by_source(user))


def _by_source(user: Any) -> Table:
    counts = _ordered("source", _sum(_cells(user), 3))
    exact = permissions.can(user, permissions.READ_INTERNAL)
    return one_way(counts, threshold=0) if exact else one_way(counts)


def observation_statistics(user: Any) -> Statistics:
    """The four tables of the statistics page, as the viewer may see them."""
    return cache.cached("statistics.tables", user, lambda: _observation_statistics(user))


def _observation_statistics(user: Any) -> Statistics:
    exact = permissions.can(user, permissions.READ_INTERNAL)
    cells = _cells(user)
    pairs: Counter[tuple[str, str]] = Counter()
    for (_, stay, stage, _, _), count in cells.items():
        pairs[(stay, stage)] += count
    grid = Table([t.code for t in vocabulary.terms("stay_type")],
                 [t.code for t in vocabulary.terms("journey_stage")], dict(pairs))
    quarters: Counter[str] = Counter()
    for month, count in _sum(cells, 4).items():
        quarters[quarter(month)] += count
    tables = {
        "by_theme": _ordered("theme", _sum(_themes(user), 1)),
        "by_source": _ordered("source", _sum(cells, 3)),
        "by_quarter": dict(sorted(quarters.items())),
    }
    if exact:
        return Statistics(grid, *(one_way(t, threshold=0) for t in tables.values()), exact=True)
    return Statistics(suppress(grid), *(one_way(t) for t in tables.values()), exact=False)
