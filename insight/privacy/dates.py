"""Exact dates (day, month, year) and whether the context makes them a date of birth."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

_MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "desember": 12, "des": 12,
}  # fmt: skip
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Patterns start with a (?=\d) look-ahead: it lets the regex engine skip to digits quickly.
_DATE = re.compile(
    r"(?=\d)(?<!\d)(?<!\d[.,/-])(?:"
    # 1938-02-25
    r"(?P<y3>\d{4})-(?P<m3>\d\d)-(?P<d3>\d\d)"
    r"|(?P<d>\d{1,2})(?:"
    # 26.05.41, 17.01.1927, 26-05-1941, 26/05/1941 (one separator kind)
    r"(?P<s>[./-])(?P<m1>\d{1,2})(?P=s)(?P<y1>\d{4}|\d{2})"
    # 24/1-42, 24/1-1942
    r"|/(?P<m2>\d{1,2})-(?P<y2>\d{4}|\d{2})"
    # 26. juni 1939, 26 jun. -39, 3.mai 1937
    rf"|\.?[ ]?(?P<m4>{_MONTH_RX})\b\.?(?:[ ]+[-']?|[ ]*[-'])(?P<y4>\d{{4}}|\d{{2}})"
    r"))(?!\d)(?![.,/-]\d)",
    re.IGNORECASE,
)
# ddmmyy / ddmmyyyy are read as dates only straight after a birth cue.
_COMPACT = re.compile(r"(?=\d)(?<!\d)(?<!\d[.,/-])(\d{2})(\d{2})(\d{4}|\d{2})(?!\d)(?![.,/-]\d)")
# Case-insensitive matching of non-ASCII words is slow: this cheap gate is case-sensitive.
_ANY_CUE = re.compile(
    r"(?=[fFbBdDvVlL])(?:[fF][.:ø]|[fF] \d|[fF]dt|[bB]ursdag|DOB|dob|[dD]ate of birth|[bB]orn|"
    r"[bB]irth|verden|dagens lys|[lL]ivets lys|[fF]yller år)"
)

# Birth cues. A word cue may be followed by a few words before the date ("født den",
# "Fødselsdatoen hennes er"); the abbreviation "f." must stand right before it.
_CUE = re.compile(
    r"(?=[fbdFBDkKsSvV])(?:\b(?P<word>født|fødd|fødde|fødselsdato\w*|fødselsdag\w*|bursdag\w*|"
    r"f\.\s?dato|fdato|fdt|f\.d\.|dob|date of birth|birth ?date|born|"
    r"kom til verden|kommet til verden|så dagens lys|så livets lys|fyller år)(?:\b|(?<=\.))"
    r"|(?<![\w.])f[.:]?(?=[ ]*\d))",
    re.IGNORECASE,
)
_GAP = re.compile(r"[^.!?;\n\d]{0,40}")
_SHORT_GAP = re.compile(r"[ ]*")
# Words between the cue and the date that make it another event's date.
_OTHER_EVENT = re.compile(
    r"\b(?:innlagt|innleggelse\w*|ankom\w*|utskrevet|utskriv\w*|død|døde|dødsdato|vedtak\w*|"
    r"fra|til|hjemreise|operert|innkomst|siden|oppstart|start|slutt)\b",
    re.IGNORECASE,
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class DateSpan(NamedTuple):
    start: int
    end: int
    birth: bool


def _valid(day: int, month: int, year: str) -> bool:
    if not (1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]):
        return False
    return len(year) == 2 or 1880 <= int(year) <= 2099


def _parts(m: re.Match[str]) -> tuple[int, int, str]:
    g = m.group
    if g("y3"):
        return int(g("d3")), int(g("m3")), g("y3")
    if g("y1"):
        return int(g("d")), int(g("m1")), g("y1")
    if g("y2"):
        return int(g("d")), int(g("m2")), g("y2")
    return int(g("d")), _MONTHS[g("m4").lower()], g("y4")


def _after_cue(cues: list[re.Match[str]], text: str, start: int, year: str) -> bool:
    for cue in reversed(cues):  # the nearest cue before the date decides
        if cue.end() <= start:
            gap = text[cue.end() : start]
            word = cue.group("word")
            if not word:
                return bool(_SHORT_GAP.fullmatch(gap))
            if word.lower().startswith(("bursdag", "fødselsdag", "fyller")) and _recent(year):
                return False  # "bursdag 12.03.2025": the party, not the birth
            return bool(_GAP.fullmatch(gap)) and not _OTHER_EVENT.search(gap)
    return False


def _recent(year: str) -> bool:
    return len(year) == 4 and int(year) >= date.today().year - 1


def find(text: str, name_ends: Iterable[int] = ()) -> list[DateSpan]:
    """All exact dates; birth=True after a birth cue or in "(...)" right after a name."""
    ends = set(name_ends)
    cues = list(_CUE.finditer(text)) if _ANY_CUE.search(text) else []
    out: list[DateSpan] = []
    for m in _DATE.finditer(text):
        day, month, year = _parts(m)
        if not _valid(day, month, year):
            continue
        s, e = m.start(), m.end()
        birth = _after_cue(cues, text, s, year) or (
            not _recent(year) and _in_parens_after_name(text, s, e, ends)
        )
        out.append(DateSpan(s, e, birth))
    if cues:
        for m in _COMPACT.finditer(text):
            day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
            if _valid(day, month, year) and _after_cue(cues, text, m.start(), year):
                out.append(DateSpan(m.start(), m.end(), True))
    return out


def _in_parens_after_name(text: str, start: int, end: int, ends: set[int]) -> bool:
    # "Asbjørg Hansen (26.05.41)": a date alone in brackets after a name is a birth date.
    if not ends or text[end : end + 1] != ")":
        return False
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0 or text[i] != "(":
        return False
    i -= 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i + 1 in ends
