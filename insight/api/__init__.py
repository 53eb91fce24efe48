"""REST API v1 (flask-smorest): read access for integrators, authenticated by bearer tokens."""

from __future__ import annotations

from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, request
from flask_smorest import Api

from insight.extensions import csrf


class InsightApi(Api):
    """flask-smorest would turn every HTTP error of the whole app into JSON (its issue #640);
    insight.errors already answers JSON under /api/ and HTML elsewhere."""

    def _register_error_handlers(self) -> None:
        return None

    def _register_responses(self) -> None:
        from insight.api.problems import register_problem_responses

        register_problem_responses(self.spec)


api = InsightApi()


def schema_name(schema: Any) -> str:
    """Component names that tell a partial (PATCH) or trimmed schema from the full one."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    if not isinstance(schema, type):
        if schema.partial and not name.endswith("Patch"):
            name += "Patch"
        if schema.exclude:
            name += "Without" + "".join(part.title() for part in sorted(schema.exclude))
    return name


def text_field_types(self: Any, field: Any, **_: Any) -> dict:
    """What the content schemas' cleaning accepts beyond a string: null for an optional text
    (stored empty), and a list of strings for fields that hold one item a line."""
    parent = field.parent
    if field.name not in getattr(parent, "TEXTS", ()):
        return {}
    types = ["string"]
    extra: dict = {}
    if field.name in getattr(parent, "LINES", ()):
        types.append("array")
        extra["items"] = {"type": "string"}
    if not field.required:
        types.append("null")
    return {"type": types, **extra} if len(types) > 1 else {}


def init_api(app: Flask) -> None:
    from insight.api import (
        changes,
        docs,
        insights,
        journeys,
        observations,
        personas,
        privacy,
        questions,
        rate_limits,
        reference,
        search,
    )
    from insight.api.auth import add_challenge, authenticate_request
    from insight.api.common import ApiBlueprint, add_etag

    app.config.setdefault("API_TITLE", "Innsikt API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    plugin = MarshmallowPlugin(schema_name_resolver=schema_name)
    api.init_app(app, spec_kwargs={
        "marshmallow_plugin": plugin,
        "components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"},
        }},
    })

    plugin.converter.add_attribute_function(text_field_types)

    @app.before_request
    def authenticate_api_calls() -> None:
        if request.path.startswith("/api/"):
            authenticate_request()

    rate_limits.init_app(app)  # after the token is known: each token has its own bucket

    @app.after_request
    def etag_api_reads(response):
        if request.path.startswith("/api/v1/"):
            return add_etag(add_challenge(response))
        return response

    blueprints = (observations.blp, insights.blp, personas.blp, journeys.blp, questions.blp,
                  reference.blp, changes.blp, search.blp, privacy.blp)
    # search.py is a plain flask-smorest blueprint: give its operations the same error docs
    search.blp._prepare_doc_cbks.append(ApiBlueprint._declare_problems)
    for blueprint in blueprints:
        csrf.exempt(blueprint)  # token-authenticated; session cookies are ignored under /api/
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{blueprint.url_prefix or ''}")
    docs.init_app(app)
