"""Queries of the staff workspace for insights, personas and journeys: finding an item or a
step, observations to use as evidence, personas to follow, and the workspace lists.

Writing them is the job of insight.services.insights, personas and journeys.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from insight.extensions import db
from insight.messages import msg
from insight.models import Insight, Journey, JourneyStep, Observation, Persona, Status
from insight.services.errors import NotFound

_MODELS = {"insight": Insight, "persona": Persona, "journey": Journey}
NO_SUCH = {"insight": msg("No such insight."), "persona": msg("No such persona."),
           "journey": msg("No such journey.")}


def item_by_id(kind: str, item_id: int) -> Any:
    """An insight, persona or journey by its id, whatever its status (staff only)."""
    model = _MODELS[kind]
    item = db.session.get(model, item_id)
    if item is None:
        raise NotFound(NO_SUCH[kind])
    return item


def step_by_id(journey: Journey, step_id: int) -> JourneyStep:
    step = db.session.get(JourneyStep, step_id)
    if step is None or step.journey_id != journey.id:
        raise NotFound(msg("No such step in this journey."))
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
