"""Keeping the search index in step with the database, which is the truth.

1. A session `after_flush` listener notes every indexable object that was created, changed or
   deleted (a journey step means its journey, an answer or question means the answer document)
   and writes a SearchOutbox row for it in the same transaction. Listening to every flush,
   not only to the commit, catches objects flushed earlier in the transaction.
2. After the commit, the transaction's OWN outbox rows are drained on a separate connection
   (each object's current state is written to the index, then the rows are deleted), so a user
   finds their own write at once. A request waits at most SEARCH_OWN_LOCK_TIMEOUT for the lock
   and never drains others' rows: those (a busy or failed index, a process killed after its
   commit) are left to `flask worker`, to a background thread with INSIGHT_JOBS=thread (not in
   tests), to `flask search sync` or the admin page. A failure never fails the request.
3. Drains, rebuilds and repairs take one lock across all processes (`locking`: an advisory lock,
   or a file lock next to a SQLite database) for the whole read-database-then-write-index step:
   without it, two gunicorn workers could write an older state last. (Whoosh: one writer.)

One backend object per app lives in `app.extensions["search"]` (see `registry`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any

from flask import Flask, current_app, has_app_context, has_request_context
from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.orm import Session

from insight.extensions import db
from insight.models import (
    Answer,
    Insight,
    Journey,
    JourneyStep,
    Observation,
    Persona,
    Question,
    SearchOutbox,
    ThesaurusRule,
    VocabularyTerm,
)
from insight.ops import jobs
from insight.search import failures, indexing
from insight.search.locking import LONG_TIMEOUT, index_lock
from insight.search.locking import IndexBusy as IndexBusy  # re-exported: callers catch it
from insight.search.registry import SearchState, get_backend, invalidate_thesaurus

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "SEARCH_SYNC_ON_COMMIT": True,  # drain after every commit that changed indexed content
    "SEARCH_LOCK_TIMEOUT": 10.0,  # seconds a drain outside a web request waits for the lock
    "SEARCH_OWN_LOCK_TIMEOUT": 0.5,  # seconds a web request waits to index its own changes
    "SEARCH_BATCH_SIZE": 5000,  # objects per read-and-write step (bigger batches index faster)
    "SEARCH_THESAURUS_TTL": 2.0,  # seconds before a process looks for other processes' edits
}


@dataclass
class SyncResult:
    indexed: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)  # doc ids left in the outbox


@dataclass
class Drift:
    database: dict[str, int]  # documents the index should hold, per type
    index: dict[str, int]  # documents it holds, per type
    missing: list[str]
    stale: list[str]
    orphaned: list[str]
    outbox: int
    oldest_change: datetime | None
    available: bool = True  # False: the index could not be read (the counts are the database's)

    @property
    def in_sync(self) -> bool:
        return self.available and not (self.missing or self.stale or self.orphaned)


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.extensions["search_state"] = SearchState()
    # The listeners belong to the session class of `db`, shared by every app: register once.
    for name, listener in (("before_flush", _before_flush), ("after_flush", _after_flush),
                           ("do_orm_execute", _do_orm_execute), ("after_commit", _after_commit),
                           ("after_soft_rollback", _after_soft_rollback)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def _app(app: Flask | None) -> Flask:
    return app or current_app._get_current_object()  # type: ignore[attr-defined]


# --- collecting changes ------------------------------------------------------------------------

_PUBLISHABLE = (Observation, Insight, Persona, Journey)
_TRACKED = (*_PUBLISHABLE, JourneyStep, Question, Answer)


def _enabled() -> bool:
    return has_app_context() and "search_state" in current_app.extensions


def _keys(obj: Any) -> set[tuple[str, str]]:
    """The (type, ref) of the documents that `obj` is part of."""
    if isinstance(obj, _PUBLISHABLE):
        return {(obj.kind, obj.ref)}
    if isinstance(obj, JourneyStep):
        # A step moved to another journey changes both documents.
        journeys = [obj.journey, *(inspect(obj).attrs.journey.history.deleted or ())]
        return {("journey", j.ref) for j in journeys if j is not None}
    if isinstance(obj, Question):
        return {("answer", obj.ref)}
    if isinstance(obj, Answer):
        return {("answer", obj.question.ref)} if obj.question is not None else set()
    return set()


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Read the refs of objects about to be deleted while their rows still exist."""
    if not _enabled():
        return
    doomed = session.info.setdefault("search_doomed", {})
    for obj in session.deleted:
        if isinstance(obj, _TRACKED):
            doomed[obj] = _keys(obj)


def _after_flush(session: Session, flush_context: Any) -> None:
    if not _enabled():
        return
    doomed: dict = session.info.pop("search_doomed", {})
    dirty = session.dirty
    keys: set[tuple[str, str]] = set()
    for obj in chain(session.new, dirty, session.deleted):
        if isinstance(obj, ThesaurusRule | VocabularyTerm):  # synonyms apply at query time
            session.info["search_thesaurus_changed"] = True
        elif isinstance(obj, _TRACKED):
            if obj in dirty and not session.is_modified(obj):
                continue
            keys |= doomed[obj] if obj in doomed else _keys(obj)
    written = session.info.setdefault("search_written", set())
    new = sorted(keys - written)
    if new:
        # Core insert on the flushing connection: the rows commit or roll back with the change.
        session.connection().execute(insert(SearchOutbox.__table__), [
            {"object_type": kind, "object_ref": ref} for kind, ref in new])
        written.update(new)
        session.info.setdefault("search_own", set()).update(new)
        session.info["search_pending"] = True


