"""Norwegian analysis shared by every backend, on the index and on the query side.

A word becomes a *key*: Snowball Norwegian stem, æøå folded to ASCII (so `parorende` meets
`pårørende`) and a doubled final consonant undone (`sykehjemm` → `sykehjem`). Compounds are split
into the keys of their parts (`korttidsopphold` → `korttid`, `opphold`) with a lexicon of known
parts: the built-in domain words plus every word the index has seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from insight.search.lexicon import (
    DOMAIN_PARTS,
    IRREGULAR_VERBS,
    NO_SPLIT,
    NOT_HEAD,
    QUESTION_WORDS,
    SHORT_PARTS,
    STOP_WORDS,
)

# A word is at most MAX_WORD characters: a longer run is cut into pieces of that length. The
# compound splitter's work grows with the square of a word's length, so an unbroken run of
# 8,000 zeros would otherwise take seconds; no Norwegian word comes near the limit.
MAX_WORD = 40
WORD_RE = re.compile(rf"[^\W\d_]{{1,{MAX_WORD}}}|\d{{1,{MAX_WORD}}}")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "è": "e", "ü": "u", "ä": "ae",
                       "ö": "o", "ó": "o", "à": "a"})
_DOUBLE_END = re.compile(r"([bcdfghjklmnpqrstvwxz])\1$")
_STEMMER = snowballstemmer.stemmer("norwegian")
LINKS = ("", "s", "e")  # linking letters between compound parts: korttid+s+opphold
MIN_SPLIT = 6
MAX_SPLIT = 30  # longer words are not split: the splitter's work grows with length squared


def fold(word: str) -> str:
    """Fold æøå and their ASCII spellings (aa, oe) to one form."""
    return word.translate(_FOLD).replace("aa", "a").replace("oe", "o")


STOP_KEYS = frozenset(fold(w) for w in STOP_WORDS)
QUESTION_KEYS = STOP_KEYS | {fold(w) for w in QUESTION_WORDS}


LEMMA = {form: line.partition(":")[0] for line in IRREGULAR_VERBS.strip().splitlines()
         for form in line.partition(":")[2].split()}


@lru_cache(maxsize=200_000)
def key(word: str) -> str:
    """The index key of one lowercase word."""
    word = LEMMA.get(word, word)
    if len(word) > 6 and word.endswith("erne"):
        word = word[:-2]  # Snowball lacks the -erne plural: brukerne → brukere
    # Stemming twice joins -er nouns with their -ere/-eren forms (bruker, brukere → bruk).
    stem = fold(_STEMMER.stemWord(_STEMMER.stemWord(word)))
    return _DOUBLE_END.sub(r"\1", stem) if len(stem) > 4 else stem


def words(text: str) -> Iterator[re.Match[str]]:
    return WORD_RE.finditer(text.lower())


def is_stop(word: str) -> bool:
    return fold(word) in STOP_KEYS


@dataclass(frozen=True, slots=True)
class Token:
    key: str
    parts: tuple[str, ...]
    pos: int
    start: int
    end: int
    word: str


class Lexicon:
    """Known compound parts (keys); grows with the texts the index has seen."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.short = {key(w) for w in SHORT_PARTS}
        self.no_split = {key(w) for w in NO_SPLIT}
        self.builtin = {key(w) for w in DOMAIN_PARTS} | self.short
        self.not_head = {key(w) for w in NOT_HEAD}
        self.keys: set[str] = set()  # learned; trusted from five letters (not `ring`, `mest`)
        self._cache: dict[str, tuple[str, ...]] = {}
        self.learn(words)

    def learn(self, words: Iterable[str]) -> None:
        """Add words (surface forms) as possible compound parts."""
        before = len(self.keys)
        for w in words:
            if len(w) >= 5 and w.isalpha() and not is_stop(w):
                self.keys.add(key(w))
        if len(self.keys) != before:
            self._cache.clear()

    def learn_keys(self, keys: Iterable[str]) -> None:
        before = len(self.keys)
        self.keys.update(k for k in keys if len(k) >= 5 and k.isalpha() and k not in STOP_KEYS)
        if len(self.keys) != before:
            self._cache.clear()

    def _known(self, k: str) -> bool:
        return k in self.builtin or (len(k) >= 5 and k in self.keys and k not in STOP_KEYS)

    def split(self, word: str) -> tuple[str, ...]:
        """Keys of the parts of a compound word, or () if it is not a known compound."""
        hit = self._cache.get(word)
        if hit is None:
            hit = self._split(fold(word)) if MIN_SPLIT <= len(word) <= MAX_SPLIT else ()
            self._cache[word] = hit
        return hit

    def _split(self, w: str) -> tuple[str, ...]:
        if key(w) in self.no_split:
            return ()
        memo: dict[tuple[int, bool], tuple[str, ...] | None] = {}

        def cover(i: int, whole_ok: bool) -> tuple[str, ...] | None:
            # Fewest known parts covering w[i:]; only the last part may be inflected.
            if (i, whole_ok) in memo:
                return memo[i, whole_ok]
            best: tuple[str, ...] | None = None
            if whole_ok and len(w) - i >= 3 and self._known(key(w[i:])):
                best = (key(w[i:]),)
            else:
                for j in range(len(w) - 3, i + 2, -1):
                    head = w[i:j]
                    hk = head if self._known(head) else key(head)
                    if not self._known(hk) or hk in self.not_head:
                        continue
                    for link in LINKS:
                        if link and not w.startswith(link, j):
                            continue
                        rest = cover(j + len(link), True)
                        if rest is not None and (best is None or len(rest) + 1 < len(best)):
                            best = (hk, *rest)
                    if best is not None and len(best) == 2:
                        break  # longest head first: a two-part split cannot be beaten
            memo[i, whole_ok] = best
            return best

        best = cover(0, False)
        parts = tuple(dict.fromkeys(best or ()))
        return parts if len(parts) > 1 else ()


class Analyzer:
    """Turns text into tokens (key, compound parts, position, offsets)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon()

    def tokens(self, text: str, *, stop: frozenset[str] = STOP_KEYS) -> list[Token]:
        out = []
        for pos, m in enumerate(words(text)):
            w = m.group()
            if fold(w) in stop:
                continue
            out.append(Token(key(w), self.lexicon.split(w), pos, m.start(), m.end(), w))
        return out

