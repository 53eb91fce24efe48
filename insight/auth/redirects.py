"""Where to send someone after logging in or choosing a language: only back into this site.

Browsers drop tabs and newlines anywhere in a URL and read a backslash as a slash, so
`/\t/evil.example` and `/\\evil.example` both mean `//evil.example`, another site. The target
is normalised the way a browser would read it, then accepted only as a path on this site.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# What a browser removes before parsing (WHATWG URL: ASCII tab or newline).
_BROWSER_STRIPPED = re.compile(r"[\t\n\r]")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def safe_next(target: str | None) -> str | None:
    """`target` when it is a same-site path (e.g. `/observations?page=2`), else None."""
    if not target:
        return None
    cleaned = _BROWSER_STRIPPED.sub("", target)
    if _CONTROL_OR_SPACE.search(cleaned) or "\\" in cleaned:
        return None
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return None
    return cleaned
