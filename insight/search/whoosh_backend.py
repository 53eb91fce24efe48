"""Whoosh backend: a file index shared by all app processes on one machine.

Only one writer at a time across processes (`ix.writer(timeout=…)`); readers refresh their
searcher on every search so they see new commits. The index holds one posting per document and
key whose weight is the key's BM25F impact (see `core`), so a query reads one posting list per
alternative. Posting lists and filter bitmaps are cached per *segment* (segments never change
once written; only their deletions do), so a new commit costs a small new segment's reads, not
a cold cache (see `whoosh_view` and `whoosh_store`). This module only stores documents and
reads them back as a `core.IndexView` through Whoosh's public API; the query itself runs in
`core.Engine`.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from whoosh import index, writing
from whoosh.analysis import Token, Tokenizer
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.util.filelock import try_for

from insight.search import SearchDocument
from insight.search.core import Engine
from insight.search.ranking import PARALLEL_MIN
from insight.search.whoosh_bulk import (
    LIMIT_MB,
    LeanWriter,
    commit,
    fields,
    procs_for,
    write_parallel,
)
from insight.search.whoosh_store import SURFACE, merge_by_size
from insight.search.whoosh_view import View


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


def schema() -> Schema:
    # The index's table of contents pickles this schema, PreAnalyzed included, by module
    # path: both must stay in this module or existing indexes no longer open.
    pre = PreAnalyzed()
    return Schema(
        doc_id=ID(unique=True, stored=True),
        stored=STORED,  # doc fields needed for hits, re-ranking and drift checks
        terms=TEXT(analyzer=pre, phrase=False),  # key → BM25F impact (the posting weight)
        facet=TEXT(analyzer=pre, phrase=False),
        access=TEXT(analyzer=pre, phrase=False),
        date=COLUMN(NumericColumn("q", default=0)),  # a column only: never queried
    )


class WhooshBackend(Engine):
    def __init__(self, index_dir: str, writer_timeout: float = 30.0,
                 thesaurus: str | None = None, concepts: str | None = None,
                 described: str | None = None) -> None:
        super().__init__(thesaurus, concepts, described)
        self.index_dir = index_dir
        self.writer_timeout = writer_timeout
        self._lock = threading.Lock()
        self._view: View | None = None
        self._surface: tuple[tuple, dict[str, dict[str, int]]] | None = None
        self.ix = self._open()

    def _open(self):
        """The index in `index_dir`, created (with the directory) if it is not there."""
        os.makedirs(self.index_dir, exist_ok=True)
        if index.exists_in(self.index_dir):
            return index.open_dir(self.index_dir)
        return index.create_in(self.index_dir, schema())

    # --- reading ---------------------------------------------------------------------------

    def _current(self) -> View:
        with self._lock:
            view = self._view
            if view is not None:
                try:
                    if view.s.up_to_date():
                        return view
                except OSError:  # the index directory is gone: open whatever is there now
                    pass
                # Forget the old searcher before opening a new one: if opening fails, the
                # next search tries again instead of reusing a closed searcher.
                self._view = None
                view.s.close()
            self._view = View(self, self.ix.searcher())
            return self._view

    @contextmanager
    def view(self) -> Iterator[View]:
        yield self._current()

    def surface(self) -> dict[str, dict[str, int]]:
        """key → {word: count} of the documents indexed (read-only: callers must not change
        it). Parsed again only when the file changed (another process wrote, or a clear)."""
        path = os.path.join(self.index_dir, SURFACE)
        try:
            st = os.stat(path)
        except OSError:
            return {}
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached = self._surface
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            with open(path, encoding="utf-8") as f:
                words = json.load(f)
        except (OSError, ValueError):
            return {}
        self._surface = (stamp, words)
        return words

    def _add_surface(self, added: Iterable[Counter], removed: Iterable[Counter] = ()) -> None:
        """Count the new documents' surface words and uncount those of the documents they
        replace or that are deleted (call while holding the writer lock), so the counts are
        those of the documents the index holds, however often they were written.

        Kept beside the index rather than in it: a posting per word and document would
        double the index's postings for a list that only names corrections.
        """
        words = dict(self.surface())  # the cached dict is shared: copy what changes
        copied: set[str] = set()
        for counts, sign in [*((s, 1) for s in added), *((s, -1) for s in removed)]:
            for (k, w), n in counts.items():
                if k not in copied:
                    words[k] = dict(words.get(k, ()))
                    copied.add(k)
                per = words[k]
                left = per.get(w, 0) + sign * n
                if left > 0:
                    per[w] = left
                else:
                    per.pop(w, None)
        for k in copied:
            if not words[k]:
                del words[k]
        path = os.path.join(self.index_dir, SURFACE)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(words, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)

    # --- writing ---------------------------------------------------------------------------

    def _writer(self, **kwargs: Any):
        """A writer; an index whose directory was removed is created again (a rebuild heals).

        The write lock is taken here, not inside Whoosh's writer: when the writer cannot be
        made (a read-only or full disk refuses its first file) Whoosh would keep the lock it
        took, and every later write, even after the disk is writable again, would wait for it
        and fail with LockError until the process restarts."""
        if not index.exists_in(self.index_dir):
            self.ix = self._open()
        lock = self.ix.lock("WRITELOCK")
        if not try_for(lock.acquire, timeout=self.writer_timeout, delay=0.1):
            raise index.LockError
        try:
            writer = LeanWriter(self.ix, _lk=False, limitmb=LIMIT_MB, **kwargs)
        except BaseException:
            lock.release()
            raise
        writer.writelock = lock  # released by the writer's commit or cancel
        return writer

    def upsert(self, docs: Iterable[SearchDocument]) -> int:
        given = list(docs)
        if not given:
            return 0
        docs = list({d.doc_id: d for d in given}.values())  # the last version of each
        procs = procs_for(len(docs), PARALLEL_MIN)
        # A small batch is analysed before taking the lock (other writers wait less); a large
        # one by the workers that write it.
        analysed = self.analyse_many(docs) if procs == 1 else []
        writer = self._writer()
        try:
            existing = self._existing(writer, [d.doc_id for d in docs])
            for i in existing:
                writer.delete_by_term("doc_id", i)
            if procs > 1:
                segments, added = write_parallel(self, writer, docs, procs, merge_by_size)
                self._add_surface(added, existing.values())
                commit(writer, segments)
                return len(given)
            for doc, a in zip(docs, analysed, strict=True):
                writer.add_document(**fields(doc, a))
            self._add_surface((a.surface for a in analysed), existing.values())
            writer.commit(mergetype=merge_by_size)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        return len(given)

    def _existing(self, writer, ids: list[str]) -> dict[str, Counter]:
        """The ids already in the index (only these need a delete before the add), with the
        surface words their indexed versions counted."""
        reader = writer.reader()
        try:
            out = {}
            for i in ids:
                if ("doc_id", i) in reader:
                    for d in reader.postings("doc_id", i).all_ids():
                        if reader.is_deleted(d):
                            continue
                        row = reader.stored_fields(d)["stored"]
                        out[i] = self.surface_of(row["title"], row["body"])
            return out
        finally:
            reader.close()

    def delete(self, doc_ids: Iterable[str]) -> int:
        ids = list(doc_ids)
        if not ids:
            return 0
        writer = self._writer()
        try:
            existing = self._existing(writer, ids)
            n = sum(writer.delete_by_term("doc_id", i) for i in ids)
            self._add_surface((), existing.values())
            writer.commit(mergetype=merge_by_size)
        except BaseException:
            writer.cancel()
            raise
        return n

    def versions(self) -> dict[str, str]:
        s = self._current().s
        return {f["stored"]["doc_id"]: f["stored"]["version"] for f in s.all_stored_fields()}

    def clear(self) -> None:
        writer = self._writer()
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
            if self._view is not None:
                self._view.s.close()
                self._view = None
