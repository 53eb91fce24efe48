"""Durable background jobs with the database as the queue, and the worker loop that runs them.

A web request or command enqueues a job (its transaction commits it); `flask worker` claims one
at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, an UPDATE … WHERE state='queued' that only
one process can win on SQLite), runs it, and marks it done or failed in the SAME transaction as
the job's own writes: an import and its "done" commit together, so a worker killed at any
moment leaves either both or neither. A running job whose worker died is queued again (the
worker's process is gone on this host, or its heartbeat is older than STALE_AFTER elsewhere),
up to MAX_ATTEMPTS claims. Between jobs the worker drains the search outbox, so changes that
no request indexed (a busy index, a process killed after its commit) reach the index without
any user request paying for them.

INSIGHT_JOBS=worker sends web imports, the administrator's index sync and rebuild, and bid-pack
builds to the queue; INSIGHT_JOBS=thread (the default, for `make run` and tests) keeps imports
in a thread of the web process and runs the rest inline, in the request that asks for it.

No request drains what others left in the outbox: a request indexes only its own changes
(search.sync.drain_keys). In worker mode the rest waits for `flask worker`; in thread mode a
daemon thread of the web process drains it after the request (`catch_up_in_background`; not in
tests, where such rows wait until a drain is asked for).

Kinds: "import", "search.drain" (the outbox), "search.sync" and "search.rebuild" (an
administrator's, audited), "bidpack.build" (queued by the commit that changes what suppliers see).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from insight.extensions import db
from insight.messages import Message, from_json, msg, to_json
from insight.models import Job

log = logging.getLogger(__name__)

MODES = ("thread", "worker")
PENDING = ("queued", "running")  # states of a job that has not ended
HEARTBEAT_SECONDS = 5.0  # how often a running job says it is alive
STALE_AFTER = 60.0  # seconds without a heartbeat before a job of another host counts as dead
MAX_ATTEMPTS = 3  # claims before a job that keeps killing its worker is given up
POLL_SECONDS = 1.0  # idle wait between looks at the queue and the outbox


class ConfigurationError(RuntimeError):
    """INSIGHT_JOBS has a value the app does not know."""


class JobFailed(Exception):
    """A job ends failed for a reason the user should read (not retried): `error` is JSON."""

    def __init__(self, message: Message, **extra: Any) -> None:
        super().__init__(message.english)
        self.error = {"message": to_json(message), **extra}


@dataclass(frozen=True)
class Handler:
    run: Callable[[dict[str, Any]], dict[str, Any] | None]  # writes through db.session only
    finish: Callable[[dict[str, Any], str], None] | None = None  # after the final commit


def mode(app: Flask | None = None) -> str:
    """Where web imports run: "thread" (in the web process) or "worker" (`flask worker`)."""
    app = app or current_app
    value = (app.config.get("JOBS") or os.environ.get("INSIGHT_JOBS") or "thread").strip().lower()
    if value not in MODES:
        raise ConfigurationError(f"INSIGHT_JOBS={value!r} is not known; use thread or worker.")
    return value


def worker_name() -> str:
    """host:pid:nonce: the host and pid tell whether the worker still lives."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


# --- the queue ---------------------------------------------------------------------------------

def enqueue(kind: str, payload: dict[str, Any] | None = None) -> Job:
    """Add a job to db.session; it is queued when the caller commits."""
    if kind not in handlers():
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, payload=payload or {}, state="queued", attempts=0)
    db.session.add(job)
    db.session.flush()
    return job


def enqueue_once(kind: str, payload: dict[str, Any] | None = None, *,
                 waiting: tuple[str, ...] = ("queued",)) -> tuple[Job, bool]:
    """The job of `kind` already in one of the `waiting` states, or a new one (True) in
    db.session; the caller commits. Two requests at the same instant may both add one: the
    second job then finds its work done and ends at once."""
    existing = db.session.scalar(select(Job).where(Job.kind == kind, Job.state.in_(waiting))
                                 .order_by(Job.id).limit(1))
    if existing is not None:
        return existing, False
    return enqueue(kind, payload), True


def enqueue_in_flush(session: Session, kind: str) -> bool:
    """Queue a job of `kind` (unless one is queued) on the connection of a flush in progress,
    so it commits or rolls back with the change that asks for it. True if one was added."""
    connection = session.connection()
    if connection.scalar(select(Job.id).where(Job.kind == kind, Job.state == "queued")
                         .limit(1)) is not None:
        return False
    connection.execute(insert(Job.__table__).values(kind=kind, payload={}, state="queued",
                                                    attempts=0))
    return True


