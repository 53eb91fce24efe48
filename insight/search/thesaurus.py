"""Synonyms applied at query time, so that editing the thesaurus never needs a reindex.

The format is the common Solr/Elasticsearch one, one rule per line:
    a, b, c        words that mean the same (each finds the others)
    a => b, c      a query for `a` also finds `b` and `c` (narrower or translated terms)
Blank lines and lines starting with `#` are ignored; an indented line continues the one
above. Entries may be several words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import snowballstemmer

from insight.search.analysis import PARTICLE_KEYS, STOP_KEYS, fold, key, words
from insight.search.thesaurus_care import CARE_SYNONYMS
from insight.search.thesaurus_care_en import CARE_ENGLISH
from insight.search.thesaurus_seed import DEFAULT_SYNONYMS, ENGLISH_SYNONYMS

_ENGLISH = snowballstemmer.stemmer("english")


def english_key(word: str) -> str:
    """A word's English key (Porter2 stem, folded): `aids` and `aid`, `walking` and `walk` meet."""
    return fold(_ENGLISH.stemWord(word.lower()))


def english_keys(text: str) -> tuple[str, ...]:
    """English keys of a phrase, leaving out the words a Norwegian query leaves out (but not
    the particles of Norwegian particle verbs: `legge inn` must not become `legge`)."""
    return tuple(english_key(m.group()) for m in words(text)
                 if fold(m.group()) not in STOP_KEYS or fold(m.group()) in PARTICLE_KEYS)


def particle_keys(text: str) -> tuple[str, ...]:
    """Norwegian keys of a rule's phrase as the planner matches it: stop words left out except
    the particles of particle verbs (`skrevet ut` → skriv, ut; never the bare verb)."""
    out = []
    for m in words(text):
        f = fold(m.group())
        if f in PARTICLE_KEYS:
            out.append(f)
        elif f not in STOP_KEYS:
            out.append(key(m.group()))
    return tuple(out)


Rules = dict[tuple[str, ...], set[tuple[str, ...]]]


class Thesaurus:
    """Maps an analysed query word to its synonyms (each an analysed phrase: a tuple of keys).

    Every rule's left side is read twice: as Norwegian (Snowball Norwegian keys) and as English
    (Porter2 keys), so an English query word in any inflection (`hearing aids`, `walking`)
    finds its rule. The English reading is only consulted when the Norwegian one has nothing.
    """

    def __init__(self, text: str, analyse: Callable[[str], tuple[str, ...]],
                 concepts: str | None = None, described: str | None = None) -> None:
        self._map = _parse(text, analyse, particle_keys)
        self._map_en = _parse(text, analyse, english_keys)
        # Concept rules lead to a vocabulary label: documents *tagged* with the concept, a weaker
        # sign than a synonym in the text, so they are kept apart and weighed lower. `concepts`:
        # the rules of the vocabularies in the database (None: the defaults).
        if concepts is None:
            concepts = concept_thesaurus_text()
        self._concepts = _parse(concepts, analyse, particle_keys)
        self._concepts_en = _parse(concepts, analyse, english_keys)
        # A word of one concept's description only (`pause` of respite care) leads to it too,
        # weaker than a synonym: descriptions explain, they do not name. `described`: the rules
        # of the descriptions in the database (`description_rules`; None: the defaults').
        if described is None:
            described = default_description_text()
        self._described = _parse(described, analyse, particle_keys)
        self._described_en = _parse(described, analyse, english_keys)
        self.max_words = max((len(k) for k in (*self._map, *self._concepts, *self._map_en,
                                                *self._concepts_en)), default=1)

    def lookup(self, words: tuple[str, ...], english: tuple[str, ...] = ()
               ) -> set[tuple[str, ...]]:
        """Synonyms of the Norwegian keys `words`, else of the English keys `english`."""
        return self._map.get(words) or self._map_en.get(english, set())

    def concepts(self, words: tuple[str, ...], english: tuple[str, ...] = ()
                 ) -> set[tuple[str, ...]]:
        """Label phrases of the vocabulary concepts that `words` names in everyday words."""
        return self._concepts.get(words) or self._concepts_en.get(english, set())

    def described(self, words: tuple[str, ...], english: tuple[str, ...] = ()
                  ) -> set[tuple[str, ...]]:
        """Label phrases of the one concept whose description holds the word `words`."""
        return self._described.get(words) or self._described_en.get(english, set())


