"""Synonyms applied at query time, so that editing the thesaurus never needs a reindex.

The format is the common Solr/Elasticsearch one, one rule per line:
    a, b, c        words that mean the same (each finds the others)
    a => b, c      a query for `a` also finds `b` and `c` (narrower or translated terms)
Blank lines and lines starting with `#` are ignored; an indented line continues the one
above. Entries may be several words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

# Each rule ends with its source after `  # `: "general Norwegian" (a dictionary synonym or an
# inflection the stemmer misses), "care terminology" (the standard term and its common variants in
# municipal health and care services), "vocabulary" (a concept of the vocabularies and its
# labels). Narrower-term lists written for one test query were removed (issue 11):
# `medisiner => tabletter, dosett, …`, `urolig => forvirret, sint, …`,
# `velferdsteknologi => sensor, sengesensor, …`, `informasjon => forklarte, …`,
# `ernæring => måltid, vekt`, `angst/trygghet => utrygg, redd, …`, `språk => tolk, …`,
# `kultur => bakgrunn, …`, `pårørende => datter, sønn, …`.
DEFAULT_SYNONYMS = """
pårørende, familie, familien, nærmeste  # care terminology (pårørende = next of kin)
datter, sønn, ektefelle, kone, ektemann => pårørende  # general Norwegian: family
bruker, pasient, beboer, tjenestemottaker  # care terminology: the person receiving a service
lege, tilsynslege, sykehjemslege  # care terminology
hjemmesykepleie, hjemmetjeneste, hjemmetjenesten, hjemmesykepleien  # care terminology
saksbehandler, tildelingskontor  # care terminology: who processes an application
primærkontakt, kontaktperson  # care terminology
legemidler, legemiddel, medisiner, medisin, medikamenter  # general Norwegian
tabletter, piller  # general Norwegian
smerte, smerter, vondt  # general Norwegian
angst, engstelig, redd, bekymret  # general Norwegian
uro, urolig, rastløs, agitert  # general Norwegian
demens, kognitiv svikt  # care terminology
depresjon, nedstemt, nedstemthet  # general Norwegian
søvn, sove, sovne  # general Norwegian: noun and verb
fall, falle, falt, fallskade  # general Norwegian: noun and verb
ernæring, kosthold  # general Norwegian
vekttap, vektnedgang, gått ned i vekt  # general Norwegian
matlyst, appetitt  # general Norwegian
måltid, måltider  # general Norwegian: the plural the stemmer misses
korttidsopphold, korttidsplass  # care terminology
avlastning, avlastningsopphold  # care terminology
rehabilitering, opptrening  # care terminology
hjemreise, utreise  # care terminology: the end of a stay
sykehjem, institusjon  # care terminology
søknad, søke, søkte  # general Norwegian: noun and verb
ventetid, venteliste  # general Norwegian
informasjon, beskjed, info  # general Norwegian
samtale, dialog  # general Norwegian
bemanning, personale, ansatte  # general Norwegian
ensomhet, ensom  # general Norwegian: noun and adjective
aktivitet, aktiviteter, aktivisering  # general Norwegian
trygghet, trygg, trygge  # general Norwegian: noun and adjective
velferdsteknologi, omsorgsteknologi  # care terminology (Helsedirektoratet uses both)
nettbrett, ipad  # general Norwegian
mål, målsetting  # general Norwegian
mobilitet, bevegelse  # general Norwegian
"""

ENGLISH_SYNONYMS = """
loneliness, lonely, isolation => ensomhet, ensom, alene  # vocabulary: theme ensomhet
relatives, relative, family, next of kin => pårørende, familie  # vocabulary: actor parorende
daughter => datter  # general Norwegian translation
son => sønn  # general Norwegian translation
spouse, wife, husband => ektefelle, kone, mann  # general Norwegian translation
medication, medications, medicine, medicines, drugs, pills => legemidler, medisiner,
    tabletter  # vocabulary: theme legemidler
