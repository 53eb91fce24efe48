"""What the index holds: a SearchDocument for every observation, insight, persona, journey and
published answer, built from the database (the truth) and nothing else.

Every document carries the Bokmål and English labels of its vocabulary codes in its body, so an
English query ("loneliness") finds Norwegian texts tagged with the theme. Drafts are indexed
too, with their status: staff search everything, and the query keeps the rest to published
content of the visibilities the reader may see.

Answers: a published answer is one document (type "answer", ref of its question) holding the
question and the answer. It is visible to suppliers (and staff), never to anonymous readers,
exactly as the questions page is; unanswered questions are not indexed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from insight.models import (
    Answer,
    Insight,
    Journey,
    Observation,
    Persona,
    Question,
    Status,
    Visibility,
    VocabularyTerm,
)
from insight.models.observation import observation_theme
from insight.search import SearchDocument

INDEXED_TYPES = ("observation", "insight", "persona", "journey", "answer")

# Page paths of the web blueprint; built here without url_for because drains also run from
# the command line, outside any request.
URLS = {
    "observation": "/observations/{ref}",
    "insight": "/insights/{ref}",
    "persona": "/personas/{ref}",
    "journey": "/journeys/{ref}",
    "answer": "/questions#{ref}",
}

Labels = dict[str, dict[str, tuple[str, str]]]  # kind → code → (Bokmål, English)


def doc_id(kind: str, ref: str) -> str:
    return f"{kind}:{ref}"


def split_doc_id(value: str) -> tuple[str, str]:
    kind, _, ref = value.partition(":")
    return kind, ref


def load_labels(session: Session) -> Labels:
    labels: Labels = {}
    for term in session.scalars(select(VocabularyTerm)):
        labels.setdefault(term.kind, {})[term.code] = (term.label_nb, term.label_en)
    return labels


def version(*stamps: datetime | None) -> str:
    """The newest of `stamps` as ISO 8601 in UTC (SQLite hands back naive datetimes)."""
    aware = [_utc(s) for s in stamps if s is not None]
    return max(aware).isoformat() if aware else ""


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _label_text(labels: Labels, pairs: Iterable[tuple[str, str | None]]) -> str:
    words: list[str] = []
    for kind, code in pairs:
        if not code:
            continue
        nb, en = labels.get(kind, {}).get(code, (code, ""))
        words.extend(w for w in (nb, en) if w)
    return " · ".join(dict.fromkeys(words))


def _join(*parts: str | None) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _period(date: datetime | None) -> list[str]:
    return [str(date.year)] if date else []


def observation_document(o: Observation | ObservationRow, labels: Labels) -> SearchDocument:
    year, month = (int(p) for p in o.month.split("-"))
    date = datetime(year, month, 1, tzinfo=UTC)
    themes = o.theme_codes
    described = [("stay_type", o.stay_type), ("journey_stage", o.journey_stage),
                 *(("theme", t) for t in themes), ("source", o.source), ("actor", o.actor)]
    return SearchDocument(
        doc_id=doc_id("observation", o.ref), type="observation", ref=o.ref, title=o.title,
        body=_join(o.text, _label_text(labels, described)),
        status=o.status, visibility=o.visibility, url=URLS["observation"].format(ref=o.ref),
        version=version(o.updated_at), date=date,
        facets={"stay_type": [o.stay_type], "journey_stage": [o.journey_stage],
                "theme": themes, "source": [o.source], "actor": [o.actor],
                "age_band": [o.age_band], "period": [o.month[:4]]},
    )


def insight_document(i: Insight, labels: Labels) -> SearchDocument:
    themes = [t.code for t in i.themes]
    date = i.published_at or i.created_at
    return SearchDocument(
        doc_id=doc_id("insight", i.ref), type="insight", ref=i.ref, title=i.statement,
        body=_join(i.detail, i.recommendation,
                   _label_text(labels, (("theme", t) for t in themes))),
        status=i.status, visibility=i.visibility, url=URLS["insight"].format(ref=i.ref),
        version=version(i.updated_at), date=date,
        facets={"theme": themes, "period": _period(date)},
    )


def persona_document(p: Persona, labels: Labels) -> SearchDocument:
    date = p.published_at or p.created_at
    return SearchDocument(
        doc_id=doc_id("persona", p.ref), type="persona", ref=p.ref, title=p.title,
        body=_join(p.summary, p.living_situation, p.needs, p.goals, p.frustrations, p.quote,
                   _label_text(labels, (("stay_type", p.stay_type), ("age_band", p.age_band)))),
        status=p.status, visibility=p.visibility, url=URLS["persona"].format(ref=p.ref),
        version=version(p.updated_at), date=date,
        facets={"stay_type": [p.stay_type], "age_band": [p.age_band], "period": _period(date)},
    )


def journey_document(j: Journey, labels: Labels) -> SearchDocument:
    date = j.published_at or j.created_at
    stages = list(dict.fromkeys(s.stage for s in j.steps))
    steps = [_join(s.title, s.what_happens, s.thoughts, s.pain_points, s.opportunities)
             for s in j.steps]
    described = [("stay_type", j.stay_type), *(("journey_stage", s) for s in stages)]
    return SearchDocument(
        doc_id=doc_id("journey", j.ref), type="journey", ref=j.ref, title=j.title,
        body=_join(j.summary, *steps, _label_text(labels, described)),
        status=j.status, visibility=j.visibility, url=URLS["journey"].format(ref=j.ref),
        version=version(j.updated_at), date=date,
        facets={"stay_type": [j.stay_type], "journey_stage": stages, "period": _period(date)},
    )


def answer_document(q: Question) -> SearchDocument | None:
    """The published answer to `q` with its question, or None while there is none."""
    a = q.answer
    if a is None or a.published_at is None:
        return None
    return SearchDocument(
        doc_id=doc_id("answer", q.ref), type="answer", ref=q.ref, title=q.title,
        body=_join(q.text, a.text), status=Status.PUBLISHED.value,
        visibility=Visibility.SUPPLIERS.value, url=URLS["answer"].format(ref=q.ref),
        version=version(q.updated_at, a.updated_at), date=a.published_at,
        facets={"period": _period(a.published_at)},
    )


def document_for(kind: str, item: Any, labels: Labels) -> SearchDocument | None:
    """The document of `item` (None: it should not be in the index)."""
    if item is None:
        return None
    if kind == "answer":
        return answer_document(item)
    return BUILDERS[kind](item, labels)


BUILDERS = {
    "observation": observation_document,
    "insight": insight_document,
    "persona": persona_document,
    "journey": journey_document,
}

MODELS: dict[str, Any] = {
    "observation": Observation, "insight": Insight, "persona": Persona, "journey": Journey,
    "answer": Question,
}


def _query(kind: str) -> Select:
    options = {
        "observation": [selectinload(Observation.themes)],
        "insight": [selectinload(Insight.themes)],
        "persona": [],
        "journey": [selectinload(Journey.steps)],
        "answer": [selectinload(Question.answer)],
    }[kind]
    return select(MODELS[kind]).options(*options)


@dataclass(slots=True)
class ObservationRow:
    """What `observation_document` reads of an observation, read as plain rows: observations
    are most of the index, and building ORM objects for them took a third of a drain's reading."""

    id: int
    ref: str
    title: str
    text: str
    status: str
    visibility: str
    source: str
    stay_type: str
    journey_stage: str
    actor: str
    month: str
    age_band: str
    updated_at: datetime | None
    theme_codes: list[str] = field(default_factory=list)


