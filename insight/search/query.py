"""Query planning: user text → weighted clauses that every backend compiles the same way.

A clause is one concept of the query; a document scores the best of a clause's alternatives
(exact key, compound part, synonym, typo correction), and clause scores add up, so documents
that match more concepts of a question rank higher.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from insight.search.analysis import (
    PARTICLE_KEYS,
    QUESTION_KEYS,
    STOP_KEYS,
    Analyzer,
    bokmal_forms,
    derivations,
    fold,
    inflections,
    key,
    words,
)
from insight.search.thesaurus import Thesaurus, english_key
from insight.search.vocabulary import Vocabulary, unlinked_rest

W_PART = 0.7  # a part of a compound query word (hjemreiseplan → plan)
W_PART_MEMBERS = 4  # other compounds of such a part (the commonest), at W_PART × W_PART
W_SYNONYM = 0.6
W_TRANSLATION = 0.9  # the translation of a word the index does not know (an English word)
W_DERIVED = 0.7  # the verb of an action noun or the reverse (forklaring → forklare)
W_INFLECTED = 0.9  # a form Snowball stems apart (travelt → travel, glemte → glemt)
W_TYPO = 0.8  # a correction of a word the index does not know
W_FUZZY = 0.3  # a near word of a word the index does know
FUZZY_RATIO = 1  # ... if that near word is in more documents than the word itself
RARE = 2  # only a word in this few documents is looked at as a possible misspelling
W_PHRASE = 2.0
# A concept's label (the document is tagged with it) relative to a synonym in the text; an
# everyday phrase that names a concept ("kommer hjem fra sykehuset") reaches it more surely.
W_CONCEPT = 0.5
W_CONCEPT_PHRASE = 0.8
W_DESCRIBED = 0.3  # a word of a concept's description, for words the index lacks (× synonym)
QUOTED = re.compile(r'"([^"]*)"?')
AND = "&"  # joins the keys of a conjunctive alternative (never part of a key)


@dataclass
class Clause:
    alts: dict[str, float]  # key → weight
    phrase: tuple[str, ...] = ()  # keys that must be adjacent (a quoted phrase)
    gaps: tuple[int, ...] = ()  # distance to the next phrase key (stop words leave gaps)
    forms: tuple[frozenset[str], ...] = ()  # keys each phrase position may hold (inflections)
    joined: tuple[tuple[str, str, str], ...] = ()  # compounds of neighbouring phrase words
    weight: float = 1.0
    group: int = -1  # clauses from the parts of one compound word share a group (and IDF)
    feedback: bool = False  # added from the best hits' themes, not typed by the user

    def add(self, k: str, w: float) -> None:
        if w > self.alts.get(k, 0.0):
            self.alts[k] = w


@dataclass
class QueryPlan:
    clauses: list[Clause] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the user's words, for "did you mean"

    @property
    def empty(self) -> bool:
        return not self.clauses

    def keys(self) -> set[str]:
        """Every alternative (conjunctions included, as one key each)."""
        return {k for c in self.clauses for k in c.alts}

    def words_keys(self) -> set[str]:
        """Every single key: conjunctions split into theirs."""
        return {p for k in self.keys() for p in k.split(AND)}


class Planner:
    def __init__(self, analyzer: Analyzer, thesaurus: Thesaurus) -> None:
        self.analyzer = analyzer
        self.thesaurus = thesaurus
        self._groups = itertools.count()

    def plan(self, text: str, vocab: Vocabulary) -> QueryPlan:
        plan = QueryPlan()
        phrases = [p for p in QUOTED.findall(text) if p.strip()]
        rest = QUOTED.sub(" ", text)
        all_words = [m.group() for m in words(text)]
        plan.words = all_words
        stop = QUESTION_KEYS if len(all_words) >= 3 else STOP_KEYS
        for phrase in phrases:
            toks = self.analyzer.tokens(phrase)
            if len(toks) > 1:
                gaps = tuple(b.pos - a.pos for a, b in zip(toks, toks[1:], strict=False))
                keys = tuple(t.key for t in toks)
                plan.clauses.append(Clause({}, phrase=keys, gaps=gaps,
                                           forms=tuple(self._forms(t.word, vocab) for t in toks),
                                           joined=self._joined(keys, gaps, vocab),
                                           weight=W_PHRASE))
            self._add_words([m.group() for m in words(phrase)], STOP_KEYS, vocab, plan)
        self._add_words([m.group() for m in words(rest)], stop, vocab, plan)
        if not plan.clauses and all_words:  # a query of stop words only: search them anyway
            self._add_words(all_words, frozenset(), vocab, plan)
        for c in plan.clauses:
            self._apart(c, vocab)
        return plan

    def _apart(self, c: Clause, vocab: Vocabulary) -> None:
        """An expansion the texts never use whole (`pain relief` → smertelindring, `staff
        shortage` → underbemanning) may be written apart: its parts, each in a form the index
        has (smerter … lindrende), together in one text, as a part of the query word. A word
        that is no compound may be used in another form (`lindring` → lindrende)."""
        for k, w in list(c.alts.items()):
            if AND in k or k in vocab or w < W_PART:
                continue
            parts = self.analyzer.lexicon.split(k)
            known = [self._known_form(p, vocab) for p in parts]
            if len(known) >= 2 and all(known):
                c.add(conjunction(tuple(known)), w * W_PART)  # type: ignore[arg-type]
            elif not parts and (form := self._known_form(k, vocab)):
                c.add(form, w * W_DERIVED)  # lindring → lindrende

    @staticmethod
    def _known_form(p: str, vocab: Vocabulary) -> str | None:
        """The key itself if the index has it, else an inflected or derived form it has."""
        if p in vocab:
            return p
        for d in (*inflections(p), *derivations(p)):
            dk = key(d)
            if dk in vocab:
                return dk
        return None

    @staticmethod
    def _forms(w: str, vocab: Vocabulary) -> frozenset[str]:
        """The keys a word of a quoted phrase may have in the text: its own and the inflected
        forms Snowball stems apart (`trygg` ↔ trygt, `glemte` ↔ glemt) that the index has."""
        k = key(w)
        return frozenset({k} | {dk for d in inflections(w) if (dk := key(d)) in vocab})

    @staticmethod
    def _joined(keys: tuple[str, ...], gaps: tuple[int, ...],
                vocab: Vocabulary) -> tuple[tuple[str, str, str], ...]:
        """Indexed compounds of two neighbouring words of a phrase, as (compound, first, second)
        (`"natt vakt"` → nattevakten): the phrase written as one word, adjacent by construction.
        The compound is the first word (a linking -s- or -e- may follow) and a form of the second.
        """
        out = []
        for (a, b), g in zip(itertools.pairwise(keys), gaps, strict=True):
            if g != 1 or len(a) < 3:
                continue
            for c in vocab.compounds(key, a, short=True):
                s = fold(vocab.word(c))
                if s.startswith(a) and any(key(r) == b for r in unlinked_rest(s[len(a):])):
                    out.append((c, a, b))
        return tuple(out)

    def _add_words(self, ws: list[str], stop: frozenset[str], vocab: Vocabulary,
                   plan: QueryPlan) -> None:
        # Particles (ut, inn, på, …) stay for the thesaurus's phrases (`skrevet ut`); one that
        # no phrase takes is dropped like any stop word.
        ws = [w for w in ws if fold(w) not in stop or fold(w) in PARTICLE_KEYS]
        keys = [fold(w) if fold(w) in PARTICLE_KEYS else key(w) for w in ws]
        en = [english_key(w) for w in ws]
        i = 0
        while i < len(ws):
            if fold(ws[i]) in PARTICLE_KEYS and fold(ws[i]) in stop:
                n = self._phrase_at(keys, en, i, plan)
                i += n or 1
                continue
            n = self._phrase_at(keys, en, i, plan)
            if n:
                i += n
            else:
                plan.clauses.extend(self._word_clauses(ws[i], vocab))
                i += 1

    def _phrase_at(self, keys: list[str], en: list[str], i: int, plan: QueryPlan) -> int:
        """The longest thesaurus phrase at `i` ("weight loss", "skrevet ut") as one clause;
        returns how many words it took (0: none)."""
        for n in range(min(self.thesaurus.max_words, len(keys) - i), 1, -1):
            nb, english = tuple(keys[i:i + n]), tuple(en[i:i + n])
            syns = self.thesaurus.lookup(nb, english)
            concepts = self.thesaurus.concepts(nb, english)
            if syns or concepts:
                clause = Clause({})
                for k in nb:
                    if k not in PARTICLE_KEYS:
                        clause.add(k, 0.5)
                for s in syns:
                    self._add_synonym(clause, s, 1.0)
                for s in concepts:
                    self._add_synonym(clause, s, W_CONCEPT_PHRASE)
                plan.clauses.append(clause)
                return n
        return 0

    def _word_clauses(self, w: str, vocab: Vocabulary) -> list[Clause]:
        k = key(w)
        base = Clause({k: 1.0})
        # A word the index does not know may be English: its translation stands for it.
        # A word the corpus never uses may still be a word of a concept's description.
        self._synonyms(base, k, W_SYNONYM if k in vocab else W_TRANSLATION, english_key(w),
                       described=k not in vocab)
        parts = self.analyzer.lexicon.split(w)
        part_weight = W_PART
        # A word the thesaurus knows is a word of the language, not a misspelling (`pappa`
        # has its synonym `far`; correcting it to `mappe` would only add noise).
        if k not in vocab:
            # A Nynorsk word the index lacks: its Bokmål form (sjukeheim → sykehjem).
            for b in bokmal_forms(w):
                bk = key(b)
                if bk != k and bk in vocab:
                    base.add(bk, W_TRANSLATION)
                    self._synonyms(base, bk, W_TRANSLATION * W_SYNONYM)
            known = len(base.alts) > 1
            for near, _ in () if known else vocab.corrections(w, key=key):
                base.add(near, W_TYPO)
                self._synonyms(base, near, W_TYPO * W_SYNONYM)
                if not parts:  # a misspelt compound: split its correction
                    parts = self.analyzer.lexicon.split(vocab.word(near))
                    part_weight = W_PART * W_TYPO
        elif len(w) >= 6 and vocab.df[k] <= RARE:
            # A known but rare key may still be a misspelling (`ensomhett` stems apart from
            # `ensomhet`): a much commoner word spelt alike joins, weakly unless only a doubled
            # letter differs.
            for near, dist in vocab.corrections(w, limit=2, key=key):
                if near != k and vocab.df[near] > FUZZY_RATIO * vocab.df[k]:
                    base.add(near, W_TYPO if dist < 1 else W_FUZZY)
        # Its forms that Snowball stems apart (travelt → travel, glemmer → glemt).
        for d in inflections(w):
            dk = key(d)
            if dk != k and dk in vocab:
                base.add(dk, W_INFLECTED)
        # Its verb or action noun (forklare ↔ forklaring, informert ↔ informasjon).
        for d in derivations(w):
            dk = key(d)
            if dk != k and dk in vocab:
                base.add(dk, W_DERIVED)
        # The word as a part of indexed compounds (seng → sengesensor, sengealarmen).
        for c in vocab.compounds(key, k, short=k in self.analyzer.lexicon.short):
            base.add(c, W_PART)
        if not parts:
            return [base]
        # One clause per part, each also satisfied by the whole word: a soft AND of the parts.
        clauses = []
        group = next(self._groups)
        for p in parts:
            c = Clause(dict(base.alts), weight=1.0 / len(parts), group=group)
            c.add(p, part_weight)
            self._synonyms(c, p, part_weight * W_SYNONYM)
            self._part_forms(c, p, part_weight, vocab)
            clauses.append(c)
        return clauses

    def _part_forms(self, c: Clause, p: str, weight: float, vocab: Vocabulary) -> None:
        """A part of a compound query word as the texts may write it apart: inflected or
        derived (`plan` → planlegge), in other compounds (`plan` → behandlingsplanen), or,
        itself a compound, as its own parts in one text (`hjemreise` → reise … hjem)."""
        w = vocab.word(p)
        if p in vocab:
            for d in (*inflections(w), *derivations(w)):
                dk = key(d)
                if dk != p and dk in vocab:
                    c.add(dk, weight * W_DERIVED)
            short = p in self.analyzer.lexicon.short
            for k in vocab.compounds(key, p, short=short)[:W_PART_MEMBERS]:
                c.add(k, weight * W_PART)
        # A part the splitter knows from the thesaurus but the texts never use whole
        # (`smertelindring`) is still found through its own parts (smerte … lindring).
        sub = self.analyzer.lexicon.split(w)
        if len(sub) >= 2 and all(s in vocab for s in sub):
            c.add(conjunction(sub), weight * W_PART)

    def _synonyms(self, clause: Clause, k: str, weight: float, english: str = "",
                  described: bool = False) -> None:
        en = (english,) if english else ()
        for syn in self.thesaurus.lookup((k,), en):
            self._add_synonym(clause, syn, weight)
        for syn in self.thesaurus.concepts((k,), en):
            self._add_synonym(clause, syn, weight * W_CONCEPT)
        if described:
            for syn in self.thesaurus.described((k,), en):
                self._add_synonym(clause, syn, weight * W_DESCRIBED)

    @staticmethod
    def _add_synonym(clause: Clause, syn: tuple[str, ...], weight: float) -> None:
        """A synonym of several words counts only where all its words occur."""
        clause.add(conjunction(syn), weight)


def conjunction(keys: tuple[str, ...]) -> str:
    """One alternative for a synonym of several words: documents that hold all of them.

    Split into separate alternatives, "gått ned i vekt" would find every text with `gå`.
    """
    return AND.join(dict.fromkeys(keys))


def conjunction_parts(k: str) -> list[str]:
    return k.split(AND)
