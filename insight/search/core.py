"""The search engine: one query path (filters, top-k, feedback, re-ranking, facets, hits,
"did you mean") that runs against any storage adapter.

An adapter (`whoosh_backend`, `postgres_backend`) only stores documents and reads them back as
an `IndexView`: one consistent read of the index that numbers its live documents and answers
posting lists, impact tiers, filter bitmaps, stored fields and date order. Everything that
decides what a reader gets — and so every ranking — lives here once.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from insight.search import SearchHit, SearchQuery, SearchResults
from insight.search.analysis import STOP_KEYS, fold, key
from insight.search.highlight import has_phrase, matched_words, snippet
from insight.search.query import AND, QueryPlan, conjunction_parts
from insight.search.ranking import (
    ALSO,
    FEEDBACK_DOCS,
    FEW_RESULTS,
    RERANK,
    TAG_FACETS,
    Ranked,
    Ranker,
    split_facet,
)
from insight.search.topk import Tiers, bound_planes, tiers, top_k
from insight.search.vocabulary import Vocabulary

SUGGEST_CANDIDATES = 50  # known keys one edit away, looked at for a visible one



def intersect(parts: list[Mapping[int, float]]) -> dict[int, float]:
    """Posting list of a conjunction: documents holding every part, at their weakest impact."""
    parts = sorted(parts, key=len)
    out = dict(parts[0]) if parts else {}
    for p in parts[1:]:
        get = p.get
        out = {d: min(v, w) for d, v in out.items() if (w := get(d)) is not None}
    return out


class IndexView(Protocol):
    """One consistent read of an index; documents are numbered 0 … size − 1."""

    n_docs: int  # live documents (for IDF)
    size: int  # width of every bitmap
    cache: dict  # memo of this view (postings and tiers of conjunctions)

    def vocabulary(self) -> Vocabulary: ...
    def live(self) -> int: ...
    def bits(self, term: str) -> int: ...  # "status=…", "visibility=…" or a facet "key=value"
    def facet_terms(self) -> list[str]: ...
    def load(self, keys: Iterable[str]) -> None: ...  # read ahead (plain keys)
    def postings(self, k: str) -> Mapping[int, float]: ...  # plain key → {doc: impact}
    def tiers(self, k: str) -> Tiers: ...  # plain key → impact tiers
    def newest(self, match: int, n: int) -> list[int]: ...
    def stored(self, docs: Iterable[int]) -> dict[int, dict[str, Any]]: ...
    def doc_ids(self, docs: Iterable[int]) -> dict[int, str]: ...  # document number → doc_id


class Engine(Ranker):
    """Searching, the same for every adapter; subclasses provide `view()` and the writes."""

    def view(self) -> AbstractContextManager[IndexView]:
        raise NotImplementedError

    def vocabulary(self) -> Vocabulary:
        with self.view() as v:
            return self.known(v)

    def known(self, v: IndexView) -> Vocabulary:
        """The view's vocabulary; its keys are the compound parts the query splitter knows
        (exactly these: the query side depends on what the index holds now, not on its past)."""
        vocab = v.vocabulary()
        if v.cache.get("learned") is not vocab or self.lexicon.freq is not v.cache.get("freq"):
            self.lexicon.use_keys(vocab.df, self.index_analyzer.lexicon)
            v.cache["learned"] = vocab
            v.cache["freq"] = self.lexicon.freq
        return vocab

    def search(self, query: SearchQuery) -> SearchResults:
        with self.view() as v:
            return self.run(v, query)

    def run(self, v: IndexView, query: SearchQuery) -> SearchResults:
        vocab = self.known(v)
        plan = self.plan(query, vocab)
        visible = self.visible(v, query)
        allowed = self.filtered(v, query, visible)
        full, ranked = plan, None
        if plan.empty:
            match = allowed
        else:
            # What counts is what the query or a stated expansion (synonym, correction,
            # compound) matches; feedback themes only re-rank those documents.
            v.load(_plain(plan.keys()))
            match = 0
            for k in plan.keys():
                match |= self.key_bits(v, k)
            match &= self.phrases(v, plan, allowed)
            full, ranked = self.first_stage(v, plan, vocab, match)
        total = match.bit_count()
        facets: dict[str, dict[str, int]] = {}
        if query.with_facets and total:
            for term in v.facet_terms():
                n = (match & v.bits(term)).bit_count()
                if n:
                    fk, fv = split_facet(term)
                    facets.setdefault(fk, {})[fv] = n
        size = max(1, query.page_size)
        page = max(1, query.page)
        hits: list[SearchHit] = []
        if total and (page - 1) * size < total:
            hits = self.page(v, query, plan, full, ranked, match, allowed, page, size)
        suggestion = None
        # An unknown word is answered with its correction, so say so whatever the total.
        unknown = any(key(w) not in vocab for w in plan.words if fold(w) not in STOP_KEYS)
        if not plan.empty and (total < FEW_RESULTS or unknown):
            suggestion = self.suggestion(plan, vocab, self.visible_key(v, query, visible),
                                         nothing_found=not total)
        return SearchResults(total=total, hits=hits, facets=facets, suggestion=suggestion)

    # --- stages ----------------------------------------------------------------------------

    @staticmethod
    def visible(v: IndexView, query: SearchQuery) -> int:
        """Live documents the reader may see (published, of an allowed visibility)."""
        bits = v.live()
        if query.visibilities is not None:
            vis = 0
            for name in query.visibilities:
                vis |= v.bits(f"visibility={name}")
            bits &= vis & v.bits("status=published")
        return bits

    @staticmethod
    def filtered(v: IndexView, query: SearchQuery, visible: int) -> int:
        bits = visible
        for k, values in query.filters.items():
            if values:
                any_of = 0
                for value in values:
                    any_of |= v.bits(f"{k}={value}")
                bits &= any_of
        return bits

    def first_stage(self, v: IndexView, plan: QueryPlan, vocab: Vocabulary,
                    allowed: int) -> tuple[QueryPlan, Ranked]:
        """The plan after pseudo-relevance feedback from the best first-stage hits."""
        v.load(_plain(plan.keys()))
        ranked = self.weights(plan, vocab, v.n_docs)
        first = self.topk(v, plan, ranked, allowed, FEEDBACK_DOCS)
        full = self.feedback(plan, vocab, v.n_docs, self.themes(v, [d for d, _ in first]))
        if full is not plan:
            v.load(_plain(full.keys()))
            ranked = self.weights(full, vocab, v.n_docs)
        return full, ranked

    def page(self, v: IndexView, query: SearchQuery, plan: QueryPlan, full: QueryPlan,
             ranked: Ranked | None, match: int, allowed: int, page: int,
             size: int) -> list[SearchHit]:
        n = page * size
        stored: dict[int, dict[str, Any]] = {}
        if query.sort == "newest" or ranked is None:
            rows = [(d, 0.0) for d in v.newest(match, n)]
        else:
            rows = self.topk(v, full, ranked, match, max(n, RERANK))
            if len(full.clauses) >= 2:  # the second stage reads the candidates' text
                stored = v.stored(d for d, _ in rows)
                rows = self.rerank(full, ranked, [
                    (d, sc, stored[d]["title"], stored[d]["body"])
                    for d, sc in rows if d in stored])
        rows = rows[(page - 1) * size:n]
        wanted = [d for d, _ in rows if d not in stored]
        if wanted:
            stored.update(v.stored(wanted))
        return [self.hit(stored[d], sc, plan) for d, sc in rows if d in stored]

    def phrases(self, v: IndexView, plan: QueryPlan, allowed: int) -> int:
        """Allowed documents holding every quoted phrase with its words adjacent, in order."""
        for c in plan.clauses:
            if not c.phrase:
                continue
            ck = ("phrase", c.phrase, c.gaps, c.forms, c.joined)
            bits = v.cache.get(ck)
            if bits is None:
                forms = c.forms or tuple(frozenset((k,)) for k in c.phrase)
                v.load(set().union(*forms, (j for j, _, _ in c.joined)))
                joined = 0  # a compound of two phrase words stands for each of them
                for k, _, _ in c.joined:
                    joined |= self.key_bits(v, k)
                cand = v.live()
                for ks in forms:
                    any_form = joined
                    for k in ks:
                        any_form |= self.key_bits(v, k)
                    cand &= any_form
                docs = [d for d in range(cand.bit_length()) if (cand >> d) & 1]
                bits = 0
                for d, row in v.stored(docs).items():
                    if any(has_phrase(self.analyzer.tokens(text), c.phrase, c.gaps, forms,
                                      c.joined)
                           for text in (row["title"], row["body"])):
                        bits |= 1 << d
                v.cache[ck] = bits
            allowed &= bits
        return allowed

    def themes(self, v: IndexView, docs: list[int]) -> list[list[str]]:
        prefix = f"{TAG_FACETS[0]}="
        out: list[list[str]] = [[] for _ in docs]
        for t in v.facet_terms():
            if t.startswith(prefix):
                bits = v.bits(t)
                for i, d in enumerate(docs):
                    if (bits >> d) & 1:
                        out[i].append(t[len(prefix):])
        return out

    # --- postings ---------------------------------------------------------------------------

    def postings(self, v: IndexView, k: str) -> Mapping[int, float]:
        if AND not in k:
            return v.postings(k)
        ck = ("post", k)  # a conjunction of keys (a synonym of several words)
        p = v.cache.get(ck)
        if p is None:
            p = v.cache[ck] = intersect([v.postings(part) for part in conjunction_parts(k)])
        return p

    def tiers(self, v: IndexView, k: str) -> Tiers:
        if AND not in k:
            return v.tiers(k)
        ck = ("tiers", k)
        t = v.cache.get(ck)
        if t is None:
            t = v.cache[ck] = tiers(self.postings(v, k), v.size)
        return t

    def key_bits(self, v: IndexView, k: str) -> int:
        bits = 0
        for _, b in self.tiers(v, k):
            bits |= b
        return bits

    def topk(self, v: IndexView, plan: QueryPlan, ranked: Ranked, allowed: int,
             k: int) -> list[tuple[int, float]]:
        """The k best allowed documents by first-stage score (safe pruning, see `topk`)."""
        clauses = self.clause_factors(plan, ranked)
        universe = 0
        for _, alts in clauses:
            for name in alts:
                universe |= self.key_bits(v, name)
        universe &= allowed
        planes = bound_planes(clauses, lambda name: self.tiers(v, name), ALSO)
        return top_k(k, universe, planes, lambda docs: self.score_docs(
            plan, ranked, lambda name: self.postings(v, name), docs), tie=v.doc_ids)

    # --- output -----------------------------------------------------------------------------

    def hit(self, stored: dict, score: float, plan: QueryPlan) -> SearchHit:
        return SearchHit(
            doc_id=stored["doc_id"], type=stored["type"], ref=stored["ref"],
            title=stored["title"],
            snippet=snippet(stored["body"], plan.words_keys(), self.analyzer),
            score=float(score), url=stored["url"],
            matched=matched_words(f'{stored["title"]}\n{stored["body"]}', plan.words_keys(),
                                  self.analyzer),
        )

    def visible_key(self, v: IndexView, query: SearchQuery,
                    visible: int) -> Callable[[str], bool] | None:
        """Whether a key occurs in a document the reader may see (None: every key may be)."""
        if query.visibilities is None:
            return None

        def test(k: str) -> bool:
            if k not in v.vocabulary():
                return False
            v.load(_plain([k]))
            return any((visible >> d) & 1 for d in self.postings(v, k))

        return test

    @staticmethod
    def suggestion(plan: QueryPlan, vocab: Vocabulary,
                   visible: Callable[[str], bool] | None = None,
                   nothing_found: bool = False) -> str | None:
        """The query with unknown words replaced by the closest, commonest indexed word.

        With `visible`, a word counts as known, and may be suggested, only if the reader may
        see a document holding it: a suggestion must not reveal drafts or internal texts. When
        nothing matched at all, spellings one edit further away are offered too, so a reader
        who found nothing always gets a way on if the index holds anything alike.
        """
        changed, out = False, []
        for w in plan.words:
            k = key(w)
            if fold(w) not in STOP_KEYS and not (k in vocab if visible is None else visible(k)):
                near: list[str] = []
                for extra in (0, 1) if nothing_found else (0,):
                    found = [c for c, _ in vocab.corrections(w, limit=SUGGEST_CANDIDATES,
                                                             extra=extra, key=key)]
                    near = found if visible is None else [c for c in found if visible(c)]
                    if near:
                        break
                if near:
                    out.append(vocab.word(near[0]))
                    changed = True
                    continue
            out.append(w)
        return " ".join(out) if changed else None


def _plain(keys: Iterable[str]) -> set[str]:
    return {p for k in keys for p in conjunction_parts(k)}


def top(scores: Mapping[int, float], n: int,
        doc_ids: Callable[[Iterable[int]], Mapping[int, str]] | None = None
        ) -> list[tuple[int, float]]:
    """The n best (doc, score) pairs by exhaustive sorting: what `Engine.topk` must equal.

    Equal scores are ordered by document id (`doc_ids`, a view's), so both backends, and
    any order of indexing, break ties alike.
    """
    ids = doc_ids(scores) if doc_ids is not None else {}
    return heapq.nsmallest(n, scores.items(),
                           key=lambda item: (-item[1], ids.get(item[0], ""), item[0]))

