"""Exact ages of 90 or more: rare enough to single a resident out, so they warn."""

from __future__ import annotations

import re
from collections.abc import Iterator

_AGE = r"(?P<age>9\d|1[01]\d)"
_WITH_UNIT = re.compile(
    rf"(?<![\d.,/-]){_AGE}(?:[ ]?-?[ ]?åring\w*|-årig\w*|[ ]*års?\b)", re.IGNORECASE
)
# "hun er 93", "fylte 95", "alder: 91" (ranges and "over 90" are not exact and pass).
_AFTER_WORD = re.compile(
    r"\b(?:(?:hun|han|hen|pasienten|beboeren|brukeren|mor|moren|mora|far|faren|bestemor|"
    r"bestefar|vedkommende|som)\s+(?:er|var|ble|blir|har\s+fylt|fylte|fyller)|fylte|fyller|"
    rf"alder|alderen)[ ]{{0,3}}:?[ ]{{0,3}}{_AGE}"
    r"(?![\d.,/-]\d|\d)(?![ ]*(?:%|prosent|kg|cm|mm|grader))",
    re.IGNORECASE,
)


def find(text: str) -> Iterator[tuple[int, int]]:
    for m in _WITH_UNIT.finditer(text):
        yield m.start(), m.end()
    for m in _AFTER_WORD.finditer(text):
        yield m.start("age"), m.end("age")