nutrition, diet => ernæring, kosthold  # vocabulary: theme ernaering
food, meals, meal => mat, måltid  # vocabulary: theme mat_og_maltider
weight loss => vekttap, vektnedgang  # general Norwegian translation
sleep, sleeping, insomnia => søvn, sove  # vocabulary: theme sovn
falls, fall, falling => fall, falt  # vocabulary: theme fall
anxiety, fear, afraid, worried => angst, redd, engstelig  # general Norwegian translation
dementia => demens  # vocabulary: theme demens
pain => smerte, smerter  # general Norwegian translation
respite, respite care => avlastning  # vocabulary: stay type avlastning
rehabilitation, rehab => rehabilitering, opptrening  # vocabulary: stay type rehabilitering
assessment => utredning  # vocabulary: stay type utredning
short-term stay, short term stay, stay => korttidsopphold, opphold  # care terminology
nursing home => sykehjem  # care terminology
hospital => sykehus  # general Norwegian translation
discharge, going home => utreise, hjemreise, utskrivning  # vocabulary: stage utreise
home => hjem, hjemme  # general Norwegian translation
home care, home nursing => hjemmetjenesten, hjemmesykepleie  # vocabulary: hjemmetjenesten
waiting time, waiting list, wait, waiting => ventetid, venteliste, vente  # vocabulary
information => informasjon  # vocabulary: theme informasjon
communication => kommunikasjon  # vocabulary: theme kommunikasjon
language, interpreter => språk, tolk  # vocabulary: theme sprak_og_kultur
culture => kultur  # vocabulary: theme sprak_og_kultur
staffing, staff => bemanning, ansatte  # vocabulary: theme bemanning
night shift, night => natt, nattevakt  # general Norwegian translation
safety, security, feeling safe => trygghet, trygg  # vocabulary: theme trygghet
welfare technology => velferdsteknologi  # vocabulary: theme velferdsteknologi
tablet, ipad => nettbrett  # general Norwegian translation
digital tools, app => digitale verktøy, app  # vocabulary: theme digitale_verktoy
activity, activities => aktivitet, aktiviteter  # vocabulary: theme aktivitet
mobility, walking => mobilitet, gange  # vocabulary: theme mobilitet
dignity => verdighet  # vocabulary: theme verdighet
coping => mestring  # vocabulary: theme mestring
self-care => egenomsorg  # vocabulary: theme egenomsorg
predictability => forutsigbarhet  # vocabulary: theme forutsigbarhet
decision => vedtak  # vocabulary: stage soknad_og_vedtak
application => søknad  # vocabulary: stage soknad_og_vedtak
goal, goals => mål  # general Norwegian translation
plan => plan  # general Norwegian translation
nurse => sykepleier  # vocabulary: actor sykepleier
physiotherapist => fysioterapeut  # vocabulary: actor fysioterapeut
occupational therapist => ergoterapeut  # vocabulary: actor ergoterapeut
doctor, physician, gp => lege, fastlege  # vocabulary: actors lege, fastlege
"""


class Thesaurus:
    """Maps an analysed query word to its synonyms (each an analysed phrase: a tuple of keys)."""

    def __init__(self, text: str, analyse: Callable[[str], tuple[str, ...]],
                 concepts: str | None = None) -> None:
        self._map = _parse(text, analyse)
        # Concept rules lead to a vocabulary label: documents *tagged* with the concept, a weaker
        # sign than a synonym in the text, so they are kept apart and weighed lower. `concepts`:
        # the rules of the vocabularies in the database (None: the defaults).
        self._concepts = _parse(concept_thesaurus_text() if concepts is None else concepts,
                                analyse)
        self.max_words = max((len(k) for k in (*self._map, *self._concepts)), default=1)

    def lookup(self, words: tuple[str, ...]) -> set[tuple[str, ...]]:
        return self._map.get(words, set())

    def concepts(self, words: tuple[str, ...]) -> set[tuple[str, ...]]:
        """Label phrases of the vocabulary concepts that `words` names in everyday words."""
        return self._concepts.get(words, set())


def _parse(text: str, analyse: Callable[[str], tuple[str, ...]]
           ) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    out: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for line in _rules(text):
        if not line or line.startswith("#"):
            continue
        left, arrow, right = line.partition("=>")
        sources = [a for a in (analyse(w) for w in left.split(",")) if a]
        targets = [a for a in (analyse(w) for w in right.split(","))] if arrow else sources
        for s in sources:
            out[s].update(t for t in targets if t and t != s)
    return out


def _rules(text: str) -> list[str]:
    rules: list[str] = []
    for line in text.splitlines():
        line = line.split("  #", 1)[0].rstrip()  # a rule's source note
        if line[:1].isspace() and line.strip() and rules:
            rules[-1] += " " + line.strip()
        else:
            rules.append(line.strip())
    return rules


def default_thesaurus_text() -> str:
    return DEFAULT_SYNONYMS + ENGLISH_SYNONYMS


def concept_thesaurus_text() -> str:
    """Rules from the vocabularies' concepts; they apply whatever the admin's rules say."""
    from insight.search.concepts import concept_rules
    from insight.services.vocabulary import DEFAULT_VOCABULARIES  # data only; no cycle at call time

    return concept_rules(DEFAULT_VOCABULARIES)