def _do_orm_execute(state: Any) -> None:
    """A bulk statement that writes outbox rows itself (a large import) also wants a drain."""
    if not (state.is_insert or state.is_update or state.is_delete) or not _enabled():
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) == SearchOutbox.__tablename__:
        state.session.info["search_pending"] = True
        if state.is_insert:  # this transaction's own rows: drained after its commit
            rows = state.parameters if isinstance(state.parameters, list) else [state.parameters]
            state.session.info.setdefault("search_own", set()).update(
                (r["object_type"], r["object_ref"]) for r in rows if "object_ref" in (r or {}))


def _after_soft_rollback(session: Session, previous_transaction: Any) -> None:
    # Rows written since are gone with the (sub)transaction: write them again if needed.
    session.info.pop("search_written", None)
    session.info.pop("search_doomed", None)
    if previous_transaction.parent is None:
        session.info.pop("search_pending", None)
        session.info.pop("search_own", None)
        session.info.pop("search_thesaurus_changed", None)


def _after_commit(session: Session) -> None:
    info = session.info
    info.pop("search_written", None)
    pending = info.pop("search_pending", False)
    own = info.pop("search_own", set())
    thesaurus_changed = info.pop("search_thesaurus_changed", False)
    if not _enabled():
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if thesaurus_changed:
        invalidate_thesaurus(app)
    if pending and app.config["SEARCH_SYNC_ON_COMMIT"]:
        # A user waits briefly for the lock (a long drain may hold it); a command or worker not.
        timeout = app.config["SEARCH_OWN_LOCK_TIMEOUT" if has_request_context()
                             else "SEARCH_LOCK_TIMEOUT"]
        try:
            drain_keys(app, own, timeout=timeout)
        except IndexBusy:
            log.info("Search index busy after commit; %d change(s) left for the worker", len(own))
        except Exception:  # the change is committed; the outbox keeps it for the next drain
            log.exception("Search index not updated after commit; the outbox keeps the changes")
        jobs.catch_up_in_background(app)  # others' leftovers: never in this request


# --- writing the index -------------------------------------------------------------------------