def latest(kind: str) -> JobState | None:
    """The newest job of `kind`, whatever its state."""
    return state_of(db.session.scalar(select(Job).where(Job.kind == kind)
                                      .order_by(Job.id.desc()).limit(1)))


@dataclass(frozen=True)
class JobState:
    """A job as a page shows it: its state, since when, and why it failed."""

    kind: str
    state: str  # queued, running, done or failed
    since: datetime  # when it entered that state
    error: Message | None = None


def state_of(job: Job | None) -> JobState | None:
    if job is None:
        return None
    error = from_json(job.error["message"]) if job.error and "message" in job.error else None
    since = _aware(job.updated_at or job.created_at)
    assert since is not None
    return JobState(kind=job.kind, state=job.state, since=since, error=error)


def claim(worker: str) -> int | None:
    """Take the oldest queued job for `worker`, in a transaction of its own; its id or None."""
    postgres = db.engine.dialect.name == "postgresql"
    with Session(db.engine) as session:
        for _ in range(10):  # SQLite: another worker may win the UPDATE; try the next job
            query = select(Job.id).where(Job.state == "queued").order_by(Job.id).limit(1)
            if postgres:
                query = query.with_for_update(skip_locked=True)
            job_id = session.scalar(query)
            if job_id is None:
                session.rollback()
                return None
            now = _now()
            claimed = session.execute(
                update(Job).where(Job.id == job_id, Job.state == "queued")
                .values(state="running", attempts=Job.attempts + 1, locked_by=worker,
                        locked_at=now, heartbeat_at=now, updated_at=now)).rowcount
            session.commit()
            if claimed == 1:
                return job_id
    return None


def _alive(locked_by: str | None, heartbeat: datetime | None, me: str) -> bool:
    host, _, rest = (locked_by or "").partition(":")
    pid_text, _, nonce = rest.partition(":")
    if host == socket.gethostname() and pid_text.isdigit():
        pid = int(pid_text)
        if pid == os.getpid():
            return locked_by == me  # an earlier worker of this same process is gone
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True  # alive on this host (a SQLite import cannot beat while it holds the lock)
    heartbeat = _aware(heartbeat)
    return heartbeat is not None and _now() - heartbeat < timedelta(seconds=STALE_AFTER)


def requeue_stale(worker: str = "") -> int:
    """Queue again each running job whose worker died; give up after MAX_ATTEMPTS claims."""
    changed = 0
    with Session(db.engine) as session:
        running = session.execute(select(Job.id, Job.locked_by, Job.heartbeat_at, Job.attempts)
                                  .where(Job.state == "running")).all()
        for job_id, locked_by, heartbeat, attempts in running:
            if _alive(locked_by, heartbeat, worker):
                continue
            if attempts >= MAX_ATTEMPTS:
                values: dict[str, Any] = {"state": "failed", "error": {"message": to_json(msg(
                    "The worker stopped %(count)s times while running this job; it was given "
                    "up and nothing of it was written.", count=attempts))}}
            else:
                values = {"state": "queued"}
            log.warning("Job %s: worker %s is gone; %s", job_id, locked_by, values["state"])
            changed += session.execute(
                update(Job).where(Job.id == job_id, Job.state == "running",
                                  Job.locked_by == locked_by)
                .values(locked_by=None, updated_at=_now(), **values)).rowcount
        session.commit()
    return changed


@contextmanager
def _heartbeat(job_id: int, worker: str) -> Iterator[None]:
    """Touch the job every HEARTBEAT_SECONDS on a connection of its own while it runs."""
    engine = db.engine
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                with engine.begin() as connection:
                    connection.execute(update(Job).where(Job.id == job_id, Job.locked_by == worker)
                                       .values(heartbeat_at=_now()))
            except Exception as error:  # SQLite: the import holds the write lock; pid says alive
                log.debug("Heartbeat of job %s skipped: %s", job_id, error)

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _close(job_id: int, worker: str, state: str, **values: Any) -> bool:
    """Mark the job finished in db.session (the caller commits), if it is still ours."""
    return db.session.execute(
        update(Job).where(Job.id == job_id, Job.state == "running", Job.locked_by == worker)
        .values(state=state, locked_by=None, updated_at=_now(), **values)).rowcount == 1


