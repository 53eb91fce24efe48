"""Downloads: every list and search result as CSV, XLSX or JSON, and the bid pack.

Lists follow the reader's visibility (a supplier never gets drafts or internal items); the bid
pack is the same file for every supplier, built once per content change.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request, send_file
from flask_login import current_user

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


def _directory() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "bidpacks"


@bp.route("/bid-pack")
@permission_required(EXPORT)
def bid_pack() -> str:
    pack = bidpack.ensure(_directory())
    return render_template("web/bid_pack.html", pack=pack,
                           stamp=datetime.fromisoformat(pack.timestamp))


@bp.route("/bid-pack/innsikt-<int:version>.zip")
@permission_required(EXPORT)
def bid_pack_download(version: int) -> Response:
    pack = bidpack.ensure(_directory())
    if version != pack.version:
        abort(404)  # only the current content is offered; an old pack may hold withdrawn items
    response = send_file(pack.path(_directory()), mimetype="application/zip",
                         as_attachment=True, download_name=pack.filename, etag=pack.sha256,
                         conditional=True, max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Digest"] = f"sha-256={pack.sha256}"
    return response
