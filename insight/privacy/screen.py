"""The privacy screen: every text that enters Innsikt passes screen() before it is stored."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from . import addresses, ages, case_numbers, dates, emails, names, national_id, phones
from .findings import Finding

_DIGIT = re.compile(r"\d")
# When two findings overlap, the more certain kind wins (a checked national id over a
# phone-shaped part of it, an address over the person a street is named after).
_PRIORITY = {
    "national_id": 0,
    "email": 1,
    "birth_date": 2,
    "phone": 3,
    "case_number": 4,
    "address": 5,
    "person_name": 6,
}


class _Spans:
    """Non-overlapping spans kept sorted, so an overlap test is a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[Finding] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, start)
        if i > 0 and self.items[i - 1].end > start:
            return True
        return i < len(self.items) and self.items[i].start < end

    def add(self, f: Finding) -> bool:
        if self.overlaps(f.start, f.end):
            return False
        i = bisect_left(self.starts, f.start)
        self.starts.insert(i, f.start)
        self.items.insert(i, f)
        return True


def _resolve(found: Iterable[Finding]) -> _Spans:
    kept = _Spans()
    for f in sorted(found, key=lambda f: (_PRIORITY[f.kind], f.start, f.start - f.end)):
        kept.add(f)
    return kept


def _analyse(text: str) -> tuple[_Spans, list[dates.DateSpan]]:
    found = [Finding("person_name", s, e) for s, e in names.find(text)]
    date_spans: list[dates.DateSpan] = []
    if _DIGIT.search(text):
        found += [Finding("national_id", s, e) for s, e in national_id.find(text)]
        found += [Finding("phone", s, e) for s, e in phones.find(text)]
        found += [Finding("address", s, e) for s, e in addresses.find(text)]
        found += [Finding("case_number", s, e) for s, e in case_numbers.find(text)]
        name_ends = {f.end for f in found if f.kind == "person_name"}
        date_spans = dates.find(text, name_ends)
        found += [Finding("birth_date", d.start, d.end) for d in date_spans if d.birth]
    if emails.might_contain(text):
        found += [Finding("email", s, e) for s, e in emails.find(text)]
    return _resolve(found), date_spans


def screen(text: str) -> list[Finding]:
    """Blocking findings (see KINDS), sorted by start and non-overlapping."""
    if not text:
        return []
    return _analyse(text)[0].items


def warnings(text: str) -> list[Finding]:
    """Quasi-identifiers that only warn: exact ages of 90+ and exact non-birth dates."""
    if not text or not _DIGIT.search(text):
        return []
    blocking, date_spans = _analyse(text)
    found = [Finding("exact_age", s, e) for s, e in ages.find(text)]
    found += [Finding("exact_date", d.start, d.end) for d in date_spans if not d.birth]
    # Longest first: "92 år" is found by two patterns; blocking findings take precedence.
    kept = _Spans()
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if not blocking.overlaps(f.start, f.end):
            kept.add(f)
    return kept.items
