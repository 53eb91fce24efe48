"""Import speed: Innsikt's import (privacy screen, checks, write, search indexing) against a raw
SQLAlchemy Core insert of the same rows, at 10k and 100k rows, with peak memory.

    .venv/bin/python bench/import_speed.py [--sizes 10000,100000] [--backend whoosh]

Each measurement runs in a fresh child process with a fresh SQLite database, so peak RSS is
that of one import. Rows are generated from the shared corpus (or the demo data when the
corpus is not there) by recombining sentences, so texts differ row to row.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "observations.csv"
COLUMNS = ["ref", "title", "text", "source", "stay_type", "journey_stage", "actor", "tags",
           "month", "age_band", "unit"]


def seed_rows() -> list[dict[str, str]]:
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))
    items = json.loads((ROOT / "insight" / "demo" / "observations.json").read_text("utf-8"))
    return [{**item, "tags": ";".join(item["tags"])} for item in items]


def generate(path: Path, count: int, seed: int = 7) -> None:
    """`count` rows whose texts recombine sentences of the seed rows."""
    rows = seed_rows()
    sentences = [s.strip() + "." for r in rows for s in r["text"].split(".") if len(s) > 20]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        for number in range(1, count + 1):
            base = rows[rng.randrange(len(rows))]
            text = " ".join(rng.sample(sentences, rng.randint(1, 4)))
            writer.writerow({**{c: base[c] for c in COLUMNS}, "ref": f"GEN-{number:07d}",
                             "text": text})


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def child_innsikt(path: Path, data_dir: Path, backend: str) -> dict:
    os.environ.update(INSIGHT_DATA_DIR=str(data_dir), INSIGHT_SEARCH_BACKEND=backend)
    os.environ.pop("INSIGHT_DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from insight import create_app
    from insight.extensions import db
    from insight.services import importing, vocabulary

    app = create_app()
    with app.app_context():
        upgrade()
        vocabulary.ensure_default_vocabularies()
        db.session.commit()
        rss_before = peak_rss_mb()
        started = time.perf_counter()
        result = importing.import_file(path, None, publish=True)
        written = time.perf_counter()
        db.session.commit()  # the commit drains the search outbox: indexing happens here
        done = time.perf_counter()
        from insight.search import sync

        indexed = sync.count_documents()
    return {"rows": result.rows, "seconds": done - started, "check_and_write": written - started,
            "commit_and_index": done - written, "indexed": indexed,
            "peak_rss_mb": peak_rss_mb(), "rss_before_mb": rss_before,
            "workers_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def child_raw(path: Path, data_dir: Path) -> dict:
    """The floor: parse the CSV and insert the same rows with SQLAlchemy Core."""
    os.environ.update(INSIGHT_DATA_DIR=str(data_dir))
    os.environ.pop("INSIGHT_DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from insight import create_app
    from insight.extensions import db
    from insight.models import Observation, VocabularyTerm
    from insight.models.observation import observation_theme
    from insight.services import vocabulary

    app = create_app({"SEARCH_SYNC_ON_COMMIT": False})
    with app.app_context():
        upgrade()
        vocabulary.ensure_default_vocabularies()
        db.session.commit()
        themes = {t.code: t.id for t in db.session.scalars(
            select(VocabularyTerm).where(VocabularyTerm.kind == "theme"))}
        started = time.perf_counter()
        with db.engine.begin() as connection, path.open(encoding="utf-8", newline="") as stream:
            batch: list[dict] = []

            def flush() -> None:
                rows = [{k: v for k, v in r.items() if k != "tags"} for r in batch]
                ids = connection.execute(insert(Observation.__table__).returning(
                    Observation.__table__.c.id), rows).scalars().all()
                links = [{"observation_id": i, "term_id": themes[t]}
                         for i, r in zip(ids, batch, strict=True) for t in r["tags"].split(";")]
                connection.execute(insert(observation_theme), links)
                batch.clear()

            count = 0
            for row in csv.DictReader(stream):
                batch.append({**row, "status": "published", "visibility": "suppliers"})
                count += 1
                if len(batch) == 1000:
                    flush()
            if batch:
                flush()
        seconds = time.perf_counter() - started
    return {"rows": count, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}


def run_child(kind: str, path: Path, backend: str) -> dict:
    with tempfile.TemporaryDirectory() as data_dir:
        output = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--file", str(path),
             "--data-dir", data_dir, "--backend", backend],
            capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backend", default="whoosh", choices=["whoosh", "postgres"])
    parser.add_argument("--child", choices=["innsikt", "raw"])
    parser.add_argument("--file")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    if args.child:
        path, data_dir = Path(args.file), Path(args.data_dir)
        result = child_innsikt(path, data_dir, args.backend) if args.child == "innsikt" \
            else child_raw(path, data_dir)
        print(json.dumps(result))
        return

    print(f"Import speed ({args.backend} index; SQLite; {os.cpu_count()} cores)")
    print(f"{'rows':>8} {'innsikt s':>10} {'rows/s':>8} {'check+write':>12} {'index':>8} "
          f"{'raw s':>7} {'raw rows/s':>10} {'× raw':>6} {'peak MB':>8} {'raw MB':>7} "
          f"{'worker MB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for size in [int(s) for s in args.sizes.split(",")]:
            path = Path(folder) / f"rows-{size}.csv"
            generate(path, size)
            ours = run_child("innsikt", path, args.backend)
            raw = run_child("raw", path, args.backend)
            assert ours["rows"] == raw["rows"] == size and ours["indexed"] >= size
            print(f"{size:>8} {ours['seconds']:>10.1f} {size / ours['seconds']:>8.0f} "
                  f"{ours['check_and_write']:>12.1f} {ours['commit_and_index']:>8.1f} "
                  f"{raw['seconds']:>7.2f} {size / raw['seconds']:>10.0f} "
                  f"{ours['seconds'] / raw['seconds']:>6.1f} {ours['peak_rss_mb']:>8.0f} "
                  f"{raw['peak_rss_mb']:>7.0f} {ours.get('workers_peak_rss_mb', 0):>9.0f}")
    print("Goals: ≥ 2,000 rows/s, ≤ 3× the raw insert, peak RSS ≤ 250 MB at 100k rows.")
    print("peak MB: the importing process; worker MB: the largest of the processes it forked "
          "to index (copy-on-write: most of their pages are shared with it).")


if __name__ == "__main__":
    main()
