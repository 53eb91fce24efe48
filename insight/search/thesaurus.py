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

DEFAULT_SYNONYMS = """
# People
pårørende, familie, familien
pårørende => datter, sønn, kone, ektefelle, ektemann, barn, barna, nærmeste
datter, sønn, barn => pårørende
kone, ektefelle, ektemann, mann => pårørende, ektefelle
bruker, pasient, beboer
lege, tilsynslege
hjemmesykepleie, hjemmetjeneste, hjemmetjenesten, hjemmesykepleien
saksbehandler, tildelingskontor
primærkontakt, kontaktperson
# Medicines and health
legemidler, legemiddel, medisiner, medisin, medikamenter
medisiner => tabletter, dosett, multidose, sovemedisin, smertestillende
tabletter, piller
smerte, smerter, vondt
angst, engstelig, redd, urolig, bekymret
angst => utrygg, frykt, uro, panikk
uro, urolig, rastløs, agitert
urolig => forvirret, forvirring, stresset, sint, utagerende
demens, kognitiv svikt, glemsk
depresjon, nedstemt, nedstemthet
søvn, sove, søvnløs, sovne
fall, falle, falt, fallskade
# Food
ernæring, kosthold, mat
ernæring => måltid, underernæring, vekt
vekttap, vektnedgang, gått ned i vekt, underernæring, avmagring
matlyst, appetitt
måltid, måltider, middag, frokost, lunsj, kveldsmat
# Stays and services
korttidsopphold, korttidsplass, korttid
avlastning, avlastningsopphold, respitt
rehabilitering, opptrening, trening
hjemreise, utreise, utskrivning, hjemkomst
sykehjem, institusjon
sykehus, sykehuset, innleggelse
vedtak, tildeling, tildelt
søknad, søke, søkte
språk => tolk, tolking, morsmål, norskkunnskaper, minoritetsspråklig
kultur => bakgrunn, tradisjoner, religion
ventetid, venteliste, vente, kø
informasjon, beskjed, orientering, info
informasjon => forklarte, forklaring, melding
samtale, møte, dialog
plan, planlegging
bemanning, personale, ansatte, vikarer
vakt, nattevakt, kveldsvakt, dagvakt, vaktskifte
ensomhet, ensom, alene, isolasjon, savn
aktivitet, aktiviteter, aktivisering
trygghet, trygg, trygge
trygghet => utrygg, utrygghet, redd, engstelig
velferdsteknologi, omsorgsteknologi
velferdsteknologi => sensor, sengesensor, alarm, trygghetsalarm, medisindispenser, gps,
    nettbrett, videosamtale, kamera, digitalt tilsyn
nettbrett, ipad, tablet
mål, målsetting, delmål
mobilitet, bevegelse, gangfunksjon
"""

ENGLISH_SYNONYMS = """
loneliness, lonely, isolation => ensomhet, ensom, alene
relatives, relative, family, next of kin => pårørende, familie
daughter => datter
son => sønn
spouse, wife, husband => ektefelle, kone, mann
medication, medications, medicine, medicines, drugs, pills => legemidler, medisiner, tabletter
nutrition, diet => ernæring, kosthold
food, meals, meal => mat, måltid
weight loss => vekttap, vektnedgang
sleep, sleeping, insomnia => søvn, sove
falls, fall, falling => fall, falt
anxiety, fear, afraid, worried => angst, redd, engstelig, utrygg
dementia => demens
pain => smerte, smerter
respite, respite care => avlastning
rehabilitation, rehab => rehabilitering, opptrening
assessment => utredning
short-term stay, short term stay, stay => korttidsopphold, opphold
nursing home => sykehjem
hospital => sykehus
discharge, going home => utreise, hjemreise, utskrivning
home => hjem, hjemme
home care, home nursing => hjemmetjenesten, hjemmesykepleie
waiting time, waiting list, wait, waiting => ventetid, venteliste, vente
information => informasjon
communication => kommunikasjon
language, interpreter => språk, tolk
culture => kultur
staffing, staff => bemanning, ansatte
night shift, night => natt, nattevakt
safety, security, feeling safe => trygghet, trygg
welfare technology => velferdsteknologi
tablet, ipad => nettbrett
digital tools, app => digitale verktøy, app
activity, activities => aktivitet, aktiviteter
mobility, walking => mobilitet, gange
dignity => verdighet
coping => mestring
self-care => egenomsorg
predictability => forutsigbarhet
decision => vedtak
application => søknad
goal, goals => mål
plan => plan
nurse => sykepleier
physiotherapist => fysioterapeut
occupational therapist => ergoterapeut
doctor, physician, gp => lege, fastlege
alarm => alarm
"""


class Thesaurus:
    """Maps an analysed query word to its synonyms (each an analysed phrase: a tuple of keys)."""

    def __init__(self, text: str, analyse: Callable[[str], tuple[str, ...]]) -> None:
        self._map: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        for line in _rules(text):
            if not line or line.startswith("#"):
                continue
            left, arrow, right = line.partition("=>")
            sources = [a for a in (analyse(w) for w in left.split(",")) if a]
            targets = [a for a in (analyse(w) for w in right.split(","))] if arrow else sources
            for s in sources:
                self._map[s].update(t for t in targets if t and t != s)
        self.max_words = max((len(k) for k in self._map), default=1)

    def lookup(self, words: tuple[str, ...]) -> set[tuple[str, ...]]:
        return self._map.get(words, set())


def _rules(text: str) -> list[str]:
    rules: list[str] = []
    for line in text.splitlines():
        if line[:1].isspace() and line.strip() and rules:
            rules[-1] += " " + line.strip()
        else:
            rules.append(line.strip())
    return rules


def default_thesaurus_text() -> str:
    return DEFAULT_SYNONYMS + ENGLISH_SYNONYMS
