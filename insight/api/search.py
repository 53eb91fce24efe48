"""/api/v1/search: full-text search over everything the caller may read, ranked, with facets."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from insight.api.auth import api_user
from insight.search import FACET_KEYS
from insight.services import search, search_memo

blp = Blueprint("api_search", __name__, url_prefix="/search",
                description="Search observations, insights, personas, journeys and answers")

TYPES = ("observation", "insight", "persona", "journey", "answer")


class SearchArgsSchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=500),
                      metadata={"description": "Words, \"a phrase\", or nothing (newest first)"})
    type = fields.List(fields.String(validate=validate.OneOf(TYPES)), load_default=list)
    stay_type = fields.List(fields.String(), load_default=list)
    journey_stage = fields.List(fields.String(), load_default=list)
    theme = fields.List(fields.String(), load_default=list)
    source = fields.List(fields.String(), load_default=list)
    actor = fields.List(fields.String(), load_default=list)
    age_band = fields.List(fields.String(), load_default=list)
    period = fields.List(fields.String(), load_default=list,
                         metadata={"description": "Year, e.g. 2025"})
    sort = fields.String(load_default="relevance", validate=validate.OneOf(search.SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    page_size = fields.Integer(load_default=10,
                               validate=validate.Range(min=1, max=search.MAX_PAGE_SIZE))


class SearchItemSchema(Schema):
    type = fields.String(metadata={"enum": list(TYPES)})
    ref = fields.String()
    title = fields.String()
    snippet = fields.String(metadata={
        "description": "HTML-escaped text with <mark>…</mark> around the words that matched"})
    score = fields.Float()
    url = fields.String(metadata={"description": "Path of the item's page"})
    matched = fields.List(fields.String(), metadata={
        "description": "Words of the item that matched the query or a stated expansion"})


class SearchPageSchema(Schema):
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()
    items = fields.List(fields.Nested(SearchItemSchema), metadata={"description": "Rank order"})
    facets = fields.Dict(keys=fields.String(), values=fields.Dict(
        keys=fields.String(), values=fields.Integer()),
        metadata={"description": "Facet → value → number of matches"})
    suggestion = fields.String(allow_none=True, metadata={"description": "Did you mean"})


@blp.route("")
class Search(MethodView):
    @blp.arguments(SearchArgsSchema, location="query")
    @blp.response(200, SearchPageSchema)
    def get(self, args: dict) -> dict:
        """Search what the caller may read; repeat a filter to allow several values."""
        filters = {key: args[key] for key in FACET_KEYS if args.get(key)}
        results = search_memo.search(api_user(), args["q"], filters, args["sort"],
                                     args["page"], args["page_size"])
        return {
            "total": results.total, "page": args["page"], "page_size": args["page_size"],
            "items": [{"type": h.type, "ref": h.ref, "title": h.title, "snippet": h.snippet,
                       "score": round(h.score, 4), "url": h.url, "matched": h.matched}
                      for h in results.hits],
            "facets": results.facets, "suggestion": results.suggestion,
        }
