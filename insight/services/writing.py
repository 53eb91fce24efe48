"""The steps every write path shares: who may write, schema validation, the privacy screen,
evidence, and the audit of a change. Each aggregate's service (observations, insights,
personas, journeys) runs them once, in this order, for web, API, import, CLI and demo data.

Actors: a signed-in user with the WRITE_CONTENT permission, or SYSTEM for work no person does
(maintenance scripts and tests that set up data). `None` is refused, so a caller that forgot
to pass its user fails loudly instead of writing anonymously.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from marshmallow import Schema, ValidationError
from sqlalchemy import select

from insight import permissions
from insight.extensions import db
from insight.messages import Message, msg
from insight.models import Observation
from insight.services import audit, freeze, publishing, refs, screening, vocabulary
from insight.services.errors import InvalidInput, PermissionDenied, Problem

Overrides = tuple[screening.Override, ...]
Accepted = list[tuple[screening.FieldFinding, str]]


class SystemActor:
    """The actor of writes no person makes. Audited with no actor; never a reviewer."""

    id = None
    is_authenticated = False
    role = "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def require_writer(actor: Any) -> None:
    """The one permission check of every content write; nobody writes while frozen."""
    freeze.require_open()
    if actor is SYSTEM or permissions.can(actor, permissions.WRITE_CONTENT):
        return
    raise PermissionDenied(msg("Only municipal staff may write content."))


def load(schema: Schema, raw: dict[str, Any], partial: bool = False) -> dict[str, Any]:
    """`raw` through `schema`, or InvalidInput naming each field's problem."""
    try:
        return schema.load(raw, partial=partial)
    except ValidationError as error:
        raise InvalidInput(problems=problems_from(error.messages)) from None


def screen(data: dict[str, Any], fields: Iterable[str], actor: Any, overrides: Overrides = (),
           prefix: str = "") -> Accepted:
    """The privacy screen over the text `fields` present in `data` (names get `prefix`)."""
    texts = {f"{prefix}{name}": data[name] for name in fields if name in data}
    return screening.check(texts, texts.keys(), actor, overrides)


def evidence(refs: list[str], field: str = "evidence") -> list[Observation]:
    """The observations behind `refs`, in order, or InvalidInput naming the unknown refs."""
    refs = list(dict.fromkeys(refs or []))
    if not refs:
        return []
    found = {o.ref: o for o in db.session.scalars(
        select(Observation).where(Observation.ref.in_(refs)))}
    missing = [r for r in refs if r not in found]
    if missing:
        raise InvalidInput(problems=[
            Problem(field, msg("unknown observation %(ref)s", ref=r)) for r in missing])
    return [found[r] for r in refs]


# vocabulary kind → how a message names it
VOCABULARY_NAMES = {
    "source": msg("source"), "stay_type": msg("stay type"), "journey_stage": msg("journey stage"),
    "actor": msg("actor"), "age_band": msg("age band"), "theme": msg("theme"),
}


def unknown_code(field: str, kind: str, code: str) -> Problem:
    return Problem(field, msg("unknown %(kind)s '%(code)s'", kind=VOCABULARY_NAMES[kind],
                              code=code))


def check_codes(data: dict[str, Any], fields: dict[str, str]) -> None:
    """`fields` maps a field name to its vocabulary kind; unknown codes are problems."""
    raise_if([unknown_code(name, kind, data[name]) for name, kind in fields.items()
              if data.get(name) is not None and data[name] not in vocabulary.codes(kind)])


def refs_of(observations: list[Observation]) -> list[str]:
    return sorted(o.ref for o in observations)


def new_ref(model: type, data: dict[str, Any]) -> str:
    """The ref a new item gets: the one given (imports, demo data), if free, or the next one
    the database hands out."""
    given = data.get("ref")
    if not given:
        return refs.next_ref(refs.PREFIX_OF[model])
    if db.session.scalar(select(model.id).where(model.ref == given)) is not None:
        raise InvalidInput(problems=[Problem("ref", msg("ref %(ref)s is already in use",
                                                        ref=given))])
    return given


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems=problems)


def apply(item: Any, data: dict[str, Any], names: Iterable[str]) -> None:
    for name in names:
        if name in data and data[name] is not None:
            setattr(item, name, data[name])


def created(item: Any, actor: Any, changes: dict[str, Any], accepted: Accepted) -> Any:
    """Audit a new item, note its author as an editor of this version, record overrides."""
    db.session.add(item)
    db.session.flush()
    audit.record(actor, f"{item.kind}.create", item, changes)
    publishing.note_edit(item, actor)
    screening.record_overrides(actor, item, accepted)
    return item


def changed(item: Any, before: dict[str, Any], snapshot: Callable[[Any], dict[str, Any]],
            actor: Any, accepted: Accepted, action: str | None = None,
            extra: dict[str, Any] | None = None, subject: Any = None) -> bool:
    """Audit what changed (nothing when nothing did). A real change makes `actor` an editor of
    the version under review and sends published content back to review (four eyes).
    `subject` is the publishable item the change belongs to (a step's journey)."""
    subject = subject if subject is not None else item
    db.session.flush()
    changes = audit.diff(before, snapshot(item))
    if changes:
        audit.record(actor, action or f"{subject.kind}.update", subject,
                     {**(extra or {}), **changes})
        touched(subject, actor)
    screening.record_overrides(actor, subject, accepted)
    return bool(changes)


def touched(item: Any, actor: Any) -> None:
    """`actor` changed the content of `item`: it may not publish this version, and published
    content goes back to review."""
    publishing.reopen_if_published(item, actor)


# --- marshmallow messages as keys -----------------------------------------------------------

_FIXED = {
    "Missing data for required field.": msg("is required"),
    "Unknown field.": msg("is not a known field"),
    "Field may not be null.": msg("is required"),
    "Not a valid string.": msg("must be text"),
    "Not a valid integer.": msg("must be a whole number"),
    "Not a valid list.": msg("must be a list"),
    "Invalid input type.": msg("has the wrong type"),
    "Invalid value.": msg("has an invalid value"),
}
_LONGER = re.compile(r"Longer than maximum length (\d+)\.")
_SHORTER = re.compile(r"Shorter than minimum length (\d+)\.")


def as_problem_message(text: str) -> Message:
    """A marshmallow error text as a message key; our own schema errors are msgids already."""
    if text in _FIXED:
        return _FIXED[text]
    if match := _LONGER.fullmatch(text):
        return msg("must be at most %(limit)s characters", limit=int(match.group(1)))
    if match := _SHORTER.fullmatch(text):
        return msg("is required") if match.group(1) == "1" else \
            msg("must be at least %(limit)s characters", limit=int(match.group(1)))
    if text.startswith("Must be one of: "):
        return msg("must be one of: %(choices)s", choices=text[len("Must be one of: "):-1])
    return msg(text)


def problems_from(messages: Any, prefix: str = "") -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                problems.extend(problems_from(value, f"{name}."))
            else:
                for text in value if isinstance(value, list) else [value]:
                    problems.append(Problem(name, as_problem_message(str(text))))
    else:
        problems.append(Problem(prefix.rstrip(".") or "body", as_problem_message(str(messages))))
    return problems
