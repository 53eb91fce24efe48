"""PostgreSQL backend: one table with a tsvector built by the Python analysis.

The tsvector holds every key of a document once, with the key's BM25F impact (see `core`)
encoded as its position (impact × 1000), so the GIN index finds the matches and one query
returns, per matching document, the impacts of the query's keys. Scoring, feedback and
re-ranking then run in Python exactly as for Whoosh, so both backends rank alike. Visibility
and filters are part of the WHERE clause, so paging never sees what the reader may not.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert

from insight.models.search import SearchDocument as Row
from insight.models.search import SearchTerm
from insight.search import SearchDocument, SearchQuery, SearchResults
from insight.search.core import (
    FEEDBACK_DOCS,
    FEW_RESULTS,
    RERANK,
    TAG_FACETS,
    EngineBase,
    chunks,
    split_facet,
)
from insight.search.query import QueryPlan
from insight.search.vocabulary import Vocabulary

VOCAB_TTL = 30.0  # seconds other processes' new words may take to reach typo tolerance
SCALE = 1000  # impact → tsvector position


def _lexeme(k: str) -> str:
    return "'" + k.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(impacts: dict[str, float]) -> str:
    return " ".join(f"{_lexeme(k)}:{max(1, min(16383, round(w * SCALE)))}"
                    for k, w in impacts.items())


class PostgresBackend(EngineBase):
    def __init__(self, engine: Engine, thesaurus: str | None = None,
                 create: bool = True) -> None:
        super().__init__(thesaurus)
        self.engine = engine
        if create:
            Row.metadata.create_all(engine, tables=[Row.__table__, SearchTerm.__table__])
        self._vocab: Vocabulary | None = None
        self._vocab_at = 0.0
        self._n_docs = 0

    # --- reading ---------------------------------------------------------------------------

    def vocabulary(self) -> Vocabulary:
        """Vocabulary and document count, cached for VOCAB_TTL seconds."""
        if self._vocab is None or time.monotonic() - self._vocab_at > VOCAB_TTL:
            with self.engine.connect() as c:
                rows = c.execute(select(SearchTerm.term, SearchTerm.word, SearchTerm.df)
                                 .where(SearchTerm.df > 0)).all()
                self._n_docs = c.execute(text("SELECT count(*) FROM search_document")
                                         ).scalar_one()
            self._vocab = Vocabulary({t: df for t, _, df in rows},
                                     {t: w for t, w, _ in rows if w})
            self._vocab_at = time.monotonic()
            self.lexicon.learn_keys(self._vocab.df)
        return self._vocab

    def _where(self, query: SearchQuery, params: dict) -> list[str]:
        where = []
        if query.visibilities is not None:
            where.append("status = 'published' AND visibility = ANY(:vis)")
            params["vis"] = list(query.visibilities)
        for i, (k, values) in enumerate(sorted(query.filters.items())):
            if values:
                where.append(f"facets && CAST(:f{i} AS varchar[])")
                params[f"f{i}"] = [f"{k}={v}" for v in values]
        return where

    def _postings(self, c, keys: set[str], cond: str,
                  params: dict) -> dict[str, dict[str, float]]:
        """key → {doc_id: impact} over the allowed documents that hold any of the keys."""
        out: dict[str, dict[str, float]] = {k: {} for k in keys}
        if not keys:
            return out
        p = dict(params, any=" | ".join(_lexeme(k) for k in sorted(keys)), keys=sorted(keys))
        rows = c.execute(text(
            # setweight + ts_filter keep only the query's lexemes (in C), so unnest yields a
            # row per wanted key instead of one per key of every matching document.
            f"SELECT d.doc_id, u.lexeme, u.positions[1] FROM search_document d, "
            f"unnest(ts_filter(setweight(d.tsv, 'A', CAST(:keys AS text[])), '{{a}}')) AS u "
            f"WHERE d.tsv @@ CAST(:any AS tsquery) AND ({cond})"), p)
        for doc_id, k, pos in rows:
            out[k][doc_id] = pos / SCALE
        return out

    def search(self, query: SearchQuery) -> SearchResults:
        vocab = self.vocabulary()
        plan = self.plan(query, vocab)
        params: dict = {}
        cond = " AND ".join(self._where(query, params)) or "TRUE"
        facets: dict[str, dict[str, int]] = {}
        with self.engine.connect() as c:
            if plan.empty:
                total = c.execute(text(f"SELECT count(*) FROM search_document WHERE {cond}"),
                                  params).scalar_one()
                match = cond
            else:
                full, ranked, scores = self._first_stage(c, plan, vocab, cond, params)
                total = len(scores)
                params["all"] = " | ".join(_lexeme(k) for k in sorted(full.keys())) or "''"
                match = f"{cond} AND tsv @@ CAST(:all AS tsquery)"
            if query.with_facets and total:
                for tok, n in c.execute(text(
                        f"SELECT f, count(*) FROM search_document, unnest(facets) AS f "
                        f"WHERE {match} GROUP BY f"), params):
                    k, v = split_facet(tok)
                    facets.setdefault(k, {})[v] = n
            size = max(1, query.page_size)
            page = max(1, query.page)
            hits = []
            if total and (page - 1) * size < total:
                if query.sort == "newest" or plan.empty:
                    params.update(limit=size, offset=(page - 1) * size)
                    rows = c.execute(text(
                        f"SELECT doc_id, type, ref, title, body, url FROM search_document "
                        f"WHERE {match} ORDER BY date DESC NULLS LAST, doc_id "
                        f"LIMIT :limit OFFSET :offset"), params).mappings().all()
                    hits = [self.hit(dict(r), 0.0, plan) for r in rows]
                else:
                    hits = self._second_stage(c, full, ranked, scores, plan, page, size)
        suggestion = None
        if total < FEW_RESULTS and not plan.empty:
            suggestion = self.suggestion(plan, vocab)
        return SearchResults(total=total, hits=hits, facets=facets, suggestion=suggestion)

    def _first_stage(self, c, plan: QueryPlan, vocab: Vocabulary, cond: str, params: dict):
        n_docs = max(self._n_docs, 1)
        post = self._postings(c, plan.keys(), cond, params)
        ranked = self.weights(plan, vocab, n_docs)
        scores = self.score(plan, ranked, post.__getitem__)
        first = [d for d, _ in self.top(scores, FEEDBACK_DOCS)]
        themes: dict[str, list[str]] = defaultdict(list)
        prefix = f"{TAG_FACETS[0]}="
        if first:
            for doc_id, toks in c.execute(text(
                    "SELECT doc_id, facets FROM search_document WHERE doc_id = ANY(:ids)"),
                    {"ids": first}):
                themes[doc_id] = [t[len(prefix):] for t in toks if t.startswith(prefix)]
        full = self.feedback(plan, vocab, n_docs, [themes[d] for d in first])
        if full is not plan:
            post.update(self._postings(c, full.keys() - post.keys(), cond, params))
            ranked = self.weights(full, vocab, n_docs)
            scores = self.score(full, ranked, post.__getitem__, base=scores)
        return full, ranked, scores

    def _second_stage(self, c, full: QueryPlan, ranked, scores: dict, plan: QueryPlan,
                      page: int, size: int) -> list:
        n = page * size
        best = self.top(scores, max(n, RERANK))
        rows = {r["doc_id"]: dict(r) for r in c.execute(text(
            "SELECT doc_id, type, ref, title, body, url FROM search_document "
            "WHERE doc_id = ANY(:ids)"), {"ids": [d for d, _ in best]}).mappings()}
        best = [(d, sc) for d, sc in best if d in rows]  # deleted meanwhile
        if len(full.clauses) < 2:
            order = best
        else:
            order = self.rerank(full, ranked, [(d, sc, rows[d]["title"], rows[d]["body"])
                                               for d, sc in best])
        return [self.hit(rows[d], sc, plan) for d, sc in order[(page - 1) * size:n]]

    # --- writing ---------------------------------------------------------------------------

    def upsert(self, docs: Iterable[SearchDocument]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        self.vocabulary()
        self.learn(docs)
        n = 0
        with self.engine.begin() as c:
            for batch in chunks(docs, 1000):
                ids = list({d.doc_id for d in batch})
                old = Counter()
                for (keys,) in c.execute(text(
                        "SELECT tsvector_to_array(tsv) FROM search_document "
                        "WHERE doc_id = ANY(:ids) FOR UPDATE"), {"ids": ids}):
                    old.update(keys)
                new: Counter[str] = Counter()
                words: dict[str, Counter[str]] = {}
                rows = {}
                for d, a in zip(batch, self.analyse_many(batch), strict=True):
                    tsv = _tsvector(a.impacts)
                    rows[d.doc_id] = dict(
                        doc_id=d.doc_id, type=d.type, ref=d.ref, title=d.title, body=d.body,
                        url=d.url, status=d.status, visibility=d.visibility, version=d.version,
                        date=d.date, facets=a.facets, tsv=tsv)
                    new.update(a.impacts.keys())
                    for (k, w), cnt in a.surface.items():
                        words.setdefault(k, Counter())[w] += cnt
                stmt = insert(Row).values(list(rows.values()))
                stmt = stmt.on_conflict_do_update(
                    index_elements=["doc_id"],
                    set_={col: stmt.excluded[col] for col in rows[ids[0]] if col != "doc_id"})
                c.execute(stmt)
                self._add_df(c, new, old, words)
                n += len(rows)
        self._vocab = None
        return n

    def _add_df(self, c, new: Counter, old: Counter, words: dict[str, Counter]) -> None:
        delta = Counter(new)
        delta.subtract(old)
        # Sorted, so that concurrent writers lock vocabulary rows in the same order.
        values = [{"term": k, "word": words[k].most_common(1)[0][0] if k in words else "",
                   "df": d} for k, d in sorted(delta.items()) if d or k in words]
        for batch in chunks(values, 5000):
            stmt = insert(SearchTerm).values(batch)
            c.execute(stmt.on_conflict_do_update(
                index_elements=["term"],
                set_={"df": SearchTerm.df + stmt.excluded.df,
                      "word": func.coalesce(func.nullif(stmt.excluded.word, ""),
                                            SearchTerm.word)}))

    def delete(self, doc_ids: Iterable[str]) -> int:
        ids = list(doc_ids)
        if not ids:
            return 0
        with self.engine.begin() as c:
            old: Counter[str] = Counter()
            rows = c.execute(text(
                "DELETE FROM search_document WHERE doc_id = ANY(:ids) "
                "RETURNING tsvector_to_array(tsv)"), {"ids": ids}).all()
            for (keys,) in rows:
                old.update(keys)
            self._add_df(c, Counter(), old, {})
        self._vocab = None
        return len(rows)

    def versions(self) -> dict[str, str]:
        with self.engine.connect() as c:
            return dict(c.execute(select(Row.doc_id, Row.version)).all())

    def clear(self) -> None:
        with self.engine.begin() as c:
            c.execute(delete(Row))
            c.execute(delete(SearchTerm))
        self._vocab = None
