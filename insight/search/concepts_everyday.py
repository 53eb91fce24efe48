"""Everyday words of each vocabulary concept, by category of care need (issue 11, third pass).

Data joined to the synonyms of `concepts.CONCEPTS`: IPLOS's functional variables
(Helsedirektoratet's registry of municipal care needs) and everyday life in a nursing home
(transport, meals, sleep, mood, religion, relatives, medication, falls, welfare technology,
staff). Only words that name or paraphrase a concept: an instance of it (`sensor` of
welfare technology, `dosett` of medicines) would lead every query for the instance to every
document tagged with the concept. Nor a phrase that stop words reduce to one common word
(`komme seg` → `komme`, `bli sett` → `sett`, `klarer seg ikke` → `klare`).
Each entry names its source; no word comes from a test query.
"""

HOD = "Helse- og omsorgstjenesteloven; helsenorge.no: korttidsopphold i sykehjem"
JOURNEY = "Service design: the stages of a stay (../shared/corpus/README.md)"
CARE = "Care terminology (Helsedirektoratet; helsenorge.no)"
GENERAL = "General Norwegian and English (Bokmålsordboka; Oxford)"
IPLOS = "IPLOS (Helsedirektoratet): functional variables"
EVERYDAY: dict[tuple[str, str], tuple[str, str, str]] = {
    ("stay_type", "rehabilitering"): (
        "hverdagsrehabilitering, trene seg opp igjen",
        "reablement, regaining function",
        "Helsedirektoratet: hverdagsrehabilitering",
    ),
    ("stay_type", "avlastning"): (
        "gi pårørende en pause, tung omsorg, pusterom",
        "break for the family, carer relief",
        "Helse- og omsorgstjenesteloven § 3-6",
    ),
    ("stay_type", "etter_sykehus"): (
        "sykehusopphold, innlagt på sykehus, utskrevet fra sykehuset, sjukehus",
        "hospital stay, after a hospital stay, came home from hospital",
        HOD,
    ),
    ("stay_type", "lindrende"): (
        "livets sluttfase, lindring, sterbende, livets siste dager",
        "end-of-life care, comfort care",
        "Helsedirektoratet: palliasjon",
    ),
    ("journey_stage", "utreise"): (
        "siste dag, heimreise, reise heim",
        "last day, leaving the stay",
        JOURNEY,
    ),
    ("journey_stage", "ankomst"): (
        "innkomstsamtale, kom til sykehjemmet",
        "moving in, admission interview",
        JOURNEY,
    ),
    ("theme", "informasjon"): (
        "informert, opplyst, fikk vite, orientert",
        "told, informed about",
        GENERAL,
    ),
    ("theme", "kommunikasjon"): (
        "prate, misforståelse, forstå hverandre",
        "talking, misunderstanding",
        IPLOS + " (kommunikasjon, hørsel)",
    ),
    ("theme", "ensomhet"): (
        "savner, kjeder seg, sosial isolasjon, einsemd",
        "isolated, no one to talk to, missing company",
        IPLOS + " (sosial deltakelse)",
    ),
    ("theme", "aktivitet"): (
        "underholdning, fritid",
        "entertainment, something to do",
        IPLOS + " (sosial deltakelse)",
    ),
    ("theme", "mat_og_maltider"): (
        "måltider, matsituasjonen, spisesituasjon",
        "mealtime, meals",
        IPLOS + " (spise)",
    ),
    ("theme", "mobilitet"): (
        "bevege seg, forflytning, gangfunksjon, komme seg rundt",
        "moving around, getting around",
        IPLOS + " (bevege seg innendørs og utendørs)",
    ),
    ("theme", "fall"): (
        "fallforebygging, fallrisiko, fallulykke",
        "fall prevention, fall risk",
        "Pasientsikkerhetsprogrammet: fall",
    ),
    ("theme", "legemidler"): (
        "medisinering, legemiddelhåndtering, medisinhåndtering",
        "medicine, medication management",
        IPLOS + " (ivareta egen helse)",
    ),
    ("theme", "overgang_og_samhandling"): (
        "koordinering, samarbeid mellom sykehus og kommune",
        "cooperation, collaboration",
        "Samhandlingsreformen",
    ),
    ("theme", "trygghet"): (
        "utrygt, føle seg trygg, tryggleik",
        "secure, insecure",
        GENERAL,
    ),
    ("theme", "sovn"): (
        "søvnløshet, nattero, svevn",
        "sleeplessness, night rest",
        "Everyday life in a nursing home: sleep",
    ),
    ("theme", "velferdsteknologi"): (
        "velferdsteknologiske løsninger, teknologiske løsninger",
        "care technology, telecare",
        "Helsedirektoratet: Nasjonalt velferdsteknologiprogram (its technologies)",
    ),
    ("theme", "parorende_involvering"): (
        "involvere familien, ta med familien",
        "family meeting, relatives involved",
        "Helsedirektoratet: Pårørendeveilederen",
    ),
    ("theme", "ventetid"): ("vente lenge, forsinkelse, ventet", "delay, queue", GENERAL),
    ("theme", "forutsigbarhet"): (
        "faste rutiner, vite hva som skjer",
        "knowing what happens",
        GENERAL,
    ),
    ("theme", "mestring"): (
        "klare seg selv, selvhjulpen, selvstendighet, hverdagsmestring, meistring",
        "independence, self-reliance",
        IPLOS + " (beslutninger i dagliglivet)",
    ),
    ("theme", "digitale_verktoy"): (
        "digitale løsninger, digitalisering",
        "digital solutions",
        GENERAL,
    ),
    ("theme", "demens"): (
        "demenssykdom, alzheimer, demenssyk",
        "alzheimer, dementia care",
        IPLOS + " (hukommelse)",
    ),
    ("theme", "ernaering"): (
        "underernæring, vektnedgang, ernæringsstatus",
        "underweight, nutritional status",
        "Helsedirektoratet: Kosthåndboken",
    ),
    ("theme", "bemanning"): (
        "underbemanning, for få ansatte, tilsette",
        "understaffing, staff shortage",
        "Everyday life in a nursing home: staff",
    ),
    ("theme", "rom_og_miljo"): (
        "omgivelser, bomiljø, fysisk miljø",
        "surroundings, physical environment",
        GENERAL,
    ),
    ("theme", "hjemreise"): (
        "heimreise, reise heim",
        "going back home",
        CARE,
    ),
    ("theme", "egenomsorg"): (
        "personlig stell, hygiene, vaske seg, stelle seg selv",
        "hygiene, looking after oneself",
        IPLOS + " (personlig hygiene, av- og påkledning, toalett)",
    ),
    ("theme", "sprak_og_kultur"): (
        "kulturell bakgrunn, minoritetsspråk, innvandrer",
        "minority language, immigrant, cultural background",
        "Helsedirektoratet: likeverdige helse- og omsorgstjenester",
    ),
    ("theme", "verdighet"): (
        "integritet, krenket, krenkelse",
        "integrity, being heard",
        "Verdighetsgarantiforskriften",
    ),
}
