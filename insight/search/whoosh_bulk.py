"""Writing documents to the Whoosh index: the fields of a document, a lean segment writer, and
the parallel write of a large batch.

A large batch (an import, a rebuild) is split into one slice per core. Forked workers analyse
their slice and write it as a segment of their own, reading the documents from the memory they
share with the parent (nothing is pickled but the finished segment and the slice's word
counts); meanwhile the parent marks replaced documents deleted and merges the existing
segments. The parent then commits the new segments in one table of contents. Whoosh's own
multiprocessing writer, used before, analysed the whole batch first, pickled every document
through a job file to its sub-writers and only then merged, so the cores were busy one stage
at a time.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC
from typing import Any

from whoosh.writing import SegmentWriter

from insight.search import SearchDocument
from insight.search.whoosh_store import EPOCH

LIMIT_MB = 32  # posting buffer of a writer (Whoosh sorts runs on disk beyond it; default 128)
MAX_PROCS = 4  # slices of a large batch (at most one per core)


class LeanWriter(SegmentWriter):
    """A segment writer that does not look up every posting's field length when it writes the
    postings: Whoosh reads it back from disk per posting for its own block-quality scoring,
    which the engine never uses (it ranks by the stored impacts). About a third of a commit."""

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, None, self.pool.iter_postings())
        self.fieldwriter.close()


def fields(doc: SearchDocument, a: Any) -> dict[str, Any]:
    """The Whoosh fields of `doc` and its analysis (`ranking.AnalysedDoc`)."""
    date = doc.date or EPOCH
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    return {
        "doc_id": doc.doc_id,
        "stored": {
            "doc_id": doc.doc_id,
            "type": doc.type,
            "ref": doc.ref,
            "title": doc.title,
            "body": doc.body,
            "url": doc.url,
            "version": doc.version,
        },
        "terms": "\n".join(f"{k}\t{w}" for k, w in a.impacts.items()),
        "facet": "\n".join(a.facets),
        "access": f"status={doc.status}\nvisibility={doc.visibility}",
        "date": int((date - EPOCH).total_seconds()),
    }


def procs_for(count: int, minimum: int) -> int:
    """Worker processes for a batch of `count` documents (1: write in this process)."""
    if count < minimum or "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_PROCS))


_JOB: tuple[Any, list[SearchDocument], int] | None = None  # set in the parent before forking


def _write_slice(i: int) -> tuple[Any, Counter]:
    """In a forked worker: analyse and write slice `i` of the batch as a new segment."""
    assert _JOB is not None
    engine, docs, n = _JOB
    step = -(-len(docs) // n)
    part = docs[i * step : (i + 1) * step]
    surface: Counter = Counter()
    if not part:
        return None, surface
    writer = LeanWriter(engine.ix, _lk=False, limitmb=LIMIT_MB)
    try:
        for doc in part:
            a = engine.analyse(doc)
            surface.update(a.surface)
            writer.add_document(**fields(doc, a))
        segment = writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise
    return segment, surface


def write_parallel(
    engine: Any, writer: LeanWriter, docs: list[SearchDocument], procs: int, mergetype: Any
) -> tuple[list, list[Counter]]:
    """Write `docs` as `procs` new segments beside `writer` (which holds the lock and has marked
    the replaced documents deleted) and merge the existing segments with `mergetype` meanwhile.
    Returns the segments to commit (see `commit`) and the word counts of each slice, in
    document order."""
    global _JOB
    _JOB = (engine, docs, procs)
    try:
        # Not multiprocessing.Pool: a worker killed (out of memory, say) would leave its task
        # waiting forever; the executor raises BrokenProcessPool and the write is cancelled.
        with ProcessPoolExecutor(procs, mp_context=mp.get_context("fork")) as pool:
            pending = [pool.submit(_write_slice, i) for i in range(procs)]
            final = writer._merge_segments(mergetype, None, None)
            if writer._added:  # the merge wrote the merged segments into the writer's own
                final.append(writer._finalize_segment())
            else:
                writer._close_segment()
            results = [p.result() for p in pending]
    finally:
        _JOB = None
    return final + [s for s, _ in results if s is not None], [c for _, c in results]


def commit(writer: LeanWriter, segments: list) -> None:
    """Commit `segments` (from `write_parallel`) as the index's new table of contents."""
    writer._commit_toc(segments)
    writer._finish()
