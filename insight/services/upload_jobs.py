"""Uploaded import files and their background import jobs.

An upload is kept under DATA_DIR/uploads/<token> between the preview and the import, and no
longer: it is deleted when its import completes or fails, at once when its preview found
personal data, and after ABANDONED_AFTER seconds when nobody imports it (checked whenever a file
is uploaded or previewed, and by `flask imports cleanup`). The import runs in a thread of the
process that accepted it and writes its progress to a small JSON file beside the upload, so any
worker can show it; messages are stored as data (id and parameters), so the page renders them in
the reader's language.
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
from insight.models import User
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
            json.loads(progress.read_text(encoding="utf-8")).get("state") == "running"
    except (FileNotFoundError, ValueError):
        return False


def read_progress(token: str) -> dict[str, Any]:
    """The state of an import: `message` a Message, `problems` a list of Problems."""
    path = _folder() / f"{token}.progress.json"
    if not TOKEN.match(token or "") or not path.exists():
        raise NotFound(msg("No import with this token."))
    state = json.loads(path.read_text(encoding="utf-8"))
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


def start_import(token: str, actor: User, on_existing: str, publish: bool) -> None:
    """Run the import of an upload in the background; progress goes to read_progress."""
    path, filename = upload_path(token)
    app = current_app._get_current_object()
    folder = _folder()
    _write_progress(folder, token, {"state": "running", "done": 0, "total": 0})
    thread = threading.Thread(
        target=_run, args=(app, folder, token, path, filename, actor.id, on_existing, publish),
        name=f"import-{token[:8]}", daemon=True)
    thread.start()


def _run(app: Flask, folder: Path, token: str, path: Path, filename: str, actor_id: int,
         on_existing: str, publish: bool) -> None:
    with app.app_context():
        rows_file = folder / f"{token}.rows"
        rows = int(rows_file.read_text()) if rows_file.exists() else 0
        state: dict[str, Any] = {"state": "running", "done": 0, "total": 2 * rows}

        def progress(rows: int) -> None:
            state["done"] += rows
            _write_progress(folder, token, state)

        try:
            actor = db.session.get(User, actor_id)
            result = importing.import_file(path, actor, publish=publish,
                                           on_existing=on_existing, filename=filename,
                                           progress=progress)
            db.session.commit()
            state.update(state="done", record_id=result.record_id, done=state["total"])
        except InvalidInput as error:
            db.session.rollback()
            state.update(state="failed", message=to_json(msg(
                "%(count)s problem(s) in the file.", count=len(error.problems))),
                problems=[{"field": p.field, "line": p.line, "message": to_json(p.message)}
                          for p in error.problems[:SHOWN_PROBLEMS]])
        except ServiceError as error:
            db.session.rollback()
            state.update(state="failed", message=to_json(error.message))
        except Exception:  # the thread must always leave a final state for the page
            db.session.rollback()
            log.exception("Import %s failed", token[:8])
            state.update(state="failed",
                         message=to_json(msg("The import failed; nothing was written.")))
        finally:
            db.session.remove()
            for suffix in UPLOAD_SUFFIXES:  # done or failed: the file is never needed again
                (folder / f"{token}.{suffix}").unlink(missing_ok=True)
        _write_progress(folder, token, state)

