"""Creating and changing observations."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import Observation, User, VocabularyTerm
from insight.schemas.observation import ObservationSchema
from insight.services import audit, publishing, screening, vocabulary
from insight.services.errors import InvalidInput, Problem

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
        found = []
        for name in _VOCABULARY_FIELDS:
            value = data.get(name)
            if value is not None and value not in self._maps.get(name, {}):
                found.append(Problem(name, f"unknown {name.replace('_', ' ')} '{value}'"))
        for code in data.get("themes", []):
            if code not in self._maps.get("theme", {}):
                found.append(Problem("tags", f"unknown theme '{code}'"))
        return found

    def themes(self, codes: list[str]) -> list[VocabularyTerm]:
        known = self._maps.get("theme", {})
        return [known[c] for c in dict.fromkeys(codes)]


def validate(raw: dict[str, Any], check: VocabularyCheck | None = None,
             partial: bool = False) -> dict[str, Any]:
    """Load `raw` through the schema and the vocabularies, or raise InvalidInput."""
    try:
        data = _schema.load(raw, partial=partial)
    except ValidationError as error:
        raise InvalidInput(problems=_problems_from(error.messages)) from None
    problems = (check or VocabularyCheck()).problems(data)
    if problems:
        raise InvalidInput(problems=problems)
    return data


def next_ref(prefix: str = "OBS") -> str:
    """The next free ref of the form PREFIX-0001, after the highest one in use."""
    refs = db.session.scalars(
        select(Observation.ref).where(Observation.ref.like(f"{prefix}-%"))
    ).all()
    numbers = [int(r.split("-", 1)[1]) for r in refs if r.split("-", 1)[1].isdigit()]
    return f"{prefix}-{(max(numbers, default=0) + 1):04d}"


def ref_exists(ref: str) -> bool:
    return bool(db.session.scalar(select(func.count()).where(Observation.ref == ref)))


def create(raw: dict[str, Any], actor: User | None, check: VocabularyCheck | None = None,
           overrides: tuple[screening.Override, ...] = ()) -> Observation:
    """Create a draft observation authored by `actor`, once its texts pass the privacy screen."""
    check = check or VocabularyCheck()
    data = validate(raw, check)
    accepted = screening.check(data, TEXT_FIELDS, actor, overrides)
    ref = data.get("ref") or next_ref()
    if ref_exists(ref):
        raise InvalidInput(problems=[Problem("ref", f"ref {ref} is already in use")])
    observation = Observation(ref=ref, author_id=getattr(actor, "id", None))
    apply_fields(observation, data, check)
    db.session.add(observation)
    db.session.flush()
    audit.record(actor, "observation.create", observation, snapshot(observation))
    screening.record_overrides(actor, observation, accepted)
    return observation


def update(observation: Observation, raw: dict[str, Any], actor: User | None,
           overrides: tuple[screening.Override, ...] = ()) -> Observation:
    """Change an observation; the audit event lists what changed."""
    check = VocabularyCheck()
    data = validate(raw, check, partial=True)
    accepted = screening.check(data, TEXT_FIELDS, actor, overrides)
    data.pop("ref", None)  # the external key never changes
    before = snapshot(observation)
    apply_fields(observation, data, check)
    db.session.flush()
    changes = audit.diff(before, snapshot(observation))
    if changes:
        audit.record(actor, "observation.update", observation, changes)
        publishing.reopen_if_published(observation, actor)
    screening.record_overrides(actor, observation, accepted)
    return observation


def snapshot(observation: Observation) -> dict[str, Any]:
    values = {name: getattr(observation, name) for name in EDITABLE}
    values["themes"] = observation.theme_codes
    return values


def apply_fields(observation: Observation, data: dict[str, Any], check: VocabularyCheck) -> None:
    for name in EDITABLE:
        if name in data and data[name] is not None:
            setattr(observation, name, data[name])
    if "themes" in data:
        observation.themes = check.themes(data["themes"])


def _problems_from(messages: Any, prefix: str = "") -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                problems.extend(_problems_from(value, f"{name}."))
            else:
                for message in value if isinstance(value, list) else [value]:
                    problems.append(Problem(name, _plain(str(message))))
    else:
        problems.append(Problem(prefix.rstrip(".") or "body", str(messages)))
    return problems


def _plain(message: str) -> str:
    return {
        "Missing data for required field.": "is required",
        "Unknown field.": "is not a known field",
    }.get(message, message)
