"""Cross-validated search quality: ranking constants tuned on some dev queries, scored on others.

The 30 dev queries are split into deterministic folds, stratified by kind (within a kind the
queries are taken in id order and dealt round-robin, continuing where the previous kind
stopped). For each fold, every constant of `insight.search.constants.RANKING` is tuned by one
round of coordinate ascent over a small grid of multiples of its default, maximising mean
nDCG@10 on the other folds; the held-out fold is then scored with the tuned values. A value
must beat the current one by more than MIN_GAIN to be taken, so ties keep the default.

The own query set (bench/own_queries.jsonl + bench/own_qrels.jsonl) is never used for tuning.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from search_quality_raw import ndcg10, recall20

from insight.search import constants

HERE = Path(__file__).resolve().parent
GRID = (0.0, 0.5, 0.75, 1.25, 1.5, 2.0)  # multiples of the default value
NOT_ZERO = {"W_TITLE", "B", "COORD", "CONCEPT_MIN", "FEEDBACK_SHARE"}  # 0 would be degenerate
CAPPED = {"B": 1.0, "FEEDBACK_SHARE": 1.0, "CONCEPT_MIN": 1.0}
# Constants whose default may be 0 are tried at these values instead of multiples.
ABSOLUTE = {"COORD_IDF": (0.0, 0.5, 1.0)}
MIN_GAIN = 0.002

Run = Callable[[str], list[str]]
Scores = dict[str, tuple[float, float]]  # query id → (nDCG@10, recall@20)


def load_own(directory: Path = HERE) -> list[dict]:
    """The own query set with its judgments merged in (the dev file's shape)."""
    rel = {}
    with open(directory / "own_qrels.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                rel[row["id"]] = row["relevant"]
    out = []
    with open(directory / "own_queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                q = json.loads(line)
                out.append({"id": q["id"], "q": q["q"], "kind": q["kind"],
                            "relevant": rel[q["id"]]})
    return out


def folds_of(queries: list[dict], k: int) -> list[list[str]]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for q in sorted(queries, key=lambda q: q["id"]):
        by_kind[q["kind"]].append(q["id"])
    folds: list[list[str]] = [[] for _ in range(k)]
    i = 0
    for kind in sorted(by_kind):
        for qid in by_kind[kind]:
            folds[i % k].append(qid)
            i += 1
    return folds


def score(run: Run, queries: list[dict]) -> Scores:
    out = {}
    for q in queries:
        ranked = list(dict.fromkeys(run(q["q"])))
        out[q["id"]] = (ndcg10(ranked, q["relevant"]), recall20(ranked, q["relevant"]))
    return out


def by_kind(scores: Scores, queries: list[dict]) -> dict[str, tuple[float, float]]:
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for q in queries:
        groups[q["kind"]].append(scores[q["id"]])
        groups["overall"].append(scores[q["id"]])
    return {k: (sum(n for n, _ in v) / len(v), sum(r for _, r in v) / len(v))
            for k, v in groups.items()}


class Tuner:
    """Scores configurations of the ranking constants, each at most once."""

    def __init__(self, run: Run, queries: list[dict], rebuild: Callable[[], None]) -> None:
        self.run, self.queries, self.rebuild = run, queries, rebuild
        self.cache: dict[tuple, Scores] = {}
        self.index_state: tuple | None = None  # index-time values the index was built with
        self.rebuilds = 0

    def scores(self, config: dict[str, float]) -> Scores:
        key = tuple(sorted(config.items()))
        if key not in self.cache:
            with constants.override(**config):
                index_state = tuple(sorted((n, v) for n, v in config.items()
                                           if n in constants.INDEX_TIME))
                if index_state != self.index_state:
                    self.rebuild()
                    self.rebuilds += 1
                    self.index_state = index_state
                self.cache[key] = score(self.run, self.queries)
        return self.cache[key]

    def tune(self, train: set[str]) -> dict[str, float]:
        config = dict(constants.DEFAULTS)

        def objective(c: dict[str, float]) -> float:
            s = self.scores(c)
            return sum(s[q][0] for q in train) / len(train)

        best = objective(config)
        # Index-time constants first: each of their values costs a rebuild of the index.
        names = sorted(config, key=lambda n: (n not in constants.INDEX_TIME, n))
        for name in names:
            default = constants.DEFAULTS[name]
            values = ABSOLUTE.get(name) or [
                round(min(default * m, CAPPED.get(name, float("inf"))), 4)
                for m in GRID if not (m == 0.0 and name in NOT_ZERO)]
            for value in values:
                if value == config[name]:
                    continue
                trial = {**config, name: value}
                v = objective(trial)
                if v > best + MIN_GAIN:
                    best, config = v, trial
        return config

    def restore(self) -> None:
        """Leave the index built with the default constants."""
        self.scores(dict(constants.DEFAULTS))


def cross_validate(run: Run, queries: list[dict], rebuild: Callable[[], None], k: int = 5,
                   own: list[dict] | None = None, verbose: bool = False) -> dict:
    """Held-out scores per query, the tuned values per fold, and the own set under dev tuning."""
    tuner = Tuner(run, queries, rebuild)
    ids = {q["id"] for q in queries}
    held_out: Scores = {}
    tuned: list[dict[str, float]] = []
    for i, fold in enumerate(folds_of(queries, k)):
        config = tuner.tune(ids - set(fold))
        tuned.append(config)
        s = tuner.scores(config)
        held_out.update({q: s[q] for q in fold})
        if verbose:
            changed = {n: v for n, v in config.items() if v != constants.DEFAULTS[n]}
            print(f"  fold {i + 1}: {', '.join(fold)}  changed: {changed or 'none'}")
    all_dev = tuner.tune(ids)
    own_tuned = None
    if own is not None:
        with constants.override(**all_dev):
            if any(all_dev[n] != constants.DEFAULTS[n] for n in constants.INDEX_TIME):
                rebuild()
                tuner.index_state = None
            own_tuned = score(run, own)
    tuner.restore()
    return {"held_out": held_out, "folds": tuned, "all_dev": all_dev, "own_tuned": own_tuned,
            "configs": len(tuner.cache), "rebuilds": tuner.rebuilds}


def side_by_side(columns: dict[str, dict[str, tuple[float, float]]]) -> None:
    kinds = ["overall"] + sorted({k for c in columns.values() for k in c} - {"overall"})
    print(f"\n{'kind':18}" + "".join(f"{n:>22}" for n in columns))
    for k in kinds:
        cells = []
        for c in columns.values():
            cells.append(f"{c[k][0]:>11.3f}/{c[k][1]:<10.3f}" if k in c else f"{'—':>22}")
        print(f"{k:18}" + "".join(cells))
    print("(each cell: nDCG@10 / recall@20)")
