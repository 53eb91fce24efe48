"""Personas: the one write path (create, update) for staff pages, demo data and tests."""

from __future__ import annotations

from typing import Any

from insight.models import Persona
from insight.schemas.persona import PersonaSchema
from insight.services import writing

FIELDS = ("title", "summary", "age_band", "living_situation", "stay_type", "needs", "goals",
          "frustrations", "quote", "visibility")
_schema = PersonaSchema()


def snapshot(item: Persona) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in FIELDS}
    values["evidence"] = writing.refs_of(item.evidence)
    return values


def create(raw: dict[str, Any], actor: Any, overrides: writing.Overrides = ()) -> Persona:
    """A draft persona (an archetype, never a person) with its evidence."""
    writing.require_writer(actor)
    data = writing.load(_schema, raw)
    accepted = writing.screen(data, PersonaSchema.TEXTS, actor, overrides)
    writing.check_codes(data, {"age_band": "age_band", "stay_type": "stay_type"})
    item = Persona(ref=writing.new_ref(Persona, data),
                   author_id=getattr(actor, "id", None),
                   evidence=writing.evidence(data.get("evidence") or []))
    writing.apply(item, data, FIELDS)
    return writing.created(item, actor, {"title": item.title}, accepted)


def update(item: Persona, raw: dict[str, Any], actor: Any,
           overrides: writing.Overrides = ()) -> Persona:
    writing.require_writer(actor)
    data = writing.load(_schema, raw, partial=True)
    data.pop("ref", None)
    accepted = writing.screen(data, PersonaSchema.TEXTS, actor, overrides)
    writing.check_codes(data, {"age_band": "age_band", "stay_type": "stay_type"})
    before = snapshot(item)
    writing.apply(item, data, FIELDS)
    if "evidence" in data:
        item.evidence = writing.evidence(data["evidence"])
    writing.changed(item, before, snapshot, actor, accepted)
    return item
