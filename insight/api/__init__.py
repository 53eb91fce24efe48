"""REST API v1 (flask-smorest): read access for integrators, authenticated by bearer tokens."""

from __future__ import annotations

from flask import Flask, request
from flask_smorest import Api

from insight.extensions import csrf


class InsightApi(Api):
    """flask-smorest would turn every HTTP error of the whole app into JSON (its issue #640);
    insight.errors already answers JSON under /api/ and HTML elsewhere."""

    def _register_error_handlers(self) -> None:
        return None


api = InsightApi()


def init_api(app: Flask) -> None:
    from insight.api.auth import authenticate_request
    from insight.api.observations import blp as observations_blp
    from insight.api.privacy import blp as privacy_blp
    from insight.api.search import blp as search_blp

    app.config.setdefault("API_TITLE", "Innsikt API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api.init_app(app, spec_kwargs={
        "components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"},
        }},
    })

    @app.before_request
    def authenticate_api_calls() -> None:
        if request.path.startswith("/api/"):
            authenticate_request()

    for blueprint in (observations_blp, search_blp, privacy_blp):
        csrf.exempt(blueprint)  # token-authenticated; session cookies are ignored under /api/
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{blueprint.url_prefix or ''}")
