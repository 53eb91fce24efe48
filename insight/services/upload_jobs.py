"""Uploaded import files and their background import jobs.

An upload is kept under DATA_DIR/uploads/<token> between the preview and the import. The
import runs in a thread of the process that accepted it and writes its progress to a small
JSON file beside the upload, so any worker can show it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from insight.extensions import db
from insight.models import User
from insight.services import importing
from insight.services.errors import InvalidInput, NotFound, ServiceError
from insight.services.import_formats import file_format

log = logging.getLogger(__name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder() -> Path:
    folder = Path(current_app.config["DATA_DIR"]) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(stream: Any, filename: str) -> str:  # stream: a werkzeug FileStorage
    """Store an uploaded file; returns the token that names it."""
    fmt = file_format(filename)  # refuses unknown types before anything is stored
    token = secrets.token_urlsafe(24)
    folder = _folder()
    stream.save(folder / f"{token}.{fmt}")
    (folder / f"{token}.name").write_text(Path(filename).name[:200], encoding="utf-8")
    return token


def upload_path(token: str) -> tuple[Path, str]:
    """The stored file of `token` and its original name."""
    if not TOKEN.match(token or ""):
        raise NotFound("No such upload.")
    folder = _folder()
    for fmt in ("csv", "xlsx", "json"):
        path = folder / f"{token}.{fmt}"
        if path.exists():
            name = (folder / f"{token}.name").read_text(encoding="utf-8")
            return path, name
    raise NotFound("The upload is gone; please upload the file again.")


def check_upload(token: str, on_existing: str = "reject") -> importing.Preview:
    """Preview the import of an upload, and remember its row count for the progress bar."""
    path, filename = upload_path(token)
    preview = importing.check_file(path, filename, on_existing)
    (_folder() / f"{token}.rows").write_text(str(preview.rows), encoding="utf-8")
    return preview


def read_progress(token: str) -> dict[str, Any]:
    path = _folder() / f"{token}.progress.json"
    if not TOKEN.match(token or "") or not path.exists():
        raise NotFound("No import with this token.")
    return json.loads(path.read_text(encoding="utf-8"))


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
        except ServiceError as error:
            db.session.rollback()
            problems = error.problems if isinstance(error, InvalidInput) else []
            state.update(state="failed", message=error.message.english,
                         problems=[p.english for p in problems[:50]])
        except Exception:  # the thread must always leave a final state for the page
            db.session.rollback()
            log.exception("Import %s failed", token[:8])
            state.update(state="failed", message="The import failed; nothing was written.")
        finally:
            db.session.remove()
        _write_progress(folder, token, state)
        for leftover in (path, folder / f"{token}.name", rows_file):
            leftover.unlink(missing_ok=True)

