"""The persona as it crosses the boundary: staff forms, demo data, API and export."""

from __future__ import annotations

from marshmallow import fields

from insight.schemas.common import ContentSchema, ref, refs, text, visibility


class PersonaSchema(ContentSchema):
    TEXTS = ("title", "summary", "living_situation", "needs", "goals", "frustrations", "quote")
    LINES = ("needs", "goals", "frustrations")

    ref = ref()
    title = text(300, required=True)
    summary = text(5000)
    age_band = fields.String(required=True)
    stay_type = fields.String(required=True)
    living_situation = text(2000)
    needs = text(5000)
    goals = text(5000)
    frustrations = text(5000)
    quote = text(1000)
    visibility = visibility()
    evidence = refs()
