"""Vocabularies: the defaults, lookups by kind, and the administrator's edits of a code.

A code has labels, descriptions and everyday synonyms in Bokmål and English (the defaults are
`DEFAULT_VOCABULARIES` with the concepts of insight/search/concepts.py). Search documents carry
the labels, so a label change queues the documents that carry the code for re-indexing (the
search outbox: drained by the worker or a background thread, never in the request); synonyms
apply at query time, and every process picks up an edit within seconds (the search registry
keys its engine on the vocabularies' version).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Select, String, func, insert, literal, select, union

from insight.extensions import db
from insight.messages import msg
from insight.models import (
    Insight,
    Journey,
    JourneyStep,
    Observation,
    Persona,
    SearchOutbox,
    VocabularyTerm,
)
from insight.models.base import utcnow
from insight.models.finding import insight_theme
from insight.models.observation import observation_theme
from insight.search.concepts import CONCEPTS, Concept, split_synonyms
from insight.services import audit
from insight.services.errors import InvalidInput, NotFound, Problem

LABEL_MAX = 200
DESCRIPTION_MAX = 1000
SYNONYM_MAX = 100  # characters of one synonym
SYNONYMS_MAX = 40  # synonyms per language
NOTE_MAX = 300
EDITABLE = ("label_nb", "label_en", "description_nb", "description_en", "synonyms_nb",
            "synonyms_en", "source_note")
CONCEPT_FIELDS = ("description_nb", "description_en", "synonyms_nb", "synonyms_en")

# (code, Bokmål, English) in display order; the defaults of ../shared/corpus/README.md.
DEFAULT_VOCABULARIES: dict[str, list[tuple[str, str, str]]] = {
    "source": [
        ("intervju", "Intervju", "Interview"),
        ("feltobservasjon", "Feltobservasjon", "Field observation"),
        ("sporreundersokelse", "Spørreundersøkelse", "Survey"),
        ("avviksmelding", "Avviksmelding", "Incident report"),
        ("workshop", "Workshop", "Workshop"),
        ("dokumentanalyse", "Dokumentanalyse", "Document analysis"),
    ],
    "stay_type": [
        ("rehabilitering", "Rehabilitering", "Rehabilitation"),
        ("avlastning", "Avlastning", "Respite care"),
        ("utredning", "Utredning", "Assessment"),
        ("etter_sykehus", "Opphold etter sykehusinnleggelse", "Stay after a hospital admission"),
        ("lindrende", "Lindrende behandling og omsorg ved livets slutt",
         "Palliative and end-of-life care"),
    ],
    "journey_stage": [
        ("behov_oppstar", "Behovet oppstår", "Need arises"),
        ("soknad_og_vedtak", "Søknad og vedtak", "Application and decision"),
        ("for_oppholdet", "Før oppholdet", "Before the stay"),
        ("ankomst", "Ankomst", "Arrival"),
        ("under_oppholdet", "Under oppholdet", "During the stay"),
        ("utreise", "Utreise", "Discharge"),
        ("hjemme_etterpa", "Hjemme etterpå", "Back home"),
    ],
    "actor": [
        ("bruker", "Bruker", "Service user"),
        ("parorende", "Pårørende", "Relative"),
        ("sykepleier", "Sykepleier", "Nurse"),
        ("helsefagarbeider", "Helsefagarbeider", "Healthcare worker"),
        ("fysioterapeut", "Fysioterapeut", "Physiotherapist"),
        ("ergoterapeut", "Ergoterapeut", "Occupational therapist"),
        ("lege", "Lege (tilsynslege)", "Physician (nursing-home doctor)"),
        ("tildelingskontor", "Tildelingskontor", "Allocation office"),
        ("hjemmetjenesten", "Hjemmetjenesten", "Home care services"),
        ("fastlege", "Fastlege", "General practitioner"),
    ],
    "theme": [
        ("informasjon", "Informasjon", "Information"),
        ("kommunikasjon", "Kommunikasjon", "Communication"),
        ("ensomhet", "Ensomhet", "Loneliness"),
        ("aktivitet", "Aktivitet", "Activity"),
        ("mat_og_maltider", "Mat og måltider", "Food and meals"),
        ("mobilitet", "Mobilitet", "Mobility"),
        ("fall", "Fall", "Falls"),
        ("legemidler", "Legemidler", "Medication"),
        ("overgang_og_samhandling", "Overganger og samhandling", "Transitions and coordination"),
        ("trygghet", "Trygghet", "Feeling safe"),
        ("sovn", "Søvn", "Sleep"),
        ("velferdsteknologi", "Velferdsteknologi", "Welfare technology"),
        ("parorende_involvering", "Pårørendeinvolvering", "Involving relatives"),
        ("ventetid", "Ventetid", "Waiting time"),
        ("forutsigbarhet", "Forutsigbarhet", "Predictability"),
        ("mestring", "Mestring", "Coping and self-efficacy"),
        ("digitale_verktoy", "Digitale verktøy", "Digital tools"),
        ("demens", "Demens", "Dementia"),
        ("ernaering", "Ernæring", "Nutrition"),
        ("bemanning", "Bemanning", "Staffing"),
        ("rom_og_miljo", "Rom og miljø", "Rooms and surroundings"),
        ("hjemreise", "Hjemreise", "Going home"),
        ("egenomsorg", "Egenomsorg", "Self-care"),
        ("sprak_og_kultur", "Språk og kultur", "Language and culture"),
        ("verdighet", "Verdighet", "Dignity"),
    ],
    "age_band": [
        ("under_67", "Under 67", "Under 67"),
        ("67-79", "67–79", "67–79"),
        ("80-89", "80–89", "80–89"),
        ("90+", "90 og eldre", "90 and over"),
    ],
}


def _concept_fields(kind: str, code: str) -> dict[str, str]:
    concept = CONCEPTS.get((kind, code))
    if concept is None:
        return {}
    return {"description_nb": concept.description_nb, "description_en": concept.description_en,
            "synonyms_nb": "\n".join(concept.synonyms_nb),
            "synonyms_en": "\n".join(concept.synonyms_en), "source_note": concept.source}


def ensure_default_vocabularies() -> int:
    """Add the default terms that are missing, and give default terms whose descriptions and
    synonyms are all blank the default ones; returns how many terms were added."""
    existing = {(t.kind, t.code): t for t in db.session.scalars(select(VocabularyTerm))}
    added = 0
    for kind, terms in DEFAULT_VOCABULARIES.items():
        for position, (code, label_nb, label_en) in enumerate(terms, start=1):
            term = existing.get((kind, code))
            if term is None:
                db.session.add(VocabularyTerm(
                    kind=kind, code=code, label_nb=label_nb, label_en=label_en,
                    position=position, **_concept_fields(kind, code)))
                added += 1
            elif not any(getattr(term, f) for f in CONCEPT_FIELDS):
                for name, value in _concept_fields(kind, code).items():
                    setattr(term, name, value)
    db.session.flush()
    return added


def terms(kind: str) -> list[VocabularyTerm]:
    return list(db.session.scalars(
        select(VocabularyTerm)
        .where(VocabularyTerm.kind == kind, VocabularyTerm.active.is_(True))
        .order_by(VocabularyTerm.position, VocabularyTerm.code)
    ))


def codes(kind: str) -> set[str]:
    return {t.code for t in terms(kind)}


def term_map(kind: str) -> dict[str, VocabularyTerm]:
    return {t.code: t for t in terms(kind)}


def all_terms() -> dict[str, dict[str, VocabularyTerm]]:
    """Every active term, by kind and code: one query for pages that label many things."""
    result: dict[str, dict[str, VocabularyTerm]] = {}
    for term in db.session.scalars(
        select(VocabularyTerm).where(VocabularyTerm.active.is_(True))
        .order_by(VocabularyTerm.kind, VocabularyTerm.position)
    ):
        result.setdefault(term.kind, {})[term.code] = term
    return result


def concept(kind: str, code: str) -> Concept | None:
    """The code's default bilingual description and everyday synonyms (the seed of
    insight/search/concepts.py); the database holds the ones in use."""
    return CONCEPTS.get((kind, code))


# --- the administrator's edits -----------------------------------------------------------------

def vocabularies() -> dict[str, list[VocabularyTerm]]:
    """Every term (inactive ones too), by kind in the order of VOCABULARY_KINDS."""
    from insight.models import VOCABULARY_KINDS

    result: dict[str, list[VocabularyTerm]] = {kind: [] for kind in VOCABULARY_KINDS}
    for term in db.session.scalars(
            select(VocabularyTerm).order_by(VocabularyTerm.position, VocabularyTerm.code)):
        result.setdefault(term.kind, []).append(term)
    return result


def get_term(term_id: int) -> VocabularyTerm:
    term = db.session.get(VocabularyTerm, term_id)
    if term is None:
        raise NotFound(msg("No such vocabulary code."))
    return term


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _synonyms(data: dict[str, Any], name: str, problems: list[Problem]) -> str:
    value = data.get(name)
    items = split_synonyms(value if isinstance(value, str) else "\n".join(value or ()))
    if len(items) > SYNONYMS_MAX:
        problems.append(Problem(name, msg("holds more than %(limit)s synonyms",
                                          limit=SYNONYMS_MAX)))
    for item in items:
        if len(item) > SYNONYM_MAX:
            problems.append(Problem(name, msg("a synonym is longer than %(limit)s characters",
                                              limit=SYNONYM_MAX)))
            break
        if "=>" in item or "#" in item or not any(c.isalnum() for c in item):
            problems.append(Problem(name, msg(
                "write words, one per line or separated by commas, without => or #")))
            break
    return "\n".join(items)


def validate_term(data: dict[str, Any]) -> dict[str, str]:
    """The edited fields in normal form, or InvalidInput naming each field that is wrong."""
    problems: list[Problem] = []
    clean: dict[str, str] = {}
    for name, limit, required in (("label_nb", LABEL_MAX, True), ("label_en", LABEL_MAX, True),
                                  ("description_nb", DESCRIPTION_MAX, True),
                                  ("description_en", DESCRIPTION_MAX, True),
                                  ("source_note", NOTE_MAX, False)):
        clean[name] = _text(data, name)
        if required and not clean[name]:
            problems.append(Problem(name, msg("is required")))
        elif len(clean[name]) > limit:
            problems.append(Problem(name, msg("is longer than %(limit)s characters",
                                              limit=limit)))
    for name in ("synonyms_nb", "synonyms_en"):
        clean[name] = _synonyms(data, name, problems)
    if problems:
        raise InvalidInput(problems=problems)
    return clean


def update_term(term: VocabularyTerm, data: dict[str, Any], actor: Any) -> int:
    """Save an administrator's edit of a code (audited). A changed label queues every document
    that carries the code for re-indexing; returns how many were queued."""
    clean = validate_term(data)
    before = {name: getattr(term, name) for name in EDITABLE}
    changes = audit.diff(before, clean)
    if not changes:
        return 0
    for name, value in clean.items():
        setattr(term, name, value)
    db.session.flush()
    queued = 0
    if "label_nb" in changes or "label_en" in changes:
        queued = queue_documents(term)
    audit.record(actor, "vocabulary.update", term,
                 {"code": f"{term.kind}:{term.code}", **changes, "reindexed": queued})
    return queued


def _carriers(term: VocabularyTerm) -> list[Select]:
    """(type, ref) of every document whose text holds the labels of `term` (the documents of
    insight/search/indexing.py)."""
    def refs(doc_type: str, model: Any, where: Any) -> Select:
        return select(literal(doc_type, String(32)).label("object_type"),
                      model.ref.label("object_ref")).where(where)

    code = term.code
    if term.kind == "stay_type":
        return [refs("observation", Observation, Observation.stay_type == code),
                refs("persona", Persona, Persona.stay_type == code),
                refs("journey", Journey, Journey.stay_type == code)]
    if term.kind == "journey_stage":
        return [refs("observation", Observation, Observation.journey_stage == code),
                refs("journey", Journey, Journey.id.in_(
                    select(JourneyStep.journey_id).where(JourneyStep.stage == code)))]
    if term.kind == "theme":
        return [refs("observation", Observation, Observation.id.in_(
                    select(observation_theme.c.observation_id)
                    .where(observation_theme.c.term_id == term.id))),
                refs("insight", Insight, Insight.id.in_(
                    select(insight_theme.c.insight_id)
                    .where(insight_theme.c.term_id == term.id)))]
    if term.kind == "source":
        return [refs("observation", Observation, Observation.source == code)]
    if term.kind == "actor":
        return [refs("observation", Observation, Observation.actor == code)]
    if term.kind == "age_band":
        return [refs("persona", Persona, Persona.age_band == code)]
    return []


def queue_documents(term: VocabularyTerm) -> int:
    """Queue the documents that carry `term` for re-indexing, in one INSERT … SELECT on
    the search outbox; the worker or a background thread indexes them after the commit."""
    selects = _carriers(term)
    if not selects:
        return 0
    carriers = union(*selects).subquery()
    count = db.session.scalar(select(func.count()).select_from(carriers)) or 0
    if count:
        now: datetime = utcnow()
        db.session.execute(insert(SearchOutbox).from_select(
            ["object_type", "object_ref", "created_at"],
            select(carriers.c.object_type, carriers.c.object_ref,
                   literal(now, DateTime(timezone=True)))))
    return count
