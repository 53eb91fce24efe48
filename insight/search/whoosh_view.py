"""One Whoosh searcher's view of the index as a `core.IndexView`: posting lists, filter bitmaps
and the vocabulary, cached per segment (segments never change once written; only their
deletions do), so a new commit costs a small new segment's reads, not a cold cache.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from whoosh.searching import Searcher

from insight.search.topk import Tiers, shifted
from insight.search.vocabulary import Vocabulary, surface_word
from insight.search.whoosh_store import Segment, member

if TYPE_CHECKING:
    from insight.search.whoosh_backend import WhooshBackend

_SEGMENTS: dict[tuple[str, str], Segment] = {}
_SEGMENTS_LOCK = threading.Lock()


class View:
    """One searcher's view of the index, with the caches valid while it is current."""

    def __init__(self, backend: WhooshBackend, searcher: Searcher) -> None:
        self.backend = backend
        self.s = searcher
        self.n_docs = searcher.doc_count()
        self.size = searcher.doc_count_all()
        self.cache: dict = {}  # global bitmaps, vocabulary, merged postings
        self.warm()

    def warm(self) -> None:
        """Load what every search needs (filter and facet bitmaps) when a searcher opens.

        Per-segment caches survive commits, so after a small commit only the new segment is
        read; without this the first search after a commit would pay for it.
        """
        self.live()
        for r, _, seg in self.leaves():
            seg.by_date(r)
        for t in self.facet_terms():
            self._bits("facet", t)
        for t in self.s.reader().lexicon("access"):
            self._bits("access", t.decode())

    def leaves(self) -> list[tuple[object, int, Segment]]:
        leaves = self.cache.get("leaves")
        if leaves is None:
            leaves = []
            root = os.path.abspath(self.backend.index_dir)
            with _SEGMENTS_LOCK:
                live = set()
                for r, off in self.s.reader().leaf_readers():
                    if r.segment() is None:  # an empty index
                        continue
                    sid = (root, r.segment().segment_id())
                    live.add(sid)
                    leaves.append((r, off, _SEGMENTS.setdefault(sid, Segment())))
                for sid in [k for k in _SEGMENTS if k[0] == root]:
                    if sid not in live:  # merged away
                        del _SEGMENTS[sid]
            self.cache["leaves"] = leaves
        return leaves

    def _bits(self, field: str, text: str) -> int:
        ck = ("bits", field, text)
        bits = self.cache.get(ck)
        if bits is None:
            bits = 0
            for r, off, seg in self.leaves():
                bits |= seg.bitmap(r, field, text) << off
            self.cache[ck] = bits
        return bits

    def bits(self, term: str) -> int:
        return self._bits("access" if term.startswith(ACCESS) else "facet", term)

    def live(self) -> int:
        bits = self.cache.get("live")
        if bits is None:
            bits = 0
            for r, off, seg in self.leaves():
                bits |= seg.alive(r) << off
            self.cache["live"] = bits
        return bits

    def facet_terms(self) -> list[str]:
        terms = self.cache.get("facets")
        if terms is None:
            terms = self.cache["facets"] = [t.decode() for t in self.s.reader().lexicon("facet")]
        return terms

    def load(self, keys: Iterable[str]) -> None:
        """Nothing to read ahead: posting lists are read (and cached) on first use."""

    def postings(self, k: str) -> dict[int, float]:
        leaves = self.leaves()
        if len(leaves) == 1:
            r, _, seg = leaves[0]
            return seg.posting(r, k)
        ck = ("post", k)
        p = self.cache.get(ck)
        if p is None:
            p = {}
            for r, off, seg in leaves:
                local = seg.posting(r, k)
                p.update(local if not off else {d + off: v for d, v in local.items()})
            self.cache[ck] = p
        return p

    def tiers(self, k: str) -> Tiers:
        ck = ("tiers", k)
        t = self.cache.get(ck)
        if t is None:
            t = self.cache[ck] = shifted([(seg.tiers_of(r, k), off)
                                          for r, off, seg in self.leaves()])
        return t

    def vocabulary(self) -> Vocabulary:
        vocab = self.cache.get("vocab")
        if vocab is None:
            leaves = sorted(self.leaves(), key=lambda x: -x[0].doc_count_all())
            df = dict(leaves[0][2].term_df(leaves[0][0])) if leaves else {}
            for r, _, seg in leaves[1:]:
                get = df.get
                for k, n in seg.term_df(r).items():
                    df[k] = get(k, 0) + n
            words = {k: surface_word(w for w, n in ws.items() if n > 0)
                     for k, ws in self.backend.surface().items()
                     if any(n > 0 for n in ws.values())}
            vocab = self.cache["vocab"] = Vocabulary(df, words)
        return vocab

    def newest(self, match: int, n: int) -> list[int]:
        """The n newest matching documents, from per-segment date orders."""
        is_match = member(match)
        found: list[tuple[int, str, int]] = []
        for r, off, seg in self.leaves():
            dates, order = seg.by_date(r)
            ids = seg.doc_ids(r)
            taken = 0
            for d in order:
                if is_match(d + off):
                    found.append((dates[d], ids[d], d + off))
                    taken += 1
                    if taken >= n:
                        break
        found.sort(key=lambda x: (-x[0], x[1]))
        return [d for _, _, d in found[:n]]

    def stored(self, docs: Iterable[int]) -> dict[int, dict[str, Any]]:
        return {d: self.s.stored_fields(d)["stored"] for d in docs}

    def doc_ids(self, docs: Iterable[int]) -> dict[int, str]:
        out = {}
        leaves = self.leaves()
        offsets = [off for _, off, _ in leaves]
        for d in docs:
            i = bisect_right(offsets, d) - 1
            r, off, seg = leaves[i]
            out[d] = seg.doc_ids(r)[d - off]
        return out


ACCESS = ("status=", "visibility=")  # terms of the access field; all others are facets
