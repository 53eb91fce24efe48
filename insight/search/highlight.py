"""Snippets (the best window of a text, HTML-escaped, <mark> around words that matched), the
words that matched, and phrase checks.

Shared by all backends and run only for the hits on the page shown, so cost does not grow with
the number of matches.
"""

from __future__ import annotations

import re
from html import escape

from insight.search.analysis import Analyzer, Token, words

WINDOW = 32  # words in a snippet
_SENTENCE = re.compile(r"[.!?…«»\"“”:;]")


def readable_part(text: str) -> str:
    """The text without the vocabulary labels indexing appends as its last paragraph
    ("Rehabilitering · Rehabilitation · …"): they let an English query find Norwegian text,
    but a reader's snippet shows the matched text, never a list of labels."""
    head, separator, last = text.rpartition("\n\n")
    if separator and " · " in last and not _SENTENCE.search(last) \
            and all(len(item.split()) <= 5 for item in last.split(" · ")):
        return head
    return text


def snippet(text: str, keys: set[str], analyzer: Analyzer, window: int = WINDOW) -> str:
    text = readable_part(text)
    toks = analyzer.tokens(text)
    hits = [t for t in toks if t.key in keys or any(p in keys for p in t.parts)]
    if not toks:
        return escape(text[:200])
    # Choose the window (in word positions) that holds the most distinct matched keys.
    best_start, best_score = 0, -1
    for h in hits or toks[:1]:
        start = max(0, h.pos - 4)
        inside = {t.key for t in hits if start <= t.pos < start + window}
        if len(inside) > best_score:
            best_start, best_score = start, len(inside)
    spans = [(m.start(), m.end()) for m in words(text)]
    lo = min(best_start, max(0, len(spans) - window))
    hi = min(len(spans), lo + window)
    begin = spans[lo][0] if lo < len(spans) else 0
    # the last window keeps the text's closing punctuation rather than promising more with "…"
    end = spans[hi - 1][1] if 0 < hi < len(spans) else len(text)
    marks = [(t.start, t.end) for t in hits if begin <= t.start and t.end <= end]
    out, cur = [], begin
    for s, e in marks:
        out.append(escape(text[cur:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cur = e
    out.append(escape(text[cur:end]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text.rstrip()) else ""
    return prefix + "".join(out).strip() + suffix



def matched_words(text: str, keys: set[str], analyzer: Analyzer, limit: int = 20) -> list[str]:
    """The distinct words of `text` that matched (lowercase, in order of first occurrence)."""
    out: dict[str, None] = {}
    for t in analyzer.tokens(text):
        if t.key in keys or any(p in keys for p in t.parts):
            out.setdefault(t.word, None)
            if len(out) >= limit:
                break
    return list(out)


def has_phrase(toks: list[Token], phrase: tuple[str, ...], gaps: tuple[int, ...],
               forms: tuple[frozenset[str], ...] = (),
               joined: tuple[tuple[str, str, str], ...] = ()) -> bool:
    """Whether the words of `phrase` occur in order, `gaps` positions apart (stop words count).

    Each position may hold any of its `forms` (the key and the inflected forms Snowball stems
    apart: `"trygt hjem"` is also found as "trygg hjem"), still adjacent as typed. A compound
    counts as its parts written apart, so `"kald mat"` is also found in "kaldmaten": its parts
    are adjacent by construction (`joined`: the compounds of two phrase words the planner found,
    as (compound, first, second), for compounds the splitter does not split).
    """
    forms = forms or tuple(frozenset((k,)) for k in phrase)
    if _phrase_in(toks, forms, gaps, lambda t: (t.key,)):
        return True
    parts = {c: (a, b) for c, a, b in joined}  # compounds of two phrase words (planned)
    if not parts and not any(len(t.parts) > 1 for t in toks):
        return False
    return _phrase_in(toks, forms, gaps,
                      lambda t: parts.get(t.key) or (t.parts if len(t.parts) > 1 else (t.key,)))


def _phrase_in(toks: list[Token], forms: tuple[frozenset[str], ...], gaps: tuple[int, ...],
               units) -> bool:
    """The phrase over the text read as `units` (a token's key, or a compound's parts, each
    part one position further, later words shifted to make room)."""
    at: dict[str, set[int]] = {}
    shift = 0
    for t in toks:
        for i, k in enumerate(units(t)):
            at.setdefault(k, set()).add(t.pos + shift + i)
        shift += len(units(t)) - 1
    starts = {p for k in forms[0] for p in at.get(k, ())}
    off = 0
    for g, ks in zip(gaps, forms[1:], strict=True):
        off += g
        starts &= {p - off for k in ks for p in at.get(k, ())}
        if not starts:
            return False
    return bool(starts)