_OBSERVATION_COLUMNS = [Observation.id, Observation.ref, Observation.title, Observation.text,
                        Observation.status, Observation.visibility, Observation.source,
                        Observation.stay_type, Observation.journey_stage, Observation.actor,
                        Observation.month, Observation.age_band, Observation.updated_at]


def _observations(session: Session, where: Any, limit: int | None = None
                  ) -> list[ObservationRow]:
    """Observations matching `where` (by id), with their theme codes in vocabulary order."""
    stmt = select(*_OBSERVATION_COLUMNS).where(where).order_by(Observation.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = [ObservationRow(*r) for r in session.execute(stmt)]
    by_id = {r.id: r for r in rows}
    if by_id:
        for obs_id, code in session.execute(
                select(observation_theme.c.observation_id, VocabularyTerm.code)
                .join(VocabularyTerm, VocabularyTerm.id == observation_theme.c.term_id)
                .where(observation_theme.c.observation_id.in_(list(by_id)))
                .order_by(VocabularyTerm.position, VocabularyTerm.id)):
            by_id[obs_id].theme_codes.append(code)
    return rows


def load(session: Session, kind: str, refs: Iterable[str]) -> dict[str, Any]:
    """The objects of `kind` with these refs, by ref (missing refs are absent)."""
    model = MODELS[kind]
    found: dict[str, Any] = {}
    refs = list(refs)
    for start in range(0, len(refs), 500):
        chunk = refs[start:start + 500]
        if kind == "observation":
            found.update((o.ref, o) for o in _observations(session, model.ref.in_(chunk)))
            continue
        found.update((o.ref, o) for o in session.scalars(_query(kind).where(model.ref.in_(chunk))))
    return found


def iter_documents(session: Session, labels: Labels, batch_size: int = 500
                   ) -> Iterator[list[SearchDocument]]:
    """Every document the database holds, in batches (keyset paging keeps memory flat)."""
    for kind in INDEXED_TYPES:
        model = MODELS[kind]
        last = 0
        while True:
            items: list[Any] = (
                _observations(session, model.id > last, batch_size) if kind == "observation"
                else list(session.scalars(
                    _query(kind).where(model.id > last).order_by(model.id).limit(batch_size))))
            if not items:
                break
            last = items[-1].id
            docs = [d for d in (document_for(kind, i, labels) for i in items) if d is not None]
            session.expunge_all()  # what is indexed is not needed again
            if docs:
                yield docs


def count_documents(session: Session) -> int:
    """How many documents iter_documents will yield (for a progress bar)."""
    total = 0
    for kind in ("observation", "insight", "persona", "journey"):
        total += session.scalar(select(func.count()).select_from(MODELS[kind])) or 0
    total += session.scalar(select(func.count()).select_from(Answer)
                            .where(Answer.published_at.is_not(None))) or 0
    return total


def database_versions(session: Session) -> dict[str, str]:
    """doc_id → version of every document the index should hold, without building them."""
    versions: dict[str, str] = {}
    for kind in ("observation", "insight", "persona", "journey"):
        model = MODELS[kind]
        for ref, updated in session.execute(select(model.ref, model.updated_at)):
            versions[doc_id(kind, ref)] = version(updated)
    rows = session.execute(
        select(Question.ref, Question.updated_at, Answer.updated_at)
        .join(Answer, Answer.question_id == Question.id)
        .where(Answer.published_at.is_not(None)))
    for ref, asked, answered in rows:
        versions[doc_id("answer", ref)] = version(asked, answered)
    return versions
