"""Case and journal numbers (optional kind): "saksnr. 2025/82088", "journalnr 21/8618"."""

from __future__ import annotations

import re
from collections.abc import Iterator

_CUED = re.compile(
    r"(?=[sjadlvrSJADLVR])\b(?:saks?nr|saksnummer|sak\s+nr|journalnr|journalnummer|jnr|j\.nr|arkivsaksnr|"
    r"arkivsak|arkivnr|dokumentnr|løpenr|vår\s+ref|deres\s+ref|ref|referanse)\.?[ ]{0,3}"
    r"(?:nr\.?[ ]{0,3})?[:.]?[ ]{0,3}(\d{2,4}/\d{1,7}(?:-\d{1,4})?)(?![\d/])",
    re.IGNORECASE,
)
# A year/sequence pair is the archive's format even without a lead word.
# "2019/2020" (a season) is not one.
_BARE = re.compile(
    r"(?=\d)(?<![\d/.,-])((?:19|20)\d{2}/(?!(?:19|20)\d{2}\b)\d{3,7}(?:-\d{1,4})?)(?![\d/])"
)


def find(text: str) -> Iterator[tuple[int, int]]:
    if "/" not in text:
        return
    for rx in (_CUED, _BARE):
        for m in rx.finditer(text):
            yield m.start(1), m.end(1)
