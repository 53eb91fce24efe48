"""Interactive API documentation from locally installed Swagger UI assets (no CDN), and the
API guide page in Bokmål and English."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, abort, render_template, send_from_directory

ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
          "favicon-32x32.png", "favicon-16x16.png")

bp = Blueprint("api_docs", __name__)


def assets_dir() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # the docs page says so instead of failing the whole app
        return None
    return Path(swagger_ui_path)


@bp.get("/api/v1/docs")
def docs() -> str:
    return render_template("api/docs.html", assets=assets_dir() is not None)


@bp.get("/api/v1/docs/assets/<name>")
def asset(name: str) -> Response:
    directory = assets_dir()
    if name not in ASSETS or directory is None:
        abort(404)
    return send_from_directory(directory, name, max_age=86400)


@bp.get("/api/v1/docs/start.js")
def start() -> Response:
    """Started from a file, not an inline script, so a strict Content-Security-Policy holds."""
    script = render_template("api/start.js")
    return Response(script, mimetype="text/javascript")


@bp.get("/api/v1/guide")
def guide() -> str:
    from insight.api.rate_limits import rate_limit

    return render_template("api/guide.html", rate=rate_limit())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
