"""The insight as it crosses the boundary: staff forms, demo data, API and export."""

from __future__ import annotations

from marshmallow import fields, validate

from insight.messages import msg
from insight.models import CONFIDENCE_LEVELS
from insight.schemas.common import ContentSchema, ref, refs, text, visibility


class InsightSchema(ContentSchema):
    TEXTS = ("statement", "detail", "recommendation")

    ref = ref()
    statement = text(500, required=True)
    detail = text(10000)
    recommendation = text(2000)
    confidence = fields.String(validate=validate.OneOf(
        CONFIDENCE_LEVELS, error=msg("must be low, medium or high").id))
    visibility = visibility()
    themes = refs()
    evidence = refs()
