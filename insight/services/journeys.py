"""Journeys and their steps: the one write path for staff pages, demo data and tests.

A change to a step is a change to its journey: audited on the journey, and it makes the actor
an editor of the journey's version under review.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from insight.extensions import db
from insight.messages import msg
from insight.models import Journey, JourneyStep, Persona
from insight.schemas.journey import JourneySchema, StepSchema
from insight.services import audit, screening, writing
from insight.services.errors import Conflict, InvalidInput, Problem

FIELDS = ("title", "summary", "stay_type", "visibility")
STEP_FIELDS = ("stage", "title", "what_happens", "thoughts", "emotion", "pain_points",
               "opportunities")
_schema = JourneySchema()
_step_schema = StepSchema()


def _persona(data: dict[str, Any]) -> Persona | None:
    ref = data.get("persona")
    if not ref:
        return None
    persona = db.session.scalar(select(Persona).where(Persona.ref == ref))
    if persona is None:
        raise InvalidInput(problems=[Problem("persona", msg("unknown persona %(ref)s", ref=ref))])
    return persona


def snapshot(item: Journey) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in FIELDS}
    values["persona"] = item.persona.ref if item.persona else None
    return values


def step_snapshot(step: JourneyStep) -> dict[str, Any]:
    values = {name: getattr(step, name) for name in STEP_FIELDS}
    values["evidence"] = writing.refs_of(step.evidence)
    return values


def _new_step(data: dict[str, Any], position: int, prefix: str = "") -> JourneyStep:
    """A step from checked data; vocabulary and evidence problems carry the field `prefix`."""
    try:
        writing.check_codes(data, {"stage": "journey_stage"})
        evidence = writing.evidence(data.get("evidence") or [])
    except InvalidInput as error:
        raise InvalidInput(problems=[Problem(f"{prefix}{p.field}", p.message)
                                     for p in error.problems]) from None
    step = JourneyStep(position=position, emotion=0, evidence=evidence)
    writing.apply(step, data, STEP_FIELDS)
    return step


def create(raw: dict[str, Any], actor: Any, overrides: writing.Overrides = ()) -> Journey:
    """A draft journey, with the steps in `raw["steps"]` if any (staff add them one by one)."""
    writing.require_writer(actor)
    data = writing.load(_schema, raw)
    steps = data.pop("steps", None) or []
    texts = {name: data[name] for name in JourneySchema.TEXTS if name in data}
    for position, step in enumerate(steps, start=1):
        texts.update({f"steps.{position}.{name}": step[name]
                      for name in StepSchema.TEXTS if name in step})
    accepted = screening.check(texts, texts.keys(), actor, overrides)
    writing.check_codes(data, {"stay_type": "stay_type"})
    item = Journey(ref=writing.new_ref(Journey, data), persona=_persona(data),
                   author_id=getattr(actor, "id", None))
    writing.apply(item, data, FIELDS)
    for position, step in enumerate(steps, start=1):
        item.steps.append(_new_step(step, position, prefix=f"steps.{position}."))
    return writing.created(item, actor, {"title": item.title, "steps": len(item.steps)},
                           accepted)


def update(item: Journey, raw: dict[str, Any], actor: Any,
           overrides: writing.Overrides = ()) -> Journey:
    writing.require_writer(actor)
    data = writing.load(_schema, raw, partial=True)
    data.pop("ref", None)
    data.pop("steps", None)  # steps change one by one, below
    accepted = writing.screen(data, JourneySchema.TEXTS, actor, overrides)
    writing.check_codes(data, {"stay_type": "stay_type"})
    persona = _persona(data)
    before = snapshot(item)
    writing.apply(item, data, FIELDS)
    if "persona" in data:
        item.persona = persona
    writing.changed(item, before, snapshot, actor, accepted)
    return item


def _ordered(journey: Journey) -> list[JourneyStep]:
    return sorted(journey.steps, key=lambda s: (s.position, s.id or 0))


def _renumber(steps: list[JourneyStep]) -> None:
    for position, step in enumerate(steps, start=1):
        step.position = position


def add_step(journey: Journey, raw: dict[str, Any], actor: Any,
             overrides: writing.Overrides = ()) -> JourneyStep:
    """Append a step to the end of `journey`."""
    writing.require_writer(actor)
    data = writing.load(_step_schema, raw)
    accepted = writing.screen(data, StepSchema.TEXTS, actor, overrides)
    steps = _ordered(journey)
    _renumber(steps)
    step = _new_step(data, len(steps) + 1)
    journey.steps.append(step)
    db.session.flush()
    audit.record(actor, "journey.add_step", journey,
                 {"step": step.id, "position": step.position, **step_snapshot(step)})
    writing.touched(journey, actor)
    screening.record_overrides(actor, journey, accepted)
    return step


def update_step(step: JourneyStep, raw: dict[str, Any], actor: Any,
                overrides: writing.Overrides = ()) -> JourneyStep:
    """Change a step; the audit event (on its journey) lists what changed."""
    writing.require_writer(actor)
    data = writing.load(_step_schema, raw, partial=True)
    accepted = writing.screen(data, StepSchema.TEXTS, actor, overrides)
    writing.check_codes(data, {"stage": "journey_stage"})
    evidence = writing.evidence(data["evidence"]) if "evidence" in data else None
    before = step_snapshot(step)
    writing.apply(step, data, STEP_FIELDS)
    if evidence is not None:
        step.evidence = evidence
    writing.changed(step, before, step_snapshot, actor, accepted,
                    action="journey.update_step", extra={"step": step.id}, subject=step.journey)
    return step


def delete_step(step: JourneyStep, actor: Any) -> Journey:
    """Remove a step; the others close the gap. The audit event keeps what was removed."""
    writing.require_writer(actor)
    journey = step.journey
    removed = {"step": step.id, "position": step.position, **step_snapshot(step)}
    remaining = [s for s in _ordered(journey) if s is not step]
    journey.steps.remove(step)
    _renumber(remaining)
    db.session.flush()
    audit.record(actor, "journey.delete_step", journey, removed)
    writing.touched(journey, actor)
    return journey


def move_step(step: JourneyStep, direction: str, actor: Any) -> JourneyStep:
    """Swap a step with its neighbour: `direction` is "up" (earlier) or "down" (later)."""
    writing.require_writer(actor)
    if direction not in ("up", "down"):
        raise InvalidInput(problems=[Problem("direction", msg("must be up or down"))])
    steps = _ordered(step.journey)
    old = steps.index(step)
    new = old - 1 if direction == "up" else old + 1
    if not 0 <= new < len(steps):
        raise Conflict(msg("The step is already the first.") if direction == "up"
                       else msg("The step is already the last."))
    steps[old], steps[new] = steps[new], steps[old]
    _renumber(steps)
    db.session.flush()
    audit.record(actor, "journey.move_step", step.journey,
                 {"step": step.id, "position": [old + 1, new + 1]})
    writing.touched(step.journey, actor)
    return step
