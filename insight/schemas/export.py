"""What an export or the bid pack holds of each item: the reader's view, never an identity.

The schemas take `can_read` (the reader's visibility test) so that references to evidence,
personas and journeys name only what the reader may open. Authors, reviewers and askers are
never dumped: an export must not reveal who wrote, reviewed or asked anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields

from insight.schemas.observation import ObservationOutSchema

ReadTest = Callable[[Any], bool]

# Workflow fields that only readers who see drafts and internal items get.
WORKFLOW_FIELDS = ("status", "visibility")


class _ReaderSchema(Schema):
    def __init__(self, can_read: ReadTest, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.can_read = can_read

    def readable_refs(self, items: list[Any]) -> list[str]:
        return [item.ref for item in items if self.can_read(item)]


class ObservationExportSchema(ObservationOutSchema):
    class Meta:
        fields = ("ref", "title", "text", "source", "stay_type", "journey_stage", "actor",
                  "themes", "month", "age_band", "unit", "status", "visibility", "published_at")


class InsightExportSchema(_ReaderSchema):
    ref = fields.String()
    statement = fields.String()
    detail = fields.String()
    recommendation = fields.String()
    confidence = fields.String()
    themes = fields.Function(lambda item: [t.code for t in item.themes])
    evidence = fields.Method("evidence_refs")
    status = fields.String()
    visibility = fields.String()
    published_at = fields.DateTime()

    def evidence_refs(self, item: Any) -> list[str]:
        return self.readable_refs(item.evidence)


class PersonaExportSchema(_ReaderSchema):
    ref = fields.String()
    title = fields.String()
    summary = fields.String()
    age_band = fields.String()
    stay_type = fields.String()
    living_situation = fields.String()
    goals = fields.Function(lambda item: _lines(item.goals))
    needs = fields.Function(lambda item: _lines(item.needs))
    frustrations = fields.Function(lambda item: _lines(item.frustrations))
    quote = fields.String()
    evidence = fields.Method("evidence_refs")
    status = fields.String()
    visibility = fields.String()
    published_at = fields.DateTime()

    def evidence_refs(self, item: Any) -> list[str]:
        return self.readable_refs(item.evidence)


class StepExportSchema(_ReaderSchema):
    position = fields.Integer()
    stage = fields.String()
    title = fields.String()
    what_happens = fields.String()
    thoughts = fields.String()
    emotion = fields.Integer()
    pain_points = fields.Function(lambda step: _lines(step.pain_points))
    opportunities = fields.Function(lambda step: _lines(step.opportunities))
    evidence = fields.Method("evidence_refs")

    def evidence_refs(self, step: Any) -> list[str]:
        return self.readable_refs(step.evidence)


class JourneyExportSchema(_ReaderSchema):
    ref = fields.String()
    title = fields.String()
    summary = fields.String()
    stay_type = fields.String()
    persona = fields.Method("persona_ref")
    steps = fields.Method("dump_steps")
    status = fields.String()
    visibility = fields.String()
    published_at = fields.DateTime()

    def persona_ref(self, item: Any) -> str | None:
        persona = item.persona
        return persona.ref if persona is not None and self.can_read(persona) else None

    def dump_steps(self, item: Any) -> list[dict]:
        return StepExportSchema(self.can_read, many=True).dump(item.steps)


class AnswerExportSchema(Schema):
    """A published question and its answer, without who asked or who answered."""

    ref = fields.String()
    title = fields.String()
    question = fields.String(attribute="text")
    answer = fields.Function(lambda q: q.answer.text if q.answer else "")
    answered_at = fields.Function(
        lambda q: q.answer.published_at.isoformat() if q.answer and q.answer.published_at
        else None)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
