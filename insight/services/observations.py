"""Observations: the one write path (create, update) for staff pages, the API, demo data and
tests; imports check their rows with `validate`, `VocabularyCheck` and `TEXT_FIELDS` here."""

from __future__ import annotations

from typing import Any

from insight.models import Observation, VocabularyTerm
from insight.schemas.observation import ObservationSchema
from insight.services import screening, vocabulary, writing
from insight.services.errors import Problem

TEXT_FIELDS = ("title", "text", "unit")  # what the privacy screen reads
_VOCABULARY_FIELDS = ("source", "stay_type", "journey_stage", "actor", "age_band")
EDITABLE = ("title", "text", "source", "stay_type", "journey_stage", "actor", "month",
            "age_band", "unit", "visibility")

_schema = ObservationSchema()


class VocabularyCheck:
    """Checks codes against the vocabularies, loading each kind once (imports check many rows)."""

    def __init__(self) -> None:
        self._maps = vocabulary.all_terms()

    def problems(self, data: dict[str, Any]) -> list[Problem]:
        found = [writing.unknown_code(name, name, data[name]) for name in _VOCABULARY_FIELDS
                 if data.get(name) is not None and data[name] not in self._maps.get(name, {})]
        found += [writing.unknown_code("tags", "theme", code) for code in data.get("themes", [])
                  if code not in self._maps.get("theme", {})]
        return found

    def themes(self, codes: list[str]) -> list[VocabularyTerm]:
        known = self._maps.get("theme", {})
        return [known[c] for c in dict.fromkeys(codes)]


def validate(raw: dict[str, Any], check: VocabularyCheck | None = None,
             partial: bool = False) -> dict[str, Any]:
    """Load `raw` through the schema and the vocabularies, or raise InvalidInput."""
    data = writing.load(_schema, raw, partial=partial)
    writing.raise_if((check or VocabularyCheck()).problems(data))
    return data


def create(raw: dict[str, Any], actor: Any, check: VocabularyCheck | None = None,
           overrides: writing.Overrides = ()) -> Observation:
    """Create a draft observation authored by `actor`, once its texts pass the privacy screen."""
    writing.require_writer(actor)
    check = check or VocabularyCheck()
    data = validate(raw, check)
    accepted = screening.check(data, TEXT_FIELDS, actor, overrides)
    observation = Observation(ref=writing.new_ref(Observation, data),
                              author_id=getattr(actor, "id", None))
    apply_fields(observation, data, check)
    return writing.created(observation, actor, snapshot(observation), accepted)


def update(observation: Observation, raw: dict[str, Any], actor: Any,
           overrides: writing.Overrides = ()) -> Observation:
    """Change an observation; the audit event lists what changed."""
    writing.require_writer(actor)
    check = VocabularyCheck()
    data = validate(raw, check, partial=True)
    accepted = screening.check(data, TEXT_FIELDS, actor, overrides)
    data.pop("ref", None)  # the external key never changes
    before = snapshot(observation)
    apply_fields(observation, data, check)
    writing.changed(observation, before, snapshot, actor, accepted)
    return observation


def snapshot(observation: Observation) -> dict[str, Any]:
    values = {name: getattr(observation, name) for name in EDITABLE}
    values["themes"] = observation.theme_codes
    return values


def apply_fields(observation: Observation, data: dict[str, Any], check: VocabularyCheck) -> None:
    writing.apply(observation, data, EDITABLE)
    if "themes" in data:
        observation.themes = check.themes(data["themes"])
