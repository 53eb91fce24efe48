"""Reading content as a given user may see it: visibility is part of every query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import Insight, Journey, JourneyStep, Observation, Persona, VocabularyTerm
from insight.services import cache, statistics
from insight.services.errors import NotFound

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


MAX_PAGE = 100_000  # far beyond any real list; larger numbers would overflow the SQL offset


def paginate(query: Select, page: int, page_size: int, user: Any = None) -> Page:
    """A page of `query` with the total count. A page past the end is empty; a page number no
    list can reach is refused rather than sent to the database.

    With `user` (whose visibility the query already applies), the total is counted once per
    content version and visibility class (insight.services.cache); staff totals, which include
    drafts, are counted every time."""
    if page > MAX_PAGE:
        raise NotFound(msg("There is no page %(page)s.", page=page))
    page = max(1, page)
    items = list(db.session.scalars(query.limit(page_size).offset((page - 1) * page_size))
                 .unique())
    return Page(items=items, total=total(query, user), page=page, page_size=page_size)


def total(query: Select, user: Any = None) -> int:
    """How many rows `query` gives; cached by content version when `user` is given."""
    counting = select(func.count()).select_from(query.order_by(None).subquery())

    def count() -> int:
        return db.session.scalar(counting) or 0

    if user is None:
        return count()
    return cache.cached("reading.total", user, count, *cache.query_key(counting),
                        published_only=False)


def _visible(model: Any, user: Any) -> Select:
    return select(model).where(permissions.visible_clause(model, user))


def observation_page(user: Any, page: int = 1, page_size: int = 20, stay_type: str | None = None,
                     journey_stage: str | None = None, theme: str | None = None,
                     status: str | None = None) -> Page[Observation]:
    query = _visible(Observation, user).options(selectinload(Observation.themes))
    if stay_type:
        query = query.where(Observation.stay_type == stay_type)
    if journey_stage:
        query = query.where(Observation.journey_stage == journey_stage)
    if theme:
        query = query.where(Observation.themes.any(VocabularyTerm.code == theme))
    if status:
        query = query.where(Observation.status == status)
    query = query.order_by(Observation.month.desc(), Observation.ref.desc())
    return paginate(query, page, page_size, user)


def _one(model: Any, user: Any, ref: str, *options: Any) -> Any:
    item = db.session.scalar(_visible(model, user).where(model.ref == ref).options(*options))
    if item is None:
        raise NotFound(msg("No %(kind)s %(ref)s that you may read.", kind=model.kind, ref=ref))
    return item


def observation(user: Any, ref: str) -> Observation:
    return _one(Observation, user, ref, selectinload(Observation.themes))


def observation_by_id(observation_id: int) -> Observation:
    item = db.session.get(Observation, observation_id)
    if item is None:
        raise NotFound(msg("No such observation."))
    return item


def insights(user: Any) -> list[Insight]:
    return list(db.session.scalars(
        _visible(Insight, user)
        .options(selectinload(Insight.themes), selectinload(Insight.evidence))
        .order_by(Insight.ref)
    ))


def insight(user: Any, ref: str) -> Insight:
    return _one(Insight, user, ref, selectinload(Insight.evidence), selectinload(Insight.themes))


def personas(user: Any) -> list[Persona]:
    return list(db.session.scalars(
        _visible(Persona, user).options(selectinload(Persona.evidence)).order_by(Persona.ref)
    ))


def persona(user: Any, ref: str) -> Persona:
    return _one(Persona, user, ref, selectinload(Persona.evidence))


def journeys(user: Any) -> list[Journey]:
    return list(db.session.scalars(
        _visible(Journey, user).options(selectinload(Journey.steps)).order_by(Journey.ref)
    ))


def journey(user: Any, ref: str) -> Journey:
    return _one(Journey, user, ref, selectinload(Journey.steps).selectinload(JourneyStep.evidence))


def visible_evidence(user: Any, items: list[Observation]) -> list[Observation]:
    """Evidence the reader may open; the rest is counted but not linked."""
    return [o for o in items if permissions.can_read(user, o)]


def cited_by(user: Any, observation: Observation) -> dict[str, list[Any]]:
    """Where an observation is used as evidence: the trace back up from the atomic fact."""
    from insight.models.finding import insight_evidence
    from insight.models.persona import persona_evidence

    insights_q = _visible(Insight, user).join(insight_evidence).where(
        insight_evidence.c.observation_id == observation.id)
    personas_q = _visible(Persona, user).join(persona_evidence).where(
        persona_evidence.c.observation_id == observation.id)
    return {
        "insights": list(db.session.scalars(insights_q)),
        "personas": list(db.session.scalars(personas_q)),
    }


def counts(user: Any) -> dict[str, int]:
    """How many items of each kind the reader may see (the landing page), counted once per
    content version and visibility class; staff counts include drafts, so they are fresh."""
    return cache.cached("reading.counts", user, lambda: _counts(user), published_only=False)


def _counts(user: Any) -> dict[str, int]:
    def count(model: Any) -> int:
        if model is Observation and permissions.visible_visibilities(user) is not None:
            return statistics.observation_count(user)  # from the census, no extra query
        return db.session.scalar(
            select(func.count()).select_from(model).where(permissions.visible_clause(model, user))
        ) or 0

    return {model.kind: count(model) for model in (Observation, Insight, Persona, Journey)}
