"""Downloads: every list and search result as CSV, XLSX or JSON, and the bid pack.

Lists follow the reader's visibility (a supplier never gets drafts or internal items); the bid
pack is the same file for every supplier, built once per content change: in the request that
first asks for it (INSIGHT_JOBS=thread), or by `flask worker` after the change (worker mode).
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, render_template, request, send_file
from flask.blueprints import BlueprintSetupState
from flask_login import current_user

from insight.extensions import db
from insight.permissions import EXPORT, READ_SUPPLIERS, can, permission_required
from insight.search import FACET_KEYS
from insight.services import bidpack, exports
from insight.services import search as search_service

bp = Blueprint("exports", __name__)

LIST_FILTERS = {"observations": ("stay_type", "journey_stage", "theme")}


def _params(kind: str) -> dict:
    if kind == "search":
        sort = request.args.get("sort", "relevance")
        return {
            "text": request.args.get("q", "").strip()[:500],
            "filters": {key: request.args.getlist(key) for key in FACET_KEYS
                        if request.args.getlist(key)},
            "sort": sort if sort in search_service.SORTS else "relevance",
        }
    return {key: request.args.get(key) or None for key in LIST_FILTERS.get(kind, ())}


@bp.route("/export/<kind>.<fmt>")
@permission_required(EXPORT)
def download(kind: str, fmt: str) -> Response:
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        abort(404)
    if kind == "questions" and not can(current_user, READ_SUPPLIERS):
        abort(403)
    data = exports.dataset(kind, current_user, **_params(kind))
    response = Response(exports.render(data, fmt), mimetype=exports.FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="innsikt-{kind}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.record_once
def _build_on_change(state: BlueprintSetupState) -> None:
    bidpack.init_app(state.app)


@bp.route("/bid-pack")
@permission_required(EXPORT)
def bid_pack() -> str | tuple[str, int, dict[str, str]]:
    directory = bidpack.pack_directory()
    if not bidpack.builds_in_worker():
        pack = bidpack.ensure(directory)
        return render_template("web/bid_pack.html", pack=pack,
                               stamp=datetime.fromisoformat(pack.timestamp))
    status = bidpack.status(directory)
    db.session.commit()  # a build queued for a pack that went missing
    if status.pack is None:
        return _preparing(status), 200, {"Cache-Control": "no-store"}
    return render_template("web/bid_pack.html", pack=status.pack,
                           stamp=datetime.fromisoformat(status.pack.timestamp))


def _preparing(status: bidpack.PackStatus) -> str:
    previous = status.previous
    return render_template(
        "web/bid_pack.html", pack=None, status=status, previous=previous,
        previous_stamp=datetime.fromisoformat(previous.timestamp) if previous else None)


@bp.route("/bid-pack/innsikt-<int:version>.zip")
@permission_required(EXPORT)
def bid_pack_download(version: int) -> Response | tuple[str, int, dict[str, str]]:
    directory = bidpack.pack_directory()
    if bidpack.builds_in_worker():
        status = bidpack.status(directory)
        db.session.commit()
        if version == status.version and status.pack is None:
            return _preparing(status), 503, {"Retry-After": "30", "Cache-Control": "no-store"}
        pack = status.pack
    else:
        pack = bidpack.ensure(directory)
    if pack is None or version != pack.version:
        abort(404)  # only the current content is offered; an old pack may hold withdrawn items
    response = send_file(pack.path(directory), mimetype="application/zip",
                         as_attachment=True, download_name=pack.filename, etag=pack.sha256,
                         conditional=True, max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Digest"] = f"sha-256={pack.sha256}"
    return response
