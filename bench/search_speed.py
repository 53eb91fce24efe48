"""Search speed of the application at 10k and 100k observations, against the raw backend.

For each size and backend, in one run:

- *indexing*: the raw rate (backend.upsert of the synthetic documents into a fresh index, as
  bench/search_speed_raw.py does) and the app's rate (the same observations as database rows,
  drained from the search outbox into the app's index: load, build documents, write);
- *latency* of the 40 mixed queries of bench/search_speed_raw.py (page 1 of 10 with facets and
  highlighted snippets, as a supplier): the raw backend query on the app's index, the API
  through Flask's test client, and the API over HTTP under gunicorn (--workers 2).

    python bench/search_speed.py [--sizes 10000,100000] [--backends whoosh,postgres]
                                 [--database-url URL] [--rounds 3] [--no-http]

The synthetic documents come from bench/search_speed_raw.py. Whoosh runs on a SQLite database
in a temporary directory; the PostgreSQL database (default: the local `innsikt_app`) is emptied.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_speed_raw import QUERIES, synthetic  # noqa: E402

DB_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/innsikt_app"
SUPPLIER = ["public", "suppliers"]
PAGE_SIZE = 10
GOALS = {"p95_ms": 50.0, "app_over_raw": 1.5, "large_over_small": 2.0, "docs_per_s": 1000.0}


@dataclass
class Row:
    backend: str
    size: int
    raw_rate: float = 0.0
    app_rate: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)  # mode → milliseconds

    def p(self, mode: str, q: float) -> float:
        t = sorted(self.times.get(mode, []))
        if not t:
            return float("nan")
        return statistics.median(t) if q == 50 else t[max(0, int(q / 100 * len(t)) - 1)]


def reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def raw_indexing_rate(backend_name: str, docs: list, database_url: str) -> float:
    """Documents per second of backend.upsert into a fresh index (5,000 a call, as the raw
    bench does)."""
    from sqlalchemy import create_engine

    from insight.search import make_backend

    if backend_name == "whoosh":
        backend = make_backend("whoosh", index_dir=tempfile.mkdtemp(prefix="innsikt-rawix-"))
        engine = None
    else:
        reset_postgres(database_url)
        engine = create_engine(database_url)
        backend = make_backend("postgres", engine=engine)
    start = time.perf_counter()
    for i in range(0, len(docs), 5000):
        backend.upsert(docs[i:i + 5000])
    rate = len(docs) / (time.perf_counter() - start)
    if engine is not None:
        engine.dispose()
    return rate


def environment(backend_name: str, data_dir: str, database_url: str) -> dict[str, str]:
    """The INSIGHT_* settings of the app under test, for create_app and for gunicorn."""
    url = database_url if backend_name == "postgres" else f"sqlite:///{data_dir}/insight.db"
    return {"INSIGHT_DATA_DIR": data_dir, "INSIGHT_DATABASE_URL": url,
            "INSIGHT_SEARCH_BACKEND": backend_name, "INSIGHT_RATELIMIT_ENABLED": "0"}


def build_app(env: dict[str, str], docs: list):
    """A migrated app holding `docs` as observations, indexed through the outbox."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from insight import create_app
    from insight.extensions import db
    from insight.models import Observation, SearchOutbox, VocabularyTerm
    from insight.models.observation import observation_theme
    from insight.search import sync
    from insight.services import accounts, tokens, vocabulary

    os.environ.update(env)
    app = create_app({"SEARCH_SYNC_ON_COMMIT": False,  # the drain below is timed on its own
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        vocabulary.ensure_default_vocabularies()
        supplier = accounts.create_user("bench@leverandor.no", "et-langt-passord", "supplier")
        _, token = tokens.create_token(supplier, "bench", "read")
        themes = {t.code: t.id for t in db.session.scalars(
            select(VocabularyTerm).where(VocabularyTerm.kind == "theme"))}
        now = datetime.now(UTC)
        for i in range(0, len(docs), 5000):  # a bulk load: the data, not what is measured
            chunk = docs[i:i + 5000]
            rows = [{
                "ref": d.ref, "title": d.title, "text": d.body, "status": d.status,
                "visibility": d.visibility, "source": d.facets["source"][0],
                "stay_type": d.facets["stay_type"][0],
                "journey_stage": d.facets["journey_stage"][0], "actor": d.facets["actor"][0],
                "month": f"{d.date:%Y-%m}", "age_band": d.facets["age_band"][0], "unit": "",
                "published_at": now if d.status == "published" else None,
                "created_at": now, "updated_at": now} for d in chunk]
            ids = dict((ref, id_) for id_, ref in db.session.execute(
                insert(Observation).returning(Observation.id, Observation.ref), rows))
            db.session.execute(insert(observation_theme), [
                {"observation_id": ids[d.ref], "term_id": themes[t]}
                for d in chunk for t in dict.fromkeys(d.facets["theme"])])
            db.session.execute(insert(SearchOutbox), [
                {"object_type": "observation", "object_ref": d.ref} for d in chunk])
        db.session.commit()
        start = time.perf_counter()
        result = sync.drain(timeout=60)
        rate = result.indexed / (time.perf_counter() - start)
        assert result.indexed == len(docs), result
    return app, token, rate


def api_params(q: str, page_size: int = PAGE_SIZE) -> dict[str, str | int]:
    return {"q": q, "page_size": page_size}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """`gunicorn --workers 2 --no-control-socket wsgi:app` on a free local port."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "2", "--no-control-socket",
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env={**os.environ, **env})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get("/api/v1/openapi.json", {})
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str, headers: dict[str, str], params: dict | None = None) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        connection.request("GET", path + query, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"{response.status}: {body[:200]!r}")
        return body

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def measure(row: Row, app, token: str, env: dict[str, str], rounds: int, use_http: bool) -> None:
    from insight.search import SearchQuery, make_backend

    with app.app_context():
        from insight.extensions import db

        if row.backend == "whoosh":
            raw = make_backend("whoosh", index_dir=app.config["SEARCH_INDEX_DIR"])
        else:
            raw = make_backend("postgres", engine=db.engine)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        server = Gunicorn(env) if use_http else None
        # The app keeps results per index view and per content version: a timed request with
        # a page size no earlier request used is a miss, so the engine's work is measured.
        modes = {
            "raw": lambda q, size: raw.search(SearchQuery(text=q, visibilities=SUPPLIER,
                                                          page_size=size)),
            "app": lambda q, size: json.loads(client.get(
                "/api/v1/search", query_string=api_params(q, size), headers=headers).data),
        }
        if server:
            modes["http"] = lambda q, size: server.get("/api/v1/search", headers,
                                                       api_params(q, size))
        try:
            for q in QUERIES * (4 if server else 1):  # warm every cache, both workers' too
                for run in modes.values():
                    run(q, PAGE_SIZE)
            for round_ in range(rounds):
                for q in QUERIES:
                    for mode, run in modes.items():
                        start = time.perf_counter()
                        run(q, PAGE_SIZE + 1 + round_)
                        row.times.setdefault(mode, []).append(
                            (time.perf_counter() - start) * 1000)
        finally:
            if server:
                server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--backends", default="whoosh,postgres")
    ap.add_argument("--database-url", default=os.environ.get("INSIGHT_BENCH_DATABASE_URL",
                                                             DB_URL))
    ap.add_argument("--rounds", type=int, default=3, help="timed passes over the 40 queries")
    ap.add_argument("--no-http", action="store_true", help="skip the gunicorn measurement")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    rows: list[Row] = []
    for size in (int(s) for s in args.sizes.split(",")):
        docs = synthetic(size)
        for backend in args.backends.split(","):
            row = Row(backend, size)
            row.raw_rate = raw_indexing_rate(backend, docs, args.database_url)
            if backend == "postgres":
                reset_postgres(args.database_url)
            env = environment(backend, tempfile.mkdtemp(prefix="innsikt-speed-"),
                              args.database_url)
            app, token, row.app_rate = build_app(env, docs)
            measure(row, app, token, env, args.rounds, not args.no_http)
            with app.app_context():
                from insight.extensions import db

                db.engine.dispose()
            rows.append(row)
            print_row(row)
    report(rows)


HEADER = (f"{'backend':9} {'docs':>7} {'raw ix/s':>9} {'app ix/s':>9} "
          f"{'raw p50/p95':>13} {'API p50/p95':>13} {'HTTP p50/p95':>13} {'app/raw p95':>12}")


def print_row(row: Row) -> None:
    if not getattr(print_row, "header", False):
        print(HEADER)
        print_row.header = True

    def pair(mode: str) -> str:
        return f"{row.p(mode, 50):6.1f}/{row.p(mode, 95):<6.1f}"

    ratio = row.p("app", 95) / row.p("raw", 95)
    print(f"{row.backend:9} {row.size:>7} {row.raw_rate:>9.0f} {row.app_rate:>9.0f} "
          f"{pair('raw'):>13} {pair('app'):>13} {pair('http'):>13} {ratio:>12.2f}", flush=True)


def report(rows: list[Row]) -> None:
    print("\n(latency in ms over the 40 queries × rounds: page 1 of 10, facets, snippets, "
          "as a supplier; API = Flask test client, HTTP = gunicorn --workers 2)")
    print("\nGoals:")
    for row in rows:
        p95 = max(row.p("app", 95), row.p("http", 95) if row.times.get("http") else 0)
        ratio = row.p("app", 95) / row.p("raw", 95)
        head = f"  {row.backend} {row.size:>6}:"
        checks = [f"app indexing {row.app_rate:.0f} docs/s >= {GOALS['docs_per_s']:.0f}: "
                  f"{'met' if row.app_rate >= GOALS['docs_per_s'] else 'NOT met'}",
                  f"API/raw p95 {ratio:.2f} <= {GOALS['app_over_raw']}: "
                  f"{'met' if ratio <= GOALS['app_over_raw'] else 'NOT met'}"]
        if row.size >= 100_000:
            checks.append(f"p95 {p95:.1f} ms <= {GOALS['p95_ms']:.0f}: "
                          f"{'met' if p95 <= GOALS['p95_ms'] else 'NOT met'}")
            small = [r for r in rows if r.backend == row.backend and r.size < row.size]
            if small:
                growth = row.p("app", 95) / small[0].p("app", 95)
                checks.append(f"{row.size // 1000}k/{small[0].size // 1000}k API p95 "
                              f"{growth:.2f} <= {GOALS['large_over_small']}: "
                              f"{'met' if growth <= GOALS['large_over_small'] else 'NOT met'}")
        print(head + "\n    " + "\n    ".join(checks))


if __name__ == "__main__":
    main()
