"""Synthesis in the staff workspace: insights, personas and journeys (with their steps).

Creating and changing them, finding observations to use as evidence, and the workspace lists.
Every text staff write here passes through `_clean_texts`, on creation and on every change, so
that one hook (the personal-data screen) sees all of it. Services never commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from insight.extensions import db
from insight.models import (
    CONFIDENCE_LEVELS,
    VISIBILITIES,
    Insight,
    Journey,
    JourneyStep,
    Observation,
    Persona,
    Status,
    User,
)
from insight.services import audit, content, publishing, screening, vocabulary
from insight.services.errors import Conflict, InvalidInput, NotFound, Problem

INSIGHT_TEXTS = ("statement", "detail", "recommendation")
PERSONA_TEXTS = ("title", "summary", "living_situation", "needs", "goals", "frustrations",
                 "quote")
JOURNEY_TEXTS = ("title", "summary")
STEP_TEXTS = ("title", "what_happens", "thoughts", "pain_points", "opportunities")
# Fields that hold one item per line.
LINE_FIELDS = ("needs", "goals", "frustrations", "pain_points", "opportunities")

_INSIGHT_FIELDS = ("statement", "detail", "recommendation", "confidence", "visibility")
_PERSONA_FIELDS = ("title", "summary", "age_band", "living_situation", "stay_type", "needs",
                   "goals", "frustrations", "quote", "visibility")
_JOURNEY_FIELDS = ("title", "summary", "stay_type", "visibility")
_STEP_FIELDS = ("stage", "title", "what_happens", "thoughts", "emotion", "pain_points",
                "opportunities")

_MAX_LENGTHS = {"statement": 500, "title": 300}
_REF_PREFIXES = {Insight: "INS", Persona: "PER", Journey: "JRN"}
EMOTIONS = range(-2, 3)


# --- texts -----------------------------------------------------------------------------------

Overrides = tuple[screening.Override, ...]
Accepted = list[tuple[screening.FieldFinding, str]]


def _clean_texts(data: dict[str, Any], fields: tuple[str, ...], actor: User | None,
                 overrides: Overrides = ()) -> tuple[dict[str, Any], Accepted]:
    """A copy of `data` with the free-text `fields` cleaned and screened: the single path of
    every text written through this module. Line breaks are normalised, whitespace stripped,
    line fields keep one non-empty item a line, and the privacy screen must find nothing.
    """
    cleaned = dict(data)
    for name in fields:
        if name not in cleaned:
            continue
        value = "" if cleaned[name] is None else cleaned[name]
        if isinstance(value, (list, tuple)):
            value = "\n".join(str(v) for v in value)
        lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if name in LINE_FIELDS:
            cleaned[name] = "\n".join(line.strip() for line in lines if line.strip())
        else:
            cleaned[name] = "\n".join(line.rstrip() for line in lines).strip()
    accepted = screening.check(cleaned, [name for name in fields if name in cleaned], actor,
                               overrides)
    return cleaned, accepted


# --- checks ----------------------------------------------------------------------------------

def _text_problems(data: dict[str, Any], required: tuple[str, ...]) -> list[Problem]:
    problems = []
    for name in required:
        if name in data and not data[name]:
            problems.append(Problem(name, "is required"))
    for name, limit in _MAX_LENGTHS.items():
        if len(data.get(name) or "") > limit:
            problems.append(Problem(name, f"must be at most {limit} characters"))
    return problems


def _missing(data: dict[str, Any], required: tuple[str, ...]) -> list[Problem]:
    return [Problem(name, "is required") for name in required if name not in data]


def _code_problems(data: dict[str, Any], fields: dict[str, str]) -> list[Problem]:
    """`fields` maps a field name to its vocabulary kind."""
    problems = []
    for name, kind in fields.items():
        if name in data and data[name] not in vocabulary.codes(kind):
            problems.append(Problem(name, f"unknown {kind.replace('_', ' ')} '{data[name]}'"))
    return problems


def _visibility_problems(data: dict[str, Any]) -> list[Problem]:
    if "visibility" in data and data["visibility"] not in VISIBILITIES:
        return [Problem("visibility", "must be public, suppliers or internal")]
    return []


def _evidence_problems(data: dict[str, Any]) -> list[Problem]:
    if "evidence" not in data:
        return []
    try:
        content.evidence(list(data["evidence"] or []))
    except InvalidInput as error:
        return error.problems
    return []


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems=problems)


def _emotion(data: dict[str, Any], problems: list[Problem]) -> None:
    """Turn data["emotion"] into an int from -2 to 2, or add a problem."""
    if "emotion" not in data:
        return
    value = data["emotion"]
    try:
        number = int(value)
        if isinstance(value, bool) or (isinstance(value, float) and value != number):
            raise ValueError
    except (TypeError, ValueError):
        problems.append(Problem("emotion", "must be a whole number from -2 to 2"))
        return
    if number not in EMOTIONS:
        problems.append(Problem("emotion", "must be from -2 to 2"))
        return
    data["emotion"] = number


def _next_ref(model: Any) -> str:
    """The next free ref such as INS-07, after the highest one in use."""
    prefix = _REF_PREFIXES[model]
    refs = db.session.scalars(select(model.ref).where(model.ref.like(f"{prefix}-%"))).all()
    numbers = [int(r.split("-", 1)[1]) for r in refs if r.split("-", 1)[1].isdigit()]
    return f"{prefix}-{(max(numbers, default=0) + 1):02d}"


def _refs(observations: list[Observation]) -> list[str]:
    return sorted(o.ref for o in observations)


# --- insights --------------------------------------------------------------------------------

def _insight_problems(data: dict[str, Any]) -> list[Problem]:
    problems = _text_problems(data, ("statement",)) + _visibility_problems(data)
    if "confidence" in data and data["confidence"] not in CONFIDENCE_LEVELS:
        problems.append(Problem("confidence", "must be low, medium or high"))
    if "themes" in data:
        known = vocabulary.codes("theme")
        problems += [Problem("themes", f"unknown theme '{c}'")
                     for c in data["themes"] or [] if c not in known]
    return problems + _evidence_problems(data)


def insight_snapshot(item: Insight) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in _INSIGHT_FIELDS}
    values["themes"] = [t.code for t in sorted(item.themes, key=lambda t: (t.position, t.code))]
    values["evidence"] = _refs(item.evidence)
    return values


def create_insight(data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Insight:
    """A draft insight with its themes and evidence, authored by `actor`."""
    data, _ = _clean_texts(data, INSIGHT_TEXTS, actor, overrides)
    _raise_if(_missing(data, ("statement",)) + _insight_problems(data))
    data["ref"] = _next_ref(Insight)
    data["themes"] = list(dict.fromkeys(data.get("themes") or []))
    data["evidence"] = list(data.get("evidence") or [])
    return content.create_insight(data, actor, overrides)


def update_insight(item: Insight, data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Insight:
    """Change an insight; the audit event lists what changed, evidence included."""
    data, accepted = _clean_texts(data, INSIGHT_TEXTS, actor, overrides)
    _raise_if(_insight_problems(data))
    before = insight_snapshot(item)
    for name in _INSIGHT_FIELDS:
        if name in data and data[name] is not None:
            setattr(item, name, data[name])
    if "themes" in data:
        themes = vocabulary.term_map("theme")
        item.themes = [themes[c] for c in dict.fromkeys(data["themes"] or [])]
    if "evidence" in data:
        item.evidence = content.evidence(list(data["evidence"] or []))
    screening.record_overrides(actor, item, accepted)
    return _audit_update(item, before, insight_snapshot, actor)


# --- personas --------------------------------------------------------------------------------

_PERSONA_CODES = {"age_band": "age_band", "stay_type": "stay_type"}


def _persona_problems(data: dict[str, Any]) -> list[Problem]:
    return (_text_problems(data, ("title",)) + _code_problems(data, _PERSONA_CODES)
            + _visibility_problems(data) + _evidence_problems(data))


def persona_snapshot(item: Persona) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in _PERSONA_FIELDS}
    values["evidence"] = _refs(item.evidence)
    return values


def create_persona(data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Persona:
    """A draft persona (an archetype, never a person) with its evidence."""
    data, _ = _clean_texts(data, PERSONA_TEXTS, actor, overrides)
    _raise_if(_missing(data, ("title", "age_band", "stay_type")) + _persona_problems(data))
    data["ref"] = _next_ref(Persona)
    data["evidence"] = list(data.get("evidence") or [])
    return content.create_persona(data, actor, overrides)


def update_persona(item: Persona, data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Persona:
    data, accepted = _clean_texts(data, PERSONA_TEXTS, actor, overrides)
    _raise_if(_persona_problems(data))
    before = persona_snapshot(item)
    for name in _PERSONA_FIELDS:
        if name in data and data[name] is not None:
            setattr(item, name, data[name])
    if "evidence" in data:
        item.evidence = content.evidence(list(data["evidence"] or []))
    screening.record_overrides(actor, item, accepted)
    return _audit_update(item, before, persona_snapshot, actor)


# --- journeys --------------------------------------------------------------------------------

def _persona_by_ref(ref: str | None) -> Persona | None:
    if not ref:
        return None
    return db.session.scalar(select(Persona).where(Persona.ref == ref))


def _journey_problems(data: dict[str, Any]) -> list[Problem]:
    problems = (_text_problems(data, ("title",)) + _code_problems(data, {"stay_type": "stay_type"})
                + _visibility_problems(data))
    if data.get("persona") and _persona_by_ref(data["persona"]) is None:
        problems.append(Problem("persona", f"unknown persona {data['persona']}"))
    return problems


def journey_snapshot(item: Journey) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in _JOURNEY_FIELDS}
    values["persona"] = item.persona.ref if item.persona else None
    return values


def create_journey(data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Journey:
    """A draft journey without steps; steps are added one by one with `add_step`."""
    data, _ = _clean_texts(data, JOURNEY_TEXTS, actor, overrides)
    _raise_if(_missing(data, ("title", "stay_type")) + _journey_problems(data))
    data["ref"] = _next_ref(Journey)
    data["steps"] = []
    return content.create_journey(data, actor, overrides)


def update_journey(item: Journey, data: dict[str, Any], actor: User | None,
                   overrides: Overrides = ()) -> Journey:
    data, accepted = _clean_texts(data, JOURNEY_TEXTS, actor, overrides)
    _raise_if(_journey_problems(data))
    before = journey_snapshot(item)
    for name in _JOURNEY_FIELDS:
        if name in data and data[name] is not None:
            setattr(item, name, data[name])
    if "persona" in data:
        item.persona = _persona_by_ref(data["persona"])
    screening.record_overrides(actor, item, accepted)
    return _audit_update(item, before, journey_snapshot, actor)


# --- journey steps ---------------------------------------------------------------------------

def _step_problems(data: dict[str, Any]) -> list[Problem]:
    problems = _text_problems(data, ("title",))
    problems += _code_problems(data, {"stage": "journey_stage"})
    _emotion(data, problems)
    return problems + _evidence_problems(data)


def step_snapshot(step: JourneyStep) -> dict[str, Any]:
    values = {name: getattr(step, name) for name in _STEP_FIELDS}
    values["evidence"] = _refs(step.evidence)
    return values


def _ordered(journey: Journey) -> list[JourneyStep]:
    return sorted(journey.steps, key=lambda s: (s.position, s.id or 0))


def _renumber(steps: list[JourneyStep]) -> None:
    for position, step in enumerate(steps, start=1):
        step.position = position


def add_step(journey: Journey, data: dict[str, Any], actor: User | None,
             overrides: Overrides = ()) -> JourneyStep:
    """Append a step to the end of `journey`."""
    data, accepted = _clean_texts(data, STEP_TEXTS, actor, overrides)
    problems = _missing(data, ("stage", "title")) + _step_problems(data)
    _raise_if(problems)
    steps = _ordered(journey)
    _renumber(steps)
    step = JourneyStep(position=len(steps) + 1, emotion=0)
    for name in _STEP_FIELDS:
        if name in data and data[name] is not None:
            setattr(step, name, data[name])
    step.evidence = content.evidence(list(data.get("evidence") or []))
    journey.steps.append(step)
    db.session.flush()
    audit.record(actor, "journey.add_step", journey,
                 {"step": step.id, "position": step.position, **step_snapshot(step)})
    publishing.reopen_if_published(journey, actor)
    screening.record_overrides(actor, journey, accepted)
    return step


def update_step(step: JourneyStep, data: dict[str, Any], actor: User | None,
                overrides: Overrides = ()) -> JourneyStep:
    """Change a step; the audit event (on its journey) lists what changed."""
    data, accepted = _clean_texts(data, STEP_TEXTS, actor, overrides)
    _raise_if(_step_problems(data))
    before = step_snapshot(step)
    for name in _STEP_FIELDS:
        if name in data and data[name] is not None:
            setattr(step, name, data[name])
    if "evidence" in data:
        step.evidence = content.evidence(list(data["evidence"] or []))
    db.session.flush()
    changes = audit.diff(before, step_snapshot(step))
    if changes:
        audit.record(actor, "journey.update_step", step.journey, {"step": step.id, **changes})
        publishing.reopen_if_published(step.journey, actor)
    screening.record_overrides(actor, step.journey, accepted)
    return step


def delete_step(step: JourneyStep, actor: User | None) -> Journey:
    """Remove a step; the others close the gap. The audit event keeps what was removed."""
    journey = step.journey
    removed = {"step": step.id, "position": step.position, **step_snapshot(step)}
    remaining = [s for s in _ordered(journey) if s is not step]
    journey.steps.remove(step)
    _renumber(remaining)
    db.session.flush()
    audit.record(actor, "journey.delete_step", journey, removed)
    publishing.reopen_if_published(journey, actor)
    return journey


def move_step(step: JourneyStep, direction: str, actor: User | None) -> JourneyStep:
    """Swap a step with its neighbour: `direction` is "up" (earlier) or "down" (later)."""
    if direction not in ("up", "down"):
        raise InvalidInput(problems=[Problem("direction", "must be up or down")])
    steps = _ordered(step.journey)
    old = steps.index(step)
    new = old - 1 if direction == "up" else old + 1
    if not 0 <= new < len(steps):
        raise Conflict("The step is already the first." if direction == "up"
                       else "The step is already the last.")
    steps[old], steps[new] = steps[new], steps[old]
    _renumber(steps)
    db.session.flush()
    audit.record(actor, "journey.move_step", step.journey,
                 {"step": step.id, "position": [old + 1, new + 1]})
    publishing.reopen_if_published(step.journey, actor)
    return step


# --- shared ----------------------------------------------------------------------------------

def _audit_update(item: Any, before: dict[str, Any], snapshot: Any, actor: User | None) -> Any:
    db.session.flush()
    changes = audit.diff(before, snapshot(item))
    if changes:
        audit.record(actor, f"{item.kind}.update", item, changes)
        publishing.reopen_if_published(item, actor)
    return item


_MODELS = {"insight": Insight, "persona": Persona, "journey": Journey}


def item_by_id(kind: str, item_id: int) -> Any:
    """An insight, persona or journey by its id, whatever its status (staff only)."""
    model = _MODELS.get(kind)
    item = db.session.get(model, item_id) if model else None
    if item is None:
        raise NotFound(f"No such {kind}.")
    return item


def step_by_id(journey: Journey, step_id: int) -> JourneyStep:
    step = db.session.get(JourneyStep, step_id)
    if step is None or step.journey_id != journey.id:
        raise NotFound("No such step in this journey.")
    return step


def find_evidence_candidates(text: str | None, limit: int = 20) -> list[Observation]:
    """Observations (not archived) whose ref, title or text contain every word of `text`.

    A plain case-insensitive LIKE for now; the search engine will answer behind this same
    function later. SQLite folds only ASCII case, so each word is also tried lower-cased and
    capitalised (Ærlig, Øyeblikk, Åpen).
    """
    words = list(dict.fromkeys((text or "").split()))[:8]
    if not words:
        return []
    query = select(Observation).where(Observation.status != Status.ARCHIVED.value)
    columns = (Observation.ref, Observation.title, Observation.text)
    for word in words:
        variants = dict.fromkeys((word, word.lower(), word.capitalize()))
        query = query.where(or_(*(
            column.ilike(f"%{_escape_like(variant)}%", escape="\\")
            for column in columns for variant in variants
        )))
    return list(db.session.scalars(query.order_by(Observation.ref).limit(max(1, limit))))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def observations_by_refs(refs: list[str]) -> list[Observation]:
    """The observations behind `refs` that exist, in the order given."""
    refs = list(dict.fromkeys(refs))
    if not refs:
        return []
    found = {o.ref: o for o in db.session.scalars(
        select(Observation).where(Observation.ref.in_(refs)))}
    return [found[r] for r in refs if r in found]


def persona_options(current: Persona | None = None) -> list[Persona]:
    """Personas a journey may follow: every one not archived, and the one it follows now."""
    personas = list(db.session.scalars(
        select(Persona).where(Persona.status != Status.ARCHIVED.value).order_by(Persona.ref)))
    if current is not None and current not in personas:
        personas.append(current)
    return personas


def workspace_lists() -> dict[str, dict[str, list[Any]]]:
    """Insights, personas and journeys waiting for review and in draft, newest change first:
    {"in_review": {"insight": [...], "persona": [...], "journey": [...]}, "draft": {...}}."""
    statuses = (Status.IN_REVIEW.value, Status.DRAFT.value)
    result: dict[str, dict[str, list[Any]]] = {status: {} for status in statuses}
    for kind, model in _MODELS.items():
        items = list(db.session.scalars(
            select(model).where(model.status.in_(statuses))
            .order_by(model.updated_at.desc(), model.ref)))
        for status in statuses:
            result[status][kind] = [i for i in items if i.status == status]
    return result
