"""Per-process caches of figures derived from published content, keyed on the content version.

Landing counts, statistics tables and list totals are recounted from thousands of rows, yet
they only change when something is published, withdrawn, changes visibility or is answered.
Every such change writes a change-log entry in the same transaction (insight.services.changelog),
so the number of entries with the id of the newest is a *content version*: one read of the
primary-key index, done once a request. A figure computed at version v is used again only
while the version is still v, so a publish through any gunicorn worker (or the CLI, an import,
the API) invalidates the figures of every worker on its next request, with no message between
processes.

Figures are kept per *visibility class* — the visibilities the viewer may read ("public";
"public,suppliers"; "all" for staff) — so a figure counted for staff is never handed to a
supplier or an anonymous reader, and the other way round. Staff figures may only be cached
when they cover published content alone: drafts change without a change-log entry
(`cached(..., published_only=False)` computes them fresh for staff every time).

The version is read *before* the figure is computed, so a figure is never older than the
version it is stored under. Each app has its own store (tests make many apps over fresh
databases whose versions start again at 1), bounded in size (least recently used goes first).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any, TypeVar

from flask import current_app, g, has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from insight import permissions
from insight.extensions import db
from insight.models import ChangeEntry, SiteSettings, VocabularyTerm

T = TypeVar("T")

MAX_ENTRIES = 2048
ALL = "all"  # the visibility class of readers who see everything (staff, admin)


class Store:
    """Figures by key, each with the content version it was computed at."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[Hashable, tuple[tuple[int, int], Any]] = OrderedDict()
        self.lock = Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, version: tuple[int, int]) -> tuple[bool, Any]:
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0] != version:
                self.misses += 1
                return False, None
            self.entries.move_to_end(key)
            self.hits += 1
            return True, found[1]

    def put(self, key: Hashable, version: tuple[int, int], value: Any) -> None:
        with self.lock:
            current = self.entries.get(key)
            if current is not None and current[0] > version:
                return  # a newer figure is already there: keep it
            self.entries[key] = (version, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def peek(self, key: Hashable) -> tuple[tuple[int, int], Any] | None:
        """(version, value) stored under `key` whatever its version, or None."""
        with self.lock:
            return self.entries.get(key)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def store() -> Store:
    """This app's store (created on first use)."""
    extensions = current_app.extensions
    if "insight_cache" not in extensions:
        extensions["insight_cache"] = Store()
    return extensions["insight_cache"]


def content_version() -> tuple[int, int]:
    """(number of change-log entries, id of the newest): changes whenever published content does.

    The newest id alone is not enough on PostgreSQL: ids are handed out when a transaction
    inserts, not when it commits, so a slow transaction can commit an entry *below* the newest
    id after figures were computed; the number of entries still moves. Read once a request
    (kept in flask.g until the request's session writes), together with the other versions."""
    return request_state()["content_version"]


def vocabulary_version() -> tuple:
    """(number of terms, newest change, highest id) of the vocabularies, whose labels pages
    show: an administrator's edit writes no change-log entry. Read once a request."""
    return request_state()["vocabulary_version"]


def frozen_at() -> Any:
    """When the material was frozen (the banner every page shows), read with the versions.
    Write paths ask insight.services.freeze, which reads the row itself."""
    return request_state()["frozen_at"]


def _scalar(*columns: Any, where: Any = None) -> Any:
    query = select(*columns)
    return (query.where(where) if where is not None else query).scalar_subquery()


def request_state() -> dict[str, Any]:
    """The content version, the vocabulary version and the freeze time in one statement (the
    fixed cost of a page: each was a statement of its own), kept in flask.g until this
    request's session flushes or commits a change."""
    if has_app_context() and "request_state" in g:
        return g.request_state
    row = db.session.execute(select(
        _scalar(func.count(ChangeEntry.id)), _scalar(func.max(ChangeEntry.id)),
        _scalar(func.count(VocabularyTerm.id)), _scalar(func.max(VocabularyTerm.updated_at)),
        _scalar(func.max(VocabularyTerm.id)),
        _scalar(SiteSettings.frozen_at, where=SiteSettings.id == 1))).one()
    state = {"content_version": (row[0] or 0, row[1] or 0),
             "vocabulary_version": (row[2], row[3], row[4]), "frozen_at": row[5]}
    if has_app_context():
        g.request_state = state
    return state


def _forget_version(session: Session, *_args: Any) -> None:
    """After a write the versions may have moved: read them again on next use."""
    if has_app_context():
        g.pop("request_state", None)


def init_app() -> None:
    for name in ("after_commit", "after_flush", "after_rollback"):
        if not event.contains(db.session, name, _forget_version):
            event.listen(db.session, name, _forget_version)


def visibility_class(user: Any) -> str:
    """"public", "public,suppliers" or "all": what decides which content a figure covers."""
    visibilities = permissions.visible_visibilities(user)
    return ALL if visibilities is None else ",".join(sorted(visibilities))


def cached(name: str, user: Any, compute: Callable[[], T], *args: Hashable,
           published_only: bool = True, shared: bool = False) -> T:
    """`compute()` for the viewer's visibility class at the current content version, from the
    cache when this process computed it already at this version.

    `published_only`: the figure covers published content only (so staff figures may be
    cached too); without it, staff get a fresh figure every time. `shared`: the value is not
    anybody's figure but raw material that its module filters by visibility before use
    (`user` is ignored)."""
    klass = "shared" if shared else visibility_class(user)
    if klass == ALL and not published_only:
        return compute()
    version = content_version()
    key = (name, klass, *args)
    memo = store()
    found, value = memo.get(key, version)
    if found:
        return value
    value = compute()
    memo.put(key, version, value)
    return value


def query_key(query: Any) -> tuple:
    """A hashable key for a SQL statement with its parameters (lists become tuples)."""
    compiled = query.compile(dialect=db.engine.dialect)
    params = tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                          for k, v in compiled.params.items()))
    return str(compiled), params


