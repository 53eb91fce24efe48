"""Insights: the one write path (create, update) for staff pages, demo data and tests."""

from __future__ import annotations

from typing import Any

from insight.models import Insight
from insight.schemas.insight import InsightSchema
from insight.services import vocabulary, writing

FIELDS = ("statement", "detail", "recommendation", "confidence", "visibility")
_schema = InsightSchema()


def _check(data: dict[str, Any]) -> None:
    known = vocabulary.term_map("theme")
    writing.raise_if([writing.unknown_code("themes", "theme", c)
                      for c in data.get("themes") or [] if c not in known])


def snapshot(item: Insight) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in FIELDS}
    values["themes"] = [t.code for t in sorted(item.themes, key=lambda t: (t.position, t.code))]
    values["evidence"] = writing.refs_of(item.evidence)
    return values


def create(raw: dict[str, Any], actor: Any, overrides: writing.Overrides = ()) -> Insight:
    """A draft insight with its themes and evidence, authored by `actor`."""
    writing.require_writer(actor)
    data = writing.load(_schema, raw)
    accepted = writing.screen(data, InsightSchema.TEXTS, actor, overrides)
    _check(data)
    themes = vocabulary.term_map("theme")
    item = Insight(ref=writing.new_ref(Insight, data),
                   author_id=getattr(actor, "id", None),
                   evidence=writing.evidence(data.get("evidence") or []),
                   themes=[themes[c] for c in dict.fromkeys(data.get("themes") or [])])
    writing.apply(item, data, FIELDS)
    return writing.created(item, actor, {"statement": item.statement,
                                         "evidence": [o.ref for o in item.evidence]}, accepted)


def update(item: Insight, raw: dict[str, Any], actor: Any,
           overrides: writing.Overrides = ()) -> Insight:
    """Change an insight; the audit event lists what changed, evidence included."""
    writing.require_writer(actor)
    data = writing.load(_schema, raw, partial=True)
    data.pop("ref", None)  # the external key never changes
    accepted = writing.screen(data, InsightSchema.TEXTS, actor, overrides)
    _check(data)
    before = snapshot(item)
    writing.apply(item, data, FIELDS)
    if "themes" in data:
        themes = vocabulary.term_map("theme")
        item.themes = [themes[c] for c in dict.fromkeys(data["themes"] or [])]
    if "evidence" in data:
        item.evidence = writing.evidence(data["evidence"])
    writing.changed(item, before, snapshot, actor, accepted)
    return item
