"""The index's vocabulary: document frequency per key and the commonest surface word per key.

Backends build it from what they have indexed; query planning uses it for typo tolerance,
compound learning and "did you mean".
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA


class Vocabulary:
    def __init__(self, df: Mapping[str, int], surface: Mapping[str, str] | None = None) -> None:
        self.df = dict(df)
        self.surface = dict(surface or {})
        self._keys = list(self.df)

    def __contains__(self, key: str) -> bool:
        return self.df.get(key, 0) > 0

    def near(self, key: str, max_edits: int = 1, limit: int = 4) -> list[str]:
        """Known keys within `max_edits` (Damerau: a swap is one edit), commonest first."""
        if len(key) < 5:
            return []
        found = process.extract(
            key, self._keys, scorer=OSA.distance, score_cutoff=max_edits, limit=50
        )
        keys = [k for k, dist, _ in found if 0 < dist <= max_edits]
        return sorted(keys, key=lambda k: -self.df[k])[:limit]

    def word(self, key: str) -> str:
        return self.surface.get(key, key)

