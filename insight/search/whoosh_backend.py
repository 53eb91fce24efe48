"""Whoosh backend: a file index shared by all app processes on one machine.

Only one writer at a time across processes (`ix.writer(timeout=…)`); readers refresh their
searcher on every search so they see new commits. The index holds one posting per document and
key whose weight is the key's BM25F impact (see `core`), so a query reads one posting list per
alternative. Posting lists and filter bitmaps are cached per *segment* (segments never change
once written; only their deletions do), so a new commit costs a small new segment's reads, not
a cold cache. Facet counts and totals are bitmaps (Python ints); only the page shown is
highlighted.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import UTC, datetime

from whoosh import index, writing
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.searching import Searcher

from insight.search import SearchDocument, SearchQuery, SearchResults
from insight.search.core import (
    ALSO,
    FEEDBACK_DOCS,
    FEW_RESULTS,
    PARALLEL_MIN,
    RERANK,
    TAG_FACETS,
    EngineBase,
    intersect,
    split_facet,
)
from insight.search.query import AND, QueryPlan, conjunction_parts
from insight.search.topk import Tiers, bound_planes, shifted, tiers, top_k
from insight.search.vocabulary import Vocabulary

SURFACE = "surface.json"  # key → {word: count}: the words shown for typo corrections
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_CACHED = 4000  # posting lists kept per segment
MAX_TIERS = 1000  # impact-tier bitmaps kept per segment


MERGE_FACTOR = 8  # segments of one size class (a power of 8 documents) before they merge


def merge_by_size(writer, segments):
    """Merge policy: merge segments of similar size once MERGE_FACTOR of them exist.

    Every document is re-written about log8(N) times in all. Whoosh's default policy would
    merge almost the whole index into the new segment from time to time, which at 100k
    documents costs more than the documents being added.
    """
    from whoosh.reading import SegmentReader

    classes: dict[int, list] = {}
    keep = []
    for seg in segments:
        live = seg.doc_count()
        if live * 2 < seg.doc_count_all():  # mostly deleted: rewrite it with the next merge
            classes.setdefault(-1, []).append(seg)
            continue
        classes.setdefault(max(0, live.bit_length() - 1) // 3, []).append(seg)
    merge = classes.pop(-1, [])
    for segs in classes.values():
        if len(segs) >= MERGE_FACTOR:
            merge.extend(segs)
        else:
            keep.extend(segs)
    if len(merge) < 2 and not any(s.doc_count() < s.doc_count_all() for s in merge):
        return segments
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return keep


class PreAnalyzed(Tokenizer):
    """Tokens analysed in Python already: "key<TAB>weight" lines."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kw):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kw)
        for i, line in enumerate(value.split("\n")):
            if not line:
                continue
            text, _, weight = line.partition("\t")
            t.text = text
            t.boost = float(weight or 1.0)
            t.stopped = False
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar = t.endchar = 0
            yield t


def _schema() -> Schema:
    pre = PreAnalyzed()
    return Schema(
        doc_id=ID(unique=True, stored=True),
        stored=STORED,  # doc fields needed for hits, re-ranking and drift checks
        terms=TEXT(analyzer=pre, phrase=False),  # key → BM25F impact (the posting weight)
        facet=TEXT(analyzer=pre, phrase=False),
        access=TEXT(analyzer=pre, phrase=False),
        date=COLUMN(NumericColumn("q", default=0)),  # a column only: never queried
    )


def _bitmap(ids: Iterable[int], n: int) -> int:
    buf = bytearray((n >> 3) + 1)
    for d in ids:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


def _read(m) -> dict[int, float]:
    """All (docnum → weight) of a posting list, a block at a time where possible."""
    if isinstance(m, W3LeafMatcher):
        out: dict[int, float] = {}
        while m.is_active():
            m._read_ids()
            m._read_weights()
            out.update(zip(m._ids, m._weights, strict=True))
            m._next_block()
        return out
    out = {}
    while m.is_active():
        out[m.id()] = m.weight()
        m.next()
    return out


