"""Search quality of the application: nDCG@10 and recall@20 per query kind, through the API.

Three measures side by side (Whoosh): the dev queries in-sample (the engine as it is), the dev
queries cross-validated (every tunable ranking constant of `insight.search.constants` tuned on
the other folds and scored on the held-out fold), and bench/own_queries.jsonl, a second query
set judged from the documents that no tuning ever sees.

For each backend, an empty database gets ../shared/corpus/observations.csv through the app's
import service (published at once, as an administrator's bulk load), the outbox is drained into
the index, and every dev query runs as GET /api/v1/search with a supplier's bearer token, the
way an integrator would call it. The baselines of bench/search_quality_raw.py run on the same
corpus for comparison.

    python bench/search_quality.py [--database-url URL] [--backends whoosh,postgres]
                                   [--corpus DIR] [--queries FILE] [--verbose]
                                   [--fast] [--folds 5] [--no-cv]

--fast runs Whoosh only, without the baselines and PostgreSQL (the CV table is the same).

The PostgreSQL database (default: the local `innsikt_app`) is emptied first: its public schema
is dropped and migrated again. Whoosh runs on a SQLite database in a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality_cv import (
    by_kind,
    cross_validate,
    load_own,
    score,
    side_by_side,
)
from search_quality_raw import (
    CORPUS,
    baseline_pg,
    baseline_whoosh,
    evaluate,
    load_docs,
)

from insight.search import constants

DB_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/innsikt_app"
GOALS = {"ndcg": 0.80, "recall": 0.75, "kind": 0.5, "pg_within": 0.10}


def reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build_app(backend: str, data_dir: str, database_url: str | None):
    """A migrated, empty app with the corpus imported, published and indexed."""
    from flask_migrate import upgrade

    from insight import create_app
    from insight.extensions import db
    from insight.search import sync
    from insight.services import accounts, importing, tokens, vocabulary

    config = {"DATA_DIR": data_dir, "SEARCH_BACKEND": backend, "RATELIMIT_ENABLED": False,
              "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    if database_url:
        reset_postgres(database_url)
        config["SQLALCHEMY_DATABASE_URI"] = database_url
    app = create_app(config)
    with app.app_context():
        upgrade()
        vocabulary.ensure_default_vocabularies()
        importing.import_observations(CORPUS_PATH, None, publish=True)
        supplier = accounts.create_user("bench@leverandor.no", "et-langt-passord", "supplier")
        _, raw = tokens.create_token(supplier, "bench", "read")
        db.session.commit()  # the commit drains the outbox into the index
        sync.drain()  # and anything a failed drain may have left
        drift = sync.check()
        assert drift.in_sync and drift.database["observation"] == 300, drift
    return app, raw


def through_api(app, token: str) -> Callable[[str], list[str]]:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def run(q: str) -> list[str]:
        response = client.get("/api/v1/search", query_string={"q": q, "page_size": 20},
                              headers=headers)
        assert response.status_code == 200, response.get_json()
        return [item["ref"] for item in response.get_json()["items"]]

    return run


CORPUS_PATH = CORPUS / "observations.csv"


def _find_corpus() -> Path:
    """../shared/corpus next to the checkout (a worktree sits one level deeper)."""
    here = Path(__file__).resolve()
    for parent in here.parents[1:4]:
        if (parent / "shared" / "corpus" / "observations.csv").exists():
            return parent / "shared" / "corpus"
    return CORPUS


def main() -> None:
    global CORPUS_PATH
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", default=os.environ.get("INSIGHT_BENCH_DATABASE_URL",
                                                             DB_URL))
    ap.add_argument("--backends", default="whoosh,postgres")
    ap.add_argument("--corpus", type=Path, default=_find_corpus())
    ap.add_argument("--queries", type=Path, default=None)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--fast", action="store_true", help="Whoosh only, no baselines")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    ap.add_argument("--no-own", action="store_true",
                    help="leave the own query set out (while designing rules: it is not to be "
                         "looked at until a change is done)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    assert not constants.drift(), f"constants.py differs from the search core: {constants.drift()}"
    CORPUS_PATH = args.corpus / "observations.csv"
    queries = json.loads((args.queries or args.corpus / "queries-dev.json").read_text())["queries"]
    own = [] if args.no_own else load_own()
    tmp = tempfile.mkdtemp(prefix="innsikt-quality-")
    systems: dict[str, Callable[[str], list[str]]] = {}
    backends = ["whoosh"] if args.fast else [b for b in args.backends.split(",") if b]
    apps = {}
    for backend in backends:
        database_url = args.database_url if backend == "postgres" else None
        app, token = build_app(backend, os.path.join(tmp, backend), database_url)
        apps[backend] = app
        systems[f"Innsikt API/{'PostgreSQL' if backend == 'postgres' else 'Whoosh'}"] = \
            through_api(app, token)
    if not args.fast:
        docs = load_docs(CORPUS_PATH)
        os.makedirs(os.path.join(tmp, "base"))
        systems["BM25 exact words"] = baseline_whoosh(docs, os.path.join(tmp, "base"))
    if "postgres" in backends and not args.fast:
        from sqlalchemy import create_engine

        fts, like = baseline_pg(docs, create_engine(args.database_url))
        systems["PG norwegian FTS"] = fts
        systems["SQL LIKE"] = like
    results = {name: evaluate(name, run, queries, args.verbose) for name, run in systems.items()}
    kinds = ["overall"] + sorted({q["kind"] for q in queries})
    print("\nDev queries, in-sample, every system:")
    print(f"\n{'kind':18}" + "".join(f"{n:>24}" for n in results))
    for k in kinds:
        row = "".join(f"{results[n][k][0]:>13.3f}/{results[n][k][1]:<10.3f}" for n in results)
        print(f"{k:18}{row}")
    print("\n(each cell: nDCG@10 / recall@20; graded gain 2^grade - 1)")
    report_goals(results, kinds)
    if "whoosh" in apps:
        honest(apps["whoosh"], systems["Innsikt API/Whoosh"], queries, own, args)


def honest(app, run: Callable[[str], list[str]], queries: list[dict], own: list[dict],
           args: argparse.Namespace) -> None:
    """Dev in-sample, dev cross-validated and the own set, side by side (Whoosh)."""
    from insight.search import sync

    def rebuild() -> None:
        with app.app_context():
            sync.rebuild(app)

    columns = {"dev in-sample": by_kind(score(run, queries), queries)}
    cv = None
    if not args.no_cv:
        t0 = time.perf_counter()
        cv = cross_validate(run, queries, rebuild, args.folds, own, args.verbose)
        columns[f"dev CV ({args.folds} folds)"] = by_kind(cv["held_out"], queries)
        spent = time.perf_counter() - t0
    if own:
        columns[f"own set ({len(own)} q)"] = by_kind(score(run, own), own)
    if cv and cv["own_tuned"]:
        columns["own, dev-tuned"] = by_kind(cv["own_tuned"], own)
    print("\nHonest measures (Whoosh through the API):")
    side_by_side(columns)
    if cv:
        print(f"\nCV: {cv['configs']} configurations scored, {cv['rebuilds']} index rebuilds, "
              f"{spent:.0f} s")
        for i, config in enumerate(cv["folds"], 1):
            changed = {n: v for n, v in config.items() if v != constants.DEFAULTS[n]}
            print(f"  fold {i} tuned: {changed or 'defaults'}")
        changed = {n: v for n, v in cv["all_dev"].items() if v != constants.DEFAULTS[n]}
        print(f"  all 30 dev queries tuned: {changed or 'defaults'}")
    if args.verbose and own:
        for q, (n, r) in score(run, own).items():
            print(f"  own {q} nDCG={n:.2f} R={r:.2f}")


def report_goals(results: dict, kinds: list[str]) -> None:
    whoosh = results.get("Innsikt API/Whoosh")
    if whoosh is None:
        return
    ndcg, recall = whoosh["overall"]
    weakest = min(kinds[1:], key=lambda k: min(whoosh[k]))
    print("\nGoals (Whoosh):")
    print(f"  nDCG@10 {ndcg:.3f} >= {GOALS['ndcg']}: "
          f"{'met' if ndcg >= GOALS['ndcg'] else 'NOT met'}")
    print(f"  recall@20 {recall:.3f} >= {GOALS['recall']}: "
          f"{'met' if recall >= GOALS['recall'] else 'NOT met'}")
    low = min(whoosh[weakest])
    print(f"  every kind > {GOALS['kind']} (weakest: {weakest} {low:.3f}): "
          f"{'met' if low > GOALS['kind'] else 'NOT met'}")
    pg = results.get("Innsikt API/PostgreSQL")
    if pg is not None:
        gap = max(abs(pg["overall"][0] - ndcg) / ndcg, abs(pg["overall"][1] - recall) / recall)
        print(f"  PostgreSQL within {GOALS['pg_within']:.0%} of Whoosh (gap {gap:.1%}): "
              f"{'met' if gap <= GOALS['pg_within'] else 'NOT met'}")


if __name__ == "__main__":
    main()
