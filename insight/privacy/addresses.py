"""Street addresses (street + number [+ letter] [, postcode place]) and postcode + place."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import wordlists

_UC = "A-ZÆØÅÄÖÜÉ"
_LC = "a-zæøåäöüéèáó"
# Street names in one word end in one of these (Sjøveien, Breigata, Tjensvollveien, Lia ...);
# the word may also be the ending itself ("Bakken 12", "Lia 3").
_SUFFIXES = tuple(
    (
        "veien vegen veg vei gata gate gaten stien stig stigen bakken bakke lia lien tunet "
        "plassen plass alleen alléen allé alle svingen ringen kroken åsen haugen toppen brekka "
        "brekke jordet løkka løkken myra myren stredet strede kaia kaien bryggen brygga brygge "
        "torget torg hagen grenda vollen berget enga engen veita veiten smuget sletta sletten "
        "skogen dalen lunden marka moen neset odden stranda stranden kleiva kollen bråten heia "
        "vika viken ryggen terrassen parken tråkket teigen tangen holmen jorde haugane gt. "
        "landet feltet stubben leitet stykket reina lykkja bakkane smauet allmenningen torvet "
        "promenaden gutua rabben nipa hølet sundet vågen bekken tjørna kaiene"
    ).split()
)
# Separate street words after one to three capitalised words (Henrik Ibsens gate 12).
_TYPE_WORDS = frozenset(
    "gate gata vei veg allé alle plass torg bakke terrasse park brygge kai sving sti gt.".split()
)
_PREFIX_WORDS = frozenset(
    "Øvre Nedre Gamle Nye Store Lille Søndre Nordre Vestre Østre Indre Ytre St.".split()
)
_NUMBER = r"\d{1,3}(?:-\d{1,3})?(?:[ ]?[A-Z](?![\w])|[a-h](?![\w]))?"
# A house number is not followed by a unit, a count or an ordinal ("Haugen 93 år",
# "Bakken 3 ganger", "Hagen 3. etasje").
_NOT_UNIT = (
    r"(?!\d)(?![.,]\d)(?!\.[ ]*[a-zæøå])"
    r"(?!\s*(?:år\b|års|%|kg|g\b|cm|mm|ml|mg|min\b|minutter|timer|dager|uker|måneder|ganger|"
    r"gang\b|meter|m\b|km|grader|stk|kr\b|kroner|prosent|poeng|av\s+\d))"
)
# The search is anchored on the house number (a word or "gt." and one space before it);
# the street name is then read backwards, which is much cheaper than matching every word.
_HOUSE_NUMBER = re.compile(rf"(?=\d)(?<=[{_UC}{_LC}.] ){_NUMBER}{_NOT_UNIT}")
_ONE_WORD = re.compile(rf"(?:[{_UC}][{_LC}]*|[{_LC}]+)(?:-[{_UC}{_LC}][{_LC}]+)*(?:gt\.)?")
_CAP_WORD = re.compile(rf"[{_UC}][{_LC}]+\.?")
# Written in lower case ("bor i storgata 5") only these endings make a street.
_LOWER_SUFFIXES = ("veien", "vegen", "veg", "vei", "gata", "gaten", "gate", "stien", "allé")
_PLACE = (
    rf"(?:(?:Ytre|Indre|Nedre|Øvre|Nordre|Søndre|Vestre|Østre|Store|Lille|Nye|Gamle) )?"
    rf"[{_UC}][{_LC}{_UC}]+(?:-[{_UC}][{_LC}]+)*(?: i [{_UC}][{_LC}]+)?"
)
_POSTPLACE = re.compile(
    rf"(?=\d)(?<![\d.,/:+-])(?<!\d )(?P<code>\d{{4}})[ ]+(?P<place>{_PLACE})(?![\w])"
)
# Right after a street: ", 1530 Moss" or " 1530 Moss" on the same line.
_TAIL = re.compile(rf"(?:,[ ]*|[ ]+)(?P<code>\d{{4}})[ ]+(?P<place>{_PLACE})(?![\w])")
# Words before a four-digit number that make it a year, time or count rather than a postcode.
_YEAR_BEFORE = re.compile(
    r"\b(?:i|år|året|fra|siden|før|etter|innen|høsten|våren|sommeren|vinteren|julen|påsken|"
    r"uke|kl|klokken|nr|rom|ca|f|født|fødd|januar|februar|mars|april|mai|juni|juli|august|"
    r"september|oktober|november|desember|jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|des)"
    r"\.?[ ]*$",
    re.IGNORECASE,
)
_ADDRESS_CUE = re.compile(
    r"(?:adresse\w*|poststed|postnr|postnummer|bor|bosatt|flytte\w*|,)\s*:?\s*$", re.IGNORECASE
)
_PREV_WORD = re.compile(r"(\w+)\.? $")
_BARE_SUFFIXES = frozenset(s for s in _SUFFIXES if s.isalpha())
_LIVES_AT = re.compile(
    r"(?:adresse\w*|bor|bosatt|bodde|hjemme|hjem|hjemadresse)[ ]?(?:i|på|til)?[ ]?:?[ ]?$",
    re.IGNORECASE,
)
# Units of a nursing home are often named like streets ("avdeling Lia 2", "post Tunet 3").
_UNIT_WORDS = frozenset(
    "avdeling avd post sengepost enhet bogruppe bofellesskap korridor rom fløy etasje".split()
)


_COMMON = wordlists.lower("stopwords") | wordlists.lower("roles")
_PLACES = wordlists.lower("places")
_GIVEN = wordlists.exact("given_names")
_SURNAMES = wordlists.exact("surnames")


def _common_word(word: str) -> bool:
    return word.lower() in _COMMON


def _plausible_place(text: str, m: re.Match[str]) -> bool:
    place = m.group("place")
    if _common_word(place.split()[0]):
        return False
    before = text[max(0, m.start() - 25) : m.start()]
    if _YEAR_BEFORE.search(before):
        return False
    if 1900 <= int(m.group("code")) <= 2030:
        # Could be a year: also need a known place or an address cue before it.
        known = place.split()[0].lower() in _PLACES
        return known or bool(_ADDRESS_CUE.search(before))
    return True


def _word_start(text: str, end: int) -> int:
    i = end
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] in "-."):
        i -= 1
    return i


def _street_start(text: str, space: int, loose: bool = False) -> int:
    """Where the street name that ends at text[space] (before the number) begins, or -1."""
    start = _word_start(text, space)
    word = text[start:space]
    if word in _TYPE_WORDS:  # "Henrik Ibsens gate": take the capitalised words before it
        first = -1
        for _ in range(3):
            if start < 2 or text[start - 1] != " ":
                break
            prev = _word_start(text, start - 1)
            if not _CAP_WORD.fullmatch(text, prev, start - 1):
                break
            first = start = prev
        return first
    if not _ONE_WORD.fullmatch(word):
        return -1
    if word[0].islower():  # only clear street endings, and not the bare word ("veien 2")
        ends = _BARE_SUFFIXES if loose or _lives_at(text, start) else _LOWER_SUFFIXES
        ok = any(word.endswith(e) and len(word) > len(e) + 1 for e in ends)
        return start if ok and not _common_word(word) else -1
    if not word.lower().endswith(_SUFFIXES):
        return -1
    prefix = _word_start(text, start - 1) if start > 1 and text[start - 1] == " " else start
    return prefix if text[prefix : start - 1] in _PREFIX_WORDS else start


def _lives_at(text: str, start: int) -> bool:
    """ "bor i granlia 4", "adresse: kirkeringen 3": a residence cue right before the street."""
    return bool(_LIVES_AT.search(text, max(0, start - 25), start))


def _is_street(text: str, start: int, space: int, has_tail: bool) -> bool:
    street = text[start:space]
    prev = _PREV_WORD.search(text, max(0, start - 30), start)
    if prev and prev.group(1).lower() in _UNIT_WORDS:
        return False
    if street.lower() in _BARE_SUFFIXES and not has_tail:
        # "Tunet 2", "Lia 3" are as often units of the home: need "bor i", "adresse" ...
        return bool(_LIVES_AT.search(text, max(0, start - 25), start))
    if " " not in street:
        if _common_word(street):  # "Familien 3 ..." at the start of a sentence
            return False
        # "Kari Haugen 12": a surname after a given name, not a street.
        if prev and prev.group(1) in _GIVEN:
            return street not in _SURNAMES
    return True


# Cheap gate: four digits followed by a capital.
_POSTPLACE_GATE = re.compile(rf"\d{{4}}[ ]+[{_UC}]")


def find(text: str) -> Iterator[tuple[int, int]]:
    for m in _HOUSE_NUMBER.finditer(text):
        space = m.start() - 1
        tail = _TAIL.match(text, m.end())
        if tail and _common_word(tail.group("place").split()[0]):
            tail = None
        start = _street_start(text, space, loose=tail is not None)
        if start < 0:
            continue
        if _is_street(text, start, space, tail is not None):
            yield start, (tail or m).end()
    if _POSTPLACE_GATE.search(text):
        # Postcode + place on its own (after a street the overlap is resolved by the caller).
        for m in _POSTPLACE.finditer(text):
            if _plausible_place(text, m):
                yield m.start(), m.end()
