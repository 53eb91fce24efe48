"""PostgreSQL backend: one table with a tsvector built by the Python analysis.

The tsvector holds every key of a document once, with the key's BM25F impact (see `core`)
encoded as its position (impact × 1000); the GIN index finds a key's documents. Each process
keeps a snapshot of the index (document numbers, filter and facet bitmaps, posting lists read
per key on first use), valid for one *generation*: a counter every upsert, delete and clear
bumps in its own transaction, checked with one primary-key read per search. This module only
stores documents and reads them back as a `core.IndexView`; scoring, top-k, feedback,
re-ranking, totals and facet counts run in `core.Engine`, the same code as for Whoosh. A change
costs every process one reload of document rows (about 0.5 s at 100k) on its next search.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine as Engine_
from sqlalchemy import String, case, delete, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import insert

from insight.models.search import SearchDocument as Row
from insight.models.search import SearchTerm
from insight.search import SearchDocument
from insight.search.core import Engine
from insight.search.ranking import chunks
from insight.search.topk import Tiers, bitmap, tiers
from insight.search.vocabulary import Vocabulary, surface_word

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
    it in the same transaction); posting lists are read per key on first use.
    """

    def __init__(self, generation: int, rows: list, vocab: Vocabulary) -> None:
        self.generation = generation
        self.vocab = vocab
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
        self.cache: dict = {}  # the engine's memo (conjunctions), valid for this generation
        self.lock = threading.Lock()


class _View:
    """A snapshot read through one connection (in one REPEATABLE READ transaction)."""

    def __init__(self, snap: _Snapshot, connection) -> None:
        self.snap = snap
        self.c = connection
        self.n_docs = self.size = snap.n
        self.cache = snap.cache

    def vocabulary(self) -> Vocabulary:
        return self.snap.vocab

    def live(self) -> int:
        return self.snap.live

    def bits(self, term: str) -> int:
        return self.snap.bits.get(term, 0)

    def facet_terms(self) -> list[str]:
        return self.snap.facet_terms

    def load(self, keys: Iterable[str]) -> None:
        """Read the posting lists of keys not cached yet (impacts of all documents)."""
        snap = self.snap
        missing = sorted(k for k in set(keys) if k not in snap.postings)
        for i in range(0, len(missing), BATCH_KEYS):
            batch = missing[i:i + BATCH_KEYS]
            got: dict[str, dict[int, float]] = {k: {} for k in batch}
            num = snap.num
            # setweight + ts_filter keep only the wanted lexemes (in C), so unnest yields a
            # row per wanted key instead of one per key of every matching document.
            for doc_id, k, pos in self.c.execute(text(
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

    def postings(self, k: str) -> dict[int, float]:
        return self.snap.postings[k]

    def tiers(self, k: str) -> Tiers:
        return self.snap.tiers[k]

    def newest(self, match: int, n: int) -> list[int]:
        rows = []
        for d in self.snap.newest:
            if (match >> d) & 1:
                rows.append(d)
                if len(rows) >= n:
                    break
        return rows

    def doc_ids(self, docs: Iterable[int]) -> dict[int, str]:
        ids = self.snap.ids
        return {d: ids[d] for d in docs}

    def stored(self, docs: Iterable[int]) -> dict[int, dict[str, Any]]:
        ids = self.snap.ids
        num = self.snap.num
        return {num[r["doc_id"]]: dict(r) for r in self.c.execute(text(
            "SELECT doc_id, type, ref, title, body, url FROM search_document "
            "WHERE doc_id = ANY(:ids)"), {"ids": [ids[d] for d in docs]}).mappings()}


class PostgresBackend(Engine):
    def __init__(self, engine: Engine_, thesaurus: str | None = None,
                 create: bool = True, concepts: str | None = None,
                 described: str | None = None) -> None:
        super().__init__(thesaurus, concepts, described)
        self.engine = engine
        if create:
            Row.metadata.create_all(engine, tables=[Row.__table__, SearchTerm.__table__])
        self._snap: _Snapshot | None = None

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
            vocab = c.execute(select(SearchTerm.term, SearchTerm.word, SearchTerm.df)
                              .where(SearchTerm.df > 0, SearchTerm.term != GENERATION)).all()
            snap = _Snapshot(gen, rows, Vocabulary({t: df for t, _, df in vocab},
                                                   {t: w for t, w, _ in vocab if w}))
            self._snap = snap
        return snap

    @contextmanager
    def view(self) -> Iterator[_View]:
        with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as c:
            yield _View(self._snapshot(c), c)

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
        # A key's word is its shortest form seen, then the first in code-point order (as in
        # the Whoosh backend): a rule that does not depend on the order documents came in.
        values = [{"term": k, "word": surface_word(words[k]) if k in words else "",
                   "df": d} for k, d in sorted(delta.items()) if d or k in words]
        new_word = literal_column("excluded.word", String)
        old_word = literal_column("search_term.word", String)
        for batch in chunks(values, 5000):
            stmt = insert(SearchTerm).values(batch)
            c.execute(stmt.on_conflict_do_update(
                index_elements=["term"],
                set_={"df": SearchTerm.df + stmt.excluded.df,
                      "word": case(
                          (new_word == "", old_word),
                          (old_word == "", new_word),
                          (func.length(new_word) < func.length(old_word), new_word),
                          (func.length(new_word) > func.length(old_word), old_word),
                          (new_word.collate("C") < old_word.collate("C"), new_word),
                          else_=old_word)}))

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
