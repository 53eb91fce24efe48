"""/api/v1/observations: observations as the caller may see them; staff write through the
observation service."""

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
    StatusQuery,
    add_status_actions,
    current_etag,
    item_answer,
    list_page,
    one,
)
from insight.extensions import db
from insight.models import Observation, VocabularyTerm
from insight.permissions import WRITE_CONTENT
from insight.schemas.api import ObservationApiSchema
from insight.schemas.observation import ObservationPatchSchema, ObservationSchema
from insight.services import observations

blp = ApiBlueprint("api_observations", __name__, url_prefix="/observations",
                   description="Anonymised observations from short-term stays")

SORTS = {
    "newest": (Observation.month.desc(), Observation.ref.desc()),
    "oldest": (Observation.month.asc(), Observation.ref.asc()),
    "ref": (Observation.ref.asc(),),
    "updated_at": (Observation.updated_at.asc(), Observation.id.asc()),
    "-updated_at": (Observation.updated_at.desc(), Observation.id.desc()),
}


def _codes() -> fields.List:
    return fields.List(fields.String(validate=validate.Length(max=64)),
                       metadata={"description": "Vocabulary code; repeat for alternatives"})


class ObservationQuerySchema(SyncArgsSchema, StatusQuery):
    stay_type = _codes()
    journey_stage = _codes()
    theme = _codes()
    source = _codes()
    actor = _codes()
    age_band = _codes()
    period = fields.List(fields.Integer(validate=validate.Range(min=1900, max=2999)),
                         metadata={"description": "Year of the month observed, e.g. 2025"})
    sort = fields.String(load_default="newest", validate=validate.OneOf(list(SORTS)))


ObservationPageSchema = page_schema("ObservationPage", ObservationApiSchema)


def _filters(args: dict) -> list:
    found = [getattr(Observation, key).in_(args[key])
             for key in ("stay_type", "journey_stage", "source", "actor", "age_band")
             if args.get(key)]
    if args.get("theme"):
        found.append(Observation.themes.any(VocabularyTerm.code.in_(args["theme"])))
    if args.get("period"):
        found.append(db.or_(*(Observation.month.like(f"{year:04d}-%")
                              for year in args["period"])))
    return found


def load(ref: str) -> Observation:
    return one(Observation, ref, selectinload(Observation.themes))


@blp.route("")
class ObservationList(MethodView):
    @blp.arguments(ObservationQuerySchema, location="query")
    @blp.response(200, ObservationPageSchema, headers=PAGING_HEADERS_DOC)
    def get(self, args: dict):
        """List the observations the caller may read (newest first by default); filters
        match the facets of the search page."""
        return list_page(Observation, args, _filters(args), list(SORTS[args["sort"]]),
                         selectinload(Observation.themes))

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(ObservationSchema)
    @blp.response(201, ObservationApiSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, body: dict):
        """Create a draft observation (staff token with the write scope). Its texts must pass
        the privacy screen; it is published only after a second person's review."""
        item = observations.create(body, api_user())
        db.session.commit()
        return item_answer(ObservationApiSchema(), item, 201)


@blp.route("/<ref>")
class ObservationItem(MethodView):
    @blp.response(200, ObservationApiSchema, headers=ETAG_HEADER_DOC)
    def get(self, ref: str):
        """One observation by its ref."""
        return item_answer(ObservationApiSchema(), load(ref))

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(ObservationPatchSchema(partial=True))
    @blp.response(200, ObservationApiSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}], **IfMatchDoc)
    def patch(self, body: dict, ref: str):
        """Change some fields of an observation (staff token with the write scope; If-Match
        with the ETag you read)."""
        item = load(ref)
        require_if_match(current_etag(ObservationApiSchema(), item))
        item = observations.update(item, body, api_user())
        db.session.commit()
        return item_answer(ObservationApiSchema(), item)


add_status_actions(blp, Observation, ObservationApiSchema, load)