# -- what changed between two versions -----------------------------------------------------

JOURNAL_SIZE = 5000  # entries kept; a longer gap counts as "unknown" (everything changed)


@dataclass
class Journal:
    """The change-log entries (id, kind, ref) this process has seen since `base`, complete up
    to `version`."""

    base: tuple[int, int] = (-1, -1)
    version: tuple[int, int] = (-1, -1)
    entries: list[tuple[int, str, str]] = field(default_factory=list)
    lock: Lock = field(default_factory=Lock)


def _journal() -> Journal:
    extensions = current_app.extensions
    if "insight_journal" not in extensions:
        extensions["insight_journal"] = Journal()
    return extensions["insight_journal"]


def _restart(journal: Journal, version: tuple[int, int]) -> None:
    journal.base = journal.version = version
    journal.entries = []


def _follow(journal: Journal, version: tuple[int, int]) -> None:
    """Bring the journal up to `version` (call with its lock held)."""
    if journal.version == version:
        return
    (count, newest), (known_count, known_newest) = version, journal.version
    if known_count < 0 or count < known_count or newest < known_newest or \
            count - known_count > JOURNAL_SIZE:
        _restart(journal, version)
        return
    rows = [tuple(row) for row in db.session.execute(
        select(ChangeEntry.id, ChangeEntry.kind, ChangeEntry.ref).where(
            ChangeEntry.id > known_newest, ChangeEntry.id <= newest))]
    if len(rows) != count - known_count or len(journal.entries) + len(rows) > JOURNAL_SIZE:
        _restart(journal, version)  # an entry committed out of id order, or too many kept
    else:
        journal.entries.extend(rows)
        journal.version = version


def changes_since(old: tuple[int, int]) -> set[tuple[str, str]] | None:
    """(kind, ref) of every change-log entry between version `old` and the current version;
    None when this process cannot tell (then anything may have changed)."""
    version = content_version()
    if old == version:
        return set()
    journal = _journal()
    with journal.lock:
        _follow(journal, version)
        if old[0] < journal.base[0] or old[1] < journal.base[1] or old[0] > version[0]:
            return None
        since = [(kind, ref) for id_, kind, ref in journal.entries if id_ > old[1]]
        if old[0] + len(since) != version[0]:
            return None
        return set(since)


def cached_until(name: str, user: Any, compute: Callable[[], T],
                 touches: Callable[[set[tuple[str, str]], T], bool], *args: Hashable) -> T:
    """Like `cached`, for figures that depend on a few items only: a figure of an older version
    is still used when no change-log entry since then `touches` it (given the (kind, ref) of
    each, and the figure). Staff get a fresh one every time (drafts change without entries)."""
    klass = visibility_class(user)
    if klass == ALL:
        return compute()
    version = content_version()
    key = (name, klass, *args)
    memo = store()
    held = memo.peek(key)
    if held is not None:
        held_version, value = held
        changed = changes_since(held_version)
        if changed is not None and not touches(changed, value):
            memo.put(key, version, value)
            return value
    value = compute()
    memo.put(key, version, value)
    journal = _journal()
    with journal.lock:
        _follow(journal, version)  # from here on, changes since `version` can be told
    return value
