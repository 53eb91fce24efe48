"""Norwegian analysis shared by every backend, on the index and on the query side.

A word becomes a *key*: Snowball Norwegian stem, æøå folded to ASCII (so `parorende` meets
`pårørende`) and a doubled final consonant undone (`sykehjemm` → `sykehjem`). Compounds are split
into the keys of their parts (`korttidsopphold` → `korttid`, `opphold`) by a `Lexicon` of known
parts and their frequencies (no list of domain parts). Two lexicons exist (see `ranking`): the
fixed one of the index side, learned once from the engine's shipped word lists, and the query
side's, which is the current index vocabulary (replaced, never accumulated, on every new view).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from insight.search.lexicon import (
    ENGLISH_FUNCTION_WORDS,
    FUNCTION_WORDS,
    IRREGULAR_NOUNS,
    IRREGULAR_VERBS,
    NO_SPLIT,
    NOT_HEAD,
    PARTICLES,
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
MIN_SHORT = 3  # a four-letter part is trusted once seen this often


def fold(word: str) -> str:
    """Fold æøå and their ASCII spellings (aa, oe) to one form."""
    return word.translate(_FOLD).replace("aa", "a").replace("oe", "o")


STOP_KEYS = frozenset(fold(w) for w in STOP_WORDS)
QUESTION_KEYS = STOP_KEYS | {fold(w) for w in (*QUESTION_WORDS, *FUNCTION_WORDS,
                                               *ENGLISH_FUNCTION_WORDS)}
PARTICLE_KEYS = frozenset(fold(w) for w in PARTICLES)


LEMMA = {form: line.partition(":")[0]
         for line in (IRREGULAR_VERBS + IRREGULAR_NOUNS).strip().splitlines()
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


# Derivation between verbs and their action nouns (Norsk referansegrammatikk, nominalisering):
# forklare ↔ forklaring, utrede ↔ utredning, informere ↔ informasjon ↔ informert,
# rehabilitere ↔ rehabilitering. Snowball keeps these apart (-ing and -sjon are not inflection).
_NOUN_ENDS = (("asjonene", "ere"), ("asjonen", "ere"), ("asjoner", "ere"), ("asjon", "ere"),
              ("ningene", "e"), ("ningen", "e"), ("ninger", "e"), ("ning", "e"),
              ("ingene", "e"), ("ingen", "e"), ("inger", "e"), ("ing", "e"))
_VERB_ENDS = ("erte", "eres", "erer", "ert", "ere", "ene", "ede", "ete", "te", "de", "et", "es",
              "er", "e")
MIN_ROOT = 4


def derivations(word: str) -> list[str]:
    """Words derived from `word` by the regular verb ↔ action-noun endings (may not exist).

    The caller keeps only those the index knows. `forklare` → forklaring, forklarning;
    `informert` → informering, informasjon; `utredning` → utrede; `mestrer` → mestring.
    """
    w = word.lower()
    for end, verb in _NOUN_ENDS:
        if w.endswith(end) and len(w) - len(end) >= MIN_ROOT:
            root = w[:-len(end)]
            return [root + verb] + ([root + "ert"] if verb == "ere" else [])
    for end in _VERB_ENDS:
        if w.endswith(end) and len(w) - len(end) >= MIN_ROOT:
            root = w[:-len(end)]
            out = [root + "ing", root + "ning"]
            if end.startswith("er") and len(end) > 2 or end == "ert":
                out += [root + "ering", root + "asjon"]
            return out
    return []


def inflections(word: str) -> list[str]:
    """Forms of `word` that Snowball stems apart (may not exist; the caller keeps known ones).

    The neuter -t of adjectives and the past -t/-te of weak verbs (Norsk referansegrammatikk):
    `travelt` → travel, `trygt` → trygg, `glemte` → glemme; and back, `trygg` → trygt,
    `glemme` → glemt, `spise` → spist.
    """
    w = word.lower()
    k = key(w)
    # Not from an -er form: `bruker` is mostly the noun (user), whose key would give `brukt`.
    out = [] if w.endswith(("er", "ere", "erne")) else [k + "t", k + "te"]
    if len(w) >= 5 and w[-1] == "t" and w[-2] not in "aeiouyæøå":
        root = w[:-1]
        out += [root, root + root[-1]]
    elif len(w) >= 6 and w.endswith("te"):
        out.append(w[:-2])
    return out


# Regular Nynorsk → Bokmål correspondences (Nynorskordboka; Norsk referansegrammatikk): a
# Nynorsk word the index lacks is also looked up in its Bokmål form.
_NYNORSK = (("sjuk", "syk"), ("heime", "hjemme"), ("heim", "hjem"), ("tenest", "tjenest"),
            ("heit", "het"), ("leik", "het"), ("leg", "lig"), ("ande", "ende"), ("arane", "erne"),
            ("aren", "eren"), ("ar", "er"))


def bokmal_forms(word: str) -> list[str]:
    """Bokmål forms of a Nynorsk word by the regular correspondences (may not exist):
    `sjukeheim` → sykehjem, `tryggleik` → trygghet, `vanskeleg` → vanskelig, `brukar` →
    bruker, `verdigheit` → verdighet; and `-ing` → `-ning` (`avlasting` → avlastning)."""
    w = word.lower()
    out: list[str] = []
    all_ = w
    for nn, nb in _NYNORSK:
        tail = nn in ("heit", "leik", "leg", "ande", "arane", "aren", "ar")
        if tail and all_.endswith(nn):
            all_ = all_[:-len(nn)] + nb
        elif not tail and nn in all_:
            all_ = all_.replace(nn, nb)
        else:
            continue
        out.append(all_)
    if w.endswith("ing") and not w.endswith("ning"):
        out.append(w[:-3] + "ning")
    return out


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
    """Known compound parts (keys) with their frequencies.

    A compound is split the way Koehn and Knight (2003) split German: into the fewest known
    parts, preferring parts that are common words, and only if the parts are together more
    common (geometric mean of their frequencies) than the whole word standing alone — so
    `sengesensor` splits into `seng` + `sensor`, while `mestring` stays whole. Parts are learned
    from the index: five letters and up from one occurrence, four letters once they have been
    seen MIN_SHORT times (so `seng`, `natt`, `helg` are learned, and a rare `ring` is not);
    three-letter parts only from SHORT_PARTS. What it knows is given whole (`learn` once, or
    `use_keys` with the index's vocabulary): it never grows as a side effect of indexing.
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.short = {key(w) for w in SHORT_PARTS}
        self.no_split = {key(w) for w in NO_SPLIT}
        self.not_head = {key(w) for w in NOT_HEAD}
        self.freq: Counter[str] = Counter()  # key → occurrences (or document frequency)
        self._cache: dict[str, tuple[str, ...]] = {}
        self.learn(words)

    @property
    def keys(self) -> set[str]:
        return {k for k in self.freq if self._known(k)}

    def learn(self, words: Iterable[str]) -> None:
        """Count words (surface forms) as possible compound parts."""
        counted = Counter(key(w) for w in words
                          if len(w) >= 4 and w.isalpha() and not is_stop(w))
        if counted:
            self.freq.update(counted)
            self._cache.clear()

    def use_keys(self, df: Mapping[str, int], base: Lexicon | None = None) -> None:
        """Know exactly the keys of an index vocabulary (key → document frequency), added to
        the counts of `base` (a fixed lexicon): what was known before is forgotten (a deleted
        word is no part)."""
        freq = Counter(base.freq) if base is not None else Counter()
        freq.update({k: n for k, n in df.items()
                     if n > 0 and len(k) >= 4 and k.isalpha() and k not in STOP_KEYS})
        if freq != self.freq:
            self._cache = {}
            self.freq = freq

    def _known(self, k: str) -> bool:
        if k in self.short:
            return True
        n = self.freq.get(k, 0)
        return n >= MIN_SHORT if len(k) == 4 else len(k) >= 5 and n > 0

    def split(self, word: str) -> tuple[str, ...]:
        """Keys of the parts of a compound word, or () if it is not a known compound."""
        hit = self._cache.get(word)
        if hit is None:
            hit = self._split(fold(word)) if MIN_SPLIT <= len(word) <= MAX_SPLIT else ()
            self._cache[word] = hit
        return hit

    def _score(self, parts: tuple[str, ...]) -> float:
        return sum(math.log(self.freq.get(p, 0) + 1) for p in parts) / len(parts)

    def _split(self, w: str) -> tuple[str, ...]:
        whole = key(w)
        if whole in self.no_split:
            return ()
        memo: dict[tuple[int, bool], tuple[str, ...] | None] = {}

        def better(a: tuple[str, ...], b: tuple[str, ...] | None) -> bool:
            if b is None:
                return True
            return (len(a), -self._score(a)) < (len(b), -self._score(b))

        def cover(i: int, whole_ok: bool) -> tuple[str, ...] | None:
            # Fewest known parts covering w[i:], commonest first; only the last may be inflected.
            if (i, whole_ok) in memo:
                return memo[i, whole_ok]
            best: tuple[str, ...] | None = None
            if whole_ok and len(w) - i >= 3 and self._known(key(w[i:])):
                best = (key(w[i:]),)
            for j in range(len(w) - 3, i + 2, -1):
                if best is not None and len(best) <= 2:
                    break  # longest head first: fewer parts cannot be had (keeps indexing fast)
                head = w[i:j]
                hk = head if self._known(head) else key(head)
                if not self._known(hk) or hk in self.not_head:
                    continue
                for link in LINKS:
                    if link and not w.startswith(link, j):
                        continue
                    rest = cover(j + len(link), True)
                    if rest is not None and better((hk, *rest), best):
                        best = (hk, *rest)
            memo[i, whole_ok] = best
            return best

        parts = tuple(dict.fromkeys(cover(0, False) or ()))
        if len(parts) < 2:
            return ()
        # Koehn & Knight: keep the whole word if it is commoner than its parts together.
        if self._score(parts) <= math.log(self.freq.get(whole, 0) + 1):
            return ()
        return parts


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

