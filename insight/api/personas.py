"""/api/v1/personas: personas (archetypes, never persons) with their evidence."""

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
from insight.models import Persona
from insight.permissions import WRITE_CONTENT
from insight.schemas.api import PersonaOutSchema
from insight.schemas.persona import PersonaSchema
from insight.services import personas

blp = ApiBlueprint("api_personas", __name__, url_prefix="/personas",
                   description="Personas: archetypes grounded in observations")

OPTIONS = (selectinload(Persona.evidence),)


class PersonaQuerySchema(SyncArgsSchema, StatusQuery):
    stay_type = fields.List(fields.String(validate=validate.Length(max=64)))
    age_band = fields.List(fields.String(validate=validate.Length(max=16)))
    sort = fields.String(load_default="ref", validate=validate.OneOf(SORTS))


PersonaPageSchema = page_schema("PersonaPage", PersonaOutSchema)


def load(ref: str) -> Persona:
    return one(Persona, ref, *OPTIONS)


@blp.route("")
class PersonaList(MethodView):
    @blp.arguments(PersonaQuerySchema, location="query")
    @blp.response(200, PersonaPageSchema, headers=PAGING_HEADERS_DOC)
    def get(self, args: dict):
        """List the personas the caller may read."""
        filters = [getattr(Persona, key).in_(args[key]) for key in ("stay_type", "age_band")
                   if args.get(key)]
        return list_page(Persona, args, filters, sort_clause(Persona, args["sort"]), *OPTIONS)

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(PersonaSchema)
    @blp.response(201, PersonaOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, body: dict):
        """Create a draft persona (staff token with the write scope)."""
        item = personas.create(body, api_user())
        db.session.commit()
        return item_answer(PersonaOutSchema(), item, 201)


@blp.route("/<ref>")
class PersonaItem(MethodView):
    @blp.response(200, PersonaOutSchema, headers=ETAG_HEADER_DOC)
    def get(self, ref: str):
        """One persona by its ref."""
        return item_answer(PersonaOutSchema(), load(ref))

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(PersonaSchema(partial=True))
    @blp.response(200, PersonaOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}], **IfMatchDoc)
    def patch(self, body: dict, ref: str):
        """Change some fields of a persona (If-Match with the ETag you read)."""
        item = load(ref)
        require_if_match(current_etag(PersonaOutSchema(), item))
        item = personas.update(item, body, api_user())
        db.session.commit()
        return item_answer(PersonaOutSchema(), item)


add_status_actions(blp, Persona, PersonaOutSchema, load)
