"""Uploaded import files and their background import jobs.

An upload is kept under DATA_DIR/uploads/<token> between the preview and the import, and no
longer: it is deleted when its import completes or fails, at once when its preview found
personal data, and after ABANDONED_AFTER seconds when nobody imports it (checked whenever a file
is uploaded or previewed, and by `flask imports cleanup`). The import runs as a durable job of
`flask worker` with INSIGHT_JOBS=worker (a worker killed mid-import leaves nothing, and the job
runs again from the file), or in a thread of the process that accepted it with
INSIGHT_JOBS=thread. Either way its progress goes to a small JSON file beside the upload, so any
web worker can show it, and the job's row has the final word; messages are stored as data (id
and parameters), so the page renders them in the reader's language.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from insight.extensions import db
from insight.messages import from_json, msg, to_json
from insight.models import Job, User
from insight.ops import jobs
from insight.services import importing
from insight.services.errors import InvalidInput, NotFound, Problem, ServiceError
from insight.services.import_formats import FORMATS, file_format

log = logging.getLogger(__name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
ABANDONED_AFTER = 3600  # seconds an upload may wait for its import
SHOWN_PROBLEMS = 50  # problems kept in the progress state of a failed import
UPLOAD_SUFFIXES = (*FORMATS, "name", "rows")  # what remains of an upload until it is imported


def _folder() -> Path:
    folder = Path(current_app.config["DATA_DIR"]) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(stream: Any, filename: str) -> str:  # stream: a werkzeug FileStorage
    """Store an uploaded file; returns the token that names it."""
    fmt = file_format(filename)  # refuses unknown types before anything is stored
    remove_abandoned()
    token = secrets.token_urlsafe(24)
    folder = _folder()
    stream.save(folder / f"{token}.{fmt}")
    (folder / f"{token}.name").write_text(Path(filename).name[:200], encoding="utf-8")
    return token


def upload_path(token: str) -> tuple[Path, str]:
    """The stored file of `token` and its original name."""
    if not TOKEN.match(token or ""):
        raise NotFound(msg("No such upload."))
    folder = _folder()
    for fmt in ("csv", "xlsx", "json"):
        path = folder / f"{token}.{fmt}"
        if path.exists():
            name = (folder / f"{token}.name").read_text(encoding="utf-8")
            return path, name
    raise NotFound(msg("The upload is gone; please upload the file again."))


def check_upload(token: str, on_existing: str = "reject") -> importing.Preview:
    """Preview the import of an upload, and remember its row count for the progress bar.
    A file in which the privacy screen found personal data is deleted at once."""
    remove_abandoned()
    path, filename = upload_path(token)
    try:
        preview = importing.check_file(path, filename, on_existing)
    except Exception:
        discard(token)  # a file that breaks the check is not kept either
        raise
    if preview.personal_data:
        discard(token)
    else:
        (_folder() / f"{token}.rows").write_text(str(preview.rows), encoding="utf-8")
    return preview


def discard(token: str) -> None:
    """Delete the stored upload of `token` (its progress, if any, stays for the page)."""
    if not TOKEN.match(token or ""):
        return
    folder = _folder()
    for suffix in UPLOAD_SUFFIXES:
        (folder / f"{token}.{suffix}").unlink(missing_ok=True)


def remove_abandoned(max_age: float = ABANDONED_AFTER) -> int:
    """Delete uploads nobody imported within `max_age` seconds, and old progress states.
    An upload whose import is running (its progress written recently) stays. Returns the
    number of uploads deleted."""
    folder = _folder()
    cutoff = time.time() - max_age
    removed = 0
    for path in folder.iterdir():
        token, _, suffix = path.name.partition(".")
        try:
            if path.stat().st_mtime >= cutoff:
                continue
            if suffix in FORMATS and _running(folder, token, cutoff):
                continue
            path.unlink()
        except FileNotFoundError:  # another worker cleaned up at the same moment
            continue
        removed += suffix in FORMATS
    return removed


def _running(folder: Path, token: str, cutoff: float) -> bool:
    progress = folder / f"{token}.progress.json"
    try:
        return progress.stat().st_mtime >= cutoff and \
            json.loads(progress.read_text(encoding="utf-8")).get("state") in ("queued", "running")
    except (FileNotFoundError, ValueError):
        return False


def read_progress(token: str) -> dict[str, Any]:
    """The state of an import: `message` a Message, `problems` a list of Problems."""
    path = _folder() / f"{token}.progress.json"
    if not TOKEN.match(token or "") or not path.exists():
        raise NotFound(msg("No import with this token."))
    state = json.loads(path.read_text(encoding="utf-8"))
    if state.get("job_id") is not None:
        state.update(_job_state(state["job_id"]))
    if isinstance(state.get("message"), dict):
        state["message"] = from_json(state["message"])
    state["problems"] = [Problem(p["field"], from_json(p["message"]), line=p.get("line"))
                         for p in state.get("problems", []) if isinstance(p, dict)]
    return state


def _write_progress(folder: Path, token: str, state: dict[str, Any]) -> None:
    target = folder / f"{token}.progress.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(state), encoding="utf-8")
    os.replace(temporary, target)  # readers never see half a file


def _job_state(job_id: int) -> dict[str, Any]:
    """The job row has the final word: a killed worker's progress file still says running."""
    job = db.session.get(Job, job_id)
    if job is None or job.state in ("queued", "running"):
        return {"state": "running"}  # the page keeps refreshing; the counts come from the file
    if job.state == "done":
        return {"state": "done", "record_id": (job.result or {}).get("record_id")}
    return {"state": "failed", **(job.error or {})}


