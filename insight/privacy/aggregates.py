"""Small-count suppression for aggregates shown outside staff."""

from __future__ import annotations


def suppress_small(counts: dict, threshold: int = 5) -> dict:
    """Counts below threshold (but above 0) become None, so a small group cannot be singled out."""
    return {k: (None if isinstance(v, int) and 0 < v < threshold else v) for k, v in counts.items()}
