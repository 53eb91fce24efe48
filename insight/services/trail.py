"""The evidence trail both ways: persona → its journeys, observation → the steps that cite it.

Like every read, these follow the reader's visibility: a link never leads to what the reader
may not open, and nothing is counted that the reader cannot see.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from insight import permissions
from insight.extensions import db
from insight.models import Journey, JourneyStep, Observation, Persona
from insight.models.journey import journey_step_evidence


def journeys_of(user: Any, persona: Persona) -> list[Journey]:
    return list(db.session.scalars(
        select(Journey).where(Journey.persona_id == persona.id,
                              permissions.visible_clause(Journey, user)).order_by(Journey.ref)))


def steps_citing(user: Any, observation: Observation) -> list[JourneyStep]:
    """Journey steps that use `observation` as evidence, in journeys the reader may see."""
    query = (select(JourneyStep).join(Journey)
             .join(journey_step_evidence, journey_step_evidence.c.step_id == JourneyStep.id)
             .where(journey_step_evidence.c.observation_id == observation.id,
                    permissions.visible_clause(Journey, user))
             .order_by(Journey.ref, JourneyStep.position))
    return list(db.session.scalars(query))


def visible_evidence(user: Any, item: Any) -> list[Observation]:
    return [o for o in item.evidence if permissions.can_read(user, o)]
