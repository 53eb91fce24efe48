"""/api/v1/insights: insights with the refs of the observations behind them."""

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
from insight.models import CONFIDENCE_LEVELS, Insight, VocabularyTerm
from insight.permissions import WRITE_CONTENT
from insight.schemas.api import InsightOutSchema
from insight.schemas.insight import InsightSchema
from insight.services import insights

blp = ApiBlueprint("api_insights", __name__, url_prefix="/insights",
                   description="Insights synthesised from observations, with their evidence")

OPTIONS = (selectinload(Insight.themes), selectinload(Insight.evidence))


class InsightQuerySchema(SyncArgsSchema, StatusQuery):
    theme = fields.List(fields.String(validate=validate.Length(max=64)))
    confidence = fields.List(fields.String(validate=validate.OneOf(CONFIDENCE_LEVELS)))
    sort = fields.String(load_default="ref", validate=validate.OneOf(SORTS))


InsightPageSchema = page_schema("InsightPage", InsightOutSchema)


def load(ref: str) -> Insight:
    return one(Insight, ref, *OPTIONS)


@blp.route("")
class InsightList(MethodView):
    @blp.arguments(InsightQuerySchema, location="query")
    @blp.response(200, InsightPageSchema, headers=PAGING_HEADERS_DOC)
    def get(self, args: dict):
        """List the insights the caller may read."""
        filters = []
        if args.get("theme"):
            filters.append(Insight.themes.any(VocabularyTerm.code.in_(args["theme"])))
        if args.get("confidence"):
            filters.append(Insight.confidence.in_(args["confidence"]))
        return list_page(Insight, args, filters, sort_clause(Insight, args["sort"]), *OPTIONS)

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(InsightSchema)
    @blp.response(201, InsightOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, body: dict):
        """Create a draft insight (staff token with the write scope); `evidence` lists
        observation refs, `themes` theme codes."""
        item = insights.create(body, api_user())
        db.session.commit()
        return item_answer(InsightOutSchema(), item, 201)


@blp.route("/<ref>")
class InsightItem(MethodView):
    @blp.response(200, InsightOutSchema, headers=ETAG_HEADER_DOC)
    def get(self, ref: str):
        """One insight by its ref."""
        return item_answer(InsightOutSchema(), load(ref))

    @token_required("write", WRITE_CONTENT)
    @blp.arguments(InsightSchema(partial=True))
    @blp.response(200, InsightOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}], **IfMatchDoc)
    def patch(self, body: dict, ref: str):
        """Change some fields of an insight (If-Match with the ETag you read)."""
        item = load(ref)
        require_if_match(current_etag(InsightOutSchema(), item))
        item = insights.update(item, body, api_user())
        db.session.commit()
        return item_answer(InsightOutSchema(), item)


add_status_actions(blp, Insight, InsightOutSchema, load)
