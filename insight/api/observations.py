"""/api/v1/observations: published observations as the caller may see them."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from insight.api.auth import api_user, token_required
from insight.extensions import db
from insight.permissions import WRITE_CONTENT
from insight.schemas.observation import (
    ObservationOutSchema,
    ObservationPatchSchema,
    ObservationSchema,
)
from insight.services import observations, reading

blp = Blueprint("api_observations", __name__, url_prefix="/observations",
                description="Anonymised observations from short-term stays")


class ObservationQuerySchema(Schema):
    stay_type = fields.String()
    journey_stage = fields.String()
    theme = fields.String()
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ObservationPageSchema(Schema):
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()
    items = fields.List(fields.Nested(ObservationOutSchema))


@blp.route("")
class ObservationList(MethodView):
    @blp.arguments(ObservationQuerySchema, location="query")
    @blp.response(200, ObservationPageSchema)
    def get(self, args: dict) -> dict:
        """List the observations the caller may read, newest first."""
        page = reading.observation_page(api_user(), args.pop("page"), args.pop("page_size"),
                                        **args)
        return {"total": page.total, "page": page.page, "page_size": page.page_size,
                "items": page.items}

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(ObservationSchema)
    @blp.response(201, ObservationOutSchema)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, body: dict):
        """Create a draft observation (staff token with the write scope). Its texts must pass
        the privacy screen; it is published only after a second person's review."""
        item = observations.create(body, api_user())
        db.session.commit()
        return item


@blp.route("/<ref>")
class ObservationItem(MethodView):
    @blp.response(200, ObservationOutSchema)
    def get(self, ref: str):
        """One observation by its ref."""
        return reading.observation(api_user(), ref)

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(ObservationPatchSchema(partial=True))
    @blp.response(200, ObservationOutSchema)
    @blp.doc(security=[{"bearerAuth": []}])
    def patch(self, body: dict, ref: str):
        """Change some fields of an observation (staff token with the write scope)."""
        user = api_user()
        item = observations.update(reading.observation(user, ref), body, user)
        db.session.commit()
        return item
