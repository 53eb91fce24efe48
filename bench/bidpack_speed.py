"""Bid pack build time: the demo content plus N published observations, built cold and cached.

    .venv/bin/python bench/bidpack_speed.py [--observations 10000] [--database-url URL]

The observations are written with one bulk insert (with their themes and change-log entries),
since this measures the pack, not the import. Goal: 10k observations build in under 30 s.
With --database-url the public schema of that PostgreSQL database is dropped and migrated
again; without it a temporary SQLite database is used.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 30.0


def add_observations(count: int, seed: int = 11) -> None:
    """`count` published observations recombined from the demo texts, a few internal."""
    from sqlalchemy import insert, select

    from insight.extensions import db
    from insight.models import Observation, VocabularyTerm
    from insight.models.base import utcnow
    from insight.models.observation import observation_theme
    from insight.services import changelog

    demo = json.loads((ROOT / "insight" / "demo" / "observations.json").read_text("utf-8"))
    sentences = [s.strip() + "." for d in demo for s in d["text"].split(".") if len(s) > 20]
    themes = {t.code: t.id for t in db.session.scalars(
        select(VocabularyTerm).where(VocabularyTerm.kind == "theme"))}
    rng = random.Random(seed)
    now = utcnow()
    rows, bases, links = [], [], []
    for number in range(1, count + 1):
        base = demo[rng.randrange(len(demo))]
        bases.append(base)
        visibility = rng.choice(("public", "suppliers", "suppliers", "internal"))
        rows.append({
            "ref": f"GEN-{number:07d}", "title": base["title"],
            "text": " ".join(rng.sample(sentences, rng.randint(1, 4))),
            "source": base["source"], "stay_type": base["stay_type"],
            "journey_stage": base["journey_stage"], "actor": base["actor"],
            "month": base["month"], "age_band": base["age_band"], "unit": base.get("unit", ""),
            "status": "published", "visibility": visibility, "published_at": now,
            "created_at": now, "updated_at": now})
    db.session.execute(insert(Observation), rows)
    ids = dict(db.session.execute(select(Observation.ref, Observation.id).where(
        Observation.ref.like("GEN-%"))).all())
    for row, base in zip(rows, bases, strict=True):
        for code in base.get("tags", [])[:3]:
            if code in themes:
                links.append({"observation_id": ids[row["ref"]], "term_id": themes[code]})
    if links:
        db.session.execute(insert(observation_theme), links)
    changelog.record_bulk("observation", "published",
                          [(r["ref"], r["visibility"]) for r in rows])
    db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text

    from insight import create_app
    from insight.services import bidpack, demo

    data_dir = Path(tempfile.mkdtemp(prefix="bidpack-bench-"))
    config = {"DATA_DIR": str(data_dir), "TESTING": True}
    if args.database_url:
        engine = create_engine(args.database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        config["SQLALCHEMY_DATABASE_URI"] = args.database_url
    app = create_app(config)
    with app.app_context():
        upgrade()
        demo.seed_demo()
        from insight.extensions import db

        db.session.commit()
        started = time.perf_counter()
        add_observations(args.observations)
        print(f"inserted {args.observations} observations in "
              f"{time.perf_counter() - started:.1f} s")
        directory = data_dir / "bidpacks"
        started = time.perf_counter()
        info = bidpack.ensure(directory)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        bidpack.ensure(directory)
        warm = time.perf_counter() - started
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"bid pack v{info.version} ({backend}): {info.files} files, "
          f"{info.size / 1_000_000:.1f} MB, sha256 {info.sha256[:16]}…")
    print(f"cold build {cold:.2f} s (goal < {GOAL_SECONDS:.0f} s: "
          f"{'met' if cold < GOAL_SECONDS else 'NOT met'}); cached {warm * 1000:.1f} ms; "
          f"builds {bidpack.BUILDS['count']}")
    return 0 if cold < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
