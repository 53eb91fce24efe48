#!/usr/bin/env python3
"""Validate Innsikt's demo data (the five JSON files next to this script).

Standalone, standard library only:

    python insight/demo/check_demo.py            # checks the files next to this script
    python insight/demo/check_demo.py some/dir   # checks the files in some/dir

Exits with status 1 and lists every error if a rule is broken; prints a summary either way.
Warnings (for example a journey step citing an observation from another stage) do not fail.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

# --------------------------------------------------------------------------- value sets
SOURCES = ["intervju", "feltobservasjon", "sporreundersokelse", "avviksmelding", "workshop",
           "dokumentanalyse"]
STAY_TYPES = ["rehabilitering", "avlastning", "utredning", "etter_sykehus", "lindrende"]
STAGES = ["behov_oppstar", "soknad_og_vedtak", "for_oppholdet", "ankomst", "under_oppholdet",
          "utreise", "hjemme_etterpa"]
ACTORS = ["bruker", "parorende", "sykepleier", "helsefagarbeider", "fysioterapeut", "ergoterapeut",
          "lege", "tildelingskontor", "hjemmetjenesten", "fastlege"]
THEMES = ["informasjon", "kommunikasjon", "ensomhet", "aktivitet", "mat_og_maltider", "mobilitet",
          "fall", "legemidler", "overgang_og_samhandling", "trygghet", "sovn", "velferdsteknologi",
          "parorende_involvering", "ventetid", "forutsigbarhet", "mestring", "digitale_verktoy",
          "demens", "ernaering", "bemanning", "rom_og_miljo", "hjemreise", "egenomsorg",
          "sprak_og_kultur", "verdighet"]
AGE_BANDS = ["under_67", "67-79", "80-89", "90+"]
UNITS = ["Korttidsavdeling A", "Korttidsavdeling B", "Rehabiliteringsenhet Nord",
         "Avlastningsenhet Sør", "Lindrende enhet Vest"]
VISIBILITIES = ["public", "suppliers", "internal"]
CONFIDENCE = ["low", "medium", "high"]
# Who can see what: an item may only cite observations its own audience can also see.
AUDIENCE = {"public": {"public"}, "suppliers": {"public", "suppliers"},
            "internal": {"public", "suppliers", "internal"}}

# --------------------------------------------------------------------------- rules
MIN_OBSERVATIONS = 130
MIN_PER_STAY_TYPE = 15
MIN_PER_STAGE = 12
MIN_PER_THEME = 4
MIN_PER_SOURCE = 1
MIN_PER_ACTOR = 1
VISIBILITY_SHARE = {"public": (0.22, 0.38), "suppliers": (0.52, 0.68), "internal": (0.06, 0.14)}
MONTH_MIN, MONTH_MAX = "2024-01", "2026-10"

OBS_RE = re.compile(r"^OBS-(\d{4})$")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
SENTENCE_END_RE = re.compile(r"[.!?…]+[\"»”)]?(?=\s|$)")

MONTH_WORDS = ("januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|"
               "desember")
# A crude guard against personal data; it cannot prove absence, only catch the obvious.
PERSONAL_DATA = [
    (re.compile(r"\d{8,}"), "8 or more consecutive digits"),
    (re.compile(r"@"), "'@' (e-mail address?)"),
    (re.compile(r"\+47|\b\d{2}\s\d{2}\s\d{2}\s\d{2}\b|\b\d{3}\s\d{2}\s\d{3}\b"), "phone number"),
    (re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"), "dd.mm.yyyy-like date"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "ISO date"),
    (re.compile(rf"\b\d{{1,2}}\.\s*({MONTH_WORDS})\b", re.I), "day of month"),
    (re.compile(r"\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+"), "postcode followed by a place name"),
    (re.compile(r"(gate|gata|veien|vegen|vei|veg)\s+\d+", re.I), "street address"),
    (re.compile(r"\b\d{2,3}\s*år\b|\b\d{2,3}-åring|\b\d{2,3}\s*years?\b", re.I), "exact age"),
    (re.compile(r"\bkl\.?\s*\d|\b\d{1,2}[:.]\d{2}\b"), "clock time written with digits"),
]
# Common Norwegian first names, matched case-sensitively as whole words: a name slipping
# into a quote or a persona title is the likeliest leak.
FIRST_NAMES = set("""
Ola Kari Per Pål Espen Anne Ingrid Olav Hans Knut Bjørn Liv Marit Eva Jan Arne Nils Inger
Solveig Astrid Kjell Svein Tove Randi Berit Gunnar Terje Sigrid Lars Ole Johan Erik Anna
Maria Kristin Hilde Grete Aud Gerd Reidun Oddvar Odd Leif Rolf Harald Sverre Torill Turid
Ragnhild Else Elin Bodil Jorunn Magnus Emma Nora Sofie Jakob Emil Henrik Martin Kristian
Jens Geir Trond Morten Helge Tor Tone Gro Unni Wenche Bente Ellen Heidi Mona Marianne
""".split())

REQUIRED = {
    "observations": ["ref", "title", "text", "source", "stay_type", "journey_stage", "actor",
                     "tags", "month", "age_band", "unit", "visibility"],
    "personas": ["ref", "title", "summary", "age_band", "living_situation", "stay_type", "needs",
                 "goals", "frustrations", "quote", "evidence", "visibility"],
    "journeys": ["ref", "title", "summary", "stay_type", "persona", "visibility", "steps"],
    "steps": ["stage", "title", "what_happens", "thoughts", "emotion", "pain_points",
              "opportunities", "evidence"],
    "insights": ["ref", "statement", "detail", "recommendation", "confidence", "themes", "evidence",
                 "visibility"],
    "questions": ["ref", "title", "text", "answer"],
}
COUNTS = {"personas": 5, "journeys": 3, "insights": 10, "questions": 4}
REF_FORMATS = {"personas": "PER-{:02d}", "journeys": "JRN-{:02d}", "insights": "INS-{:02d}",
               "questions": "SPM-{:03d}"}

errors: list[str] = []
warnings: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def warn(msg: str) -> None:
    warnings.append(msg)


def sentences(text: str) -> int:
    return max(1, len(SENTENCE_END_RE.findall(text.strip())))


def words(text: str) -> int:
    return len(text.split())


def is_str(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def str_list(value: object, lo: int, hi: int, where: str) -> None:
    if not isinstance(value, list) or not all(is_str(v) for v in value):
        err(f"{where}: must be a list of non-empty strings")
    elif not lo <= len(value) <= hi:
        err(f"{where}: {len(value)} items, expected {lo}–{hi}")


def load(directory: Path, name: str) -> list:
    path = directory / f"{name}.json"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        err(f"{name}.json: cannot read ({exc})")
        return []
    if raw.startswith("\ufeff"):
        err(f"{name}.json: starts with a byte-order mark")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        err(f"{name}.json: invalid JSON ({exc})")
        return []
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        err(f"{name}.json: must be a JSON list of objects")
        return []
    return data


def check_keys(item: dict, keys: list[str], where: str) -> bool:
    missing = [k for k in keys if k not in item]
    extra = [k for k in item if k not in keys]
    if missing:
        err(f"{where}: missing keys {missing}")
    if extra:
        warn(f"{where}: unexpected keys {extra}")
    return not missing


def check_code(value: object, allowed: list[str], where: str) -> None:
    if value not in allowed:
        err(f"{where}: {value!r} is not one of the allowed codes")


def walk_strings(value: object, where: str):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk_strings(v, f"{where}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from walk_strings(v, f"{where}.{k}")


def check_personal_data(name: str, data: list) -> None:
    for i, item in enumerate(data):
        label = item.get("ref", f"#{i}") if isinstance(item, dict) else f"#{i}"
        for where, text in walk_strings(item, f"{name}/{label}"):
            if where.endswith(".ref") or re.fullmatch(r"(OBS|PER|JRN|INS|SPM)-\d+", text) \
                    or MONTH_RE.match(text):
                continue  # refs and YYYY-MM months are structural, not personal data
            for pattern, what in PERSONAL_DATA:
                m = pattern.search(text)
                if m:
                    err(f"{where}: possible personal data ({what}): {m.group(0)!r}")
            for token in re.findall(r"\b[A-ZÆØÅ][a-zæøå]+\b", text):
                if token in FIRST_NAMES:
                    err(f"{where}: looks like a person's name: {token!r}")


def check_refs(name: str, data: list, fmt: str) -> None:
    expected = [fmt.format(i) for i in range(1, len(data) + 1)]
    got = [item.get("ref") for item in data]
    if len(set(got)) != len(got):
        err(f"{name}: duplicate refs {[r for r, c in Counter(got).items() if c > 1]}")
    if got != expected:
        err(f"{name}: refs must be consecutive {expected[:1]}…{expected[-1:]} in order")


def check_evidence(refs: object, lo: int, hi: int, where: str, obs_by_ref: dict,
                   visibility: str | None) -> list[dict]:
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        err(f"{where}: evidence must be a list of OBS refs")
        return []
    if not lo <= len(refs) <= hi:
        err(f"{where}: {len(refs)} evidence refs, expected {lo}–{hi}")
    if len(set(refs)) != len(refs):
        err(f"{where}: evidence lists a ref twice")
    found = []
    for r in refs:
        obs = obs_by_ref.get(r)
        if obs is None:
            err(f"{where}: evidence {r} does not exist")
            continue
        found.append(obs)
        if visibility in AUDIENCE and obs.get("visibility") not in AUDIENCE[visibility]:
            err(f"{where}: {visibility} item cites {r}, which is {obs.get('visibility')}")
    return found


# --------------------------------------------------------------------------- observations
def check_observations(obs: list) -> dict:
    where0 = "observations"
    if len(obs) < MIN_OBSERVATIONS:
        err(f"{where0}: {len(obs)} objects, expected at least {MIN_OBSERVATIONS}")
    check_refs(where0, obs, "OBS-{:04d}")
    previous_month = ""
    for item in obs:
        where = f"{where0}/{item.get('ref', '?')}"
        if not check_keys(item, REQUIRED["observations"], where):
            continue
        if not is_str(item["title"]) or not 3 <= words(item["title"]) <= 8:
            err(f"{where}: title must be 3–8 words ({item['title']!r})")
        if not is_str(item["text"]) or not 1 <= sentences(item["text"]) <= 5:
            err(f"{where}: text must be 1–5 sentences")
        check_code(item["source"], SOURCES, f"{where}.source")
        check_code(item["stay_type"], STAY_TYPES, f"{where}.stay_type")
        check_code(item["journey_stage"], STAGES, f"{where}.journey_stage")
        check_code(item["actor"], ACTORS, f"{where}.actor")
        check_code(item["age_band"], AGE_BANDS, f"{where}.age_band")
        check_code(item["unit"], UNITS, f"{where}.unit")
        check_code(item["visibility"], VISIBILITIES, f"{where}.visibility")
        tags = item["tags"]
        if not isinstance(tags, list) or not 1 <= len(tags) <= 4:
            err(f"{where}: tags must be a list of 1–4 theme codes")
        else:
            if len(set(tags)) != len(tags):
                err(f"{where}: duplicate tags")
            for t in tags:
                check_code(t, THEMES, f"{where}.tags")
        month = item["month"]
        if not isinstance(month, str) or not MONTH_RE.match(month):
            err(f"{where}: month {month!r} is not YYYY-MM")
        else:
            if not MONTH_MIN <= month <= MONTH_MAX:
                err(f"{where}: month {month} outside {MONTH_MIN}…{MONTH_MAX}")
            if month < previous_month:
                err(f"{where}: month {month} comes after {previous_month} (not sorted)")
            previous_month = month

    def coverage(field: str, codes: list[str], minimum: int, multi: bool = False) -> Counter:
        counter: Counter = Counter()
        for item in obs:
            value = item.get(field)
            counter.update(value if multi and isinstance(value, list) else [value])
        for code in codes:
            if counter[code] < minimum:
                err(f"{where0}: {field} {code!r} used {counter[code]} times, expected ≥ {minimum}")
        return counter

    counts = {
        "stay_type": coverage("stay_type", STAY_TYPES, MIN_PER_STAY_TYPE),
        "journey_stage": coverage("journey_stage", STAGES, MIN_PER_STAGE),
        "source": coverage("source", SOURCES, MIN_PER_SOURCE),
        "actor": coverage("actor", ACTORS, MIN_PER_ACTOR),
        "tags": coverage("tags", THEMES, MIN_PER_THEME, multi=True),
        "age_band": coverage("age_band", AGE_BANDS, 1),
        "unit": coverage("unit", UNITS, 1),
        "visibility": Counter(item.get("visibility") for item in obs),
    }
    if obs:
        for vis, (lo, hi) in VISIBILITY_SHARE.items():
            share = counts["visibility"][vis] / len(obs)
            if not lo <= share <= hi:
                err(f"{where0}: {vis} share {share:.0%}, expected {lo:.0%}–{hi:.0%}")
    texts = Counter(item.get("text") for item in obs)
    for text, n in texts.items():
        if n > 1:
            err(f"{where0}: the same text appears {n} times: {str(text)[:60]!r}")
    return counts


# --------------------------------------------------------------------------- the rest
def check_personas(personas: list, obs_by_ref: dict) -> None:
    if len(personas) != COUNTS["personas"]:
        err(f"personas: {len(personas)} objects, expected {COUNTS['personas']}")
    check_refs("personas", personas, REF_FORMATS["personas"])
    for p in personas:
        where = f"personas/{p.get('ref', '?')}"
        if not check_keys(p, REQUIRED["personas"], where):
            continue
        for key in ("title", "summary", "living_situation", "quote"):
            if not is_str(p[key]):
                err(f"{where}.{key}: must be a non-empty string")
        if is_str(p["summary"]) and not 2 <= sentences(p["summary"]) <= 4:
            err(f"{where}.summary: expected 2–4 sentences")
        check_code(p["age_band"], AGE_BANDS, f"{where}.age_band")
        check_code(p["stay_type"], STAY_TYPES, f"{where}.stay_type")
        check_code(p["visibility"], ["public", "suppliers"], f"{where}.visibility")
        for key in ("needs", "goals", "frustrations"):
            str_list(p[key], 3, 5, f"{where}.{key}")
        if is_str(p["quote"]) and not re.search(r"\b(jeg|meg|min|mitt|mine|vi|oss)\b",
                                                p["quote"], re.I):
            err(f"{where}.quote: should be in the first person")
        cited = check_evidence(p["evidence"], 4, 8, where, obs_by_ref, p["visibility"])
        off = [o["ref"] for o in cited if o.get("stay_type") != p["stay_type"]]
        if off:
            warn(f"{where}: evidence from another stay type: {off}")
    text = [json.dumps(p, ensure_ascii=False).lower() for p in personas]
    if not any("pårørende" in t for t in text):
        err("personas: expected at least one relative (pårørende) persona")
    if not any("demens" in t for t in text):
        err("personas: expected at least one persona with dementia")
    if len({p.get("stay_type") for p in personas}) < 4:
        err("personas: spread the personas over at least four stay types")


def check_journeys(journeys: list, personas: list, obs_by_ref: dict) -> None:
    if len(journeys) != COUNTS["journeys"]:
        err(f"journeys: {len(journeys)} objects, expected {COUNTS['journeys']}")
    check_refs("journeys", journeys, REF_FORMATS["journeys"])
    persona_by_ref = {p.get("ref"): p for p in personas}
    for j in journeys:
        where = f"journeys/{j.get('ref', '?')}"
        if not check_keys(j, REQUIRED["journeys"], where):
            continue
        check_code(j["stay_type"], STAY_TYPES, f"{where}.stay_type")
        check_code(j["visibility"], ["public", "suppliers"], f"{where}.visibility")
        persona = persona_by_ref.get(j["persona"])
        if persona is None:
            err(f"{where}: persona {j['persona']!r} does not exist")
        elif persona.get("stay_type") != j["stay_type"]:
            warn(f"{where}: stay type differs from its persona's")
        steps = j["steps"]
        if not isinstance(steps, list) or not 6 <= len(steps) <= 8:
            err(f"{where}: expected 6–8 steps")
            continue
        last_stage, emotions = -1, []
        for n, s in enumerate(steps, 1):
            sw = f"{where}/step{n}"
            if not isinstance(s, dict) or not check_keys(s, REQUIRED["steps"], sw):
                continue
            check_code(s["stage"], STAGES, f"{sw}.stage")
            if s["stage"] in STAGES:
                pos = STAGES.index(s["stage"])
                if pos < last_stage:
                    err(f"{sw}: stage {s['stage']} goes backwards in the journey")
                last_stage = max(last_stage, pos)
            if not isinstance(s["emotion"], int) or isinstance(s["emotion"], bool) \
                    or not -2 <= s["emotion"] <= 2:
                err(f"{sw}: emotion must be an integer from -2 to 2")
            else:
                emotions.append(s["emotion"])
            for key in ("title", "what_happens", "thoughts"):
                if not is_str(s[key]):
                    err(f"{sw}.{key}: must be a non-empty string")
            str_list(s["pain_points"], 1, 6, f"{sw}.pain_points")
            str_list(s["opportunities"], 1, 6, f"{sw}.opportunities")
            cited = check_evidence(s["evidence"], 1, 4, sw, obs_by_ref, j["visibility"])
            if cited and not any(o.get("journey_stage") == s["stage"] for o in cited):
                warn(f"{sw}: no evidence from stage {s['stage']}")
            off = [o["ref"] for o in cited if o.get("stay_type") != j["stay_type"]]
            if off:
                warn(f"{sw}: evidence from another stay type: {off}")
        if emotions and (len(set(emotions)) < 3 or min(emotions) >= 0 or max(emotions) <= 0):
            err(f"{where}: the emotion curve should vary, dip below 0 and rise above 0")


def check_insights(insights: list, obs_by_ref: dict) -> None:
    if len(insights) != COUNTS["insights"]:
        err(f"insights: {len(insights)} objects, expected {COUNTS['insights']}")
    check_refs("insights", insights, REF_FORMATS["insights"])
    for ins in insights:
        where = f"insights/{ins.get('ref', '?')}"
        if not check_keys(ins, REQUIRED["insights"], where):
            continue
        if not is_str(ins["statement"]) or sentences(ins["statement"]) != 1:
            err(f"{where}.statement: must be one sentence")
        if not is_str(ins["detail"]) or not 3 <= sentences(ins["detail"]) <= 5:
            err(f"{where}.detail: expected 3–5 sentences")
        rec = ins["recommendation"]
        if not is_str(rec) or not (rec.startswith("Hvordan kan vi") and rec.rstrip().endswith("?")):
            err(f"{where}.recommendation: must be a 'Hvordan kan vi …?' question")
        check_code(ins["confidence"], CONFIDENCE, f"{where}.confidence")
        check_code(ins["visibility"], ["public", "suppliers"], f"{where}.visibility")
        themes = ins["themes"]
        if not isinstance(themes, list) or not 1 <= len(themes) <= 3:
            err(f"{where}: themes must be a list of 1–3 theme codes")
        else:
            for t in themes:
                check_code(t, THEMES, f"{where}.themes")
        cited = check_evidence(ins["evidence"], 3, 8, where, obs_by_ref, ins["visibility"])
        if isinstance(themes, list):
            unrelated = [o["ref"] for o in cited if not set(themes) & set(o.get("tags", []))]
            if unrelated:
                warn(f"{where}: evidence sharing none of the insight's themes: {unrelated}")


def check_questions(questions: list) -> None:
    if len(questions) != COUNTS["questions"]:
        err(f"questions: {len(questions)} objects, expected {COUNTS['questions']}")
    check_refs("questions", questions, REF_FORMATS["questions"])
    for q in questions:
        where = f"questions/{q.get('ref', '?')}"
        if not check_keys(q, REQUIRED["questions"], where):
            continue
        for key in ("title", "text", "answer"):
            if not is_str(q[key]):
                err(f"{where}.{key}: must be a non-empty string")
        if is_str(q["answer"]) and not 2 <= sentences(q["answer"]) <= 5:
            err(f"{where}.answer: expected 2–5 sentences")
        if is_str(q["text"]) and re.search(r"\b(AS|ASA|Ltd|Inc|GmbH)\b", q["text"]):
            err(f"{where}.text: must not name a company")


# --------------------------------------------------------------------------- main
def table(title: str, counter: Counter, codes: list[str]) -> str:
    width = max(len(c) for c in codes)
    lines = [f"{title}:"] + [f"  {c:<{width}}  {counter.get(c, 0):>4}" for c in codes]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    data = {name: load(directory, name)
            for name in ("observations", "personas", "journeys", "insights", "questions")}
    obs = data["observations"]
    counts = check_observations(obs)
    obs_by_ref = {o.get("ref"): o for o in obs if isinstance(o, dict)}
    check_personas(data["personas"], obs_by_ref)
    check_journeys(data["journeys"], data["personas"], obs_by_ref)
    check_insights(data["insights"], obs_by_ref)
    check_questions(data["questions"])
    for name, items in data.items():
        check_personal_data(name, items)

    print(f"Demo data in {directory}")
    print(f"  observations {len(obs)}, personas {len(data['personas'])}, "
          f"journeys {len(data['journeys'])} "
          f"({sum(len(j.get('steps', [])) for j in data['journeys'])} steps), "
          f"insights {len(data['insights'])}, questions {len(data['questions'])}")
    print(table("stay_type", counts["stay_type"], STAY_TYPES))
    print(table("journey_stage", counts["journey_stage"], STAGES))
    print(table("theme", counts["tags"], THEMES))
    print(table("source", counts["source"], SOURCES))
    print(table("actor", counts["actor"], ACTORS))
    print(table("age_band", counts["age_band"], AGE_BANDS))
    print(table("unit", counts["unit"], UNITS))
    vis = counts["visibility"]
    total = max(1, len(obs))
    print("visibility: " + ", ".join(f"{v} {vis.get(v, 0)} ({vis.get(v, 0) / total:.0%})"
                                     for v in VISIBILITIES))
    months = sorted(o.get("month", "") for o in obs)
    if months:
        print(f"months: {months[0]} … {months[-1]}, {len(set(months))} distinct")
    for w in warnings:
        print(f"WARNING {w}")
    for e in errors:
        print(f"ERROR {e}")
    print(f"{'FAILED' if errors else 'OK'}: {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
