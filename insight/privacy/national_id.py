"""Norwegian national identity numbers: fødselsnummer, D-number and H-number."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2

# DDMMYY + 5 digits, optionally one space, dot or hyphen after the date part; not part of
# a longer digit run (order and article numbers).
_CANDIDATE = re.compile(r"(?=\d)(?<!\d)(?<!\d[ .-])(\d{6})[ .-]?(\d{5})(?!\d)(?![.,/-]\d)")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_valid(digits: str) -> bool:
    """Both mod-11 control digits right and a plausible day/month (D: day+40, H: month+40).

    stdnum's own is_valid also rejects numbers whose century cannot be derived from the
    individual number; a screen should still block those, so only its check digits are used.
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    # calc_check_digit* returns "10" for remainder 10, which never equals one digit.
    if calc_check_digit1(digits[:9]) != digits[9] or calc_check_digit2(digits[:10]) != digits[10]:
        return False
    day, month = int(digits[:2]), int(digits[2:4])
    if day > 40:
        day -= 40
    if month > 40:
        month -= 40
    return 1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]


_GATE = re.compile(r"\d{6}")
# An identity cue right before an 11-digit number makes it a national id even when a control
# digit is wrong: a mistyped number still points at (almost) one person.
_CUE_BEFORE = re.compile(
    r"(?:fødsels-?\s?(?:og\s)?(?:person)?n(?:umme)?r\w*|person-?n(?:umme)?r\w*|p\.?nr|"
    r"f\.\s?nr|fnr|d-n(?:umme)?r\w*|h-n(?:umme)?r\w*|identitetsn(?:umme)?r\w*|"
    r"(?:pasient|person|bruker)-?id|id-?n(?:umme)?r|national id\w*|ssn)"
    r"\.?\s*(?:[:=(]|er|var|lik)?\s*(?:\w+\s){0,2}?[:=(]?\s*$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(r"\s*\(?(?:fnr|f\.\s?nr|fødselsnummer|personnummer)\b", re.IGNORECASE)


def _cued(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 40) : start]
    return bool(_CUE_BEFORE.search(before) or _CUE_AFTER.match(text, end))


def find(text: str) -> Iterator[tuple[int, int]]:
    if not _GATE.search(text):
        return
    for m in _CANDIDATE.finditer(text):
        if is_valid(m.group(1) + m.group(2)) or _cued(text, m.start(), m.end()):
            yield m.start(), m.end()
