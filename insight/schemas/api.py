"""What the API and exports give readers: the stored content as a role may see it.

Evidence refs are only those the reader may open; `evidence_count` counts them all. Timestamps
are RFC 3339 with an offset. The asker of a question is never part of any output.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import Schema, fields

from insight import permissions
from insight.models import CONFIDENCE_LEVELS, STATUSES, VISIBILITIES
from insight.schemas.observation import ObservationOutSchema


class Instant(fields.DateTime):
    """RFC 3339 with an offset, whatever the database gives back (SQLite: naive UTC)."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _reader() -> Any:
    from insight.api.auth import api_user

    return api_user()


def visible_refs(items: list[Any]) -> list[str]:
    reader = _reader()
    return [o.ref for o in items if permissions.can_read(reader, o)]


class PublishableOutSchema(Schema):
    ref = fields.String(required=True)
    status = fields.String(metadata={"enum": STATUSES})
    visibility = fields.String(metadata={"enum": VISIBILITIES})
    created_at = Instant()
    updated_at = Instant()
    published_at = Instant(allow_none=True)


class ObservationApiSchema(ObservationOutSchema):
    """The observation as before, timestamps with their offset."""

    created_at = Instant(dump_only=True)
    updated_at = Instant(dump_only=True)
    published_at = Instant(dump_only=True, allow_none=True)


def _evidence(obj: Any) -> list[str]:
    return visible_refs(obj.evidence)


class InsightOutSchema(PublishableOutSchema):
    statement = fields.String()
    detail = fields.String()
    recommendation = fields.String()
    confidence = fields.String(metadata={"enum": list(CONFIDENCE_LEVELS)})
    themes = fields.Function(lambda o: [t.code for t in o.themes],
                             metadata={"description": "Theme codes"})
    evidence = fields.Function(_evidence, metadata={
        "description": "Refs of the observations behind it that you may read"})
    evidence_count = fields.Function(lambda o: len(o.evidence))


class PersonaOutSchema(PublishableOutSchema):
    title = fields.String()
    summary = fields.String()
    age_band = fields.String()
    stay_type = fields.String()
    living_situation = fields.String()
    needs = fields.Function(lambda o: _lines(o.needs), metadata={"description": "One a line"})
    goals = fields.Function(lambda o: _lines(o.goals))
    frustrations = fields.Function(lambda o: _lines(o.frustrations))
    quote = fields.String()
    evidence = fields.Function(_evidence)
    evidence_count = fields.Function(lambda o: len(o.evidence))


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


class StepOutSchema(Schema):
    id = fields.Integer(metadata={"description": "Use it to change the step"})
    position = fields.Integer(metadata={"description": "1 is the first step"})
    stage = fields.String(metadata={"description": "Journey stage code"})
    title = fields.String()
    what_happens = fields.String()
    thoughts = fields.String()
    emotion = fields.Integer(metadata={"description": "-2 very negative … +2 very positive"})
    pain_points = fields.Function(lambda s: _lines(s.pain_points))
    opportunities = fields.Function(lambda s: _lines(s.opportunities))
    evidence = fields.Function(_evidence)
    evidence_count = fields.Function(lambda s: len(s.evidence))


def _persona_ref(journey: Any) -> str | None:
    persona = journey.persona
    if persona is None or not permissions.can_read(_reader(), persona):
        return None  # a public journey does not name an internal persona
    return persona.ref


class JourneyOutSchema(PublishableOutSchema):
    title = fields.String()
    summary = fields.String()
    stay_type = fields.String()
    persona = fields.Function(_persona_ref, allow_none=True)
    steps = fields.Function(
        lambda j: StepOutSchema(many=True).dump(sorted(j.steps, key=lambda s: s.position)),
        metadata={"description": "In journey order"})


class AnswerOutSchema(Schema):
    text = fields.String()
    published_at = Instant(allow_none=True)


class QuestionOutSchema(Schema):
    """A question and its published answer; who asked is never included."""

    ref = fields.String(required=True)
    title = fields.String()
    text = fields.String()
    state = fields.String(metadata={"enum": ["open", "answered", "rejected"]})
    created_at = Instant()
    updated_at = Instant()
    answer = fields.Function(
        lambda q: AnswerOutSchema().dump(q.answer)
        if q.answer is not None and q.answer.published_at is not None else None,
        allow_none=True)


class TermOutSchema(Schema):
    code = fields.String()
    label_nb = fields.String(metadata={"description": "Bokmål"})
    label_en = fields.String(metadata={"description": "English"})
    position = fields.Integer()


class ChangeOutSchema(Schema):
    id = fields.Integer(metadata={"description": "Cursor: pass it as `cursor` to go on"})
    created_at = Instant()
    kind = fields.String(metadata={"enum": ["observation", "insight", "persona", "journey",
                                            "question"]})
    ref = fields.String()
    action = fields.String(metadata={"enum": ["published", "changed", "withdrawn",
                                              "answered"]})
    title = fields.String(allow_none=True, metadata={
        "description": "null when you may no longer read the item: delete your copy"})
    visible = fields.Function(lambda c: c.title is not None, metadata={
        "description": "Whether you may read the item now"})
