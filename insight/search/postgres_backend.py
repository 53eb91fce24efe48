"""PostgreSQL backend: one table with a tsvector built by the Python analysis.

The tsvector holds every key of a document once, with the key's BM25F impact (see `core`)
encoded as its position (impact × 1000); the GIN index finds a key's documents. Each process
keeps a snapshot of the index (document numbers, filter and facet bitmaps, posting lists read
per key on first use), valid for one *generation*: a counter every upsert, delete and clear
bumps in its own transaction, checked with one primary-key read per search. Scoring (safe
top-k, see `topk`), feedback, re-ranking, totals and facet counts then run on bitmaps exactly
as in the Whoosh backend, so both rank alike and neither scores every match. A change costs
every process one reload of document rows (about 0.5 s at 100k) on its next search.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert

from insight.models.search import SearchDocument as Row
from insight.models.search import SearchTerm
from insight.search import SearchDocument, SearchQuery, SearchResults
from insight.search.core import (
    ALSO,
    FEEDBACK_DOCS,
    FEW_RESULTS,
    RERANK,
    TAG_FACETS,
    EngineBase,
    chunks,
    intersect,
    split_facet,
)
from insight.search.query import AND, QueryPlan, conjunction_parts
from insight.search.topk import Tiers, bitmap, bound_planes, tiers, top_k
from insight.search.vocabulary import Vocabulary

SCALE = 1000  # impact → tsvector position


def _lexeme(k: str) -> str:
    return "'" + k.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(impacts: dict[str, float]) -> str:
    return " ".join(f"{_lexeme(k)}:{max(1, min(16383, round(w * SCALE)))}"
                    for k, w in impacts.items())


GENERATION = "~generation"  # a search_term row (never a key) counting index changes
BATCH_KEYS = 64  # keys read from the table per query when filling the cache


class _Snapshot:
    """One process's view of the index at one generation: document numbers and bitmaps.

    Built from the table when the generation changes (every upsert, delete or clear bumps
    it in the same transaction); posting lists are read per key on first use. Scoring, top-k,
    totals and facet counts then run on bitmaps exactly as in the Whoosh backend.
    """

    def __init__(self, generation: int, rows: list) -> None:
        self.generation = generation
        self.ids = [r[0] for r in rows]  # ordered by doc_id: ties rank alike in both backends
        self.num = {d: i for i, d in enumerate(self.ids)}
        n = len(rows)
        self.n = n
        self.live = (1 << n) - 1
        groups: dict[str, list[int]] = defaultdict(list)
        for i, (_, status, visibility, facets, _) in enumerate(rows):
            groups[f"status={status}"].append(i)
            groups[f"visibility={visibility}"].append(i)
            for f in facets or ():
                groups[f].append(i)
        self.bits = {k: bitmap(v, n) for k, v in groups.items()}
        self.facet_terms = sorted(k for k in groups
                                  if not k.startswith(("status=", "visibility=")))
        far = datetime.min.replace(tzinfo=UTC)
        self.newest = sorted(range(n), key=lambda i: (
            rows[i][4] is None, -((rows[i][4] or far) - far).total_seconds(), i))
        self.postings: dict[str, dict[int, float]] = {}
        self.tiers: dict[str, Tiers] = {}
        self.lock = threading.Lock()


class PostgresBackend(EngineBase):
    def __init__(self, engine: Engine, thesaurus: str | None = None,
                 create: bool = True) -> None:
        super().__init__(thesaurus)
        self.engine = engine
        if create:
            Row.metadata.create_all(engine, tables=[Row.__table__, SearchTerm.__table__])
        self._vocab: Vocabulary | None = None
        self._snap: _Snapshot | None = None
        self._lock = threading.Lock()

    # --- reading ---------------------------------------------------------------------------

    def _snapshot(self, c) -> _Snapshot:
        """The cached snapshot, rebuilt when another writer has changed the index."""
        gen = c.execute(select(SearchTerm.df).where(SearchTerm.term == GENERATION)
                        ).scalar_one_or_none() or 0
        snap = self._snap
        if snap is None or snap.generation != gen:
            rows = c.execute(text(
                "SELECT doc_id, status, visibility, facets, date FROM search_document "
                "ORDER BY doc_id")).all()
            snap = _Snapshot(gen, rows)
            vocab = c.execute(select(SearchTerm.term, SearchTerm.word, SearchTerm.df)
                              .where(SearchTerm.df > 0, SearchTerm.term != GENERATION)).all()
            with self._lock:
                self._snap = snap
                self._vocab = Vocabulary({t: df for t, _, df in vocab},
                                         {t: w for t, w, _ in vocab if w})
                self.lexicon.learn_keys(self._vocab.df)
        return snap

    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            with self.engine.connect() as c:
                self._snapshot(c)
        assert self._vocab is not None
        return self._vocab

    def _load(self, c, snap: _Snapshot, keys: Iterable[str]) -> None:
        """Read the posting lists of keys not cached yet (impacts of all documents)."""
        keys = set(keys)
        joined = [k for k in keys if AND in k and k not in snap.postings]
        keys = {p for k in keys for p in conjunction_parts(k)}
        missing = sorted(k for k in keys if k not in snap.postings)
        for i in range(0, len(missing), BATCH_KEYS):
            batch = missing[i:i + BATCH_KEYS]
            got: dict[str, dict[int, float]] = {k: {} for k in batch}
            num = snap.num
            # setweight + ts_filter keep only the wanted lexemes (in C), so unnest yields a
            # row per wanted key instead of one per key of every matching document.
            for doc_id, k, pos in c.execute(text(
                    "SELECT d.doc_id, u.lexeme, u.positions[1] FROM search_document d, "
                    "unnest(ts_filter(setweight(d.tsv, 'A', CAST(:keys AS text[])), '{a}')) "
                    "AS u WHERE d.tsv @@ CAST(:any AS tsquery)"),
                    {"keys": batch, "any": " | ".join(_lexeme(k) for k in batch)}):
                d = num.get(doc_id)
                if d is not None:  # a document newer than the snapshot: seen next time
                    got[k][d] = pos / SCALE
            with snap.lock:
                for k, p in got.items():
                    snap.postings[k] = p
                    snap.tiers[k] = tiers(p, snap.n)
        for k in joined:  # conjunctions (synonyms of several words), from their parts
            p = intersect([snap.postings[part] for part in conjunction_parts(k)])
            with snap.lock:
                snap.postings[k] = p
                snap.tiers[k] = tiers(p, snap.n)

    def _allowed(self, snap: _Snapshot, query: SearchQuery) -> int:
        bits = snap.live
        get = snap.bits.get
        if query.visibilities is not None:
            vis = 0
            for v in query.visibilities:
                vis |= get(f"visibility={v}", 0)
            bits &= vis & get("status=published", 0)
        for k, values in query.filters.items():
            if values:
                any_of = 0
                for v in values:
                    any_of |= get(f"{k}={v}", 0)
                bits &= any_of
        return bits

    def _topk(self, snap: _Snapshot, plan: QueryPlan, ranked, allowed: int,
              k: int) -> list[tuple[int, float]]:
        clauses = self.clause_factors(plan, ranked)
        universe = 0
        for _, alts in clauses:
            for key in alts:
                for _, b in snap.tiers[key]:
                    universe |= b
        universe &= allowed
        planes = bound_planes(clauses, snap.tiers.__getitem__, ALSO)
        return top_k(k, universe, planes, lambda docs: self.score_docs(
            plan, ranked, snap.postings.__getitem__, docs))

    def search(self, query: SearchQuery) -> SearchResults:
        with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as c:
            snap = self._snapshot(c)
            vocab = self.vocabulary()
            plan = self.plan(query, vocab)
            allowed = self._allowed(snap, query)
            if plan.empty:
                match, full = allowed, plan
            else:
                self._load(c, snap, plan.keys())
                ranked = self.weights(plan, vocab, snap.n)
                first = self._topk(snap, plan, ranked, allowed, FEEDBACK_DOCS)
                prefix = f"{TAG_FACETS[0]}="
                themes = [[t[len(prefix):] for t in snap.facet_terms
                           if t.startswith(prefix) and (snap.bits[t] >> d) & 1]
                          for d, _ in first]
                full = self.feedback(plan, vocab, snap.n, themes)
                if full is not plan:
                    self._load(c, snap, full.keys())
                    ranked = self.weights(full, vocab, snap.n)
                match = 0
                for k in full.keys():
                    for _, b in snap.tiers[k]:
                        match |= b
                match &= allowed
            total = match.bit_count()
            facets: dict[str, dict[str, int]] = {}
            if query.with_facets and total:
                for term in snap.facet_terms:
                    n = (match & snap.bits[term]).bit_count()
                    if n:
                        fk, fv = split_facet(term)
                        facets.setdefault(fk, {})[fv] = n
            size = max(1, query.page_size)
            page = max(1, query.page)
            hits = []
            if total and (page - 1) * size < total:
                n = page * size
                if query.sort == "newest" or plan.empty:
                    rows = []
                    for d in snap.newest:
                        if (match >> d) & 1:
                            rows.append((d, 0.0))
                            if len(rows) >= n:
                                break
                else:
                    rows = self._topk(snap, full, ranked, allowed, max(n, RERANK))
                docs = {r["doc_id"]: dict(r) for r in c.execute(text(
                    "SELECT doc_id, type, ref, title, body, url FROM search_document "
                    "WHERE doc_id = ANY(:ids)"), {"ids": [snap.ids[d] for d, _ in rows]}
                ).mappings()}
                rows = [(d, sc) for d, sc in rows if snap.ids[d] in docs]  # deleted meanwhile
                if query.sort != "newest" and not plan.empty and len(full.clauses) >= 2:
                    rows = self.rerank(full, ranked, [
                        (d, sc, docs[snap.ids[d]]["title"], docs[snap.ids[d]]["body"])
                        for d, sc in rows])
                hits = [self.hit(docs[snap.ids[d]], sc, plan)
                        for d, sc in rows[(page - 1) * size:n]]
        suggestion = None
        if total < FEW_RESULTS and not plan.empty:
            suggestion = self.suggestion(plan, vocab)
        return SearchResults(total=total, hits=hits, facets=facets, suggestion=suggestion)

    def _bump(self, c) -> None:
        """Count a change of the index, so that every process rebuilds its snapshot."""
        stmt = insert(SearchTerm).values(term=GENERATION, word="", df=1)
        c.execute(stmt.on_conflict_do_update(index_elements=["term"],
                                             set_={"df": SearchTerm.df + 1}))

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
            self._bump(c)
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
            self._bump(c)
        return len(rows)

    def versions(self) -> dict[str, str]:
        with self.engine.connect() as c:
            return dict(c.execute(select(Row.doc_id, Row.version)).all())

    def clear(self) -> None:
        with self.engine.begin() as c:
            c.execute(delete(Row))
            c.execute(delete(SearchTerm).where(SearchTerm.term != GENERATION))
            self._bump(c)
