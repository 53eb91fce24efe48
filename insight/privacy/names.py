"""Person names: known given names and surnames plus context (titles, roles, verbs).

Capitalised words are grouped into runs ("Malin Hovland"); stop words, roles and titles
split a run and act as cues for what follows ("Sykepleier Malin Hovland", "fru Berg").
Context is looked up lazily: most runs are ordinary words at the start of a sentence.
"""

from __future__ import annotations

import re

from .name_lexicon import (
    ACTION_VERBS,
    BREAK,
    GIVEN,
    INSTITUTION,
    MEDICAL,
    NAME_WORDS,
    PLACES,
    ROLES,
    SURNAMES,
    TITLES,
    VERBS,
    given_like,
    is_eponym,
    is_given,
    is_surname,
    known,
    stem,
)

_UC = "A-ZÆØÅÄÖÜÉ"
_LC = "a-zæøåäöüéèáóíúñ"
# A capitalised word, or an initial between names ("Kari H. Olsen").
_TOKEN = re.compile(
    rf"(?=[{_UC}])(?<![\w@.-])(?:[{_UC}][{_LC}]+(?:-[{_UC}][{_LC}]+)*(?![\w@-])"
    rf"|[{_UC}]\.(?= [{_UC}]))"
)
_NEXT_WORD = re.compile(rf"[ \t]+([{_LC}]+)")
_NEXT_ROLE = re.compile(rf", ([{_UC}{_LC}]+)")
_NEXT_GIVEN = re.compile(rf" og ([{_UC}][{_LC}]+(?:-[{_UC}][{_LC}]+)*)")
_PLACEHOLDER_FIRST = frozenset({"Ola", "Kari", "Per", "Ole"})
_PLACEHOLDER_AFTER = re.compile(r" og (?:Ola|Kari|Per|Ole) Nordmann\b")
# "Ola/Kari Nordmann" is the Norwegian John Doe, but also a real name: it is let through
# only where the text says it is an example (a form, a test user, training material).
_PLACEHOLDER_CONTEXT = re.compile(
    r"eksempe?l|f\.\s?eks|\beks\.|utfyll|fyll(?:es)? ut|test|opplæring|øving|demo|fiktiv|"
    r"oppdikt|dummy|mal(?:en)?\b|plassholder|placeholder|typisk|hvem som helst|stråmann|"
    r"gjennomsnitts|kursmateriell|skjermbilde|\bsom navn\b",
    re.IGNORECASE,
)
_PLACEHOLDER_WINDOW = 120
# Lower-case full names ("kari hansen"): a listed given name and a listed surname, neither of
# which is also an ordinary word.
_LOWER_WORD = re.compile(r"[a-zæøå]+(?:-[a-zæøå]+)*")
_PREV_LOWER = re.compile(r"(?<![\w@.-])([a-zæøå]+(?:-[a-zæøå]+)*) $")
_COMMON_GIVEN = frozenset("dag liv sol mai vår kristen storm ask bo rune".split())
_COMMON_SURNAMES = frozenset(
    "aas bakke bakken berg berge berget brun bull dal dale dalen eide eng enger foss fosse "
    "fure furu grande hagen halle hammer haug hauge haugen hole holen holm holmen holt hoff "
    "huse lange lie lien lind lund lunde lyng mo moe moen mork nes rise rye sand skare "
    "skog skogen sletten strand straume strøm sunde teig tangen torp vik viken vold voll "
    "wang aune".split()
)
_LOWER_SURNAMES = frozenset(w.lower() for w in SURNAMES) - _COMMON_SURNAMES - BREAK
_LOWER_GIVEN = frozenset(w.lower() for w in GIVEN)
# Abbreviations whose dot does not end a sentence.
_ABBREV = frozenset(
    "kl ca f dr fru frk hr pas nr tlf jf evt ang vedr mht iht pga ref st sr jr prof ifm".split()
)
# Words before a run that make it a royal, a saint or a church, not a resident.
_NOT_PERSON_BEFORE = frozenset(
    "st sankt kong dronning prins prinsesse kronprins kronprinsesse hellige".split()
)

