"""Vocabularies: the defaults, lookups by kind, and checks of codes."""

from __future__ import annotations

from sqlalchemy import select

from insight.extensions import db
from insight.models import VocabularyTerm
from insight.search.concepts import CONCEPTS, Concept

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


def ensure_default_vocabularies() -> int:
    """Add the default terms that are missing; returns how many were added."""
    existing = {(t.kind, t.code) for t in db.session.scalars(select(VocabularyTerm))}
    added = 0
    for kind, terms in DEFAULT_VOCABULARIES.items():
        for position, (code, label_nb, label_en) in enumerate(terms, start=1):
            if (kind, code) in existing:
                continue
            db.session.add(VocabularyTerm(
                kind=kind, code=code, label_nb=label_nb, label_en=label_en, position=position
            ))
            added += 1
    if added:
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
    """The code's bilingual description and everyday synonyms (insight/search/concepts.py);
    search turns the synonyms into expansions that reach documents labelled with the code."""
    return CONCEPTS.get((kind, code))
