"""Uploading observation files: preview every row, then import all of them in the background
(a job of `flask worker`, or a thread of this process; see insight.services.upload_jobs)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from insight.extensions import db
from insight.models import ImportRecord
from insight.permissions import WRITE_CONTENT, permission_required
from insight.services import upload_jobs
from insight.services.errors import InvalidInput

from .import_forms import ConfirmImportForm, UploadForm

bp = Blueprint("imports", __name__)


@bp.route("/", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        try:
            token = upload_jobs.save_upload(form.file.data, form.file.data.filename)
        except InvalidInput as error:
            form.file.errors = [*form.file.errors, *(p.message for p in error.problems)]
        else:
            return redirect(url_for("imports.preview", token=token,
                                    on_existing=form.on_existing.data))
    status = 422 if form.errors else 200
    return render_template("staff/import_upload.html", form=form), status


@bp.route("/<token>")
@permission_required(WRITE_CONTENT)
def preview(token: str):
    on_existing = request.args.get("on_existing", "reject")
    result = upload_jobs.check_upload(token, on_existing)
    form = ConfirmImportForm(on_existing=on_existing)
    page = render_template("staff/import_preview.html", preview=result, token=token, form=form)
    return page, 200 if result.ok else 422


@bp.route("/<token>", methods=["POST"])
@permission_required(WRITE_CONTENT)
def start(token: str):
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    upload_jobs.start_import(token, current_user, form.on_existing.data or "reject",
                             bool(form.publish.data))
    db.session.commit()  # with INSIGHT_JOBS=worker, this queues the job
    return redirect(url_for("imports.progress", token=token))


@bp.route("/<token>/progress")
@permission_required(WRITE_CONTENT)
def progress(token: str):
    state = upload_jobs.read_progress(token)
    if state["state"] == "done":
        return redirect(url_for("imports.record", record_id=state["record_id"]))
    return render_template("staff/import_progress.html", state=state, token=token)


@bp.route("/records/<int:record_id>")
@permission_required(WRITE_CONTENT)
def record(record_id: int):
    item = db.session.get(ImportRecord, record_id) or abort(404)
    return render_template("staff/import_done.html", record=item)
