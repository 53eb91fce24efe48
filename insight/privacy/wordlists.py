"""Word lists shipped in data/*.txt, loaded once per process."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _words(name: str) -> list[str]:
    text = files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            out.extend(line.split())
    return out


@cache
def exact(name: str) -> frozenset[str]:
    """Words as written (names are matched case-sensitively: "Kari", not "kari")."""
    return frozenset(_words(name))


@cache
def lower(name: str) -> frozenset[str]:
    """Words folded to lower case, for case-insensitive lookups."""
    return frozenset(w.lower() for w in _words(name))