_HAS_LOWER_PAIR = re.compile(r"[a-zæøå] [a-zæøå]")
Token = tuple[int, int, str]  # start, end, text


def _prev_word(text: str, i: int) -> tuple[str, str]:
    """The word before position i (lower case) and the punctuation between them."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    sep = ""
    if j >= 0 and text[j] in ".:,":
        sep = text[j]
        j -= 1
        while j >= 0 and text[j] in " \t":
            j -= 1
    k = j
    while k >= 0 and text[k].isalpha():
        k -= 1
    return text[k + 1 : j + 1].lower(), sep


def _sentence_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0:
        return True
    c = text[j]
    if c in '\n\r!?:;«"“”•*':
        return True
    if c == ".":
        k = j
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        return text[k:j].lower() not in _ABBREV
    if c in "-–—":  # a bullet at the start of a line
        k = j - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        return k < 0 or text[k] in "\n\r"
    return False


def _cue_kind(word: str) -> str | None:
    if word in TITLES:
        return "title"
    if word in ROLES:
        return "role"
    return None


def find(text: str) -> list[tuple[int, int]]:
    """Spans of person names, in order."""
    out: list[tuple[int, int]] = []
    run: list[Token] = []  # capitalised words separated by single spaces
    prev_end = -2
    for m in _TOKEN.finditer(text):
        start = m.start()
        if run and (start != prev_end + 1 or text[prev_end] != " "):
            _scan_run(text, run, out)
            run = []
        prev_end = m.end()
        run.append((start, prev_end, m.group()))
    if run:
        _scan_run(text, run, out)
    if _HAS_LOWER_PAIR.search(text):
        taken = out[:]
        out += [s for s in find_lower(text) if not any(a < s[1] and s[0] < b for a, b in taken)]
        out.sort()
    return out


def _scan_run(text: str, run: list[Token], out: list[tuple[int, int]]) -> None:
    if len(run) == 1 and run[0][2].lower() in BREAK:
        return  # the common case: "Pasienten", "Hun" at the start of a sentence
    seg: list[Token] = []
    first = True  # the segment starts the run: its context lies before the run
    cue: str | None = None
    blocked = False  # after "Kong", "St." ...
    for tok in run:
        low = tok[2].lower()
        if low in BREAK or (low in PLACES and tok[2] not in SURNAMES):
            if seg and not blocked:
                _add(out, _judge(text, seg, first, cue))
            seg, cue, first, blocked = [], _cue_kind(low), False, False
        elif low in INSTITUTION or low in MEDICAL or is_eponym(low):  # "Haukeland Sykehus"
            seg, cue, first, blocked = [], None, False, False
        elif low in _NOT_PERSON_BEFORE:
            seg, first, blocked = [], False, True
        else:
            seg.append(tok)
    if seg and not blocked:
        _add(out, _judge(text, seg, first, cue))


def _add(out: list[tuple[int, int]], span: tuple[int, int] | None) -> None:
    if span:
        out.append(span)


def _judge(text: str, seg: list[Token], first: bool, cue: str | None) -> tuple[int, int] | None:
    """The span of the name in a segment of capitalised words, if it is one."""
    words = [t[2] for t in seg]
    last = stem(words[-1])
    single = len(seg) == 1
    name_like = given_like(last) or last in NAME_WORDS
    if single and not first and cue is None and not name_like:
        return None  # after a stop word inside a run only a given name stands alone
    if first:
        prev, sep = _prev_word(text, seg[0][0])
        if prev in _NOT_PERSON_BEFORE:
            return None
        # A word that ends the previous sentence is no cue ("... pasienten. Kari ...").
        cue = _cue_kind(prev) if "." not in sep or prev in _ABBREV else None
    if single and cue is None and not name_like:
        return None  # the common case: an unknown capitalised word without context
    at_start = first and _sentence_start(text, seg[0][0])
    end = seg[-1][1]
    nxt = _NEXT_WORD.match(text, end)
    next_word = nxt.group(1) if nxt else ""
    if next_word in INSTITUTION or is_eponym(next_word):
        return None  # "Haukeland universitetssjukehus", "Henrik Ibsens gate"
    if next_word in MEDICAL and not is_given(last):
        return None  # "Bechterews sykdom", but "Valborgs sykdom" is about Valborg
    if words[-1] == "Nordmann" and all(w in _PLACEHOLDER_FIRST for w in words[:-1]):
        if _placeholder_context(text, seg[0][0], end):
            return None  # the "Ola Nordmann" placeholder in an example
    if single and words[0] in _PLACEHOLDER_FIRST and _PLACEHOLDER_AFTER.match(text, end):
        if _placeholder_context(text, seg[0][0], end):
            return None
    if last != words[-1]:
        end -= 1  # leave the possessive -s out of the span
    if at_start and not single and not known(words[0]) and is_given(stem(words[1])):
        # "Innkomstsamtale Ingolf ...": the first word is an ordinary capitalised word.
        seg, words, at_start = seg[1:], words[1:], False
    start = seg[0][0]
    if len(seg) >= 2:
        return (start, end) if _full_name(words, last, cue, at_start, next_word) else None
    if cue:  # "fru Berg", "datteren Bergljot", "Navn: Kari"
        return start, end
    if given_like(last) and (is_given(last) or not _after_place_preposition(text, start)):
        # a possessive ("Astrids datter") is a name even at the start of a sentence
        if not at_start or last != words[-1] or _given_starts_sentence(text, end, next_word):
            return start, end
    elif last in NAME_WORDS:
        # "med Liv", "Liv sa at ..." but not "Liv er viktig", "Dag 3:"
        if not at_start or next_word in ACTION_VERBS:
            return start, end
    return None


def _placeholder_context(text: str, start: int, end: int) -> bool:
    if _PLACEHOLDER_AFTER.match(text, end) or text[max(0, start - 8) : start].endswith(" og "):
        return True  # "Ola og Kari Nordmann" is the stock pair
    window = text[max(0, start - _PLACEHOLDER_WINDOW) : end + _PLACEHOLDER_WINDOW]
    return bool(_PLACEHOLDER_CONTEXT.search(window))


def find_lower(text: str) -> list[tuple[int, int]]:
    """Full names typed in lower case ("kari hansen")."""
    out = []
    # Surnames are rare: look them up first, and only then the word before.
    for m in _LOWER_WORD.finditer(text):
        if m.group() not in _LOWER_SURNAMES:
            continue
        s, e = m.span()
        if (s and (text[s - 1].isalpha() or text[s - 1] in "-@.")) or (
            e < len(text) and (text[e].isalnum() or text[e] in "@-")
        ):
            continue
        prev = _PREV_LOWER.search(text, max(0, s - 40), s)
        if prev is None:
            continue
        first = prev.group(1)
        if first in _LOWER_GIVEN and first not in _COMMON_GIVEN and first not in BREAK:
            out.append((prev.start(1), e))
    return out


def _full_name(words: list[str], last: str, cue: str | None, at_start: bool, nxt: str) -> bool:
    if cue or any(known(w) for w in words[:-1]):
        return True
    if at_start and not known(words[0]):
        # "Utreise Kvinesdal ...": telegraphic notes put a place after an ordinary word,
        # so a surname by its shape alone needs a verb after it ("Herborg Mykletun ringte").
        return last in SURNAMES or (is_surname(last) and nxt in VERBS)
    return is_surname(last)


def _after_place_preposition(text: str, start: int) -> bool:
    """ "i Paradis", "på Vigdis...": an unlisted name-shaped word after i/på is a place."""
    return _prev_word(text, start) in (("i", ""), ("på", ""))


def _given_starts_sentence(text: str, end: int, next_word: str) -> bool:
    """At the start of a sentence every word is capitalised: need more than the list."""
    if next_word in VERBS:  # "Valborg sa at ..."
        return True
    following = text[end : end + 2]
    if following.startswith(":") or following == " (":  # "Kari: ...", "Karl (sønn) ..."
        return True
    role = _NEXT_ROLE.match(text, end)  # "Kari, datteren til pasienten, ringte"
    if role and (role.group(1).lower() in ROLES or role.group(1) == "som"):
        return True
    og = _NEXT_GIVEN.match(text, end)  # "Kari og Per kom"
    return bool(og and is_given(og.group(1)))
