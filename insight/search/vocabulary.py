"""The index's vocabulary: document frequency per key and the commonest surface word per key.

Backends build it from what they have indexed; query planning uses it for typo tolerance,
compound learning and "did you mean".

Spelling correction works on words, not on stems: a misspelt word often stems to something
short and odd (`demmens` → `demm`, `utrese` → `utr`), while its spelling is one edit from an
indexed word (`demens`, `utreise`). Words are compared folded (æøå, aa, oe) with Damerau edits
(a swap of neighbours is one edit), the number of edits allowed grows with the word's length,
and a doubled or undoubled letter (`trygghett`, `ergoterapeutt`) costs half an edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from insight.search.lexicon import STOP_WORDS

_DOUBLE = re.compile(r"(.)\1+")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "è": "e", "ü": "u", "ä": "ae",
                       "ö": "o", "ó": "o", "à": "a"})


def spelling(word: str) -> str:
    """A word folded for spelling comparison: æøå and aa/oe alike."""
    return word.lower().translate(_FOLD).replace("aa", "a").replace("oe", "o")


_STOP = frozenset(spelling(w) for w in STOP_WORDS)  # function words: never a compound's part


def squeeze(word: str) -> str:
    """Doubled letters made single: `trygghett` and `trygghet` meet."""
    return _DOUBLE.sub(r"\1", word)


def max_edits(length: int) -> int:
    """Edits tolerated in a word of `length` letters (as in common spell checkers' rules)."""
    if length < 4:
        return 0
    return 1 if length <= 7 else 2


def surface_word(words: Iterable[str]) -> str:
    """The word shown for a key among the forms the index holds: the shortest, then the first
    in code-point order (a rule, unlike "the commonest", that no order of indexing changes)."""
    return min(words, key=lambda w: (len(w), w))


class Vocabulary:
    def __init__(self, df: Mapping[str, int], surface: Mapping[str, str] | None = None) -> None:
        self.df = dict(df)
        self.surface = dict(surface or {})
        self._keys = list(self.df)
        self._spelt: list[str] | None = None  # folded surface word per key, built on first use
        self._squeezed: dict[str, list[str]] = {}
        self._compounds: dict[str, list[str]] = {}

    def __contains__(self, key: str) -> bool:
        return self.df.get(key, 0) > 0

    def near(self, key: str, max_edits: int = 1, limit: int = 4) -> list[str]:
        """Known keys within `max_edits` (Damerau: a swap is one edit), commonest first."""
        if len(key) < 5:
            return []
        found = process.extract(
            key, self._keys, scorer=OSA.distance, score_cutoff=max_edits, limit=50
        )
        keys = [k for k, dist, _ in found if 0 < dist <= max_edits]
        return sorted(keys, key=lambda k: -self.df[k])[:limit]

    def _spelling_index(self) -> list[str]:
        if self._spelt is None:
            self._spelt = [spelling(self.word(k)) for k in self._keys]
            for k, s in zip(self._keys, self._spelt, strict=True):
                self._squeezed.setdefault(squeeze(s), []).append(k)
        return self._spelt

    def corrections(self, word: str, limit: int = 4, extra: int = 0,
                    key: Callable[[str], str] | None = None) -> list[tuple[str, float]]:
        """Keys of indexed words spelt like `word`: (key, edits), closest then commonest first.

        `extra` widens the allowed distance (for "did you mean" when nothing matched at all);
        `key` (the analyser's) lets stems be compared too.
        """
        w = spelling(word)
        allowed = max_edits(len(w)) + (extra if len(w) >= 4 else 0)
        if not allowed:
            return []
        spelt = self._spelling_index()
        found: dict[str, float] = {}
        for k in self._squeezed.get(squeeze(w), ()):
            if spelling(self.word(k)) != w:
                found[k] = 0.5
        # Only the commonest word of a key is stored, so also look at stems: a doubled letter
        # undone anywhere (`ensomhett` → `ensomhet` → key `ensom`), and the key's own spelling.
        if key is not None:
            own = key(word)
            for i in range(1, len(word)):
                if word[i] == word[i - 1]:
                    k = key(word[:i] + word[i + 1:])
                    if k != own and k in self:
                        found.setdefault(k, 0.5)
            if len(own) >= 5:
                for k, dist, _ in process.extract(own, self._keys, scorer=OSA.distance,
                                                  score_cutoff=allowed, limit=50):
                    if 0 < dist and (k not in found or dist < found[k]):
                        found[k] = float(dist)
        for _, dist, i in process.extract(w, spelt, scorer=OSA.distance, score_cutoff=allowed,
                                          limit=50):
            k = self._keys[i]
            if 0 < dist and (k not in found or dist < found[k]):
                found[k] = float(dist)
        if not found:
            return []
        best = min(found.values())  # the closest spellings only, as a spell checker offers
        ranked = sorted(((k, d) for k, d in found.items() if d <= best),
                        key=lambda kv: (kv[1], -self.df[kv[0]]))
        return ranked[:limit]

    def compounds(self, key: Callable[[str], str], k: str, limit: int = 40,
                  short: bool = False) -> list[str]:
        """Keys of indexed compounds that have the key `k` as head or modifier.

        Learned from the index itself: a word counts if it starts with `k` (a linking s or e
        may follow) and the rest is an indexed word or six letters or more, or if it ends with
        a form of `k` after such a word (`seng` → `sengesensor`, `sengealarmen`;
        `vakt` → `nattevakten`). Derivational endings (-ing, -ende, -het) are too short to
        pass for words, so `mest` does not find `mestring`. A three-letter word (`short`: one
        the splitter trusts as a part, `mat`, `bad`, `rom`) finds only compounds whose other
        part is an indexed word (`matlyst`, `baderom`), never on length alone (`matematikk`).
        Other three-letter words are too ambiguous once folded (`mal` would find `måltid`).
        """
        if len(k) < (3 if short else 4):
            return []
        long_part = 99 if len(k) < 4 else 6
        hit = self._compounds.get(k)
        if hit is not None:
            return hit
        spelt = self._spelling_index()
        found: list[tuple[int, str]] = []
        for c, s in zip(self._keys, spelt, strict=True):
            if c == k or len(s) < len(k) + 3 or k not in s:
                continue
            i = s.find(k)
            ok = False
            if i == 0:
                rest = s[len(k):]
                # A known word, or long enough to be one: derivational endings are short.
                ok = any(len(r) >= long_part or (len(r) >= 3 and key(r) in self)
                         for r in unlinked_rest(rest))
            else:
                while i > 0 and not ok:
                    ok = key(s[i:]) == k and any(
                        len(h) >= long_part or (len(h) >= 3 and (h in self or key(h) in self))
                        for h in _unlinked_head(s[:i]))
                    i = s.find(k, i + 1)
            if ok:
                found.append((self.df[c], c))
        hit = [c for _, c in sorted(found, reverse=True)[:limit]]
        self._compounds[k] = hit
        return hit

    def word(self, key: str) -> str:
        return self.surface.get(key, key)


def unlinked_rest(rest: str) -> list[str]:
    """The second part of a compound without or with a linking letter (`s` + `kontor`).
    A function word is never a part: `skjermen` is not `skjer` + `men`."""
    return [r for r in [rest] + ([rest[1:]] if rest[:1] in ("s", "e") else [])
            if spelling(r) not in _STOP]


def _unlinked_head(head: str) -> list[str]:
    """The first part of a compound without or with its linking letter (`natt` + `e`)."""
    return [h for h in [head] + ([head[:-1]] if head[-1:] in ("s", "e") else [])
            if spelling(h) not in _STOP]
