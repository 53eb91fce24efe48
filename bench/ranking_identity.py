"""Ranking identity: the ranked results of a fixed query set, to compare two versions of the code.

Imports the 300-observation corpus (../shared/corpus/observations.csv) into a fresh app on
SQLite with the Whoosh index, as bench/search_quality.py does, and records for the 30 dev
queries and a few one-word queries, sorted by relevance and by newest, the first 50 hits of
`GET /api/v1/search` as a supplier: refs, the API's scores, and the service's unrounded scores
(9 decimals). It does so for the index the import's commit wrote (small batches, one process)
and again after `flask search rebuild` with the parallel write path forced for every batch
(`--parallel-min 1`), so both ways of writing the index are compared.

    python bench/ranking_identity.py --out after.json
    python bench/ranking_identity.py --compare before.json after.json

Run it once in each checkout (a `git worktree` of the base commit) and compare the files.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXTRA = ["natt", "seng", "alarm", "fall", "mat", "hjem", "demens", "pårørende"]
SORTS = ("relevance", "newest")
DEPTH = 50


def _corpus(given: str | None = None) -> Path:
    if given:
        return Path(given)
    for parent in Path(__file__).resolve().parents:
        path = parent / "shared" / "corpus"
        if path.is_dir():
            return path
    raise SystemExit("../shared/corpus not found")


def _force_parallel(minimum: int) -> None:
    """Make every batch of at least `minimum` documents take the parallel path."""
    from insight.search import ranking, whoosh_backend

    for module in (ranking, whoosh_backend):
        if hasattr(module, "PARALLEL_MIN"):
            module.PARALLEL_MIN = minimum


def _results(app, token: str, queries: list[str]) -> dict[str, dict]:
    from insight.models import User
    from insight.services import search

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    out: dict[str, dict] = {}
    with app.app_context():
        user = User.query.filter_by(email="bench@leverandor.no").one()
        for q in queries:
            for sort in SORTS:
                r = client.get(
                    "/api/v1/search",
                    headers=headers,
                    query_string={"q": q, "sort": sort, "page_size": DEPTH},
                )
                assert r.status_code == 200, r.get_json()
                items = r.get_json()["items"]
                hits = search.search(user, q, {}, sort, 1, DEPTH).hits
                out[f"{sort}:{q}"] = {
                    "refs": [i["ref"] for i in items],
                    "api_scores": [i["score"] for i in items],
                    "scores": [f"{h.score:.9f}" for h in hits],
                    "service_refs": [h.ref for h in hits],
                }
    return out


def record(parallel_min: int, corpus_dir: str | None = None) -> dict:
    from flask_migrate import upgrade

    from insight import create_app
    from insight.extensions import db
    from insight.search import sync
    from insight.services import accounts, importing, tokens, vocabulary

    corpus = _corpus(corpus_dir)
    queries = [
        q["q"] for q in json.loads((corpus / "queries-dev.json").read_text("utf-8"))["queries"]
    ]
    queries += [q for q in EXTRA if q not in queries]
    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app(
            {
                "DATA_DIR": data_dir,
                "SEARCH_BACKEND": "whoosh",
                "RATELIMIT_ENABLED": False,
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            }
        )
        with app.app_context():
            upgrade()
            vocabulary.ensure_default_vocabularies()
            importing.import_observations(corpus / "observations.csv", None, publish=True)
            supplier = accounts.create_user("bench@leverandor.no", "et-langt-passord", "supplier")
            _, token = tokens.create_token(supplier, "bench", "read")
            db.session.commit()  # the commit drains the outbox into the index
            sync.drain()
            assert sync.check().in_sync
        committed = _results(app, token, queries)
        _force_parallel(parallel_min)
        with app.app_context():
            sync.rebuild()
            drift = sync.check()
            assert drift.in_sync and drift.database["observation"] == 300, drift
        rebuilt = _results(app, token, queries)
    return {"commit": committed, "rebuild": rebuilt}


def compare(before: dict, after: dict) -> int:
    lists = hits = differ = 0
    for build in ("commit", "rebuild"):
        for name, old in before[build].items():
            new = after[build].get(name)
            lists += 1
            hits += len(old["refs"])
            if new != old:
                differ += 1
                print(f"DIFFERS {build} {name}")
    # The two builds of one version must agree with each other too.
    inner = sum(after["commit"][n] != after["rebuild"][n] for n in after["commit"])
    print(
        f"{lists} lists, {hits} hits: {lists - differ} identical, {differ} differ; "
        f"commit vs rebuild in the second file: {inner} differ"
    )
    return 1 if differ or inner else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="write the results here (JSON)")
    ap.add_argument(
        "--parallel-min",
        type=int,
        default=1,
        help="batch size from which the rebuild takes the parallel path",
    )
    ap.add_argument("--corpus", help="the corpus directory (default: ../shared/corpus)")
    ap.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.compare:
        a, b = (json.loads(Path(p).read_text("utf-8")) for p in args.compare)
        raise SystemExit(compare(a, b))
    logging.disable(logging.WARNING)
    result = record(args.parallel_min, args.corpus)
    text = json.dumps(result, ensure_ascii=False, indent=0)
    if args.out:
        Path(args.out).write_text(text, "utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
