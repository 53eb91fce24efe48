"""Search speed at 10k and 100k synthetic observations, first page with facets and snippets.

Documents are seeded random recombinations of corpus sentences and titles. For each size and
backend: indexing rate (documents/s) and p50/p95 of 40 mixed queries (page 1 of 10, facets,
highlighted snippets, supplier visibility): once right after indexing (cold caches) and then
the median of --passes further passes (p50 and p95 each the median over passes).

    python bench/search_speed_raw.py [--sizes 10000,100000] [--backends whoosh,postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality_raw import CORPUS, DB_URL, load_docs

from insight.search import SearchDocument, SearchQuery, make_backend

QUERIES = [
    "nettbrett", "fall", "ventetid", "språk", "sykehjemmet", "vedtaket", "måltidene",
    "fysioterapeuten", "alarm", "vakt", "tildeling", "hjemreiseplan", "pårørendesamtale",
    "helgebemanning", "hva skjer når bruker kommer hjem etter oppholdet",
    "hvorfor opplever pårørende at de ikke får nok informasjon", "sovn", "mal",
    "rehabilteringsplan", "ernering", "medisiner", "angst", "\"for tidlig hjem\"", "loneliness",
    "bruker", "korttidsopphold", "trygghet om natten", "demens", "utreise", "avlastning",
    "kommunikasjon med hjemmetjenesten", "smerter", "tolk", "rullator", "sengealarm",
    "nattevakten", "mat", "hjemmebesøk", "dagsenter", "", ]


def synthetic(n: int, seed: int = 7) -> list[SearchDocument]:
    base = load_docs(CORPUS / "observations.csv")
    rng = random.Random(seed)
    sentences = [s for d in base for s in re.split(r"(?<=[.!?])\s+", d.body) if s]
    docs = []
    for i in range(n):
        src = rng.choice(base)
        body = " ".join(rng.sample(sentences, rng.randint(1, 5)))
        docs.append(SearchDocument(
            doc_id=f"observation:SYN-{i:06d}", type="observation", ref=f"SYN-{i:06d}",
            title=rng.choice(base).title, body=body,
            status=rng.choice(["published"] * 9 + ["draft"]),
            visibility=rng.choice(["suppliers", "public", "internal"]), url=f"/o/{i}",
            version="1", date=src.date, facets=src.facets))
    return docs


def _pass(backend) -> tuple[float, float]:
    times = []
    for q in QUERIES:
        t = time.perf_counter()
        backend.search(SearchQuery(text=q, visibilities=["public", "suppliers"]))
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def measure(backend, docs: list[SearchDocument], passes: int) -> tuple[float, list]:
    """Indexing rate, then p50/p95 of the first pass (cold caches) and of `passes` more."""
    t = time.perf_counter()
    for i in range(0, len(docs), 5000):
        backend.upsert(docs[i:i + 5000])
    rate = len(docs) / (time.perf_counter() - t)
    backend.search(SearchQuery(text="warm up"))
    return rate, [_pass(backend) for _ in range(1 + passes)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--backends", default="whoosh,postgres")
    ap.add_argument("--passes", type=int, default=3, help="passes after the first (cold) one")
    args = ap.parse_args()
    print(f"{'backend':10} {'docs':>7} {'index docs/s':>13} {'cold p50':>9} {'cold p95':>9} "
          f"{'p50 ms':>8} {'p95 ms':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        docs = synthetic(size)
        for name in args.backends.split(","):
            if name == "whoosh":
                b = make_backend("whoosh", index_dir=tempfile.mkdtemp(prefix="innsikt-speed-"))
            else:
                from sqlalchemy import create_engine

                b = make_backend("postgres", engine=create_engine(
                    os.environ.get("INSIGHT_BENCH_DATABASE_URL", DB_URL)))
                b.clear()
            rate, runs = measure(b, docs, args.passes)
            (c50, c95), warm = runs[0], runs[1:] or runs
            p50 = statistics.median(r[0] for r in warm)
            p95 = statistics.median(r[1] for r in warm)
            print(f"{name:10} {size:>7} {rate:>13.0f} {c50:>9.1f} {c95:>9.1f} {p50:>8.1f} "
                  f"{p95:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
