"""PostgreSQL backend: one table with a tsvector built by the Python analysis.

The tsvector holds the same keys as the Whoosh index (title weight A, body B, compound parts C),
and ranking follows the same plan: per clause the best alternative, weighted by its BM25-style
IDF from the `search_term` table, summed over clauses. Visibility and filters are part of the
WHERE clause, so paging never sees what the reader may not.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert

from insight.models.search import SearchDocument as Row
from insight.models.search import SearchTerm
from insight.search import SearchDocument, SearchQuery, SearchResults
from insight.search.core import EngineBase, chunks, split_facet
from insight.search.query import QueryPlan
from insight.search.vocabulary import Vocabulary

# ts_rank weights {D, C, B, A}: compound parts 0.6 of a body match, a title match twice one.
RANK_WEIGHTS = "{0, 0.3, 0.5, 1.0}"
VOCAB_TTL = 30.0  # seconds other processes' new words may take to reach typo tolerance
BODY_OFFSET = 100  # body positions start after the title's, so phrases never span both


def _lexeme(k: str) -> str:
    return "'" + k.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(a) -> str:
    pos: dict[str, list[str]] = {}
    for label, pairs, offset in (("A", a.title, 1), ("B", a.body, BODY_OFFSET),
                                 ("C", a.parts, BODY_OFFSET)):
        for k, p in pairs:
            pos.setdefault(k, []).append(f"{min(p + offset, 16383)}{label}")
    return " ".join(f"{_lexeme(k)}:{','.join(ps[:256])}" for k, ps in pos.items())


class PostgresBackend(EngineBase):
    def __init__(self, engine: Engine, thesaurus: str | None = None,
                 create: bool = True) -> None:
        super().__init__(thesaurus)
        self.engine = engine
        if create:
            Row.metadata.create_all(engine, tables=[Row.__table__, SearchTerm.__table__])
        self._vocab: Vocabulary | None = None
        self._vocab_at = 0.0

    # --- reading ---------------------------------------------------------------------------

    def vocabulary(self) -> Vocabulary:
        if self._vocab is None or time.monotonic() - self._vocab_at > VOCAB_TTL:
            with self.engine.connect() as c:
                rows = c.execute(select(SearchTerm.term, SearchTerm.word, SearchTerm.df)
                                 .where(SearchTerm.df > 0)).all()
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

    def _score(self, plan: QueryPlan, vocab: Vocabulary, n_docs: int,
               params: dict) -> tuple[str, str]:
        """SQL for the score and for the match condition."""
        def idf(k: str) -> float:
            df = vocab.df.get(k, 0)
            return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

        clauses, any_terms = [], set()
        for i, c in enumerate(plan.clauses):
            if c.phrase:
                ops = " ".join(f"<{g}> {_lexeme(k)}" for g, k in zip(c.gaps, c.phrase[1:],
                                                                       strict=False))
                params[f"p{i}"] = f"{_lexeme(c.phrase[0])} {ops}"
                w = c.weight * sum(idf(k) for k in c.phrase) / len(c.phrase)
                clauses.append(f"{w:.4f} * ts_rank(CAST(:rw AS float4[]), tsv, "
                               f"CAST(:p{i} AS tsquery), 1)")
                continue
            alts = []
            for j, (k, w) in enumerate(c.alts.items()):
                params[f"q{i}_{j}"] = _lexeme(k)
                any_terms.add(k)
                alts.append(f"{c.weight * w * idf(k):.4f} * ts_rank(CAST(:rw AS float4[]), "
                            f"tsv, CAST(:q{i}_{j} AS tsquery), 1)")
            clauses.append(f"GREATEST({', '.join(alts)})" if len(alts) > 1 else alts[0])
        params["rw"] = RANK_WEIGHTS
        params["any"] = " | ".join(_lexeme(k) for k in sorted(any_terms)) or "''"
        return " + ".join(clauses) or "0", "tsv @@ CAST(:any AS tsquery)"

    def search(self, query: SearchQuery) -> SearchResults:
        vocab = self.vocabulary()
        plan = self.plan(query, vocab)
        params: dict = {}
        where = self._where(query, params)
        score = "0"
        with self.engine.connect() as c:
            if not plan.empty:
                n_docs = c.execute(text("SELECT count(*) FROM search_document")).scalar_one()
                score, match = self._score(plan, vocab, n_docs, params)
                where.append(match)
            cond = " AND ".join(where) or "TRUE"
            total = c.execute(text(f"SELECT count(*) FROM search_document WHERE {cond}"),
                              params).scalar_one()
            facets: dict[str, dict[str, int]] = {}
            if query.with_facets and total:
                for tok, n in c.execute(text(
                        f"SELECT f, count(*) FROM search_document, unnest(facets) AS f "
                        f"WHERE {cond} GROUP BY f"), params):
                    k, v = split_facet(tok)
                    facets.setdefault(k, {})[v] = n
            newest = query.sort == "newest" or plan.empty
            order = "date DESC NULLS LAST, doc_id" if newest else "score DESC, doc_id"
            size = max(1, query.page_size)
            params.update(limit=size, offset=(max(1, query.page) - 1) * size)
            rows = c.execute(text(
                f"SELECT doc_id, type, ref, title, body, url, {score} AS score "
                f"FROM search_document WHERE {cond} ORDER BY {order} "
                f"LIMIT :limit OFFSET :offset"), params).mappings().all()
        hits = [self.hit(dict(r), 0.0 if newest else r["score"], plan) for r in rows]
        suggestion = None
        if total < 3 and not plan.empty:
            suggestion = self.suggestion(plan, vocab)
        return SearchResults(total=total, hits=hits, facets=facets, suggestion=suggestion)

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
                for d in batch:
                    a = self.analyse(d)
                    tsv = _tsvector(a)
                    rows[d.doc_id] = dict(
                        doc_id=d.doc_id, type=d.type, ref=d.ref, title=d.title, body=d.body,
                        url=d.url, status=d.status, visibility=d.visibility, version=d.version,
                        date=d.date, facets=a.facets, tsv=tsv)
                    new.update({k for k, _ in (*a.title, *a.body, *a.parts)})
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
