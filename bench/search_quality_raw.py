"""Search quality on the shared corpus: nDCG@10 and recall@20 per query kind, five systems.

Loads ../shared/corpus/observations.csv straight into each backend (no Flask) and scores the
dev queries. PostgreSQL systems need a database (INSIGHT_BENCH_DATABASE_URL, default: the
local `test` database) and are skipped if it cannot be reached.

    python bench/search_quality_raw.py [--corpus DIR] [--queries FILE] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from insight.search import SearchDocument, SearchQuery

# ../shared/corpus next to the checkout; a worktree (/work/wt/<name>) sits one level deeper.
CORPUS = next((p / "shared" / "corpus" for p in Path(__file__).resolve().parents[1:4]
               if (p / "shared" / "corpus" / "observations.csv").exists()),
              Path(__file__).resolve().parents[2] / "shared" / "corpus")
DB_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def load_docs(path: Path) -> list[SearchDocument]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    docs = []
    for r in rows:
        docs.append(SearchDocument(
            doc_id=f"observation:{r['ref']}", type="observation", ref=r["ref"],
            title=r["title"], body=r["text"], status="published", visibility="suppliers",
            url=f"/observations/{r['ref']}", version="1",
            date=datetime.strptime(r["month"] + "-01", "%Y-%m-%d"),
            facets={"stay_type": [r["stay_type"]], "journey_stage": [r["journey_stage"]],
                    "theme": r["tags"].split(";"), "source": [r["source"]],
                    "actor": [r["actor"]], "age_band": [r["age_band"]],
                    "period": [r["month"][:4]]},
        ))
    return docs


def ndcg10(ranked: list[str], rel: dict[str, int]) -> float:
    dcg = sum((2 ** rel.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:10]))
    ideal = sorted(rel.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall20(ranked: list[str], rel: dict[str, int]) -> float:
    relevant = {r for r, g in rel.items() if g > 0}
    return len(relevant & set(ranked[:20])) / len(relevant) if relevant else 0.0


def innsikt(backend) -> Callable[[str], list[str]]:
    def run(q: str) -> list[str]:
        res = backend.search(SearchQuery(text=q, page_size=20, with_facets=False))
        return [h.ref for h in res.hits]
    return run


def baseline_whoosh(docs: list[SearchDocument], tmp: str) -> Callable[[str], list[str]]:
    from whoosh import index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import OrGroup, QueryParser

    ix = index.create_in(tmp, Schema(ref=ID(stored=True),
                                     text=TEXT(analyzer=StandardAnalyzer())))
    w = ix.writer()
    for d in docs:
        w.add_document(ref=d.ref, text=f"{d.title} {d.body}")
    w.commit()
    parser = QueryParser("text", ix.schema, group=OrGroup)

    def run(q: str) -> list[str]:
        with ix.searcher() as s:
            return [h["ref"] for h in s.search(parser.parse(q), limit=20)]
    return run


def baseline_pg(docs: list[SearchDocument], engine) -> tuple[Callable, Callable]:
    from sqlalchemy import text

    with engine.begin() as c:
        c.execute(text("DROP TABLE IF EXISTS bench_baseline"))
        c.execute(text("CREATE TABLE bench_baseline (ref text primary key, body text)"))
        c.execute(text("INSERT INTO bench_baseline VALUES (:ref, :body)"),
                  [{"ref": d.ref, "body": f"{d.title} {d.body}"} for d in docs])

    def fts(q: str) -> list[str]:
        # OR of the words, as a search box would do; phrases keep their order.
        with engine.connect() as c:
            rows = c.execute(text(
                "SELECT ref FROM bench_baseline, websearch_to_tsquery('norwegian', :q) AS w, "
                "plainto_tsquery('norwegian', :q) AS p "
                "WHERE to_tsvector('norwegian', body) @@ "
                "CASE WHEN :q LIKE '%\"%' THEN w ELSE "
                "replace(p::text, '&', '|')::tsquery END "
                "ORDER BY ts_rank(to_tsvector('norwegian', body), "
                "replace(p::text, '&', '|')::tsquery) DESC, ref LIMIT 20"), {"q": q}).all()
        return [r[0] for r in rows]

    def like(q: str) -> list[str]:
        terms = [t for t in re.findall(r"\w+", q.lower()) if len(t) > 2] or [q.lower()]
        score = " + ".join(f"(lower(body) LIKE :t{i})::int" for i in range(len(terms)))
        params = {f"t{i}": f"%{t}%" for i, t in enumerate(terms)}
        with engine.connect() as c:
            rows = c.execute(text(f"SELECT ref FROM bench_baseline WHERE {score} > 0 "
                                  f"ORDER BY {score} DESC, ref LIMIT 20"), params).all()
        return [r[0] for r in rows]

    return fts, like


def evaluate(name: str, run: Callable[[str], list[str]], queries: list[dict],
             verbose: bool) -> dict[str, tuple[float, float]]:
    by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for q in queries:
        ranked = list(dict.fromkeys(run(q["q"])))
        n, r = ndcg10(ranked, q["relevant"]), recall20(ranked, q["relevant"])
        by_kind[q["kind"]].append((n, r))
        by_kind["overall"].append((n, r))
        if verbose:
            print(f"  {name:22} {q['id']} {q['kind']:17} nDCG={n:.2f} R={r:.2f}  {q['q']}")
    return {k: (sum(n for n, _ in v) / len(v), sum(r for _, r in v) / len(v))
            for k, v in by_kind.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--queries", type=Path, default=None)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    docs = load_docs(args.corpus / "observations.csv")
    queries = json.loads((args.queries or args.corpus / "queries-dev.json").read_text())["queries"]
    systems: dict[str, Callable[[str], list[str]]] = {}
    tmp = tempfile.mkdtemp(prefix="innsikt-bench-")
    from insight.search import make_backend

    wb = make_backend("whoosh", index_dir=os.path.join(tmp, "innsikt"))
    wb.upsert(docs)
    systems["Innsikt/Whoosh"] = innsikt(wb)
    engine = None
    if args.only != "whoosh":
        try:
            from sqlalchemy import create_engine, text

            engine = create_engine(os.environ.get("INSIGHT_BENCH_DATABASE_URL", DB_URL))
            with engine.connect() as c:
                c.execute(text("SELECT 1"))
        except Exception as exc:  # no database: report Whoosh only
            print(f"PostgreSQL unavailable, skipped: {exc}")
            engine = None
    if engine is not None:
        pb = make_backend("postgres", engine=engine)
        pb.clear()
        pb.upsert(docs)
        systems["Innsikt/PostgreSQL"] = innsikt(pb)
    os.makedirs(os.path.join(tmp, "base"))
    systems["BM25 exact words"] = baseline_whoosh(docs, os.path.join(tmp, "base"))
    if engine is not None:
        fts, like = baseline_pg(docs, engine)
        systems["PG norwegian FTS"] = fts
        systems["SQL LIKE"] = like
    results = {name: evaluate(name, run, queries, args.verbose) for name, run in systems.items()}
    kinds = ["overall"] + sorted({q["kind"] for q in queries})
    print(f"\n{'kind':18}" + "".join(f"{n:>22}" for n in results))
    for k in kinds:
        row = "".join(f"{results[n][k][0]:>11.3f}/{results[n][k][1]:<10.3f}" for n in results)
        print(f"{k:18}{row}")
    print("\n(each cell: nDCG@10 / recall@20)")


if __name__ == "__main__":
    main()
