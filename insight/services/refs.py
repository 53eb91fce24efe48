"""Refs (OBS-0001, INS-01, …) handed out by the database, safely under concurrent writers."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from insight.extensions import db
from insight.models import Insight, Journey, Observation, Persona, RefCounter
from insight.models.tracking import insert_ignoring_duplicates

# prefix → (model whose refs it numbers, digits at least)
KINDS = {"OBS": (Observation, 4), "INS": (Insight, 2), "PER": (Persona, 2), "JRN": (Journey, 2)}
PREFIX_OF = {model: prefix for prefix, (model, _) in KINDS.items()}


def next_ref(prefix: str) -> str:
    """The next free ref for `prefix`, such as INS-07.

    One UPDATE … SET last = last + 1 RETURNING takes the counter row's lock, so concurrent
    transactions get different numbers (PostgreSQL queues them on the row; SQLite has one
    writer). Refs given explicitly (demo data, imports) do not move the counter, so when the
    number is taken the counter jumps past the highest ref in use, once."""
    model, width = KINDS[prefix]
    insert_ignoring_duplicates(RefCounter, {"prefix": prefix, "last": 0})
    number = _bump(prefix)
    ref = f"{prefix}-{number:0{width}d}"
    if _taken(model, ref):
        number = _bump(prefix, to=_highest(model, prefix) + 1)
        ref = f"{prefix}-{number:0{width}d}"
    return ref


def _bump(prefix: str, to: int | None = None) -> int:
    value = RefCounter.last + 1 if to is None else to
    return db.session.execute(
        update(RefCounter).where(RefCounter.prefix == prefix).values(last=value)
        .returning(RefCounter.last)).scalar_one()


def _taken(model: type, ref: str) -> bool:
    return db.session.scalar(select(model.id).where(model.ref == ref)) is not None


def _highest(model: type, prefix: str) -> int:
    pattern = re.compile(rf"{prefix}-(\d+)")
    refs = db.session.scalars(select(model.ref).where(model.ref.like(f"{prefix}-%")))
    return max((int(m.group(1)) for r in refs if (m := pattern.fullmatch(r))), default=0)