def run_job(job_id: int, worker: str) -> str:
    """Run a claimed job; returns its final state ("lost" when another worker took it over)."""
    kind, payload = db.session.execute(select(Job.kind, Job.payload).where(Job.id == job_id)).one()
    db.session.rollback()
    handler = handlers()[kind]
    with _heartbeat(job_id, worker):
        try:
            result = handler.run(payload)
            state = "done" if _close(job_id, worker, "done", result=result or {}) else "lost"
        except JobFailed as failure:
            db.session.rollback()
            state = "failed" if _close(job_id, worker, "failed", error=failure.error) else "lost"
        except Exception as error:
            db.session.rollback()
            log.exception("Job %s (%s) failed", job_id, kind)
            failure = JobFailed(msg("The job failed (%(error)s); nothing of it was written.",
                                    error=type(error).__name__))
            state = "failed" if _close(job_id, worker, "failed", error=failure.error) else "lost"
        if state == "lost":  # requeued while we ran: its writes must not count twice
            db.session.rollback()
        else:
            db.session.commit()
    db.session.remove()
    if handler.finish and state != "lost":
        handler.finish(payload, state)
    log.info("Job %s (%s) %s", job_id, kind, state)
    return state


def drain_outbox(app: Flask) -> int:
    """Index what waits in the search outbox; the number of changes handled."""
    from insight.search import sync

    if not sync.outbox_backlog()[0]:
        return 0
    try:
        result = sync.drain(app, timeout=sync.LONG_TIMEOUT)
    except Exception:
        log.exception("Worker drain failed; the outbox keeps the changes")
        return 0
    return result.indexed + result.removed


def work(app: Flask, *, once: bool = False, stop: threading.Event | None = None,
         poll: float = POLL_SECONDS) -> int:
    """Claim and run jobs until `stop` is set; with `once`, until the queue and outbox are
    empty. Returns the number of jobs run."""
    worker = worker_name()
    stop = stop or threading.Event()
    count = 0
    log.info("Worker %s started", worker)
    while not stop.is_set():
        requeue_stale(worker)
        job_id = claim(worker)
        if job_id is not None:
            run_job(job_id, worker)
            count += 1
            continue
        drain_outbox(app)
        if once:
            break
        stop.wait(poll)
    return count


def catch_up_in_background(app: Flask) -> None:
    """Without a worker (INSIGHT_JOBS=thread), drain what others left in a thread of this
    process, so no request pays for it. Not in tests: there the outbox keeps such rows until
    a drain is asked for, which keeps them deterministic."""
    if app.testing or mode(app) != "thread" or not _catching_up.acquire(blocking=False):
        return

    def run() -> None:
        try:
            with app.app_context():
                drain_outbox(app)
        finally:
            _catching_up.release()

    threading.Thread(target=run, name="search-catch-up", daemon=True).start()


_catching_up = threading.Lock()  # one background catch-up drain per process


def queue_counts() -> dict[str, int]:
    """Jobs per state, for the worker's status line and monitoring."""
    rows = db.session.execute(select(Job.state, func.count()).group_by(Job.state)).all()
    return {state: count for state, count in rows}


# --- what each kind of job does ----------------------------------------------------------------

def _drain(payload: dict[str, Any]) -> dict[str, Any]:
    from insight.search import sync

    result = sync.drain(timeout=sync.LONG_TIMEOUT)
    return {"indexed": result.indexed, "removed": result.removed, "failed": result.failed}


def _index_action(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A job running the administrator's index action `name` ("synchronise" or "rebuild")."""

    def run(payload: dict[str, Any]) -> dict[str, Any]:
        from insight.models import User
        from insight.services import search as search_service
        from insight.services.errors import ServiceError

        actor = db.session.get(User, payload["actor_id"]) if payload.get("actor_id") else None
        try:  # audited; the event commits with the job
            result = getattr(search_service, name)(actor)
        except ServiceError as error:
            raise JobFailed(error.message) from error
        return {"indexed": result.indexed, "removed": result.removed}

    return run


def _build_bid_pack(payload: dict[str, Any]) -> dict[str, Any]:
    from insight.services import bidpack

    return bidpack.build_job()


def handlers() -> dict[str, Handler]:
    from insight.services import upload_jobs

    return {
        "import": Handler(upload_jobs.run_import_job, upload_jobs.finish_import_job),
        "search.drain": Handler(_drain),
        "search.sync": Handler(_index_action("synchronise")),
        "search.rebuild": Handler(_index_action("rebuild")),
        "bidpack.build": Handler(_build_bid_pack),
    }
