"""Creating insights, personas and journeys, each with its evidence."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from insight.extensions import db
from insight.models import (
    CONFIDENCE_LEVELS,
    Insight,
    Journey,
    JourneyStep,
    Observation,
    Persona,
    User,
)
from insight.services import audit, screening, vocabulary
from insight.services.errors import InvalidInput, Problem


def _lines(value: Any) -> str:
    """Lists (needs, goals, pain points …) are stored one item per line."""
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v).strip() for v in value if str(v).strip())
    return str(value or "").strip()


def evidence(refs: list[str]) -> list[Observation]:
    """The observations behind `refs`, or InvalidInput naming the refs that do not exist."""
    refs = list(dict.fromkeys(refs))
    query = select(Observation).where(Observation.ref.in_(refs))
    found = {o.ref: o for o in db.session.scalars(query)}
    missing = [r for r in refs if r not in found]
    if missing:
        raise InvalidInput(problems=[
            Problem("evidence", f"unknown observation {r}") for r in missing
        ])
    return [found[r] for r in refs]


def _check_code(kind: str, code: str, field: str) -> None:
    if code not in vocabulary.codes(kind):
        raise InvalidInput(problems=[Problem(field, f"unknown {kind.replace('_', ' ')} '{code}'")])


INSIGHT_TEXTS = ("statement", "detail", "recommendation")
PERSONA_TEXTS = ("title", "summary", "living_situation", "needs", "goals", "frustrations", "quote")
JOURNEY_TEXTS = ("title", "summary")
STEP_TEXTS = ("title", "what_happens", "thoughts", "pain_points", "opportunities")


Overrides = tuple[screening.Override, ...]


def screened(data: dict[str, Any], fields: tuple[str, ...], actor: User | None,
             overrides: Overrides = (), prefix: str = "") -> list:
    """The privacy screen over `fields` of `data` (list fields as their stored lines);
    returns the findings staff overrode, to be recorded once the item exists."""
    texts = {f"{prefix}{name}": _lines(data.get(name)) for name in fields}
    return screening.check(texts, texts.keys(), actor, overrides)


def create_insight(data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Insight:
    accepted = screened(data, INSIGHT_TEXTS, actor, overrides)
    if data.get("confidence", "medium") not in CONFIDENCE_LEVELS:
        raise InvalidInput(problems=[Problem("confidence", "must be low, medium or high")])
    themes = vocabulary.term_map("theme")
    unknown = [c for c in data.get("themes", []) if c not in themes]
    if unknown:
        raise InvalidInput(problems=[Problem("themes", f"unknown theme '{c}'") for c in unknown])
    item = Insight(
        ref=data["ref"], statement=data["statement"], detail=data.get("detail", ""),
        recommendation=data.get("recommendation", ""), confidence=data.get("confidence", "medium"),
        visibility=data.get("visibility", "suppliers"), author_id=getattr(actor, "id", None),
        evidence=evidence(data.get("evidence", [])),
        themes=[themes[c] for c in data.get("themes", [])],
    )
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "insight.create", item, {"statement": item.statement,
                                                 "evidence": [o.ref for o in item.evidence]})
    screening.record_overrides(actor, item, accepted)
    return item


def create_persona(data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Persona:
    accepted = screened(data, PERSONA_TEXTS, actor, overrides)
    _check_code("age_band", data["age_band"], "age_band")
    _check_code("stay_type", data["stay_type"], "stay_type")
    item = Persona(
        ref=data["ref"], title=data["title"], summary=data.get("summary", ""),
        age_band=data["age_band"], living_situation=data.get("living_situation", ""),
        stay_type=data["stay_type"], needs=_lines(data.get("needs")),
        goals=_lines(data.get("goals")), frustrations=_lines(data.get("frustrations")),
        quote=data.get("quote", ""), visibility=data.get("visibility", "suppliers"),
        author_id=getattr(actor, "id", None), evidence=evidence(data.get("evidence", [])),
    )
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "persona.create", item, {"title": item.title})
    screening.record_overrides(actor, item, accepted)
    return item


def create_journey(data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Journey:
    accepted = screened(data, JOURNEY_TEXTS, actor, overrides)
    for position, step in enumerate(data.get("steps", []), start=1):
        accepted += screened(step, STEP_TEXTS, actor, overrides, prefix=f"steps.{position}.")
    _check_code("stay_type", data["stay_type"], "stay_type")
    persona = None
    if data.get("persona"):
        persona = db.session.scalar(select(Persona).where(Persona.ref == data["persona"]))
    item = Journey(
        ref=data["ref"], title=data["title"], summary=data.get("summary", ""),
        stay_type=data["stay_type"], persona=persona,
        visibility=data.get("visibility", "suppliers"), author_id=getattr(actor, "id", None),
    )
    for position, step in enumerate(data.get("steps", []), start=1):
        _check_code("journey_stage", step["stage"], f"steps.{position}.stage")
        emotion = int(step.get("emotion", 0))
        if not -2 <= emotion <= 2:
            raise InvalidInput(problems=[
                Problem(f"steps.{position}.emotion", "must be from -2 to 2")
            ])
        item.steps.append(JourneyStep(
            position=position, stage=step["stage"], title=step["title"],
            what_happens=step.get("what_happens", ""), thoughts=step.get("thoughts", ""),
            emotion=emotion, pain_points=_lines(step.get("pain_points")),
            opportunities=_lines(step.get("opportunities")),
            evidence=evidence(step.get("evidence", [])),
        ))
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "journey.create", item, {"title": item.title, "steps": len(item.steps)})
    screening.record_overrides(actor, item, accepted)
    return item
