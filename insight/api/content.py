"""Shared plumbing of the content resources (observations, insights, personas, journeys):
visible queries with filters, sorting and paging; item answers with ETags; status actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate
from sqlalchemy import Select, select

from insight import permissions
from insight.api.auth import api_user, token_required
from insight.api.common import (
    ETAG_HEADER_DOC,
    PAGING_HEADERS_DOC,
    ApiBlueprint,
    etag_of,
    etag_response,
    page_body,
    paginate,
    paging_headers,
    since_clause,
)
from insight.api.problems import kind_name
from insight.extensions import db
from insight.messages import msg
from insight.models import STATUSES
from insight.services import publishing
from insight.services.errors import NotFound

SORTS = ("ref", "-ref", "updated_at", "-updated_at")


def sort_clause(model: Any, sort: str) -> list:
    column = model.updated_at if sort.lstrip("-") == "updated_at" else model.ref
    if sort.startswith("-"):
        return [column.desc(), model.id.desc()]
    return [column.asc(), model.id.asc()]


def visible(model: Any, user: Any) -> Select:
    return select(model).where(permissions.visible_clause(model, user))


def list_page(model: Any, args: dict, filters: list, order: list, *options: Any
              ) -> tuple[dict, int, dict]:
    """The page of `model` the caller may see, as view return value with paging headers."""
    query = (visible(model, api_user()).where(*filters, since_clause(
        model, args.get("updated_since"))).options(*options).order_by(*order))
    if args.get("status"):
        query = query.where(model.status.in_(args["status"]))
    items, total = paginate(query, args["page"], args["page_size"], api_user())
    return page_body(items, total, args), 200, paging_headers(total, args)


def one(model: Any, ref: str, *options: Any) -> Any:
    """The item with `ref` if the caller may read it; 404 otherwise (existence is not told)."""
    item = db.session.scalar(visible(model, api_user()).where(model.ref == ref)
                             .options(*options))
    if item is None:
        raise NotFound(msg("No %(kind)s %(ref)s that you may read.", kind=kind_name(model.kind),
                           ref=ref))
    return item


def item_answer(schema: Schema, item: Any, status: int = 200) -> tuple[Any, int, dict]:
    return etag_response(item, schema.dump(item), status)


def current_etag(schema: Schema, item: Any) -> str:
    return etag_of(schema.dump(item))


class StatusQuery(Schema):
    """`status` only narrows what the caller may see anyway (staff see drafts)."""

    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)), metadata={
        "description": "draft, in_review, published, archived (staff only see more than "
                       "published)"})


def add_status_actions(blp: ApiBlueprint, model: Any, out_schema: type[Schema],
                       loader: Callable[[str], Any]) -> None:
    """POST …/<ref>/review and …/<ref>/publish through the publishing service (four eyes)."""

    @blp.route("/<ref>/review", endpoint="review")
    class Review(MethodView):
        @token_required("write", permissions.WRITE_CONTENT)
        @blp.response(200, out_schema, headers=ETAG_HEADER_DOC)
        @blp.doc(security=[{"bearerAuth": []}])
        def post(self, ref: str):
            """Send a draft to review (staff token with the write scope)."""
            item = publishing.send_to_review(loader(ref), api_user())
            db.session.commit()
            return item_answer(out_schema(), item)

    @blp.route("/<ref>/publish", endpoint="publish")
    class Publish(MethodView):
        @token_required("write", permissions.REVIEW_CONTENT)
        @blp.response(200, out_schema, headers=ETAG_HEADER_DOC)
        @blp.doc(security=[{"bearerAuth": []}])
        def post(self, ref: str):
            """Publish an item in review. Four eyes: nobody who wrote or changed this version
            may publish it (403)."""
            item = publishing.publish(loader(ref), api_user())
            db.session.commit()
            return item_answer(out_schema(), item)

    Review.__name__ = f"{model.__name__}Review"
    Publish.__name__ = f"{model.__name__}Publish"


__all__ = ["PAGING_HEADERS_DOC", "ETAG_HEADER_DOC", "SORTS", "add_status_actions",
           "current_etag", "item_answer", "list_page", "one", "sort_clause", "visible"]
