"""The Finding record shared by all detectors; it never holds the matched text."""

from __future__ import annotations

from dataclasses import dataclass

# Blocking kinds; case_number is optional in the label rules but blocked here (privacy first).
KINDS: tuple[str, ...] = (
    "national_id",
    "phone",
    "email",
    "address",
    "birth_date",
    "person_name",
    "case_number",
)
# Quasi-identifiers that only warn.
WARNING_KINDS: tuple[str, ...] = ("exact_age", "exact_date")


@dataclass(frozen=True)
class Finding:
    """A span of personal data; callers slice the text themselves, so values never leak."""

    kind: str
    start: int  # Python str offset
    end: int  # exclusive

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end}
