#!/usr/bin/env python3
"""Fallback dependency audit when pip-audit cannot query PyPI per version.

From this network PyPI answers the project JSON (`/pypi/NAME/json`) but not the per-release one
pip-audit asks for. The project JSON lists the known vulnerabilities of the project's *latest*
release, so a pin equal to the latest release with an empty list is clean; a vulnerable latest
release fails the run; an older pin cannot be judged and is named as not audited.

    python .ci/audit_latest.py requirements.txt      # exit 1 on a known vulnerability
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request

PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def latest(name: str) -> tuple[str, list[dict]]:
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=20) as response:
        data = json.load(response)
    return data["info"]["version"], data.get("vulnerabilities") or []


def main(path: str) -> int:
    clean, older, vulnerable, failed = [], [], [], []
    for line in open(path, encoding="utf-8"):
        match = PIN.match(line)
        if not match:
            continue
        name, pinned = match.groups()
        try:
            newest, vulnerabilities = latest(name)
        except OSError as error:
            failed.append(f"{name} ({type(error).__name__})")
            continue
        if pinned != newest:
            older.append(f"{name} {pinned} (latest {newest})")
        elif vulnerabilities:
            ids = ", ".join(v.get("id", "?") for v in vulnerabilities)
            vulnerable.append(f"{name} {pinned}: {ids}")
        else:
            clean.append(name)
    print(f"{len(clean)} pinned packages are their latest release with no known vulnerability.")
    for title, items in (("Not audited (older than the latest release)", older),
                         ("Not reachable", failed), ("VULNERABLE", vulnerable)):
        if items:
            print(f"{title}: " + "; ".join(items))
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "requirements.txt"))
