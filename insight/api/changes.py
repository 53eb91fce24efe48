"""/api/v1/changes: the public change log as a feed a mirror reads oldest first.

The cursor is the id of the last entry read; `since` starts from an instant instead. A
`withdrawn` entry, or any entry whose `visible` is false, tells a mirror to delete its copy.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from insight.api.auth import api_user
from insight.api.common import ApiBlueprint, Rfc3339
from insight.schemas.api import ChangeOutSchema
from insight.services import changelog

blp = ApiBlueprint("api_changes", __name__, url_prefix="/changes",
                   description="What was published, changed, withdrawn or answered")

KINDS = ("observation", "insight", "persona", "journey", "question")


class ChangeArgsSchema(Schema):
    cursor = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**62),
                            metadata={"description": "`next_cursor` of the previous page"})
    since = Rfc3339(metadata={"description": "Only entries from this instant on (RFC 3339)"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    kind = fields.List(fields.String(validate=validate.OneOf(KINDS)))


class ChangePageSchema(Schema):
    items = fields.List(fields.Nested(ChangeOutSchema), required=True,
                        metadata={"description": "Oldest first"})
    next_cursor = fields.Integer(required=True, metadata={
        "description": "Pass as `cursor` next time (the same value when nothing is new)"})
    has_more = fields.Boolean(required=True)


CHANGE_HEADERS = {"Link": {"description": "rel=\"next\" when there is more",
                           "schema": {"type": "string"}},
                  "ETag": {"schema": {"type": "string"}}}


@blp.route("")
class Changes(MethodView):
    @blp.arguments(ChangeArgsSchema, location="query")
    @blp.response(200, ChangePageSchema, headers=CHANGE_HEADERS)
    def get(self, args: dict):
        """Change log entries after the cursor, oldest first, as the caller may see them.
        Withdrawals (and items the caller may no longer read) come without a title."""
        entries = changelog.changes(api_user(), limit=args["limit"] + 1,
                                    after_id=args["cursor"], since=args.get("since"),
                                    kinds=args.get("kind"))
        has_more = len(entries) > args["limit"]
        entries = entries[:args["limit"]]
        next_cursor = entries[-1].id if entries else args["cursor"]
        headers = {}
        if has_more:
            others = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
            target = f"{request.base_url}?{urlencode([*others, ('cursor', next_cursor)])}"
            headers["Link"] = f'<{target}>; rel="next"'
        return {"items": entries, "next_cursor": next_cursor, "has_more": has_more}, 200, \
            headers
