"""Whoosh backend: a file index shared by all app processes on one machine.

Only one writer at a time across processes (`ix.writer(timeout=…)`); readers refresh their
cached searcher on every search so they see new commits. Facet counts and totals come from
cached per-term bitmaps (Python ints) over the matching documents, not from `groupedby`, and
only the page shown is highlighted: that keeps a first page fast on a large index.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from datetime import UTC, datetime

from whoosh import index, scoring, writing
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.idsets import DocIdSet
from whoosh.query import DisjunctionMax, Every, Or, Phrase, Term
from whoosh.searching import Searcher

from insight.search import SearchDocument, SearchQuery, SearchResults
from insight.search.core import W_PARTS, W_TITLE, EngineBase, split_facet
from insight.search.query import QueryPlan
from insight.search.vocabulary import Vocabulary, merge_surface

SEP = "\x1f"
BODY_OFFSET = 100  # the body field holds the title too; phrases never span both

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class PreAnalyzed(Tokenizer):
    """Tokens analysed in Python already: "key<TAB>position" lines."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kw):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kw)
        for line in value.split("\n"):
            if not line:
                continue
            text, _, pos = line.partition("\t")
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + int(pos or 0)
            if chars:
                t.startchar = t.endchar = 0
            yield t


def _schema() -> Schema:
    pre = PreAnalyzed()
    return Schema(
        doc_id=ID(unique=True, stored=True),
        stored=STORED,  # doc fields needed for hits and drift checks
        title=TEXT(analyzer=pre, phrase=True),
        body=TEXT(analyzer=pre, phrase=True),
        parts=TEXT(analyzer=pre, phrase=False),
        facet=TEXT(analyzer=pre, phrase=False),
        access=TEXT(analyzer=pre, phrase=False),
        surface=TEXT(analyzer=pre, phrase=False),
        date=NUMERIC(bits=64, sortable=True, signed=True),
    )


def _lines(pairs: Iterable[tuple[str, int]]) -> str:
    return "\n".join(f"{k}\t{p}" for k, p in pairs)


