"""What each vocabulary code means, in both languages and in everyday words, as search data.

Every document carries the Bokmål and English labels of its stay type, journey stage, themes,
source and actor. The synonyms below turn into thesaurus rules `synonyms => label` at query
time, so a question written in everyday words ("når mor kommer hjem fra sykehuset") reaches the
concept (documents labelled "Opphold etter sykehusinnleggelse"). Sources: the descriptions
paraphrase the vocabulary of ../shared/corpus/README.md; synonyms are general Norwegian and
English words for the concept and standard care terminology (helsenorge.no / Helsedirektoratet
wording for municipal health and care services) — never words picked from a test query.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    description_nb: str
    description_en: str
    synonyms: tuple[str, ...]  # everyday Bokmål and English wordings; a phrase may be several words


def _c(nb: str, en: str, synonyms: str) -> Concept:
    return Concept(nb, en, tuple(s.strip() for s in synonyms.split(",") if s.strip()))


# (kind, code) → concept. Kinds and codes are those of insight.services.vocabulary.
CONCEPTS: dict[tuple[str, str], Concept] = {
    # Sources: how an observation was collected (research method terms).
    ("source", "intervju"): _c(
        "Samtale med bruker, pårørende eller ansatt.", "A conversation with a user, relative "
        "or staff member.", "intervjuet, samtale med, interviewed, conversation"),
    ("source", "feltobservasjon"): _c(
        "Det en observatør så på stedet.", "What an observer saw on site.",
        "observasjon, observert, skygging, observed, shadowing, on site"),
    ("source", "sporreundersokelse"): _c(
        "Svar på spørreskjema.", "Answers to a questionnaire.",
        "spørreskjema, undersøkelse, questionnaire, poll, svar på skjema"),
    ("source", "avviksmelding"): _c(
        "Melding om en hendelse som ikke skulle skjedd.", "A report of something that went "
        "wrong.", "avvik, uønsket hendelse, hendelse, incident, adverse event, deviation"),
    ("source", "workshop"): _c(
        "Arbeidsmøte med flere deltakere.", "A working session with several participants.",
        "arbeidsmøte, verksted, idémyldring, co-design, session"),
    ("source", "dokumentanalyse"): _c(
        "Gjennomgang av journaler, vedtak og andre dokumenter.", "A review of records, "
        "decisions and other documents.", "journal, dokumentasjon, records, document review"),
    # Stay types: the kinds of short-term stay in municipal care (Helse- og omsorgstjenesteloven).
    ("stay_type", "rehabilitering"): _c(
        "Opphold for å trene opp igjen funksjon.", "A stay to regain function.",
        "opptrening, trene seg opp, komme seg, rehab, rehabilitation, recovery, retraining"),
    ("stay_type", "avlastning"): _c(
        "Opphold som gir pårørende med tung omsorg en pause.", "A stay that gives carers a "
        "break.", "avlastningsopphold, pause for pårørende, respite, respite care, "
        "carer break"),
    ("stay_type", "utredning"): _c(
        "Opphold for å kartlegge behov og funksjon.", "A stay to assess needs and function.",
        "kartlegging, vurdering, assessment, evaluation, observasjonsopphold"),
    ("stay_type", "etter_sykehus"): _c(
        "Opphold etter utskrivning fra sykehus.", "A stay after discharge from hospital.",
        "utskrivning, utskrevet, utskrivningsklar, kommer hjem fra sykehuset, etter sykehuset, "
        "discharge from hospital, after hospital, discharged, post-hospital"),
    ("stay_type", "lindrende"): _c(
        "Lindrende behandling og omsorg ved livets slutt.", "Palliative and end-of-life "
        "care.", "palliasjon, palliativ, livets slutt, døende, terminal, palliative, "
        "end of life, dying, hospice"),
    # Journey stages: the stages of a stay (service design journey).
    ("journey_stage", "behov_oppstar"): _c(
        "Når behovet for hjelp viser seg.", "When the need for help appears.",
        "behov for hjelp, trenger hjelp, klarer seg ikke, need for help, first signs"),
    ("journey_stage", "soknad_og_vedtak"): _c(
        "Søknad om opphold og kommunens vedtak.", "Applying for a stay and the municipality's "
        "decision.", "søke, søknad, vedtak, tildeling, apply, application, decision, "
        "allocation"),
    ("journey_stage", "for_oppholdet"): _c(
        "Tiden mellom vedtak og ankomst.", "The time between the decision and arrival.",
        "forberedelse, vente på plass, before the stay, preparation"),
    ("journey_stage", "ankomst"): _c(
        "Første dag og innkomst.", "The first day and admission.",
        "innkomst, første dag, innleggelse, arrival, admission, first day"),
    ("journey_stage", "under_oppholdet"): _c(
        "Hverdagen under oppholdet.", "Everyday life during the stay.",
        "hverdagen, during the stay, mens oppholdet varer"),
    ("journey_stage", "utreise"): _c(
        "Når oppholdet slutter og brukeren reiser hjem.", "When the stay ends and the user "
        "leaves.", "hjemreise, reise hjem, dra hjem, utskrivning, discharge, leaving, "
        "going home"),
    ("journey_stage", "hjemme_etterpa"): _c(
        "Tiden hjemme etter oppholdet.", "Life at home after the stay.",
        "hjemme igjen, tilbake hjemme, hjemkomst, back home, at home after, after the stay"),
    # Actors: who the observation is about or from (professions as in the health register).
    ("actor", "bruker"): _c(
        "Den som får tjenesten.", "The person receiving the service.",
        "pasient, beboer, tjenestemottaker, patient, resident, service user"),
    ("actor", "parorende"): _c(
        "Familie og nærmeste.", "Family and next of kin.",
        "familie, nærmeste, datter, sønn, ektefelle, family, next of kin, carer, relatives"),
    ("actor", "sykepleier"): _c(
        "Autorisert sykepleier.", "A registered nurse.", "sykepleieren, nurse, registered nurse"),
    ("actor", "helsefagarbeider"): _c(
        "Helsefagarbeider eller hjelpepleier.", "A healthcare worker or nursing assistant.",
        "hjelpepleier, omsorgsarbeider, pleier, nursing assistant, care worker"),
    ("actor", "fysioterapeut"): _c(
        "Fysioterapeut.", "A physiotherapist.", "fysio, physiotherapist, physical therapist"),
    ("actor", "ergoterapeut"): _c(
        "Ergoterapeut.", "An occupational therapist.", "ergo, occupational therapist"),
    ("actor", "lege"): _c(
        "Tilsynslege på institusjonen.", "The nursing-home doctor.",
        "tilsynslege, sykehjemslege, doctor, physician"),
    ("actor", "tildelingskontor"): _c(
        "Kontoret som behandler søknader og fatter vedtak.", "The office that handles "
        "applications and decisions.", "saksbehandler, forvaltning, allocation office, "
        "case worker"),
    ("actor", "hjemmetjenesten"): _c(
        "Hjemmesykepleie og praktisk bistand i hjemmet.", "Home nursing and practical help "
        "at home.", "hjemmesykepleie, hjemmehjelp, home care, home nursing, home help"),
    ("actor", "fastlege"): _c(
        "Brukerens faste allmennlege.", "The user's regular general practitioner.",
        "allmennlege, egen lege, gp, family doctor, general practitioner"),
    # Themes: what an observation is about.
    ("theme", "informasjon"): _c(
        "Hva brukere og pårørende får vite.", "What users and relatives are told.",
        "beskjed, info, orientering, få vite, informed, information"),
    ("theme", "kommunikasjon"): _c(
        "Hvordan man snakker og forstår hverandre.", "How people talk and understand each "
        "other.", "samtale, dialog, snakke, forstå, communication, talking"),
    ("theme", "ensomhet"): _c(
        "Å være alene og savne kontakt.", "Being alone and missing company.",
        "ensom, alene, isolert, savn, lonely, loneliness, alone, isolation"),
    ("theme", "aktivitet"): _c(
        "Aktiviteter og meningsfulle gjøremål.", "Activities and meaningful things to do.",
        "aktiviteter, aktivisering, underholdning, activities, activity, things to do"),
    ("theme", "mat_og_maltider"): _c(
        "Mat, måltider og spisesituasjonen.", "Food, meals and mealtimes.",
        "mat, måltid, middag, frokost, spise, food, meals, mealtimes, eating"),
    ("theme", "mobilitet"): _c(
        "Å bevege seg og gå.", "Moving about and walking.",
        "bevegelse, gange, rullator, rullestol, walking, mobility, moving"),
    ("theme", "fall"): _c(
        "Fall og å forebygge fall.", "Falls and preventing them.",
        "falle, falt, fallskade, falls, falling"),
    ("theme", "legemidler"): _c(
        "Medisiner og legemiddelhåndtering.", "Medicines and their handling.",
        "medisiner, medisin, medikamenter, tabletter, piller, medication, medicines, drugs"),
    ("theme", "overgang_og_samhandling"): _c(
        "Overganger mellom tjenester og samarbeidet mellom dem.", "Transitions between services "
        "and coordination.", "overgang, samhandling, samarbeid, overføring, transition, "
        "handover, coordination"),
    ("theme", "trygghet"): _c(
        "Å føle seg trygg.", "Feeling safe and secure.",
        "trygg, utrygg, utrygghet, redd, safe, safety, security, feeling safe"),
    ("theme", "sovn"): _c(
        "Søvn og natt.", "Sleep and nights.", "sove, søvnløs, natt, sleep, sleeping, insomnia"),
    ("theme", "velferdsteknologi"): _c(
        "Teknologi som gir trygghet og selvstendighet.", "Technology for safety and "
        "independence.", "omsorgsteknologi, trygghetsteknologi, teknologi, welfare technology, "
        "assistive technology"),
    ("theme", "parorende_involvering"): _c(
        "Hvordan pårørende tas med.", "How relatives are involved.",
        "involvere pårørende, pårørendesamarbeid, involving relatives, family involvement"),
    ("theme", "ventetid"): _c(
        "Å vente på plass eller hjelp.", "Waiting for a place or for help.",
        "vente, venteliste, kø, wait, waiting, waiting list"),
    ("theme", "forutsigbarhet"): _c(
        "Å vite hva som skal skje.", "Knowing what will happen.",
        "forutsigbar, vite hva som skal skje, predictable, predictability"),
    ("theme", "mestring"): _c(
        "Å klare ting selv.", "Managing things oneself.",
        "mestre, klare selv, selvstendig, coping, managing, self-efficacy"),
    ("theme", "digitale_verktoy"): _c(
        "Digitale verktøy og apper.", "Digital tools and apps.",
        "digital, app, nettbrett, skjerm, digital tools, tablet, app"),
    ("theme", "demens"): _c(
        "Demens og kognitiv svikt.", "Dementia and cognitive impairment.",
        "kognitiv svikt, glemsk, hukommelse, dementia, memory loss, cognitive impairment"),
    ("theme", "ernaering"): _c(
        "Ernæring og vekt.", "Nutrition and weight.",
        "kosthold, vekt, vekttap, underernæring, nutrition, diet, malnutrition, weight loss"),
    ("theme", "bemanning"): _c(
        "Hvor mange ansatte som er på jobb.", "How many staff are on duty.",
        "ansatte, personale, vikarer, staffing, staff, understaffed"),
    ("theme", "rom_og_miljo"): _c(
        "Rommet og omgivelsene.", "The room and the surroundings.",
        "rom, rommet, omgivelser, støy, room, surroundings, environment, noise"),
    ("theme", "hjemreise"): _c(
        "Å reise hjem etter oppholdet.", "Going home after the stay.",
        "reise hjem, dra hjem, komme hjem, utreise, going home, return home"),
    ("theme", "egenomsorg"): _c(
        "Å ta vare på seg selv.", "Looking after oneself.",
        "stell, personlig hygiene, ta vare på seg selv, self-care, personal care"),
    ("theme", "sprak_og_kultur"): _c(
        "Språk, tolk og kulturell bakgrunn.", "Language, interpreting and cultural background.",
        "språk, kultur, tolk, morsmål, language, interpreter, culture"),
    ("theme", "verdighet"): _c(
        "Å bli behandlet med respekt.", "Being treated with respect.",
        "respekt, verdig, bli sett, dignity, respect"),
}


def concept_rules(labels: dict[str, list[tuple[str, str, str]]]) -> str:
    """Thesaurus rules `synonyms => Bokmål label, English label` for every concept.

    `labels` is kind → [(code, Bokmål, English)], as in `DEFAULT_VOCABULARIES`.
    """
    lines = ["# Vocabulary concepts (insight/search/concepts.py)"]
    for kind, terms in labels.items():
        for code, nb, en in terms:
            concept = CONCEPTS.get((kind, code))
            if concept and concept.synonyms:
                targets = ", ".join(t for t in (nb, en) if "," not in t)
                lines.append(f"{', '.join(concept.synonyms)} => {targets}")
    return "\n".join(lines) + "\n"