def _parse(text: str, analyse: Callable[[str], tuple[str, ...]],
           analyse_source: Callable[[str], tuple[str, ...]] | None = None) -> Rules:
    out: Rules = defaultdict(set)
    source_keys = analyse_source or analyse
    for line in _rules(text):
        if not line or line.startswith("#"):
            continue
        left, arrow, right = line.partition("=>")
        names = [w for w in left.split(",") if analyse(w)]
        targets = [analyse(w) for w in (right.split(",") if arrow else names)]
        for name in names:
            s, own = source_keys(name), analyse(name)
            if s:
                out[s].update(t for t in targets if t and t != own)
    return out


def _rules(text: str) -> list[str]:
    rules: list[str] = []
    for line in text.splitlines():
        line = line.split("  #", 1)[0].rstrip()  # a rule's source note
        if line[:1].isspace() and line.strip() and rules:
            rules[-1] += " " + line.strip()
        else:
            rules.append(line.strip())
    return rules


def default_thesaurus_text() -> str:
    return DEFAULT_SYNONYMS + CARE_SYNONYMS + ENGLISH_SYNONYMS + CARE_ENGLISH


def concept_thesaurus_text() -> str:
    """Rules from the vocabularies' concepts; they apply whatever the admin's rules say."""
    from insight.search.concepts import concept_rules
    from insight.services.vocabulary import DEFAULT_VOCABULARIES  # data only; no cycle at call time

    return concept_rules(DEFAULT_VOCABULARIES)


DESCRIPTION_MIN = 5  # shorter description words are function words or too general


# A vocabulary term as the description rules read it: (Bokmål label, English label, synonyms,
# Bokmål description, English description).
Term = tuple[str, str, Iterable[str], str, str]


def description_rules(terms: Iterable[Term]) -> str:
    """Rules `word => Bokmål label, English label` for the words of a vocabulary term's
    descriptions (Bokmål and English) only: a word (by its key) that occurs in another term's
    description is ambiguous, and one among any term's labels or synonyms is already a rule."""
    from insight.search.analysis import key

    terms = list(terms)
    owner: dict[str, set[int]] = defaultdict(set)
    named: set[str] = set()  # keys of labels and synonyms: those already lead to a concept
    described: dict[int, set[str]] = defaultdict(set)
    for i, (nb, en, synonyms, desc_nb, desc_en) in enumerate(terms):
        named.update(key(m.group()) for m in words(" ".join((nb, en, *synonyms))))
        described_text = f"{desc_nb} {desc_en}"
        for m in words(described_text):
            w = m.group()
            owner[key(w)].add(i)
            if len(w) >= DESCRIPTION_MIN and fold(w) not in STOP_KEYS and w not in _EN_STOP:
                described[i].add(w)
    lines = []
    for i, ws in described.items():
        nb, en = terms[i][0], terms[i][1]
        target = [t for t in (nb, en) if t and "," not in t]
        unique = sorted(w for w in ws if owner[key(w)] == {i} and key(w) not in named)
        if target and unique:
            lines.append(f"{', '.join(unique)} => {', '.join(target)}")
    return "\n".join(lines) + "\n"


def default_description_text() -> str:
    """Description rules of the default vocabularies (a database without terms uses these)."""
    from insight.search.concepts import CONCEPTS
    from insight.services.vocabulary import DEFAULT_VOCABULARIES

    labels = {(kind, code): (nb, en) for kind, terms in DEFAULT_VOCABULARIES.items()
              for code, nb, en in terms}
    return description_rules(
        (*labels.get(concept_id, ("", "")), concept.synonyms, concept.description_nb,
         concept.description_en) for concept_id, concept in CONCEPTS.items())


description_thesaurus_text = default_description_text  # the name of earlier releases


_EN_STOP = frozenset("""about after before between during other their there these those which
while where being someone something things""".split())
