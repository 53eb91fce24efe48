"""Tunable ranking constants in one dict, so a benchmark can score other values honestly.

The defaults equal the module constants of `insight.search.ranking` (and the names `core`
imports from it); nothing here changes a ranking unless `override()` is used. The search code
still reads its own module constants: `override()` therefore also sets the same names on the
search modules that are already imported, and restores them afterwards. Once `core` reads
`RANKING[...]` at call time this bridge can go.

Index-time constants (INDEX_TIME) change the stored document weights: after overriding one of
them the index must be rebuilt for the new value to count.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

RANKING: dict[str, float] = {
    # BM25F field weights and length normalisation (index time)
    "W_TITLE": 1.0,
    "W_PARTS": 0.5,
    "W_TAGS": 2.5,
    "B": 0.75,
    # query time
    "COORD": 1.5,
    "COORD_IDF": 0.0,
    "PROXIMITY": 0.35,
    "PHRASE_HIT": 1.0,
    "CONCEPT_MIN": 0.7,
    "FEEDBACK_SHARE": 0.5,
    "FEEDBACK": 0.6,
    "ALSO": 0.4,
}
# K1 is left out: the impact bands of `topk` assume impacts up to K1 + 1.
INDEX_TIME = frozenset({"W_TITLE", "W_PARTS", "W_TAGS", "B"})
DEFAULTS: dict[str, float] = dict(RANKING)
# Modules that hold (or import) these names as globals.
_READERS = ("insight.search.ranking", "insight.search.core", "insight.search.whoosh_backend",
            "insight.search.postgres_backend")


def _set(name: str, value: float) -> None:
    RANKING[name] = value
    for module_name in _READERS:
        module = sys.modules.get(module_name)
        if module is not None and hasattr(module, name):
            setattr(module, name, value)


@contextmanager
def override(**values: float) -> Iterator[dict[str, float]]:
    """Use other values for some ranking constants inside the block (not thread-safe)."""
    unknown = set(values) - set(RANKING)
    if unknown:
        raise KeyError(f"not a ranking constant: {', '.join(sorted(unknown))}")
    saved = {name: RANKING[name] for name in values}
    try:
        for name, value in values.items():
            _set(name, value)
        yield dict(RANKING)
    finally:
        for name, value in saved.items():
            _set(name, value)


def drift() -> dict[str, tuple[float, float]]:
    """Constants whose default here differs from the search core's value (should be empty)."""
    from insight.search import ranking

    return {name: (value, getattr(ranking, name)) for name, value in DEFAULTS.items()
            if getattr(ranking, name, value) != value}
