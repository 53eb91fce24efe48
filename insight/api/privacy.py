"""/api/v1/privacy/screen: check a text for personal data before sending it anywhere."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from insight.api.auth import token_required
from insight.api.common import ApiBlueprint
from insight.services import screening

blp = ApiBlueprint("api_privacy", __name__, url_prefix="/privacy",
                description="The personal-data screen every text passes")


class ScreenRequestSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(max=100_000))


class FindingSchema(Schema):
    kind = fields.String()
    start = fields.Integer(metadata={"description": "Python string offset (code points)"})
    end = fields.Integer(metadata={"description": "exclusive"})


class ScreenResponseSchema(Schema):
    findings = fields.List(fields.Nested(FindingSchema))
    warnings = fields.List(fields.Nested(FindingSchema))


@blp.route("/screen")
class Screen(MethodView):
    @token_required("read")
    @blp.arguments(ScreenRequestSchema)
    @blp.response(200, ScreenResponseSchema)
    def post(self, body: dict) -> dict:
        """Blocking findings and warnings in a text; the matched values are never returned."""
        data = {"text": body["text"]}
        return {
            "findings": [_as_dict(f) for f in screening.find(data, ("text",))],
            "warnings": [_as_dict(f) for f in screening.warnings_in(data, ("text",))],
        }


def _as_dict(finding: screening.FieldFinding) -> dict:
    return {"kind": finding.kind, "start": finding.start, "end": finding.end}
