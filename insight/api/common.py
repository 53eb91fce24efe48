"""What every API resource shares: paging with totals and Link headers, RFC 3339 filters,
ETags with If-None-Match / If-Match, and the error responses every operation declares."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Response, abort, current_app, request
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import Select

from insight.api.problems import COMMON_STATUSES, response_name
from insight.extensions import db
from insight.messages import msg
from insight.services import reading

MAX_PAGE_SIZE = 100
ITEM_STATUSES = (404,)
WRITE_STATUSES = (403, 404, 409, 412, 422, 428)


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint whose operations all declare the problem+json errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._declare_problems)

    @staticmethod
    def _declare_problems(doc: dict, doc_info: dict, *, method: str, **_: Any) -> dict:
        responses = doc.setdefault("responses", {})
        for status in COMMON_STATUSES:
            responses.setdefault(str(status), response_name(status))
        responses["default"] = "DEFAULT_ERROR"
        if method.upper() in ("GET", "HEAD"):
            responses.setdefault("304", {"description": "Not Modified: the ETag still matches"})
        return doc


RFC3339_ERROR = msg("must be an RFC 3339 date-time such as 2025-05-01T12:00:00Z").id


class Rfc3339(fields.DateTime):
    """An RFC 3339 instant with an offset (`2025-05-01T12:00:00Z`); read as UTC."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> datetime:
        if not isinstance(value, str) or "T" not in value.upper():
            raise ValidationError(RFC3339_ERROR)
        try:
            parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
        except ValueError:
            raise ValidationError(RFC3339_ERROR) from None
        if parsed.tzinfo is None:
            raise ValidationError(msg("needs a time zone offset, e.g. Z or +01:00").id)
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ValidationError(msg("is out of range").id) from None


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


class SyncArgsSchema(PageArgsSchema):
    updated_since = Rfc3339(metadata={
        "description": "Only items changed after this instant (RFC 3339, with an offset). "
                       "Pass the greatest `updated_at` you have seen."})


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    """{total, page, page_size, items} around `item`."""
    return type(name, (Schema,), {
        "total": fields.Integer(required=True),
        "page": fields.Integer(required=True),
        "page_size": fields.Integer(required=True),
        "items": fields.List(fields.Nested(item), required=True),
    })


def since_clause(model: Any, since: datetime | None) -> Any:
    if since is None:
        return True
    if db.engine.dialect.name == "sqlite":
        since = since.replace(tzinfo=None)  # SQLite keeps naive UTC; compare like with like
    return model.updated_at > since


def paginate(query: Select, page: int, page_size: int, user: Any = None) -> tuple[list, int]:
    """Items of one page and the total; with `user` (whose visibility the query applies) the
    total is counted once per content version (insight.services.reading.total)."""
    items = list(db.session.scalars(query.limit(page_size).offset((page - 1) * page_size)))
    return items, reading.total(query, user)


def page_body(items: list, total: int, args: dict) -> dict:
    return {"total": total, "page": args["page"], "page_size": args["page_size"],
            "items": items}


def link_header(total: int, page: int, page_size: int) -> str:
    """RFC 8288 links to the first, previous, next and last pages, keeping the other args."""
    last = max(1, -(-total // page_size))
    base = request.base_url
    others = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]

    def url(number: int) -> str:
        return f"{base}?{urlencode([*others, ('page', number)])}"

    links = [(url(1), "first"), (url(last), "last")]
    if page > 1:
        links.append((url(min(page - 1, last)), "prev"))
    if page < last:
        links.append((url(page + 1), "next"))
    return ", ".join(f'<{target}>; rel="{rel}"' for target, rel in links)


def paging_headers(total: int, args: dict) -> dict[str, str]:
    return {"Link": link_header(total, args["page"], args["page_size"]),
            "X-Total-Count": str(total)}


PAGING_HEADERS_DOC = {
    "Link": {"description": "RFC 8288 links: first, prev, next, last",
             "schema": {"type": "string"}},
    "X-Total-Count": {"description": "Number of matching items", "schema": {"type": "string"}},
    "ETag": {"description": "Send as If-None-Match to get 304 when nothing changed",
             "schema": {"type": "string"}},
}
ETAG_HEADER_DOC = {"ETag": PAGING_HEADERS_DOC["ETag"]}


def etag_of(data: Any) -> str:
    """A strong ETag over the JSON a reader gets (canonical, so key order does not matter)."""
    encoded = current_app.json.dumps(data, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]


def require_if_match(current: str) -> None:
    """Updates must name the version they change: 428 without If-Match, 412 when stale."""
    if not request.if_match:
        abort(428, description=str(msg("Send the item's ETag in If-Match to change it.")))
    if not request.if_match.contains(current) and not request.if_match.star_tag:
        abort(412, description=str(msg("The item changed since you read it; read it again.")))


def add_etag(response: Response) -> Response:
    """after_request: every successful GET under /api/v1 gets an ETag and answers 304 when the
    caller's If-None-Match still matches."""
    if (request.method in ("GET", "HEAD") and response.status_code == 200
            and response.mimetype == "application/json" and not response.direct_passthrough):
        if "ETag" not in response.headers:
            response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
        response.make_conditional(request)
    return response


def etag_response(data: Any, dumped: Any, status: int = 200,
                  headers: dict | None = None) -> tuple[Any, int, dict]:
    """Return value for a view: `data` for flask-smorest, with the ETag of its dump."""
    return data, status, {"ETag": f'"{etag_of(dumped)}"', **(headers or {})}


IfMatchDoc = {"parameters": [{
    "in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"},
    "description": "The ETag of the version you read; 428 without it, 412 when stale"}]}


def sort_field(choices: dict[str, Callable[[], Any]], default: str) -> fields.String:
    return fields.String(load_default=default, validate=validate.OneOf(list(choices)),
                         metadata={"description": "Order: " + ", ".join(choices)})
