"""Page speed of the supplier pages at the demo data size (goal: each under 100 ms).

    .venv/bin/python bench/page_speed.py [--repeat 30]

Seeds the demo data into a temporary SQLite database, logs in as the demo supplier and times
each page through the WSGI app (no network), median and p95 over --repeat requests after one
warm-up. /healthz is measured in the same run as the floor, so the ratio column reads the same
on a busy machine and a quiet one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_MS = 100.0


def pages(app) -> list[str]:
    from sqlalchemy import select

    from insight.extensions import db
    from insight.models import Journey, Observation, Persona

    with app.app_context():
        def first(model):
            return db.session.scalar(select(model.ref).where(
                model.status == "published", model.visibility != "internal").order_by(model.ref))

        journey, persona, observation = first(Journey), first(Persona), first(Observation)
    return ["/healthz", "/", "/observations", f"/observations/{observation}", "/insights",
            "/personas", f"/personas/{persona}", "/journeys", f"/journeys/{journey}",
            f"/journeys/{journey}/map.svg", "/statistics", "/changes", "/changes.atom",
            "/questions", "/search?q=informasjon", "/search/saved", "/bid-pack",
            "/export/observations.csv"]


def measure(client, path: str, repeat: int) -> tuple[float, float, int]:
    status = client.get(path).status_code  # warm-up (and the bid pack's one build)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from insight import create_app
    from insight.extensions import db
    from insight.services import demo

    data_dir = Path(tempfile.mkdtemp(prefix="page-bench-"))
    app = create_app({"DATA_DIR": str(data_dir), "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        demo.seed_demo()
        db.session.commit()
    client = app.test_client()
    login = client.post("/auth/login", data={"email": "leverandor@innsikt.example",
                                             "password": demo.DEMO_PASSWORD})
    assert login.status_code == 302, "the demo supplier could not log in"
    results = [(path, *measure(client, path, args.repeat)) for path in pages(app)]
    floor = results[0][1]
    print(f"{'page (demo supplier)':42} {'status':>6} {'median':>9} {'p95':>9} {'ratio':>7}")
    slow = []
    for path, median, p95, status in results:
        print(f"{path[:42]:42} {status:>6} {median:7.1f}ms {p95:7.1f}ms {median / floor:6.0f}x")
        if path != "/healthz" and (p95 >= GOAL_MS or status >= 300):
            slow.append(path)
    print(f"goal: every page p95 < {GOAL_MS:.0f} ms: " + ("met" if not slow else
                                                          f"NOT met for {', '.join(slow)}"))
    return 0 if not slow else 1


if __name__ == "__main__":
    sys.exit(main())
