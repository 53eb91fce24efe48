"""What each vocabulary code means, in both languages and in everyday words: the seed data.

The database is the truth (`VocabularyTerm`: labels, descriptions, synonyms and a source note,
edited by administrators at /admin/vocabularies); this module holds the defaults a new database
is filled with, and turns terms into search rules.

Every document carries the Bokmål and English labels of its stay type, journey stage, themes,
source and actor. A code's synonyms turn into thesaurus rules `synonyms => label` at query
time, so a question written in everyday words ("når mor kommer hjem fra sykehuset") reaches the
concept (documents labelled "Opphold etter sykehusinnleggelse"). Sources: the descriptions
paraphrase the vocabulary of ../shared/corpus/README.md; synonyms are general Norwegian and
English words for the concept and standard care terminology (helsenorge.no / Helsedirektoratet
wording for municipal health and care services) — never words picked from a test query. Each
concept names its source in `source`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from insight.search.concepts_everyday import EVERYDAY


@dataclass(frozen=True)
class Concept:
    description_nb: str
    description_en: str
    synonyms_nb: tuple[str, ...]  # everyday Bokmål wordings; a phrase may be several words
    synonyms_en: tuple[str, ...]  # everyday English wordings
    source: str = ""  # where the description and synonyms come from (a short note)

    @property
    def synonyms(self) -> tuple[str, ...]:
        return self.synonyms_nb + self.synonyms_en


def split_synonyms(text: str) -> tuple[str, ...]:
    """Synonyms written one per line or separated by commas, trimmed, without repeats."""
    parts = (" ".join(p.split()) for line in (text or "").splitlines() for p in line.split(","))
    return tuple(dict.fromkeys(p for p in parts if p))


def _c(nb: str, en: str, synonyms_nb: str, synonyms_en: str, source: str) -> Concept:
    return Concept(nb, en, split_synonyms(synonyms_nb), split_synonyms(synonyms_en), source)


METHOD = "Research method terms (NESH, qualitative and quantitative methods)"
HOD = "Helse- og omsorgstjenesteloven; helsenorge.no: korttidsopphold i sykehjem"
JOURNEY = "Service design: the stages of a stay (../shared/corpus/README.md)"
PROFESSION = "Helsepersonelloven: authorised professions; helsenorge.no"
CARE = "Care terminology (Helsedirektoratet; helsenorge.no)"
GENERAL = "General Norwegian and English (Bokmålsordboka; Oxford)"
SSB = "Age bands as in SSB statistics of care services"

# (kind, code) → concept. Kinds and codes are those of insight.services.vocabulary.
CONCEPTS: dict[tuple[str, str], Concept] = {
    # Sources: how an observation was collected.
    ("source", "intervju"): _c(
        "Samtale med bruker, pårørende eller ansatt.",
        "A conversation with a user, relative or staff member.",
        "intervjuet, samtale med", "interviewed, conversation", METHOD),
    ("source", "feltobservasjon"): _c(
        "Det en observatør så på stedet.", "What an observer saw on site.",
        "observasjon, observert, skygging", "observed, shadowing, on site", METHOD),
    ("source", "sporreundersokelse"): _c(
        "Svar på spørreskjema.", "Answers to a questionnaire.",
        "spørreskjema, undersøkelse, svar på skjema", "questionnaire, poll", METHOD),
    ("source", "avviksmelding"): _c(
        "Melding om en hendelse som ikke skulle skjedd.",
        "A report of something that went wrong.",
        "avvik, uønsket hendelse, hendelse", "incident, adverse event, deviation",
        "Internkontrollforskriften: avvik; Helsedirektoratet: uønskede hendelser"),
    ("source", "workshop"): _c(
        "Arbeidsmøte med flere deltakere.", "A working session with several participants.",
        "arbeidsmøte, verksted, idémyldring", "co-design, session", METHOD),
    ("source", "dokumentanalyse"): _c(
        "Gjennomgang av journaler, vedtak og andre dokumenter.",
        "A review of records, decisions and other documents.",
        "journal, dokumentasjon", "records, document review", METHOD),
    # Stay types: the kinds of short-term stay in municipal care.
    ("stay_type", "rehabilitering"): _c(
        "Opphold for å trene opp igjen funksjon.", "A stay to regain function.",
        "opptrening, trene seg opp, rehab",
        "rehabilitation, recovery, retraining", HOD),
    ("stay_type", "avlastning"): _c(
        "Opphold som gir pårørende med tung omsorg en pause.",
        "A stay that gives carers a break.",
        "avlastningsopphold, pause for pårørende", "respite, respite care, carer break",
        "Helse- og omsorgstjenesteloven: avlastning for pårørende; helsenorge.no"),
    ("stay_type", "utredning"): _c(
        "Opphold for å kartlegge behov og funksjon.", "A stay to assess needs and function.",
        "kartlegging, vurdering, observasjonsopphold", "assessment, evaluation", HOD),
    ("stay_type", "etter_sykehus"): _c(
        "Opphold etter utskrivning fra sykehus.", "A stay after discharge from hospital.",
        "utskrivning, utskrevet, utskrivningsklar, kommer hjem fra sykehuset, "
        "etter sykehuset",
        "discharge from hospital, after hospital, discharged, post-hospital",
        "Forskrift om kommunal betaling for utskrivningsklare pasienter; helsenorge.no"),
    ("stay_type", "lindrende"): _c(
        "Lindrende behandling og omsorg ved livets slutt.",
        "Palliative and end-of-life care.",
        "palliasjon, palliativ, livets slutt, døende, terminal",
        "palliative, end of life, dying, hospice",
        "Helsedirektoratet: Nasjonalt handlingsprogram for palliasjon"),
    # Journey stages: the stages of a stay.
    ("journey_stage", "behov_oppstar"): _c(
        "Når behovet for hjelp viser seg.", "When the need for help appears.",
        "behov for hjelp, trenger hjelp", "need for help, first signs",
        JOURNEY),
    ("journey_stage", "soknad_og_vedtak"): _c(
        "Søknad om opphold og kommunens vedtak.",
        "Applying for a stay and the municipality's decision.",
        "søke, søknad, vedtak, tildeling", "apply, application, decision, allocation",
        "Pasient- og brukerrettighetsloven: søknad og vedtak om tjenester"),
    ("journey_stage", "for_oppholdet"): _c(
        "Tiden mellom vedtak og ankomst.", "The time between the decision and arrival.",
        "forberedelse, vente på plass", "before the stay, preparation", JOURNEY),
    ("journey_stage", "ankomst"): _c(
        "Første dag og innkomst.", "The first day and admission.",
        "innkomst, første dag, innleggelse", "arrival, admission, first day", JOURNEY),
    ("journey_stage", "under_oppholdet"): _c(
        "Hverdagen under oppholdet.", "Everyday life during the stay.",
        "hverdagen, mens oppholdet varer", "during the stay", JOURNEY),
    ("journey_stage", "utreise"): _c(
        "Når oppholdet slutter og brukeren reiser hjem.",
        "When the stay ends and the user leaves.",
        "hjemreise, reise hjem, dra hjem, utskrivning", "discharge, leaving, going home",
        JOURNEY),
    ("journey_stage", "hjemme_etterpa"): _c(
        "Tiden hjemme etter oppholdet.", "Life at home after the stay.",
        "hjemme igjen, tilbake hjemme, hjemkomst", "back home, at home after, after the stay",
        JOURNEY),
    # Actors: who the observation is about or from.
    ("actor", "bruker"): _c(
        "Den som får tjenesten.", "The person receiving the service.",
        "pasient, beboer, tjenestemottaker", "patient, resident, service user", CARE),
    ("actor", "parorende"): _c(
        "Familie og nærmeste.", "Family and next of kin.",
        "familie, nærmeste, datter, sønn, ektefelle",
        "family, next of kin, carer, relatives",
        "Pasient- og brukerrettighetsloven § 1-3: pårørende"),
    ("actor", "sykepleier"): _c(
        "Autorisert sykepleier.", "A registered nurse.",
        "sykepleieren", "nurse, registered nurse", PROFESSION),
    ("actor", "helsefagarbeider"): _c(
        "Helsefagarbeider eller hjelpepleier.", "A healthcare worker or nursing assistant.",
        "hjelpepleier, omsorgsarbeider, pleier", "nursing assistant, care worker", PROFESSION),
    ("actor", "fysioterapeut"): _c(
        "Fysioterapeut.", "A physiotherapist.",
        "fysio", "physiotherapist, physical therapist", PROFESSION),
    ("actor", "ergoterapeut"): _c(
        "Ergoterapeut.", "An occupational therapist.",
        "ergo", "occupational therapist", PROFESSION),
    ("actor", "lege"): _c(
        "Tilsynslege på institusjonen.", "The nursing-home doctor.",
        "tilsynslege, sykehjemslege", "doctor, physician", PROFESSION),
    ("actor", "tildelingskontor"): _c(
        "Kontoret som behandler søknader og fatter vedtak.",
        "The office that handles applications and decisions.",
        "saksbehandler, forvaltning", "allocation office, case worker", CARE),
    ("actor", "hjemmetjenesten"): _c(
        "Hjemmesykepleie og praktisk bistand i hjemmet.",
        "Home nursing and practical help at home.",
        "hjemmesykepleie, hjemmehjelp", "home care, home nursing, home help", CARE),
    ("actor", "fastlege"): _c(
        "Brukerens faste allmennlege.", "The user's regular general practitioner.",
        "allmennlege, egen lege", "gp, family doctor, general practitioner",
        "Fastlegeforskriften; helsenorge.no"),
    # Themes: what an observation is about.
    ("theme", "informasjon"): _c(
        "Hva brukere og pårørende får vite.", "What users and relatives are told.",
        "beskjed, info, orientering, få vite", "informed, information", GENERAL),
    ("theme", "kommunikasjon"): _c(
        "Hvordan man snakker og forstår hverandre.",
        "How people talk and understand each other.",
        "samtale, dialog, snakke, forstå", "communication, talking", GENERAL),
    ("theme", "ensomhet"): _c(
        "Å være alene og savne kontakt.", "Being alone and missing company.",
        "ensom, alene, isolert, savn", "lonely, loneliness, alone, isolation", GENERAL),
    ("theme", "aktivitet"): _c(
        "Aktiviteter og meningsfulle gjøremål.", "Activities and meaningful things to do.",
        "aktiviteter, aktivisering, underholdning", "activities, activity, things to do",
        "Verdighetsgarantiforskriften: meningsfulle aktiviteter"),
    ("theme", "mat_og_maltider"): _c(
        "Mat, måltider og spisesituasjonen.", "Food, meals and mealtimes.",
        "mat, måltid, middag, frokost, spise", "food, meals, mealtimes, eating", GENERAL),
    ("theme", "mobilitet"): _c(
        "Å bevege seg og gå.", "Moving about and walking.",
        "bevegelse, gange, rullator, rullestol", "walking, mobility, moving", CARE),
    ("theme", "fall"): _c(
        "Fall og å forebygge fall.", "Falls and preventing them.",
        "falle, falt, fallskade", "falls, falling",
        "Helsedirektoratet / pasientsikkerhetsprogrammet: fallforebygging"),
    ("theme", "legemidler"): _c(
        "Medisiner og legemiddelhåndtering.", "Medicines and their handling.",
        "medisiner, medisin, medikamenter, tabletter, piller",
        "medication, medicines, drugs",
        "Legemiddelhåndteringsforskriften; pasientsikkerhetsprogrammet"),
    ("theme", "overgang_og_samhandling"): _c(
        "Overganger mellom tjenester og samarbeidet mellom dem.",
        "Transitions between services and coordination.",
        "overgang, samhandling, samarbeid, overføring", "transition, handover, coordination",
        "Samhandlingsreformen (St.meld. 47 2008–2009)"),
    ("theme", "trygghet"): _c(
        "Å føle seg trygg.", "Feeling safe and secure.",
        "trygg, utrygg, utrygghet, redd", "safe, safety, security, feeling safe", GENERAL),
    ("theme", "sovn"): _c(
        "Søvn og natt.", "Sleep and nights.",
        "sove, søvnløs, natt", "sleep, sleeping, insomnia", GENERAL),
    ("theme", "velferdsteknologi"): _c(
        "Teknologi som gir trygghet og selvstendighet.",
        "Technology for safety and independence.",
        "omsorgsteknologi, trygghetsteknologi, teknologi",
        "welfare technology, assistive technology",
        "Helsedirektoratet: Nasjonalt velferdsteknologiprogram"),
    ("theme", "parorende_involvering"): _c(
        "Hvordan pårørende tas med.", "How relatives are involved.",
        "involvere pårørende, pårørendesamarbeid", "involving relatives, family involvement",
        "Helsedirektoratet: Pårørendeveilederen"),
    ("theme", "ventetid"): _c(
        "Å vente på plass eller hjelp.", "Waiting for a place or for help.",
        "vente, venteliste, kø", "wait, waiting, waiting list", GENERAL),
    ("theme", "forutsigbarhet"): _c(
        "Å vite hva som skal skje.", "Knowing what will happen.",
        "forutsigbar, vite hva som skal skje", "predictable, predictability", GENERAL),
    ("theme", "mestring"): _c(
        "Å klare ting selv.", "Managing things oneself.",
        "mestre, klare selv, selvstendig", "coping, managing, self-efficacy",
        "Hverdagsrehabilitering and mestring (Helsedirektoratet)"),
    ("theme", "digitale_verktoy"): _c(
        "Digitale verktøy og apper.", "Digital tools and apps.",
        "digital, app, nettbrett, skjerm", "digital tools, tablet, app", GENERAL),
    ("theme", "demens"): _c(
        "Demens og kognitiv svikt.", "Dementia and cognitive impairment.",
        "kognitiv svikt, glemsk, hukommelse",
        "dementia, memory loss, cognitive impairment",
        "Helsedirektoratet: Nasjonal faglig retningslinje om demens"),
    ("theme", "ernaering"): _c(
        "Ernæring og vekt.", "Nutrition and weight.",
        "kosthold, vekt, vekttap, underernæring",
        "nutrition, diet, malnutrition, weight loss",
        "Helsedirektoratet: Kosthåndboken; forebygging av underernæring"),
    ("theme", "bemanning"): _c(
        "Hvor mange ansatte som er på jobb.", "How many staff are on duty.",
        "ansatte, personale, vikarer", "staffing, staff, understaffed", GENERAL),
    ("theme", "rom_og_miljo"): _c(
        "Rommet og omgivelsene.", "The room and the surroundings.",
        "rom, rommet, omgivelser, støy", "room, surroundings, environment, noise", GENERAL),
    ("theme", "hjemreise"): _c(
        "Å reise hjem etter oppholdet.", "Going home after the stay.",
        "reise hjem, dra hjem, komme hjem, utreise", "going home, return home", CARE),
    ("theme", "egenomsorg"): _c(
        "Å ta vare på seg selv.", "Looking after oneself.",
        "stell, personlig hygiene, ta vare på seg selv", "self-care, personal care", CARE),
    ("theme", "sprak_og_kultur"): _c(
        "Språk, tolk og kulturell bakgrunn.", "Language, interpreting and cultural background.",
        "språk, kultur, tolk, morsmål", "language, interpreter, culture",
        "Tolkeloven; Helsedirektoratet: tolk i helsetjenesten"),
    ("theme", "verdighet"): _c(
        "Å bli behandlet med respekt.", "Being treated with respect.",
        "respekt, verdig", "dignity, respect", "Verdighetsgarantiforskriften"),
    # Age bands: never an exact age.
    ("age_band", "under_67"): _c(
        "Brukere under pensjonsalder.", "Users below retirement age.",
        "yngre brukere, under pensjonsalder", "younger users, working age", SSB),
    ("age_band", "67-79"): _c(
        "Brukere fra 67 til 79 år.", "Users aged 67 to 79.",
        "yngre eldre, nypensjonist", "young old, recently retired", SSB),
    ("age_band", "80-89"): _c(
        "Brukere fra 80 til 89 år.", "Users aged 80 to 89.",
        "åttiåring, i åttiårene", "in their eighties, octogenarian", SSB),
    ("age_band", "90+"): _c(
        "Brukere som er 90 år eller eldre.", "Users aged 90 or over.",
        "nittiåring, de eldste eldre", "nonagenarian, oldest old", SSB),
}



def _with_everyday(concept: Concept, nb: str, en: str, source: str) -> Concept:
    return Concept(concept.description_nb, concept.description_en,
                   tuple(dict.fromkeys(concept.synonyms_nb + split_synonyms(nb))),
                   tuple(dict.fromkeys(concept.synonyms_en + split_synonyms(en))),
                   f"{concept.source}; {source}")


for _id, (_nb, _en, _source) in EVERYDAY.items():  # issue 11: everyday words by category
    CONCEPTS[_id] = _with_everyday(CONCEPTS[_id], _nb, _en, _source)


def concept_rules(labels: dict[str, list[tuple[str, str, str]]]) -> str:
    """Thesaurus rules of the default concepts; `labels` is kind → [(code, Bokmål, English)],
    as in `DEFAULT_VOCABULARIES`."""
    return term_rules(
        (kind, nb, en, CONCEPTS[(kind, code)].synonyms)
        for kind, terms in labels.items() for code, nb, en in terms if (kind, code) in CONCEPTS)


def term_rules(terms: Iterable[tuple[str, str, str, Iterable[str]]]) -> str:
    """Thesaurus rules `synonyms => Bokmål label, English label`, one per term given as
    (kind, Bokmål label, English label, synonyms); terms without synonyms make no rule."""
    lines = ["# Vocabulary concepts (insight/search/concepts.py)"]
    for _kind, nb, en, synonyms in terms:
        words = [s for s in synonyms if s and not any(c in s for c in ",#=>")]
        targets = [t for t in dict.fromkeys((nb, en)) if t and "," not in t]
        if words and targets:
            lines.append(f"{', '.join(words)} => {', '.join(targets)}")
    return "\n".join(lines) + "\n"
