"""The privacy screen at the door: every text field passes it before anything is stored.

A finding blocks the write. Staff may accept one finding as a false alarm with a written
reason; that override is audited with the field, kind and position — never the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from insight import permissions, privacy
from insight.messages import msg
from insight.services import audit
from insight.services.errors import InvalidInput, PermissionDenied, Problem

KIND_NAMES = {
    "national_id": msg("national identity number"), "phone": msg("phone number"),
    "email": msg("e-mail address"), "address": msg("street address"),
    "birth_date": msg("date of birth"), "person_name": msg("person's name"),
    "case_number": msg("case number"), "exact_age": msg("exact age of 90 or more"),
    "exact_date": msg("exact date"),
}


@dataclass(frozen=True)
class FieldFinding:
    field: str
    kind: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """How a form names this finding when staff override it."""
        return f"{self.field}:{self.kind}:{self.start}:{self.end}"

    def problem(self, line: int | None = None) -> Problem:
        return Problem(self.field, msg(
            "personal data found: %(kind)s at characters %(start)s–%(end)s",
            kind=KIND_NAMES[self.kind], start=self.start, end=self.end), line=line)


@dataclass(frozen=True)
class Override:
    key: str
    reason: str


class PersonalDataFound(InvalidInput):
    """InvalidInput whose problems are privacy findings; carries them for marking in forms."""

    findings: list[FieldFinding]

    def __init__(self, findings: list[FieldFinding], line: int | None = None,
                 texts: dict[str, str] | None = None) -> None:
        super().__init__(problems=[f.problem(line) for f in findings])
        self.findings = findings
        self.texts = texts or {}  # the screened texts, for marking the findings in a form


def find(data: dict[str, Any], fields: Iterable[str]) -> list[FieldFinding]:
    """Blocking findings in the given text fields of `data`."""
    found = []
    for name in fields:
        value = data.get(name)
        for item in _texts(value):
            found.extend(FieldFinding(name, f.kind, f.start, f.end) for f in privacy.screen(item))
    return found


def warnings_in(data: dict[str, Any], fields: Iterable[str]) -> list[FieldFinding]:
    """Quasi-identifiers that only warn (exact ages of 90+, exact dates)."""
    found = []
    for name in fields:
        for item in _texts(data.get(name)):
            found.extend(FieldFinding(name, f.kind, f.start, f.end)
                         for f in privacy.warnings(item))
    return found


def check(data: dict[str, Any], fields: Iterable[str], actor: Any = None,
          overrides: Sequence[Override] = ()) -> list[tuple[FieldFinding, str]]:
    """Raise PersonalDataFound unless every finding is overridden by staff with a reason.

    Returns the overridden findings with their reasons, for record_overrides once the
    object they belong to exists.
    """
    findings = find(data, fields)
    if not findings:
        return []
    reasons = {o.key: o.reason.strip() for o in overrides if o.reason.strip()}
    if reasons and not permissions.can(actor, permissions.WRITE_CONTENT):
        raise PermissionDenied(msg("Only municipal staff may override the privacy screen."))
    blocking = [f for f in findings if f.key not in reasons]
    if blocking:
        raise PersonalDataFound(blocking, texts={f.field: data[f.field] for f in blocking})
    return [(f, reasons[f.key]) for f in findings]


def record_overrides(actor: Any, subject: Any, accepted: list[tuple[FieldFinding, str]]) -> None:
    for finding, reason in accepted:
        audit.record(actor, "privacy.override", subject, {
            "field": finding.field, "kind": finding.kind, "start": finding.start,
            "end": finding.end, "reason": reason,
        })


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []
