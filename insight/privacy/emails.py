"""E-mail addresses, including the common "(at)" / "[at]" spellings."""

from __future__ import annotations

import re
from collections.abc import Iterator

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]*\w(?:@|\s?[(\[]at[)\]]\s?)[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])",
    re.IGNORECASE,
)


def might_contain(text: str) -> bool:
    return "@" in text or "at)" in text or "at]" in text


def find(text: str) -> Iterator[tuple[int, int]]:
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end()
