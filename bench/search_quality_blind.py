"""Score the blind query set (bench/blind_*.jsonl): reporting only, never tuning.

    .venv/bin/python bench/search_quality_blind.py [--corpus ../shared/corpus] [--verbose]

The set was judged from the documents alone by someone who never ran the engine
(bench/blind_README.md). It is scored with the defaults of the checkout it runs in, through the
API (page size 20), like the own set in `search_quality.py`; print per kind only, so that the
queries stay unseen by whoever tunes the engine (`--verbose` adds per-query lines: for the
closing report, not while working on search).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import search_quality  # noqa: E402
from search_quality_cv import by_kind, score  # noqa: E402


def load_blind(directory: Path = HERE) -> list[dict]:
    """The blind queries with their judgments merged in (the dev file's shape)."""
    def lines(name: str) -> list[dict]:
        text = (directory / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    relevant = {row["id"]: row["relevant"] for row in lines("blind_qrels.jsonl")}
    return [{**q, "relevant": relevant[q["id"]]} for q in lines("blind_queries.jsonl")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=search_quality._find_corpus())
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    search_quality.CORPUS_PATH = args.corpus / "observations.csv"
    blind = load_blind()
    app, token = search_quality.build_app("whoosh", tempfile.mkdtemp(prefix="innsikt-blind-"),
                                          None)
    scores = score(search_quality.through_api(app, token), blind)
    table = by_kind(scores, blind)
    print(f"Blind set ({len(blind)} queries), nDCG@10 / recall@20:")
    for kind in ["overall"] + sorted(k for k in table if k != "overall"):
        count = len(blind) if kind == "overall" else sum(q["kind"] == kind for q in blind)
        print(f"  {kind:18} {table[kind][0]:.3f} / {table[kind][1]:.3f}  ({count} q)")
    if args.verbose:
        for q in blind:
            print(f"  {q['id']} {q['kind']:16} {scores[q['id']][0]:.2f} {q['q']}")


if __name__ == "__main__":
    main()
