"""Where the time of each supplier page goes: cProfile per page type, in process, no server.

    .venv/bin/python bench/profile_pages.py [--data-dir DIR] [--observations 20000] [--repeat 20]
                                            [--top 25] [--only /statistics]

Builds (once; reused when DIR already holds it) the demo data plus N generated observations,
indexed, then requests each page of the load mix as the demo supplier through the Flask test
client: one warm-up, then --repeat requests under cProfile. Prints the mean time per page and
the top functions by cumulative time, and the number of SQL statements per request, so N+1
queries and per-request recounting show up without a running server.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SUPPLIER = "leverandor@innsikt.example"


def build(app, observations: int) -> None:
    from bidpack_speed import add_observations
    from flask_migrate import upgrade

    from insight.extensions import db
    from insight.search import sync
    from insight.services import demo

    with app.app_context():
        upgrade()
        demo.seed_demo()
        db.session.commit()
        add_observations(observations)
        sync.rebuild(app)


def pages(app) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from insight.extensions import db
    from insight.models import Journey, Observation

    with app.app_context():
        def first(model):
            return db.session.scalar(select(model.ref).where(
                model.status == "published", model.visibility != "internal").order_by(model.ref))

        journey, observation = first(Journey), first(Observation)
    return [("health", "/healthz"), ("landing", "/"), ("list", "/observations"),
            ("list+facet", "/observations?stay_type=rehabilitering"),
            ("list p2", "/observations?page=2"),
            ("search", "/search?q=informasjon"),
            ("search+facets", "/search?q=informasjon&stay_type=rehabilitering&theme=informasjon"),
            ("detail", f"/observations/{observation}"), ("journey", f"/journeys/{journey}"),
            ("journey map", f"/journeys/{journey}/map.svg"), ("statistics", "/statistics"),
            ("changes", "/changes"), ("insights", "/insights"),
            ("api list", "/api/v1/observations?page=3&page_size=50"),
            ("api detail", f"/api/v1/observations/{observation}"),
            ("api search", "/api/v1/search?q=informasjon")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="/tmp/profile-pages")
    parser.add_argument("--observations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", default=None, help="profile only this path prefix")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["INSIGHT_DATA_DIR"] = str(data_dir)
    from sqlalchemy import event

    from insight import create_app
    from insight.extensions import db
    from insight.services import accounts, demo, tokens

    config = {"DATA_DIR": str(data_dir), "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False}
    if args.database_url:
        config["SQLALCHEMY_DATABASE_URI"] = args.database_url
    app = create_app(config)
    marker = data_dir / "built"
    if not marker.exists():
        started = time.perf_counter()
        build(app, args.observations)
        marker.write_text("ok")
        print(f"built in {time.perf_counter() - started:.0f} s")
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()  # a data dir built before a new migration gets it now
        _, token = tokens.create_token(accounts.find_by_email(SUPPLIER), "profile", "read")
        db.session.commit()
        engine = db.engine
    statements = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_args) -> None:
        statements[0] += 1

    client = app.test_client()
    assert client.post("/auth/login", data={"email": SUPPLIER, "password": demo.DEMO_PASSWORD}
                       ).status_code == 302
    api = {"Authorization": f"Bearer {token}"}
    summary = []
    for name, path in pages(app):
        if args.only and not path.startswith(args.only):
            continue
        headers = api if path.startswith("/api/") else {}
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        statements[0] = 0
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.repeat):
            client.get(path, headers=headers)
        profile.disable()
        mean = (time.perf_counter() - started) * 1000 / args.repeat
        summary.append((name, path, mean, statements[0] / args.repeat))
        if args.top:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
            print(f"\n===== {name} {path}: {mean:.1f} ms/request, "
                  f"{statements[0] / args.repeat:.1f} SQL statements/request")
            print("\n".join(out.getvalue().splitlines()[6:]))
    print(f"\n{'page':16} {'ms/req':>8} {'SQL/req':>8}  path")
    for name, path, mean, sql in summary:
        print(f"{name:16} {mean:8.1f} {sql:8.1f}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