def _documents(session: Session, labels: indexing.Labels, keys: Iterable[tuple[str, str]],
               failed: set[tuple[str, str]]) -> tuple[list, list[str]]:
    """Documents to write and doc ids to remove for `keys`, as the database has them now."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, ref in keys:
        by_kind[kind].add(ref)
    docs, gone = [], []
    for kind, refs in sorted(by_kind.items()):  # one order whatever the hash seed
        if kind not in indexing.MODELS:
            log.warning("Outbox rows of unknown type %r ignored", kind)
            continue
        found = indexing.load(session, kind, refs)
        for ref in sorted(refs):
            try:
                doc = indexing.document_for(kind, found.get(ref), labels)
            except Exception:  # one broken object must not stop the others
                log.exception("Cannot build the search document of %s:%s", kind, ref)
                failed.add((kind, ref))
                continue
            if doc is None:
                gone.append(indexing.doc_id(kind, ref))
            else:
                docs.append(doc)
    return docs, gone


def drain(app: Flask | None = None, *, timeout: float | None = None) -> SyncResult:
    """Write every change waiting in the outbox to the index; raises if the index fails."""
    app = _app(app)
    backend = get_backend(app)
    size = app.config["SEARCH_BATCH_SIZE"]
    result = SyncResult()
    labels: indexing.Labels | None = None
    last_id = 0
    with index_lock(app, timeout):
        while True:
            failed: set[tuple[str, str]] = set()
            # Read the outbox, then the objects, in one short transaction; write the index
            # outside it, so a SQLite database is not kept locked while Whoosh writes.
            with Session(db.engine) as session:
                rows = session.execute(
                    select(SearchOutbox.id, SearchOutbox.object_type, SearchOutbox.object_ref)
                    .where(SearchOutbox.id > last_id).order_by(SearchOutbox.id).limit(size)).all()
                if not rows:
                    break
                labels = labels if labels is not None else indexing.load_labels(session)
                docs, gone = _documents(session, labels, {(t, r) for _, t, r in rows}, failed)
            last_id = rows[-1][0]
            _write(backend, rows, docs, gone, failed, result)
            if len(rows) < size:
                break  # rows committed since have their own drain waiting for the lock
    return result


def _write(backend: Any, rows: list, docs: list, gone: list[str], failed: set[tuple[str, str]],
           result: SyncResult) -> None:
    """Write one batch to the index, then delete the outbox rows it covered."""
    with failures.recorded():  # readiness reports a refusing index at once
        backend.upsert(docs)
        backend.delete(gone)
    done = [i for i, t, r in rows if (t, r) not in failed]
    with Session(db.engine) as session, session.begin():
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(done)))
    result.indexed += len(docs)
    result.removed += len(gone)
    result.failed += [indexing.doc_id(*k) for k in sorted(failed)]


def drain_keys(app: Flask | None, keys: Iterable[tuple[str, str]], *,
               timeout: float | None = None) -> SyncResult:
    """Index the outbox rows of `keys` only (a transaction's own changes), skipping those another
    drain took; other rows stay for the worker. Raises IndexBusy after `timeout`."""
    app = _app(app)
    result = SyncResult()
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, ref in sorted(set(keys)):
        by_kind[kind].append(ref)
    if not by_kind:
        return result
    backend = get_backend(app)
    size = app.config["SEARCH_BATCH_SIZE"]
    labels: indexing.Labels | None = None
    with index_lock(app, timeout):
        for kind, refs in by_kind.items():
            for start in range(0, len(refs), size):
                failed: set[tuple[str, str]] = set()
                with Session(db.engine) as session:
                    rows = session.execute(
                        select(SearchOutbox.id, SearchOutbox.object_type, SearchOutbox.object_ref)
                        .where(SearchOutbox.object_type == kind,
                               SearchOutbox.object_ref.in_(refs[start:start + size]))).all()
                    if not rows:
                        continue
                    labels = labels if labels is not None else indexing.load_labels(session)
                    docs, gone = _documents(session, labels, {(t, r) for _, t, r in rows},
                                            failed)
                _write(backend, rows, docs, gone, failed, result)
    return result


def rebuild(app: Flask | None = None, *, progress: Callable[[int], None] | None = None,
            timeout: float = LONG_TIMEOUT) -> SyncResult:
    """Index every document from the database and remove every document it does not hold."""
    app = _app(app)
    backend = get_backend(app)
    result = SyncResult()
    seen: set[str] = set()
    with index_lock(app, timeout):
        with Session(db.engine) as session:
            covered = session.scalar(select(func.max(SearchOutbox.id))) or 0
            labels = indexing.load_labels(session)
            for docs in indexing.iter_documents(session, labels, app.config["SEARCH_BATCH_SIZE"]):
                session.rollback()  # short read transactions: writers may commit meanwhile
                backend.upsert(docs)
                seen.update(d.doc_id for d in docs)
                result.indexed += len(docs)
                if progress:
                    progress(len(docs))
        orphans = [doc_id for doc_id in backend.versions() if doc_id not in seen]
        result.removed = backend.delete(orphans) if orphans else 0
        with Session(db.engine) as session, session.begin():  # the rebuild covered these
            session.execute(delete(SearchOutbox).where(SearchOutbox.id <= covered))
    return result


def count_documents() -> int:
    with Session(db.engine) as session:
        return indexing.count_documents(session)


def outbox_backlog() -> tuple[int, datetime | None]:
    with Session(db.engine) as session:
        count, oldest = session.execute(
            select(func.count(), func.min(SearchOutbox.created_at))).one()
    return count or 0, oldest


def _per_type(doc_ids: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(indexing.INDEXED_TYPES, 0)
    for doc_id in doc_ids:
        kind = indexing.split_doc_id(doc_id)[0]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def check(app: Flask | None = None) -> Drift:
    """Compare the index with the database: what is missing, stale or orphaned.

    An index that cannot be read (its directory removed, say) is reported as unavailable with
    every document missing, rather than raised: the page that offers a rebuild must still open.
    """
    with Session(db.engine) as session:
        expected = indexing.database_versions(session)
    try:
        actual, available = get_backend(app).versions(), True
    except Exception:
        log.exception("The search index cannot be read")
        actual, available = {}, False
    count, oldest = outbox_backlog()
    return Drift(
        database=_per_type(expected), index=_per_type(actual),
        missing=sorted(d for d in expected if d not in actual),
        stale=sorted(d for d, v in expected.items() if d in actual and actual[d] != v),
        orphaned=sorted(d for d in actual if d not in expected),
        outbox=count, oldest_change=oldest, available=available,
    )


def repair(app: Flask | None = None, *, timeout: float = LONG_TIMEOUT) -> SyncResult:
    """Index what is missing or stale and remove orphans (a fresh check under the lock)."""
    app = _app(app)
    backend = get_backend(app)
    result = SyncResult()
    with index_lock(app, timeout):
        drift = check(app)
        keys = [indexing.split_doc_id(d) for d in drift.missing + drift.stale]
        failed: set[tuple[str, str]] = set()
        size = app.config["SEARCH_BATCH_SIZE"]
        for start in range(0, len(keys), size):
            with Session(db.engine) as session:
                labels = indexing.load_labels(session)
                docs, gone = _documents(session, labels, keys[start:start + size], failed)
            backend.upsert(docs)
            backend.delete(gone)
            result.indexed += len(docs)
            result.removed += len(gone)
        if drift.orphaned:
            result.removed += backend.delete(drift.orphaned)
        result.failed = [indexing.doc_id(*k) for k in sorted(failed)]
    return result
