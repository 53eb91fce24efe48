"""What both backends share: analysis of documents, query planning, snippets, suggestions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from insight.search import SearchDocument, SearchHit, SearchQuery
from insight.search.analysis import STOP_KEYS, Analyzer, Lexicon, fold, key, words
from insight.search.highlight import snippet
from insight.search.query import Planner, QueryPlan
from insight.search.thesaurus import Thesaurus, default_thesaurus_text
from insight.search.vocabulary import Vocabulary

W_TITLE = 0.5  # extra weight of a title match (the title is also part of the body)
W_PARTS = 0.6  # a match inside a compound (nattevakten for `vakt`) counts less than the word
FEW_RESULTS = 3  # below this, offer "did you mean"


@dataclass
class AnalysedDoc:
    title: list[tuple[str, int]]  # main keys and compound parts, with positions
    body: list[tuple[str, int]]  # main keys
    parts: list[tuple[str, int]]  # compound parts of the body
    surface: Counter[tuple[str, str]]  # (key, lowercase word) → count, for the vocabulary
    facets: list[str]  # "key=value" tokens, "type=…" included


def facet_tokens(doc: SearchDocument) -> list[str]:
    tokens = [f"type={doc.type}"]
    for k, values in doc.facets.items():
        tokens.extend(f"{k}={v}" for v in values)
    return list(dict.fromkeys(tokens))


def split_facet(token: str) -> tuple[str, str]:
    k, _, v = token.partition("=")
    return k, v


class EngineBase:
    def __init__(self, thesaurus: str | None = None) -> None:
        self.lexicon = Lexicon()
        self.analyzer = Analyzer(self.lexicon)
        self.thesaurus = Thesaurus(thesaurus or default_thesaurus_text(), self._phrase_keys)
        self.planner = Planner(self.analyzer, self.thesaurus)

    @staticmethod
    def _phrase_keys(text: str) -> tuple[str, ...]:
        return tuple(key(m.group()) for m in words(text) if fold(m.group()) not in STOP_KEYS)

    def learn(self, docs: list[SearchDocument]) -> None:
        """Teach the compound splitter the words of a batch before analysing it."""
        self.lexicon.learn(m.group() for d in docs for m in words(f"{d.title} {d.body}"))

    def analyse(self, doc: SearchDocument) -> AnalysedDoc:
        title_toks = self.analyzer.tokens(doc.title)
        body_toks = self.analyzer.tokens(doc.body)
        title = [(t.key, t.pos) for t in title_toks]
        title += [(p, t.pos) for t in title_toks for p in t.parts if p != t.key]
        surface = Counter((t.key, t.word) for t in (*title_toks, *body_toks) if t.word.isalpha())
        return AnalysedDoc(
            title=title,
            body=[(t.key, t.pos) for t in body_toks],
            parts=[(p, t.pos) for t in body_toks for p in t.parts if p != t.key],
            surface=surface,
            facets=facet_tokens(doc),
        )

    def plan(self, query: SearchQuery, vocab: Vocabulary) -> QueryPlan:
        return self.planner.plan(query.text, vocab)

    def hit(self, stored: dict, score: float, plan: QueryPlan) -> SearchHit:
        keys = plan.keys()
        return SearchHit(
            doc_id=stored["doc_id"], type=stored["type"], ref=stored["ref"],
            title=stored["title"], snippet=snippet(stored["body"], keys, self.analyzer),
            score=float(score), url=stored["url"],
        )

    def suggestion(self, plan: QueryPlan, vocab: Vocabulary) -> str | None:
        """The query with unknown words replaced by the commonest known word one edit away."""
        changed, out = False, []
        for w in plan.words:
            k = key(w)
            if fold(w) not in STOP_KEYS and k not in vocab:
                near = vocab.near(k, limit=1)
                if near:
                    out.append(vocab.word(near[0]))
                    changed = True
                    continue
            out.append(w)
        return " ".join(out) if changed else None


def allowed_visibility(query: SearchQuery) -> list[str] | None:
    return None if query.visibilities is None else list(query.visibilities)


def chunks(items: Iterable, size: int) -> Iterable[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
