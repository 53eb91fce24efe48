"""The search thesaurus administrators edit: one synonym rule per row, every change audited.

While the table is empty the engine's default rules apply; the first change copies them into
the table, so an administrator always edits the full set that is in use. The rules apply at
query time: each app process picks up a change within seconds, without a reindex.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from insight.extensions import db
from insight.messages import msg
from insight.models import ThesaurusRule
from insight.search.thesaurus import default_thesaurus_text
from insight.services import audit
from insight.services.errors import InvalidInput, NotFound, Problem

MAX_LENGTH = 1000


def default_rules() -> list[str]:
    """The engine's default rules, one per item (continued lines joined, comments left out)."""
    rules: list[str] = []
    for line in default_thesaurus_text().splitlines():
        if line[:1].isspace() and line.strip() and rules:
            rules[-1] = f"{rules[-1]} {line.strip()}"
        elif line.strip() and not line.lstrip().startswith("#"):
            rules.append(line.strip())
    return rules


def rules() -> list[ThesaurusRule]:
    return list(db.session.scalars(
        select(ThesaurusRule).order_by(ThesaurusRule.position, ThesaurusRule.id)))


def is_seeded() -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(ThesaurusRule)))


def get(rule_id: int) -> ThesaurusRule:
    rule = db.session.get(ThesaurusRule, rule_id)
    if rule is None:
        raise NotFound(msg("No such thesaurus rule."))
    return rule


def validate(text: str) -> str:
    """The rule in normal form, or InvalidInput saying what is wrong with it."""
    rule = " ".join((text or "").split())
    if not rule:
        raise InvalidInput(problems=[Problem("rule", msg("is required"))])
    if len(rule) > MAX_LENGTH:
        raise InvalidInput(problems=[Problem("rule", msg("is longer than %(limit)s characters",
                                                            limit=MAX_LENGTH))])
    if rule.startswith("#"):
        raise InvalidInput(problems=[Problem("rule", msg("must be a rule, not a comment"))])
    left, arrow, right = rule.partition("=>")
    sides = [left, right] if arrow else [left]
    terms = [[t.strip() for t in side.split(",")] for side in sides]
    if "=>" in right or any(not t for side in terms for t in side):
        raise InvalidInput(problems=[Problem(
            "rule", msg("write words separated by commas, optionally with one => "
                        "(e.g. 'pårørende, familie' or 'medisiner => tabletter, dosett')"))])
    if not arrow and len(terms[0]) < 2:
        raise InvalidInput(problems=[Problem(
            "rule", msg("needs at least two words separated by a comma, or a =>"))])
    return ", ".join(terms[0]) + (" => " + ", ".join(terms[1]) if arrow else "")


def _seed(actor: Any) -> None:
    """Copy the engine's defaults into the empty table, so the first edit keeps them."""
    if is_seeded():
        return
    for position, rule in enumerate(default_rules(), start=1):
        db.session.add(ThesaurusRule(rule=rule, position=position))
    db.session.flush()
    audit.record(actor, "thesaurus.seed", None, {"rules": len(default_rules())})


def add(text: str, actor: Any) -> ThesaurusRule:
    rule_text = validate(text)
    _seed(actor)
    last = db.session.scalar(select(func.max(ThesaurusRule.position))) or 0
    rule = ThesaurusRule(rule=rule_text, position=last + 1)
    db.session.add(rule)
    db.session.flush()
    audit.record(actor, "thesaurus.add", rule, {"rule": rule.rule})
    return rule


def update(rule: ThesaurusRule, text: str, actor: Any) -> ThesaurusRule:
    rule_text = validate(text)
    if rule_text != rule.rule:
        before = rule.rule
        rule.rule = rule_text
        db.session.flush()
        audit.record(actor, "thesaurus.update", rule, {"rule": [before, rule.rule]})
    return rule


def remove(rule: ThesaurusRule, actor: Any) -> None:
    audit.record(actor, "thesaurus.delete", rule, {"rule": rule.rule})
    db.session.delete(rule)
    db.session.flush()


def reset(actor: Any) -> int:
    """Replace every rule with the engine's defaults; returns how many rules there are now."""
    removed = db.session.execute(delete(ThesaurusRule)).rowcount
    db.session.flush()
    audit.record(actor, "thesaurus.reset", None, {"removed": removed})
    _seed(actor)
    return len(default_rules())
