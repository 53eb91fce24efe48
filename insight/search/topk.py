"""Safe top-k for the first stage, on bitmaps (Python ints) instead of scoring every match.

Each key's postings are also kept as *impact tiers*: one bitmap per band of BM25F impact. For a
query, a document's upper bound is its score with every impact replaced by its tier's ceiling
(coordination, at most 1, left out);
the bounds of all documents are added at once as bit-sliced integers (one big int per bit), so
the cost grows with the number of clause alternatives, not with the number of matches. Then:

1. the k documents with the highest bounds are scored exactly; the k-th score is a lower
   bound of the true k-th best score;
2. every document whose bound reaches that score is scored exactly, and the best k win.

No document outside step 2 can beat the k-th score, so the result is that of exhaustive
scoring. Equal scores are ordered by `tie` (the backends give document ids), so the order of
documents in the index, which depends on the order they were written, never shows.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

# Upper edges of the impact bands (impacts lie in (0, K1 + 1] = (0, 2.2]).
TIER_EDGES = (0.15, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.55, 1.75, 2.2)
UNITS = 250  # resolution of the bound: the largest possible bound is this many units

Tiers = list[tuple[float, int]]  # (band ceiling, bitmap)


def bitmap(ids: Iterable[int], n: int) -> int:
    buf = bytearray((n >> 3) + 1)
    for d in ids:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


def members(bits: int) -> list[int]:
    """Document numbers of the set bits, ascending."""
    s = bin(bits)[:1:-1]  # little-endian string of bits
    out, find, i = [], s.find, s.find("1")
    while i >= 0:
        out.append(i)
        i = find("1", i + 1)
    return out


def tiers(posting: Mapping[int, float], n: int) -> Tiers:
    """Impact bands of one posting list: [(ceiling, bitmap)], highest band first."""
    items = sorted(posting.items(), key=itemgetter(1), reverse=True)
    values = [-v for _, v in items]  # ascending, for bisect
    out, start = [], 0
    for edge in reversed(TIER_EDGES[:-1]):
        end = bisect_left(values, -edge)  # items with impact > edge
        if end > start:
            out.append((_ceiling(items[start][1]), bitmap((d for d, _ in items[start:end]), n)))
        start = end
    if start < len(items):
        out.append((TIER_EDGES[0], bitmap((d for d, _ in items[start:]), n)))
    return out


def _ceiling(v: float) -> float:
    return TIER_EDGES[min(bisect_left(TIER_EDGES, v), len(TIER_EDGES) - 1)]


def shifted(parts: Sequence[tuple[Tiers, int]]) -> Tiers:
    """Tiers of several segments joined into global document numbers (segment offsets)."""
    out: dict[float, int] = {}
    for ts, off in parts:
        for ceil, bits in ts:
            out[ceil] = out.get(ceil, 0) | (bits << off)
    return sorted(out.items(), reverse=True)


def _add(a: list[int], b: list[int]) -> list[int]:
    """Bit-sliced addition of two non-negative integer vectors."""
    out, carry = [], 0
    for p in range(max(len(a), len(b))):
        x = a[p] if p < len(a) else 0
        y = b[p] if p < len(b) else 0
        xy = x ^ y
        out.append(xy ^ carry)
        carry = (x & y) | (carry & xy)
    if carry:
        out.append(carry)
    return out


def _at_least(planes: list[int], t: int, universe: int) -> int:
    """Documents of `universe` whose bit-sliced value is ≥ t."""
    if t <= 0:
        return universe
    if t >= 1 << len(planes):
        return 0
    gt, eq = 0, universe
    for p in range(len(planes) - 1, -1, -1):
        if (t >> p) & 1:
            eq &= planes[p]
        else:
            gt |= eq & planes[p]
            eq &= ~planes[p]
    return gt | eq


def _top_bound(planes: list[int], k: int, universe: int) -> int:
    """The documents with the k highest values (ties at the k-th included)."""
    g, e = 0, universe
    for p in range(len(planes) - 1, -1, -1):
        x = g | (e & planes[p])
        n = x.bit_count()
        if n > k:
            e &= planes[p]
        elif n == k:
            return x
        else:
            g = x
            e &= ~planes[p]
    return g | e


Clause = tuple[float, dict[str, float]]  # (factor, alternative key → weight)


def _planes(levels: dict[int, int]) -> list[int]:
    """Bit planes of per-document levels given as {level: bitmap} (the highest level wins)."""
    seen = 0
    planes: list[int] = []
    for lv in sorted(levels, reverse=True):
        only = levels[lv] & ~seen
        seen |= levels[lv]
        if not only:
            continue
        for p in range(lv.bit_length()):
            if (lv >> p) & 1:
                while len(planes) <= p:
                    planes.append(0)
                planes[p] |= only
    return planes


def bound_planes(clauses: Sequence[Clause], tiers_of: Callable[[str], Tiers],
                 also: float = 0.0) -> list[int]:
    """Bit-sliced upper bound (in units) of every document's first-stage score.

    A clause is worth its best alternative + also × its second best (see
    `core.EngineBase.score`), at most (1 − also) × the best + also × the sum of all of them;
    each part is bounded by the alternatives' tier ceilings.
    """
    top = sum(f * sum(alts.values()) for f, alts in clauses) * TIER_EDGES[-1]
    unit = top / UNITS if top > 0 else 1.0
    total: list[int] = []
    for f, alts in clauses:
        best: dict[int, int] = {}
        for k, w in alts.items():
            own: dict[int, int] = {}
            for ceil, bits in tiers_of(k):
                lv = math.ceil(f * (1 - also) * w * ceil / unit - 1e-9)
                best[lv] = best.get(lv, 0) | bits
                if also:
                    lv = math.ceil(f * also * w * ceil / unit - 1e-9)
                    own[lv] = own.get(lv, 0) | bits
            if own:
                total = _add(total, _planes(own))
        total = _add(total, _planes(best))
    return [*total, unit]  # the unit rides along as the last item


def top_k(k: int, universe: int, planes_unit: list, exact: Callable[[list[int]], dict[int, float]],
          tie: Callable[[list[int]], Mapping[int, Any]] | None = None
          ) -> list[tuple[int, float]]:
    """The k best (doc, score) of `universe`, given bounds and an exact scorer of documents.

    `tie` gives the sort keys of documents whose scores are equal (asked only for those that
    decide the order); without it, equal scores go by document number.
    """
    if not universe or k <= 0:
        return []
    *planes, unit = planes_unit
    if universe.bit_count() <= k:
        scores = exact(members(universe))
    else:
        seen = _top_bound(planes, k, universe)
        scores = exact(members(seen))
        kth = sorted(scores.values(), reverse=True)[k - 1] if len(scores) >= k else 0.0
        cand = _at_least(planes, math.floor(kth / unit * (1 - 1e-9)), universe) & ~seen
        scores.update(exact(members(cand)))
    return best(scores, k, tie)


def best(scores: Mapping[int, float], k: int,
         tie: Callable[[list[int]], Mapping[int, Any]] | None = None) -> list[tuple[int, float]]:
    """The k best (doc, score) pairs, equal scores ordered by `tie` (else document number)."""
    ranked = sorted(scores.items(), key=lambda x: (-x[1], x[0]))
    if tie is None or len(ranked) < 2:
        return ranked[:k]
    # Only scores shared by two documents within the first k (or across the cut) need keys.
    cut = ranked[min(k, len(ranked)) - 1][1]
    counts = Counter(s for _, s in ranked if s >= cut)
    tied = [d for d, s in ranked if s >= cut and counts[s] > 1]
    if not tied:
        return ranked[:k]
    keys = tie(tied)
    return sorted(ranked, key=lambda x: (-x[1], keys.get(x[0], ""), x[0]))[:k]