def _member(bits: int):
    """A fast membership test for one bitmap (its bytes, not big-int shifts)."""
    ok = bits.to_bytes((bits.bit_length() + 7) >> 3 or 1, "little")
    size = len(ok)

    def test(d: int) -> bool:
        return (d >> 3) < size and (ok[d >> 3] >> (d & 7)) & 1 == 1

    return test


class _Segment:
    """Per-segment cache: posting lists and term bitmaps (segment-local document numbers)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.postings: OrderedDict[str, dict[int, float]] = OrderedDict()
        self.bits: dict[tuple[str, str], int] = {}
        self.live: tuple[int, int] | None = None  # (deleted count, bitmap)
        self.dates: tuple[list[int], list[int]] | None = None
        self.tiers: OrderedDict[str, Tiers] = OrderedDict()
        self.df: dict[str, int] | None = None

    def term_df(self, reader) -> dict[str, int]:
        """Document frequency of every key in this segment (deleted documents included)."""
        if self.df is None:
            self.df = {t.decode(): i.doc_frequency() for t, i in reader.iter_field("terms")}
        return self.df

    def tiers_of(self, reader, k: str) -> Tiers:
        with self.lock:
            t = self.tiers.get(k)
            if t is not None:
                self.tiers.move_to_end(k)
                return t
        t = tiers(self.posting(reader, k), reader.doc_count_all())
        with self.lock:
            self.tiers[k] = t
            while len(self.tiers) > MAX_TIERS:
                self.tiers.popitem(last=False)
        return t

    def posting(self, reader, k: str) -> dict[int, float]:
        with self.lock:
            p = self.postings.get(k)
            if p is not None:
                self.postings.move_to_end(k)
                return p
        p = _read(reader.postings("terms", k)) if ("terms", k) in reader else {}
        with self.lock:
            self.postings[k] = p
            while len(self.postings) > MAX_CACHED:
                self.postings.popitem(last=False)
        return p

    def bitmap(self, reader, field: str, text: str) -> int:
        b = self.bits.get((field, text))
        if b is None:
            if field == "terms":
                ids: Iterable[int] = self.posting(reader, text)
            elif (field, text) in reader:
                ids = reader.postings(field, text).all_ids()
            else:
                ids = ()
            b = self.bits[field, text] = _bitmap(ids, reader.doc_count_all())
        return b

    def by_date(self, reader) -> tuple[list[int], list[int]]:
        """Dates of the segment's documents and their docnums, newest first."""
        if self.dates is None:
            col = reader.column_reader("date")
            dates = [col[d] for d in range(reader.doc_count_all())]
            order = sorted(range(len(dates)), key=lambda d: (-dates[d], d))
            self.dates = (dates, order)
        return self.dates

    def alive(self, reader) -> int:
        deleted = reader.doc_count_all() - reader.doc_count()
        if self.live is None or self.live[0] != deleted:
            self.live = (deleted, _bitmap(reader.all_doc_ids(), reader.doc_count_all()))
        return self.live[1]


_SEGMENTS: dict[tuple[str, str], _Segment] = {}
_SEGMENTS_LOCK = threading.Lock()