def start_import(token: str, actor: User, on_existing: str, publish: bool) -> None:
    """Run the import of an upload in the background (a job of `flask worker`, or a thread);
    progress goes to read_progress. The caller commits (the job is queued then)."""
    path, filename = upload_path(token)
    folder = _folder()
    if jobs.mode() == "worker":
        job = jobs.enqueue("import", {"token": token, "filename": filename, "actor_id": actor.id,
                                      "on_existing": on_existing, "publish": publish})
        _write_progress(folder, token, {"state": "queued", "done": 0, "total": 0,
                                        "job_id": job.id})
        return
    app = current_app._get_current_object()
    _write_progress(folder, token, {"state": "running", "done": 0, "total": 0})
    thread = threading.Thread(
        target=_run, args=(app, folder, token, path, filename, actor.id, on_existing, publish),
        name=f"import-{token[:8]}", daemon=True)
    thread.start()


def _import(folder: Path, token: str, path: Path, filename: str, actor_id: int,
            on_existing: str, publish: bool, state: dict[str, Any]) -> int:
    """Import the file in db.session (the caller commits); the id of its ImportRecord."""
    rows_file = folder / f"{token}.rows"
    rows = int(rows_file.read_text()) if rows_file.exists() else 0
    state.update(done=0, total=2 * rows)

    def progress(rows: int) -> None:
        state["done"] += rows
        _write_progress(folder, token, state)

    actor = db.session.get(User, actor_id)
    result = importing.import_file(path, actor, publish=publish, on_existing=on_existing,
                                   filename=filename, progress=progress)
    return result.record_id


def _failure(error: Exception) -> dict[str, Any]:
    """The failed state of an import, with its message (and problems) as data."""
    if isinstance(error, InvalidInput):
        return {"state": "failed", "message": to_json(msg(
            "Problems in the file: %(count)s.", count=len(error.problems))),
            "problems": [{"field": p.field, "line": p.line, "message": to_json(p.message)}
                         for p in error.problems[:SHOWN_PROBLEMS]]}
    if isinstance(error, ServiceError):
        return {"state": "failed", "message": to_json(error.message)}
    log.error("Import failed", exc_info=error)
    return {"state": "failed", "message": to_json(msg("The import failed; nothing was written."))}


def _run(app: Flask, folder: Path, token: str, path: Path, filename: str, actor_id: int,
         on_existing: str, publish: bool) -> None:
    with app.app_context():
        state: dict[str, Any] = {"state": "running"}
        try:
            record_id = _import(folder, token, path, filename, actor_id, on_existing, publish,
                                state)
            db.session.commit()
            state.update(state="done", record_id=record_id, done=state["total"])
        except Exception as error:  # the thread must always leave a final state for the page
            db.session.rollback()
            state.update(_failure(error))
        finally:
            db.session.remove()
            discard(token)  # done or failed: the file is never needed again
        _write_progress(folder, token, state)


def run_import_job(payload: dict[str, Any]) -> dict[str, Any]:
    """The `import` job: import the upload in db.session; the worker commits it together with
    the job's "done", so a crash leaves neither and the job runs again from the file."""
    token = payload["token"]
    folder = _folder()
    try:  # keep the job id the web request wrote: the page reads the job's final state
        state = json.loads((folder / f"{token}.progress.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        state = {}
    state["state"] = "running"
    try:
        path, _ = upload_path(token)
        record_id = _import(folder, token, path, payload["filename"], payload["actor_id"],
                            payload["on_existing"], payload["publish"], state)
    except Exception as error:
        failure = _failure(error)
        raise jobs.JobFailed(from_json(failure["message"]),
                             problems=failure.get("problems", [])) from error
    return {"record_id": record_id}


def finish_import_job(payload: dict[str, Any], state: str) -> None:
    """Done or failed: the upload is never needed again (the job row keeps the outcome)."""
    discard(payload["token"])
