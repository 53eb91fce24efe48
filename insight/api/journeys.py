"""/api/v1/journeys: journeys with their ordered steps (emotion, pain points, opportunities,
evidence); staff add and change steps one by one."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy.orm import selectinload

from insight.api.auth import api_user, token_required
from insight.api.common import (
    ApiBlueprint,
    IfMatchDoc,
    SyncArgsSchema,
    page_schema,
    require_if_match,
)
from insight.api.content import (
    ETAG_HEADER_DOC,
    PAGING_HEADERS_DOC,
    SORTS,
    StatusQuery,
    add_status_actions,
    current_etag,
    item_answer,
    list_page,
    one,
    sort_clause,
)
from insight.extensions import db
from insight.messages import msg
from insight.models import Journey, JourneyStep, Persona
from insight.permissions import WRITE_CONTENT
from insight.schemas.api import JourneyOutSchema, StepOutSchema
from insight.schemas.journey import JourneySchema, StepSchema
from insight.services import journeys
from insight.services.errors import NotFound

blp = ApiBlueprint("api_journeys", __name__, url_prefix="/journeys",
                   description="Journeys through a stay, step by step")

OPTIONS = (selectinload(Journey.steps).selectinload(JourneyStep.evidence),
           selectinload(Journey.persona))


class JourneyQuerySchema(SyncArgsSchema, StatusQuery):
    stay_type = fields.List(fields.String(validate=validate.Length(max=64)))
    persona = fields.List(fields.String(validate=validate.Length(max=32)),
                          metadata={"description": "Persona ref"})
    sort = fields.String(load_default="ref", validate=validate.OneOf(SORTS))


JourneyPageSchema = page_schema("JourneyPage", JourneyOutSchema)


def load(ref: str) -> Journey:
    return one(Journey, ref, *OPTIONS)


def load_step(ref: str, step_id: int) -> JourneyStep:
    journey = load(ref)
    for step in journey.steps:
        if step.id == step_id:
            return step
    raise NotFound(msg("No step %(step)s in %(ref)s.", step=step_id, ref=ref))


@blp.route("")
class JourneyList(MethodView):
    @blp.arguments(JourneyQuerySchema, location="query")
    @blp.response(200, JourneyPageSchema, headers=PAGING_HEADERS_DOC)
    def get(self, args: dict):
        """List the journeys the caller may read, each with its steps in order."""
        filters = []
        if args.get("stay_type"):
            filters.append(Journey.stay_type.in_(args["stay_type"]))
        if args.get("persona"):
            filters.append(Journey.persona.has(Persona.ref.in_(args["persona"])))
        return list_page(Journey, args, filters, sort_clause(Journey, args["sort"]), *OPTIONS)

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(JourneySchema)
    @blp.response(201, JourneyOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, body: dict):
        """Create a draft journey, with steps in order if given (staff token, write scope)."""
        item = journeys.create(body, api_user())
        db.session.commit()
        return item_answer(JourneyOutSchema(), item, 201)


@blp.route("/<ref>")
class JourneyItem(MethodView):
    @blp.response(200, JourneyOutSchema, headers=ETAG_HEADER_DOC)
    def get(self, ref: str):
        """One journey by its ref, with its steps in order."""
        return item_answer(JourneyOutSchema(), load(ref))

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(JourneySchema(partial=True, exclude=("steps",)))
    @blp.response(200, JourneyOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}], **IfMatchDoc)
    def patch(self, body: dict, ref: str):
        """Change the journey's own fields (steps change one by one; If-Match required)."""
        item = load(ref)
        require_if_match(current_etag(JourneyOutSchema(), item))
        item = journeys.update(item, body, api_user())
        db.session.commit()
        return item_answer(JourneyOutSchema(), item)


@blp.route("/<ref>/steps")
class StepList(MethodView):
    @token_required("write", WRITE_CONTENT)
    @blp.arguments(StepSchema)
    @blp.response(201, StepOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, body: dict, ref: str):
        """Add a step at the end of the journey."""
        step = journeys.add_step(load(ref), body, api_user())
        db.session.commit()
        return item_answer(StepOutSchema(), step, 201)


@blp.route("/<ref>/steps/<int:step_id>")
class StepItem(MethodView):
    @blp.response(200, StepOutSchema, headers=ETAG_HEADER_DOC)
    def get(self, ref: str, step_id: int):
        """One step of a journey."""
        return item_answer(StepOutSchema(), load_step(ref, step_id))

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(StepSchema(partial=True))
    @blp.response(200, StepOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}], **IfMatchDoc)
    def patch(self, body: dict, ref: str, step_id: int):
        """Change some fields of a step (If-Match with the step's ETag)."""
        step = load_step(ref, step_id)
        require_if_match(current_etag(StepOutSchema(), step))
        step = journeys.update_step(step, body, api_user())
        db.session.commit()
        return item_answer(StepOutSchema(), step)


add_status_actions(blp, Journey, JourneyOutSchema, load)