class WhooshBackend(EngineBase):
    def __init__(self, index_dir: str, writer_timeout: float = 30.0,
                 thesaurus: str | None = None) -> None:
        super().__init__(thesaurus)
        self.index_dir = index_dir
        self.writer_timeout = writer_timeout
        os.makedirs(index_dir, exist_ok=True)
        if index.exists_in(index_dir):
            self.ix = index.open_dir(index_dir)
        else:
            self.ix = index.create_in(index_dir, _schema())
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._cache: dict = {}  # per searcher: global bitmaps, vocabulary, merged postings

    # --- reading ---------------------------------------------------------------------------

    def _current(self) -> Searcher:
        with self._lock:
            if self._searcher is None or not self._searcher.up_to_date():
                if self._searcher is not None:
                    self._searcher.close()
                self._searcher = self.ix.searcher()
                self._cache = {}
                self._warm(self._searcher)
            return self._searcher

    def _warm(self, s: Searcher) -> None:
        """Load what every search needs (filter and facet bitmaps) when a searcher opens.

        Per-segment caches survive commits, so after a small commit only the new segment is
        read; without this the first search after a commit would pay for it.
        """
        self._live(s)
        for r, _, seg in self._leaves(s):
            seg.by_date(r)
        for t in self._facet_terms(s):
            self._bits(s, "facet", t)
        for t in s.reader().lexicon("access"):
            self._bits(s, "access", t.decode())

    def _leaves(self, s: Searcher) -> list[tuple[object, int, _Segment]]:
        leaves = self._cache.get("leaves")
        if leaves is None:
            leaves = []
            with _SEGMENTS_LOCK:
                live = set()
                for r, off in s.reader().leaf_readers():
                    if r.segment() is None:  # an empty index
                        continue
                    sid = (os.path.abspath(self.index_dir), r.segment().segment_id())
                    live.add(sid)
                    leaves.append((r, off, _SEGMENTS.setdefault(sid, _Segment())))
                for sid in [k for k in _SEGMENTS if k[0] == os.path.abspath(self.index_dir)]:
                    if sid not in live:  # merged away
                        del _SEGMENTS[sid]
            self._cache["leaves"] = leaves
        return leaves

    def _bits(self, s: Searcher, field: str, text: str) -> int:
        ck = ("bits", field, text)
        bits = self._cache.get(ck)
        if bits is None:
            bits = 0
            for r, off, seg in self._leaves(s):
                bits |= seg.bitmap(r, field, text) << off
            self._cache[ck] = bits
        return bits

    def _live(self, s: Searcher) -> int:
        bits = self._cache.get("live")
        if bits is None:
            bits = 0
            for r, off, seg in self._leaves(s):
                bits |= seg.alive(r) << off
            self._cache["live"] = bits
        return bits

    def _postings(self, s: Searcher, k: str) -> dict[int, float]:
        if AND in k:  # a conjunction of keys (a synonym of several words)
            ck = ("post", k)
            p = self._cache.get(ck)
            if p is None:
                p = self._cache[ck] = intersect([self._postings(s, part)
                                                 for part in conjunction_parts(k)])
            return p
        leaves = self._leaves(s)
        if len(leaves) == 1:
            r, _, seg = leaves[0]
            return seg.posting(r, k)
        ck = ("post", k)
        p = self._cache.get(ck)
        if p is None:
            p = {}
            for r, off, seg in leaves:
                local = seg.posting(r, k)
                p.update(local if not off else {d + off: v for d, v in local.items()})
            self._cache[ck] = p
        return p

    def _tiers(self, s: Searcher, k: str) -> Tiers:
        ck = ("tiers", k)
        t = self._cache.get(ck)
        if t is None:
            if AND in k:
                t = tiers(self._postings(s, k), s.doc_count_all())
            else:
                t = shifted([(seg.tiers_of(r, k), off) for r, off, seg in self._leaves(s)])
            self._cache[ck] = t
        return t

    def _key_bits(self, s: Searcher, k: str) -> int:
        bits = 0
        for _, b in self._tiers(s, k):
            bits |= b
        return bits

    def _topk(self, s: Searcher, plan: QueryPlan, ranked, allowed: int,
              k: int) -> list[tuple[int, float]]:
        """The k best allowed documents by first-stage score (safe pruning, see `topk`)."""
        clauses = self.clause_factors(plan, ranked)
        universe = 0
        for _, alts in clauses:
            for key in alts:
                universe |= self._key_bits(s, key)
        universe &= allowed
        planes = bound_planes(clauses, lambda key: self._tiers(s, key), ALSO)
        return top_k(k, universe, planes, lambda docs: self.score_docs(
            plan, ranked, lambda key: self._postings(s, key), docs))

    def _facet_terms(self, s: Searcher) -> list[str]:
        terms = self._cache.get("facets")
        if terms is None:
            terms = self._cache["facets"] = [t.decode() for t in s.reader().lexicon("facet")]
        return terms

    def vocabulary(self, s: Searcher | None = None) -> Vocabulary:
        s = s or self._current()
        vocab = self._cache.get("vocab")
        if vocab is None:
            leaves = sorted(self._leaves(s), key=lambda x: -x[0].doc_count_all())
            df = dict(leaves[0][2].term_df(leaves[0][0])) if leaves else {}
            for r, _, seg in leaves[1:]:
                get = df.get
                for k, n in seg.term_df(r).items():
                    df[k] = get(k, 0) + n
            words = {k: max(ws, key=ws.__getitem__) for k, ws in self._surface().items() if ws}
            vocab = self._cache["vocab"] = Vocabulary(df, words)
            self.lexicon.learn_keys(df)
        return vocab

    def _surface(self) -> dict[str, dict[str, int]]:
        try:
            with open(os.path.join(self.index_dir, SURFACE), encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def _add_surface(self, analysed) -> None:
        """Count the new documents' surface words (call while holding the writer lock).

        Kept beside the index rather than in it: a posting per word and document would
        double the index's postings for a list that only names corrections.
        """
        words = self._surface()
        for a in analysed:
            for (k, w), n in a.surface.items():
                per = words.setdefault(k, {})
                per[w] = per.get(w, 0) + n
        path = os.path.join(self.index_dir, SURFACE)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(words, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)

    def _allowed(self, s: Searcher, query: SearchQuery) -> int:
        bits = self._live(s)
        if query.visibilities is not None:
            vis = 0
            for v in query.visibilities:
                vis |= self._bits(s, "access", f"visibility={v}")
            bits &= vis & self._bits(s, "access", "status=published")
        for k, values in query.filters.items():
            if values:
                any_of = 0
                for v in values:
                    any_of |= self._bits(s, "facet", f"{k}={v}")
                bits &= any_of
        return bits

    def search(self, query: SearchQuery) -> SearchResults:
        s = self._current()
        vocab = self.vocabulary(s)
        plan = self.plan(query, vocab)
        allowed = self._allowed(s, query)
        if plan.empty:
            match, full = allowed, plan
        else:
            full, ranked = self._first_stage(s, plan, vocab, allowed)
            match = 0
            for k in full.keys():
                match |= self._key_bits(s, k)
            match &= allowed
        total = match.bit_count()
        facets: dict[str, dict[str, int]] = {}
        if query.with_facets and total:
            for term in self._facet_terms(s):
                n = (match & self._bits(s, "facet", term)).bit_count()
                if n:
                    k, v = split_facet(term)
                    facets.setdefault(k, {})[v] = n
        page = max(1, query.page)
        size = max(1, query.page_size)
        hits = []
        if total and (page - 1) * size < total:
            if query.sort == "newest" or plan.empty:
                rows = [(d, 0.0) for d in self._newest(s, match, page * size)]
            else:
                rows = self._second_stage(s, full, ranked, match, page * size)
            for d, score in rows[(page - 1) * size:page * size]:
                hits.append(self.hit(s.stored_fields(d)["stored"], score, plan))
        suggestion = None
        if total < FEW_RESULTS and not plan.empty:
            suggestion = self.suggestion(plan, vocab)
        return SearchResults(total=total, hits=hits, facets=facets, suggestion=suggestion)

    def _newest(self, s: Searcher, match: int, n: int) -> list[int]:
        """The n newest matching documents, from per-segment date orders."""
        member = _member(match)
        found: list[tuple[int, int]] = []
        for r, off, seg in self._leaves(s):
            dates, order = seg.by_date(r)
            taken = 0
            for d in order:
                if member(d + off):
                    found.append((dates[d], d + off))
                    taken += 1
                    if taken >= n:
                        break
        found.sort(key=lambda x: (-x[0], x[1]))
        return [d for _, d in found[:n]]

    def _first_stage(self, s: Searcher, plan: QueryPlan, vocab: Vocabulary, allowed: int):
        """The plan after pseudo-relevance feedback from the best first-stage hits."""
        n_docs = s.doc_count()
        ranked = self.weights(plan, vocab, n_docs)
        first = self._topk(s, plan, ranked, allowed, FEEDBACK_DOCS)
        full = self.feedback(plan, vocab, n_docs, self._themes(s, [d for d, _ in first]))
        if full is not plan:
            ranked = self.weights(full, vocab, n_docs)
        return full, ranked

    def _second_stage(self, s: Searcher, plan: QueryPlan, ranked, allowed: int,
                      n: int) -> list[tuple[int, float]]:
        best = self._topk(s, plan, ranked, allowed, max(n, RERANK))
        if len(plan.clauses) < 2:
            return best[:n]
        docs = []
        for d, sc in best:
            st = s.stored_fields(d)["stored"]
            docs.append((d, sc, st["title"], st["body"]))
        return self.rerank(plan, ranked, docs)[:n]

    def _themes(self, s: Searcher, docnums: list[int]) -> list[list[str]]:
        prefix = f"{TAG_FACETS[0]}="
        terms = [t for t in self._facet_terms(s) if t.startswith(prefix)]
        out: list[list[str]] = [[] for _ in docnums]
        for t in terms:
            bits = self._bits(s, "facet", t)
            for i, d in enumerate(docnums):
                if (bits >> d) & 1:
                    out[i].append(t[len(prefix):])
        return out

    # --- writing ---------------------------------------------------------------------------

    def upsert(self, docs: Iterable[SearchDocument]) -> int:
        given = list(docs)
        if not given:
            return 0
        docs = list({d.doc_id: d for d in given}.values())  # the last version of each
        self.vocabulary()  # learn the parts the index already knows
        self.learn(docs)
        analysed = self.analyse_many(docs)  # before taking the lock: other writers wait less
        procs = min(os.cpu_count() or 1, 4) if len(docs) >= PARALLEL_MIN else 1
        if procs > 1:  # a big batch: one sub-writer per core, each its own segment
            writer = self.ix.writer(timeout=self.writer_timeout, procs=procs,
                                    multisegment=True)
        else:
            writer = self.ix.writer(timeout=self.writer_timeout)
        try:
            existing = self._existing(writer, [d.doc_id for d in docs])
            for doc, a in zip(docs, analysed, strict=True):
                date = doc.date or EPOCH
                if date.tzinfo is None:
                    date = date.replace(tzinfo=UTC)
                if doc.doc_id in existing:
                    writer.delete_by_term("doc_id", doc.doc_id)
                writer.add_document(
                    doc_id=doc.doc_id,
                    stored={"doc_id": doc.doc_id, "type": doc.type, "ref": doc.ref,
                            "title": doc.title, "body": doc.body, "url": doc.url,
                            "version": doc.version},
                    terms="\n".join(f"{k}\t{w}" for k, w in a.impacts.items()),
                    facet="\n".join(a.facets),
                    access=f"status={doc.status}\nvisibility={doc.visibility}",
                    date=int((date - EPOCH).total_seconds()),
                )
            self._add_surface(analysed)
            writer.commit(mergetype=merge_by_size)
        except BaseException:
            writer.cancel()
            raise
        return len(given)

    @staticmethod
    def _existing(writer, ids: list[str]) -> set[str]:
        """The ids already in the index: only these need a delete before the add."""
        reader = writer.reader()
        try:
            return {i for i in ids if ("doc_id", i) in reader}
        finally:
            reader.close()

    def delete(self, doc_ids: Iterable[str]) -> int:
        ids = list(doc_ids)
        if not ids:
            return 0
        writer = self.ix.writer(timeout=self.writer_timeout)
        try:
            n = sum(writer.delete_by_term("doc_id", i) for i in ids)
            writer.commit(mergetype=merge_by_size)
        except BaseException:
            writer.cancel()
            raise
        return n

    def versions(self) -> dict[str, str]:
        s = self._current()
        return {f["stored"]["doc_id"]: f["stored"]["version"] for f in s.all_stored_fields()}

    def clear(self) -> None:
        writer = self.ix.writer(timeout=self.writer_timeout)
        try:
            path = os.path.join(self.index_dir, SURFACE)
            if os.path.exists(path):
                os.remove(path)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=writing.CLEAR)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
