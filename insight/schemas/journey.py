"""The journey and its steps as they cross the boundary: staff forms, demo data, API, export."""

from __future__ import annotations

from marshmallow import fields, validate

from insight.messages import msg
from insight.schemas.common import ContentSchema, ref, refs, text, visibility


class StepSchema(ContentSchema):
    TEXTS = ("title", "what_happens", "thoughts", "pain_points", "opportunities")
    LINES = ("pain_points", "opportunities")

    stage = fields.String(required=True)
    title = text(300, required=True)
    what_happens = text(5000)
    thoughts = text(2000)
    emotion = fields.Integer(
        validate=validate.Range(-2, 2, error=msg("must be from -2 to 2").id),
        error_messages={"invalid": msg("must be a whole number from -2 to 2").id})
    pain_points = text(5000)
    opportunities = text(5000)
    evidence = refs()


class JourneySchema(ContentSchema):
    TEXTS = ("title", "summary")

    ref = ref()
    title = text(300, required=True)
    summary = text(5000)
    stay_type = fields.String(required=True)
    persona = fields.String(allow_none=True)
    visibility = visibility()
    steps = fields.List(fields.Nested(StepSchema))