class Bits(DocIdSet):
    """A document-number set stored in a Python int (fast &, | and bit_count)."""

    def __init__(self, bits: int) -> None:
        self.bits = bits

    def __contains__(self, i: int) -> bool:
        return (self.bits >> i) & 1 == 1

    def __len__(self) -> int:
        return self.bits.bit_count()

    def __iter__(self):
        bits, i = self.bits, 0
        while bits:
            if bits & 1:
                yield i
            bits >>= 1
            i += 1


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
        self._cache: dict = {}
        self._weighting = scoring.BM25F()

    # --- reading ---------------------------------------------------------------------------

    def _current(self) -> Searcher:
        with self._lock:
            if self._searcher is None:
                self._searcher = self.ix.searcher(weighting=self._weighting)
            elif not self._searcher.up_to_date():
                self._searcher.close()
                self._searcher = self.ix.searcher(weighting=self._weighting)
                self._cache = {}
            return self._searcher

    def _bits(self, s: Searcher, field: str, text: str) -> int:
        ck = (field, text)
        bits = self._cache.get(ck)
        if bits is None:
            buf = bytearray((s.doc_count_all() >> 3) + 1)
            if (field, text) in s.reader():
                for d in s.reader().postings(field, text).all_ids():
                    buf[d >> 3] |= 1 << (d & 7)
            bits = int.from_bytes(buf, "little")
            self._cache[ck] = bits
        return bits

    def _live(self, s: Searcher) -> int:
        bits = self._cache.get("live")
        if bits is None:
            buf = bytearray((s.doc_count_all() >> 3) + 1)
            for d in s.reader().all_doc_ids():
                buf[d >> 3] |= 1 << (d & 7)
            bits = self._cache["live"] = int.from_bytes(buf, "little")
        return bits

    def _facet_terms(self, s: Searcher) -> list[str]:
        terms = self._cache.get("facets")
        if terms is None:
            terms = self._cache["facets"] = [t.decode() for t in s.reader().lexicon("facet")]
        return terms

    def vocabulary(self, s: Searcher | None = None) -> Vocabulary:
        s = s or self._current()
        vocab = self._cache.get("vocab")
        if vocab is None:
            r = s.reader()
            df: dict[str, int] = {}
            for field in ("body", "title", "parts"):
                for term, info in r.iter_field(field):
                    t = term.decode()
                    df[t] = max(df.get(t, 0), info.doc_frequency())
            rows = []
            for term, info in r.iter_field("surface"):
                k, _, w = term.decode().partition(SEP)
                rows.append((k, w, info.doc_frequency()))
            vocab = self._cache["vocab"] = Vocabulary(df, merge_surface(rows))
            self.lexicon.learn_keys(df)
        return vocab

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

    def _compile(self, plan: QueryPlan):
        clauses = []
        for c in plan.clauses:
            if c.phrase:
                slop = max(c.gaps)
                clauses.append(Or([Phrase("body", list(c.phrase), slop=slop, boost=c.weight),
                                   Phrase("title", list(c.phrase), slop=slop,
                                          boost=c.weight * W_TITLE)]))
                continue
            alts = []
            for k, w in c.alts.items():
                alts.append(Or([Term("title", k, boost=w * W_TITLE), Term("body", k, boost=w),
                                Term("parts", k, boost=w * W_PARTS)]))
            clauses.append(DisjunctionMax(alts, boost=c.weight) if len(alts) > 1 else alts[0])
        return Or(clauses)

    def _matching(self, s: Searcher, plan: QueryPlan) -> int:
        bits = 0
        for k in plan.keys():
            for field in ("title", "body", "parts"):
                bits |= self._bits(s, field, k)
        return bits

    def search(self, query: SearchQuery) -> SearchResults:
        s = self._current()
        vocab = self.vocabulary(s)
        plan = self.plan(query, vocab)
        allowed = self._allowed(s, query)
        match = allowed if plan.empty else self._matching(s, plan) & allowed
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
            newest = query.sort == "newest" or plan.empty
            q = Every() if plan.empty else self._compile(plan)
            kw = {"sortedby": "date", "reverse": True} if newest else {}
            results = s.search(q, limit=page * size, filter=Bits(match), **kw)
            for i in range((page - 1) * size, min(page * size, len(results.top_n))):
                score = 0.0 if newest else results.score(i)
                hits.append(self.hit(s.stored_fields(results.docnum(i))["stored"], score, plan))
        suggestion = None
        if total < 3 and not plan.empty:
            suggestion = self.suggestion(plan, vocab)
        return SearchResults(total=total, hits=hits, facets=facets, suggestion=suggestion)

    # --- writing ---------------------------------------------------------------------------

    def upsert(self, docs: Iterable[SearchDocument]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        writer = self.ix.writer(timeout=self.writer_timeout)
        try:
            self.vocabulary()  # learn the parts the index already knows
            self.learn(docs)
            for doc in docs:
                a = self.analyse(doc)
                date = doc.date or EPOCH
                if date.tzinfo is None:
                    date = date.replace(tzinfo=UTC)
                writer.update_document(
                    doc_id=doc.doc_id,
                    stored={"doc_id": doc.doc_id, "type": doc.type, "ref": doc.ref,
                            "title": doc.title, "body": doc.body, "url": doc.url,
                            "version": doc.version},
                    title=_lines(a.title),
                    body=_lines(a.title + [(k, p + BODY_OFFSET) for k, p in a.body]),
                    parts=_lines(a.parts),
                    facet=_lines((f, 0) for f in a.facets),
                    access=_lines([(f"status={doc.status}", 0),
                                   (f"visibility={doc.visibility}", 0)]),
                    surface=_lines((f"{k}{SEP}{w}", 0) for k, w in a.surface),
                    date=int((date - EPOCH).total_seconds()),
                )
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return len(docs)

    def delete(self, doc_ids: Iterable[str]) -> int:
        ids = list(doc_ids)
        if not ids:
            return 0
        writer = self.ix.writer(timeout=self.writer_timeout)
        try:
            n = sum(writer.delete_by_term("doc_id", i) for i in ids)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return n

    def versions(self) -> dict[str, str]:
        s = self._current()
        return {f["stored"]["doc_id"]: f["stored"]["version"] for f in s.all_stored_fields()}

    def clear(self) -> None:
        writer = self.ix.writer(timeout=self.writer_timeout)
        writer.commit(mergetype=writing.CLEAR)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
