"""The ranking model both backends share: document analysis, BM25F impacts, scores, re-ranking.

Ranking has two stages (run by `core.Engine`, the same for every backend):

1. *Impacts.* At index time each document gets one number per key: a BM25F term weight that
   combines the title, the body, compound parts and the document's theme labels, saturated and
   length-normalised. A query scores a document clause by clause (best alternative of each
   clause, times the clause's IDF) and multiplies the sum by an IDF-weighted coordination
   factor, so that documents matching the rare, meaningful words of a question come first.
2. *Re-ranking.* The best few hundred candidates are re-analysed from their stored text to
   reward quoted phrases found as phrases and query words found close together.

*A document's analysis is a function of the document alone*: the same document gets the same
impacts whether it was indexed alone, in a seed batch or by `flask search rebuild`, in any
order. So the index side splits compounds with a fixed lexicon, `index_lexicon()` (the lists of
`lexicon` plus parts learned once per process from the shipped word lists), never with what it
has indexed so far. Compounds of the corpus's own words are found on the query side, whose
lexicon is the index's current vocabulary (`Engine.known`): `sengealarm` splits into `seng` +
`alarm` when the index knows both. Ties are broken by document id (`Engine.tie_order`).
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from insight.search import SearchDocument, SearchQuery
from insight.search.analysis import STOP_KEYS, Analyzer, Lexicon, Token, fold, key, words
from insight.search.highlight import has_phrase
from insight.search.query import Clause, Planner, QueryPlan, conjunction_parts
from insight.search.thesaurus import Thesaurus, default_thesaurus_text
from insight.search.vocabulary import Vocabulary

# BM25F: field weights relative to one body occurrence.
W_TITLE = 1.0
W_PARTS = 0.5  # a match inside a compound (nattevakten for `vakt`) counts less than the word
W_TAGS = 2.5  # a theme label of the document (theme=sovn for `søvn`)
K1 = 1.2
B = 0.75
AVG_LEN = 40.0  # typical analysed length (title + body keys) of a document
TAG_FACETS = ("theme",)  # facets whose values are searchable labels
COORD = 1.5  # exponent of the IDF-weighted coordination factor
COORD_IDF = 0.0  # a clause's coordination share: IDF ** this (0 counts concepts, as Lucene)
PROXIMITY = 0.35  # bonus for two query concepts within a few words of each other
NEAR = 4  # words
PHRASE_HIT = 1.0  # a quoted phrase found as a phrase: worth one more matched concept
RERANK = 40  # candidates re-ranked from their text
CONCEPT_MIN = 0.7  # alternatives this strong define how common a concept is
FEEDBACK_DOCS = 10  # pseudo-relevance feedback: themes shared by the best first-stage hits
FEEDBACK_SHARE = 0.5  # … by at least this share of them
FEEDBACK = 0.6  # weight of a feedback theme, relative to a query concept
PARALLEL_MIN = 2000  # documents in one upsert before analysis uses several processes
FEW_RESULTS = 3  # below this, offer "did you mean"
ALSO = 0.4  # a clause is worth its best alternative plus this share of the second best


@lru_cache(maxsize=1)
def index_lexicon() -> Lexicon:
    """The index side's compound lexicon: built-in lists and the words of the shipped thesaurus,
    glossary and default vocabularies (code, not data: an admin's edits do not change it)."""
    from insight.search.thesaurus import concept_thesaurus_text, default_description_text

    text = default_thesaurus_text() + concept_thesaurus_text() + default_description_text()
    return Lexicon(m.group() for m in words(text))


@dataclass
class AnalysedDoc:
    impacts: dict[str, float]  # key → BM25F term weight
    surface: Counter[tuple[str, str]]  # (key, lowercase word) → count, for the vocabulary
    facets: list[str]  # "key=value" tokens, "type=…" included


def facet_tokens(doc: SearchDocument) -> list[str]:
    tokens = [f"type={doc.type}"]
    for k, values in doc.facets.items():
        tokens.extend(f"{k}={v}" for v in values)
    return list(dict.fromkeys(tokens))


def split_facet(token: str) -> tuple[str, str]:
    k, _, v = token.partition("=")
    return k, v


def tag_text(facets: Mapping[str, Iterable[str]]) -> str:
    """Searchable words of a document's theme codes (`mat_og_maltider` → mat og maltider)."""
    return " ".join(v.replace("_", " ").replace("-", " ")
                    for k in TAG_FACETS for v in facets.get(k, ()))


def impacts(title: list[Token], body: list[Token], tags: list[Token]) -> dict[str, float]:
    """BM25F term weights of one document (no IDF: that is applied at query time)."""
    tf: dict[str, float] = defaultdict(float)
    for toks, weight in ((title, W_TITLE), (body, 1.0)):
        for t in toks:
            tf[t.key] += weight
            for p in t.parts:
                if p != t.key:
                    tf[p] += weight * W_PARTS
    for k in {t.key for t in tags} | {p for t in tags for p in t.parts}:
        tf[k] += W_TAGS
    norm = 1 - B + B * (len(title) + len(body)) / AVG_LEN
    out = {}
    for k, v in tf.items():
        v /= norm
        out[k] = round(v * (K1 + 1) / (v + K1), 4)
    return out


@dataclass
class Ranked:
    clause_idf: list[float]
    total_idf: float  # sum of the clauses' coordination weights
    coord: list[float] | None = None  # a clause's share in the coordination factor

    def shares(self, clauses: list[Clause]) -> list[float]:
        return self.coord or [c.weight * i for c, i in zip(clauses, self.clause_idf, strict=True)]


class Ranker:
    """Analysis and scoring; `core.Engine` runs them against a storage adapter."""

    def __init__(self, thesaurus: str | None = None, concepts: str | None = None,
                 described: str | None = None) -> None:
        self.index_analyzer = Analyzer(index_lexicon())  # fixed: see the module docstring
        # The query side's: the fixed one plus the index's vocabulary (`Engine.known`).
        self.lexicon = Lexicon()
        self.lexicon.use_keys({}, self.index_analyzer.lexicon)
        self.analyzer = Analyzer(self.lexicon)
        self.thesaurus = Thesaurus(thesaurus or default_thesaurus_text(), self._phrase_keys,
                                   concepts, described)
        self.planner = Planner(self.analyzer, self.thesaurus)

    @staticmethod
    def _phrase_keys(text: str) -> tuple[str, ...]:
        return tuple(key(m.group()) for m in words(text) if fold(m.group()) not in STOP_KEYS)

    def doc_impacts(self, title: str, body: str,
                    facets: Mapping[str, Iterable[str]]) -> tuple[dict[str, float], list, list]:
        title_toks = self.index_analyzer.tokens(title)
        body_toks = self.index_analyzer.tokens(body)
        tags = self.index_analyzer.tokens(tag_text(facets))
        return impacts(title_toks, body_toks, tags), title_toks, body_toks

    def analyse(self, doc: SearchDocument) -> AnalysedDoc:
        imp, title_toks, body_toks = self.doc_impacts(doc.title, doc.body, doc.facets)
        return AnalysedDoc(impacts=imp, surface=_surface(title_toks, body_toks),
                           facets=facet_tokens(doc))

    def surface_of(self, title: str, body: str) -> Counter[tuple[str, str]]:
        """(key, word) → count of a stored document: what its indexing added to the vocabulary."""
        return _surface(self.index_analyzer.tokens(title), self.index_analyzer.tokens(body))

    def analyse_many(self, docs: list[SearchDocument]) -> list[AnalysedDoc]:
        """Analyse a batch; large batches on all cores (forked workers share the lexicon)."""
        procs = min(os.cpu_count() or 1, 4)
        if len(docs) < PARALLEL_MIN or procs < 2 or "fork" not in mp.get_all_start_methods():
            return [self.analyse(d) for d in docs]
        global _WORKER
        _WORKER = self
        try:
            with mp.get_context("fork").Pool(procs) as pool:
                return pool.map(_analyse, docs, chunksize=256)
        finally:
            _WORKER = None

    def plan(self, query: SearchQuery, vocab: Vocabulary) -> QueryPlan:
        return self.planner.plan(query.text, vocab)

    # --- ranking -------------------------------------------------------------------------

    @staticmethod
    def idf(vocab: Vocabulary, n_docs: int, k: str) -> float:
        df = min(vocab.df.get(k, 0), n_docs)
        return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

    def weights(self, plan: QueryPlan, vocab: Vocabulary, n_docs: int) -> Ranked:
        """IDF of each clause: that of its strongest alternative the index knows."""
        out = []
        for c in plan.clauses:
            if c.phrase:
                out.append(sum(self.idf(vocab, n_docs, k) for k in c.phrase) / len(c.phrase))
                continue
            # The concept's document frequency: its commonest strong alternative (a compound
            # part is as common as the part, not as rare as the whole word).
            strong = [_df(vocab, k) for k, w in c.alts.items() if w >= CONCEPT_MIN]
            known = [_df(vocab, k) for k in c.alts]
            df = max(strong, default=0) or max(known, default=0)
            out.append(math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) if df else 0.0)
        # The parts of one compound are one concept: they share the mean of their IDFs.
        groups: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(plan.clauses):
            if c.group >= 0:
                groups[c.group].append(i)
        for members in groups.values():
            mean = sum(out[i] for i in members) / len(members)
            for i in members:
                out[i] = mean
        coord = [c.weight * i ** COORD_IDF if i else 0.0 for c, i in zip(plan.clauses, out,
                                                                       strict=True)]
        total = sum(w for c, w in zip(plan.clauses, coord, strict=True) if not c.feedback)
        return Ranked(out, total or 1.0, coord)

    def score(self, plan: QueryPlan, ranked: Ranked,
              postings: Callable[[str], Mapping[int, float]],
              base: dict[int, float] | None = None) -> dict[int, float]:
        """First-stage scores: Σ clauses × IDF-weighted coordination, plus feedback clauses.

        With `base` (the scores of the typed clauses), only the feedback clauses are added.
        """
        total: dict[int, float] = {}
        matched: dict[int, float] = {}
        extra: dict[int, float] = dict(base) if base is not None else {}
        for c, cidf, g in zip(plan.clauses, ranked.clause_idf, ranked.shares(plan.clauses),
                              strict=True):
            if c.phrase or not cidf or (base is not None and not c.feedback):
                continue
            best: dict[int, float] = {}
            second: dict[int, float] = {}
            for k, w in c.alts.items():
                p = postings(k)
                bget, sget = best.get, second.get
                for d, v in p.items():
                    v = w * v if w != 1.0 else v
                    b = bget(d, 0.0)
                    if v > b:
                        best[d] = v
                        if b:
                            second[d] = b
                    elif v > sget(d, 0.0):
                        second[d] = v
            sget = second.get
            for d, v in best.items():
                best[d] = v + ALSO * sget(d, 0.0)
            f = c.weight * cidf
            if c.feedback:
                get = extra.get
                for d, v in best.items():
                    extra[d] = get(d, 0.0) + f * v
                continue
            tget, mget = total.get, matched.get
            for d, v in best.items():
                total[d] = tget(d, 0.0) + f * v
                matched[d] = mget(d, 0.0) + g
        if base is not None:
            return extra
        full = ranked.total_idf
        out = {d: s * (matched[d] / full) ** COORD for d, s in total.items()}
        for d, v in extra.items():
            out[d] = out.get(d, 0.0) + v
        return out

    @staticmethod
    def clause_factors(plan: QueryPlan, ranked: Ranked) -> list[tuple[float, dict[str, float]]]:
        """(factor, alternatives) of every scored clause, as `score` weighs them."""
        return [(c.weight * cidf, c.alts)
                for c, cidf in zip(plan.clauses, ranked.clause_idf, strict=True)
                if not c.phrase and cidf]

    def score_docs(self, plan: QueryPlan, ranked: Ranked,
                   postings: Callable[[str], Mapping[int, float]],
                   docs: Iterable[int]) -> dict[int, float]:
        """Exactly what `score` (with its feedback pass) gives, for the given documents only."""
        typed, extra = [], []
        for c, cidf, g in zip(plan.clauses, ranked.clause_idf, ranked.shares(plan.clauses),
                              strict=True):
            if c.phrase or not cidf:
                continue
            alts = [(w, postings(k)) for k, w in c.alts.items()]
            (extra if c.feedback else typed).append((c.weight * cidf, g, alts))
        full = ranked.total_idf
        out = {}
        for d in docs:
            total = matched = 0.0
            for f, g, alts in typed:
                value = _concept_value(alts, d)
                if value:
                    total += f * value
                    matched += g
            s = total * (matched / full) ** COORD if matched else 0.0
            for f, _, alts in extra:
                value = _concept_value(alts, d)
                if value:
                    s = s + f * value
            out[d] = s
        return out

    def rerank(self, plan: QueryPlan, ranked: Ranked,
               docs: list[tuple[object, float, str, str]]) -> list[tuple[object, float]]:
        """Second stage: phrase and proximity bonuses from the candidates' text."""
        if len(plan.clauses) < 2:
            return sorted(((d, s) for d, s, _, _ in docs), key=lambda x: -x[1])
        clause_keys = [{p for k in c.alts for p in conjunction_parts(k)} for c in plan.clauses]
        out = []
        for doc, score, title, body in docs:
            toks = self.analyzer.tokens(title) + [
                Token(t.key, t.parts, t.pos + 1000, t.start, t.end, t.word)
                for t in self.analyzer.tokens(body)]
            score += self._bonus(plan, ranked, clause_keys, toks)
            out.append((doc, score))
        out.sort(key=lambda x: -x[1])
        return out

    @staticmethod
    def _bonus(plan: QueryPlan, ranked: Ranked, clause_keys: list[set[str]],
               toks: list[Token]) -> float:
        at: dict[str, list[int]] = defaultdict(list)
        for t in toks:
            at[t.key].append(t.pos)
            for p in t.parts:
                if p != t.key:
                    at[p].append(t.pos)
        bonus = 0.0
        where: list[set[int]] = []
        for i, (c, keys) in enumerate(zip(plan.clauses, clause_keys, strict=True)):
            where.append({p for k in keys for p in at.get(k, ())})
            if c.phrase and has_phrase(toks, c.phrase, c.gaps, c.forms, c.joined):
                bonus += PHRASE_HIT * c.weight * ranked.clause_idf[i]
        # Proximity: pairs of distinct concepts within NEAR words of each other.
        idx = [i for i, c in enumerate(plan.clauses)
               if not c.phrase and not c.feedback and where[i]]
        for a, i in enumerate(idx):
            for j in idx[a + 1:]:
                wi, wj = where[i], where[j]
                if plan.clauses[i].alts.keys() & plan.clauses[j].alts.keys():
                    # Parts of one compound, near by the alternatives they do not share.
                    ai, aj = plan.clauses[i].alts.keys(), plan.clauses[j].alts.keys()
                    wi = {p for k in ai - aj for q in conjunction_parts(k) for p in at.get(q, ())}
                    wj = {p for k in aj - ai for q in conjunction_parts(k) for p in at.get(q, ())}
                dist = min((abs(p - q) for p in wi for q in wj), default=99)
                if 0 < dist <= NEAR:
                    bonus += (PROXIMITY * min(ranked.clause_idf[i], ranked.clause_idf[j])
                              * min(plan.clauses[i].weight, plan.clauses[j].weight) / dist)
        return bonus

    def feedback(self, plan: QueryPlan, vocab: Vocabulary, n_docs: int,
                 themes: list[list[str]]) -> QueryPlan:
        """The plan plus the themes most of the best hits share (pseudo-relevance feedback)."""
        if not themes or not FEEDBACK:
            return plan
        counts = Counter(t for ts in themes for t in set(ts))
        extra = []
        for theme, n in counts.most_common():
            share = n / len(themes)
            if share < FEEDBACK_SHARE:
                break
            keys = [t.key for t in self.analyzer.tokens(tag_text({TAG_FACETS[0]: [theme]}))]
            if keys:
                extra.append(Clause({k: 1.0 for k in keys}, weight=FEEDBACK * share,
                                    feedback=True))
        if not extra:
            return plan
        return QueryPlan(clauses=plan.clauses + extra, words=plan.words)

_WORKER: Ranker | None = None


def _df(vocab: Vocabulary, k: str) -> int:
    """Document frequency of a key; of a conjunction, that of its rarest part (at most)."""
    return min(vocab.df.get(p, 0) for p in conjunction_parts(k))


def _surface(title: list[Token], body: list[Token]) -> Counter[tuple[str, str]]:
    return Counter((t.key, t.word) for t in (*title, *body) if t.word.isalpha())


def _analyse(doc: SearchDocument) -> AnalysedDoc:
    assert _WORKER is not None
    return _WORKER.analyse(doc)


def chunks(items: Iterable, size: int) -> Iterable[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _concept_value(alts: list, d: object) -> float:
    """A concept's value in document `d`: its best alternative plus ALSO × the second best."""
    best = second = 0.0
    for w, p in alts:
        v = p.get(d)
        if v is not None:
            v = w * v if w != 1.0 else v
            if v > best:
                best, second = v, best
            elif v > second:
                second = v
    return best + ALSO * second if best else 0.0
