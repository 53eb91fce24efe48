"""Benchmark the privacy screen on labelled JSONL: ../shared/privacy/pii-dev.jsonl and
bench/privacy_own.jsonl (100 new texts), plus false alarms on the 300 corpus observations.

Scoring follows shared/privacy/README.md: gold case_number spans are dropped (optional kind)
and a prediction overlapping one is not a false positive. Only ids and kinds are printed,
never the labelled values. Always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from insight.privacy import KINDS, screen


def _shared(relative: str) -> Path:
    """../shared next to the checkout (a worktree sits one level deeper)."""
    here = Path(__file__).resolve()
    for parent in here.parents[1:4]:
        if (parent / "shared" / relative).exists():
            return parent / "shared" / relative
    return here.parents[2] / "shared" / relative


DEFAULT_DATA = _shared("privacy/pii-dev.jsonl")
OWN_DATA = Path(__file__).resolve().parent / "privacy_own.jsonl"
CORPUS = _shared("corpus/observations.csv")
OPTIONAL = "case_number"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(rows: list[dict]) -> dict:
    span_total: Counter[str] = Counter()
    span_found: Counter[str] = Counter()
    text_total: Counter[str] = Counter()
    text_found: Counter[str] = Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    false_flags: list[dict] = []
    tp = fp = 0
    clean = clean_flagged = dirty = dirty_blocked = 0
    for row in rows:
        text = row["text"]
        gold = [p for p in row["pii"] if p["kind"] != OPTIONAL]
        optional = [(p["start"], p["end"]) for p in row["pii"] if p["kind"] == OPTIONAL]
        pred = screen(text)
        for kind in {p["kind"] for p in gold}:
            text_total[kind] += 1
            spans = [(p["start"], p["end"]) for p in gold if p["kind"] == kind]
            hits = [
                any(_overlaps(s, (f.start, f.end)) for f in pred if f.kind == kind) for s in spans
            ]
            span_total[kind] += len(spans)
            span_found[kind] += sum(hits)
            if any(hits):
                text_found[kind] += 1
            if not all(hits):
                missed[kind].append(row["id"])
        fp_kinds = []
        for f in pred:
            span = (f.start, f.end)
            if any(p["kind"] == f.kind and _overlaps(span, (p["start"], p["end"])) for p in gold):
                tp += 1
            elif not any(_overlaps(span, o) for o in optional):
                fp += 1
                fp_kinds.append(f.kind)
        if gold:
            dirty += 1
            dirty_blocked += bool(pred)
        else:
            clean += 1
            clean_flagged += bool(fp_kinds)
        if fp_kinds:
            false_flags.append({"id": row["id"], "kinds": sorted(set(fp_kinds)), "clean": not gold})
    kinds = [k for k in KINDS if k != OPTIONAL and (text_total[k] or span_total[k])]
    return {
        "texts": len(rows),
        "text_recall": {k: text_found[k] / text_total[k] for k in kinds},
        "text_counts": {k: [text_found[k], text_total[k]] for k in kinds},
        "span_recall": {k: span_found[k] / span_total[k] for k in kinds},
        "span_counts": {k: [span_found[k], span_total[k]] for k in kinds},
        "blocked_recall": dirty_blocked / dirty if dirty else None,
        "span_precision": tp / (tp + fp) if tp + fp else None,
        "false_alarm_rate": clean_flagged / clean if clean else None,
        "clean_texts": clean,
        "missed": {k: v for k, v in missed.items()},
        "false_flags": false_flags,
    }


def _time_per_text(texts: list[str], min_seconds: float) -> float:
    """Seconds per text, best of several rounds (other load on the machine only adds time)."""
    best, spent = float("inf"), 0.0
    while spent < min_seconds:
        t0 = time.perf_counter()
        for t in texts:
            screen(t)
        elapsed = time.perf_counter() - t0
        best, spent = min(best, elapsed / len(texts)), spent + elapsed
    return best


def throughput(rows: list[dict], min_seconds: float = 1.0) -> dict:
    texts = [r["text"] for r in rows]
    # Also time ~300-character texts (the size of a typical imported row), made by joining
    # the labelled texts in a fixed order.
    joined = " ".join(texts * 2)
    long_texts = [joined[i : i + 300] for i in range(0, len(joined) - 300, 97)][:200]
    per_text = _time_per_text(texts, min_seconds)
    per_300 = _time_per_text(long_texts, min_seconds)
    return {
        "texts_per_s": 1 / per_text,
        "ms_per_text": 1000 * per_text,
        "avg_chars": sum(map(len, texts)) / len(texts),
        "ms_per_300_chars": 1000 * per_300,
        "texts_300_chars_per_s": 1 / per_300,
    }


def _print(res: dict, perf: dict) -> None:
    print(f"texts: {res['texts']} (clean: {res['clean_texts']})")
    print(f"{'kind':<13} {'text recall':>14} {'span recall':>14}")
    for k in res["text_recall"]:
        tf, tt = res["text_counts"][k]
        sf, st = res["span_counts"][k]
        print(
            f"{k:<13} {res['text_recall'][k]:>6.3f} ({tf:>2}/{tt:<2}) "
            f"{res['span_recall'][k]:>6.3f} ({sf:>2}/{st:<2})"
        )
    if res["blocked_recall"] is not None:
        print(f"blocked (any finding) over texts with identifiers: {res['blocked_recall']:.3f}")
    if res["span_precision"] is not None:
        print(f"span precision (overall): {res['span_precision']:.3f}")
    if res["false_alarm_rate"] is not None:
        print(f"false alarms on clean texts: {res['false_alarm_rate']:.3f}")
    for k, ids in res["missed"].items():
        print(f"missed {k}: {', '.join(ids)}")
    for ff in res["false_flags"]:
        where = "clean" if ff["clean"] else "extra span"
        print(f"false flag ({where}) {ff['id']}: {', '.join(ff['kinds'])}")
    print(
        f"speed: {perf['texts_per_s']:,.0f} texts/s "
        f"({perf['ms_per_text']:.3f} ms/text, avg {perf['avg_chars']:.0f} chars); "
        f"300-char texts: {perf['texts_300_chars_per_s']:,.0f} texts/s "
        f"({perf['ms_per_300_chars']:.3f} ms/text)"
    )


def corpus_alarms(path: Path) -> tuple[int, int]:
    """(texts flagged, texts) over the titles and texts of the clean corpus observations."""
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    flagged = sum(bool(screen(r["title"]) or screen(r["text"])) for r in rows)
    return flagged, len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, action="append",
                    help="labelled JSONL file (repeatable; default: the dev set and the own set)")
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    args = ap.parse_args(argv)
    out = {}
    for path in args.data or [DEFAULT_DATA, OWN_DATA]:
        try:
            with path.open(encoding="utf-8") as fh:
                rows = [json.loads(line) for line in fh if line.strip()]
        except OSError as exc:
            print(f"cannot read {path}: {exc.strerror}", file=sys.stderr)
            continue
        res = evaluate(rows)
        perf = throughput(rows)
        out[path.name] = {**res, "performance": perf}
        if not args.json:
            print(f"\n== {path.name}")
            _print(res, perf)
    if not args.data and CORPUS.exists():
        flagged, total = corpus_alarms(CORPUS)
        out["corpus"] = {"flagged": flagged, "texts": total}
        if not args.json:
            print(f"\n== {CORPUS.name}: {flagged} of {total} clean observations flagged")
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
