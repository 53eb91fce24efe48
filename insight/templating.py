"""Helpers every template can use: permissions, vocabulary labels, language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError

from insight import permissions
from insight.extensions import db
from insight.services import cache, publishing, screening, trail, vocabulary

STATUS_LABELS = {
    "draft": _l("Draft"), "in_review": _l("In review"), "published": _l("Published"),
    "archived": _l("Archived"),
}
VISIBILITY_LABELS = {
    "public": _l("Public"), "suppliers": _l("Suppliers"), "internal": _l("Internal"),
}
PRIVACY_KIND_LABELS = screening.KIND_NAMES  # one list of finding kinds for pages and errors
CONFIDENCE_LABELS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")}
CONTENT_TYPE_LABELS = {
    "observation": _l("Observation"), "insight": _l("Insight"), "persona": _l("Persona"),
    "journey": _l("Journey"), "answer": _l("Answer"),
}
ROLE_LABELS = {
    "admin": _l("Administrator"), "staff": _l("Municipal staff"), "supplier": _l("Supplier"),
}
# audit actions are "<subject>.<verb>"; people read "Observation: published"
ACTION_SUBJECT_LABELS = {
    **CONTENT_TYPE_LABELS, "auth": _l("Sign-in"), "content": _l("Content"),
    "import": _l("Import"), "privacy": _l("Privacy screen"), "question": _l("Question"),
    "search": _l("Search index"), "settings": _l("Site settings"), "site": _l("Material"),
    "thesaurus": _l("Thesaurus"), "token": _l("API token"), "user": _l("User"),
}
ACTION_VERB_LABELS = {
    "create": _l("created"), "update": _l("changed"), "reopen": _l("back to review after a change"),
    "send_to_review": _l("sent to review"), "send_back": _l("sent back to the author"),
    "publish": _l("published"), "unpublish": _l("unpublished"), "archive": _l("archived"),
    "add_step": _l("step added"), "update_step": _l("step changed"),
    "delete_step": _l("step removed"), "move_step": _l("step moved"),
    "login": _l("signed in"), "login_failed": _l("failed sign-in"), "logout": _l("signed out"),
    "bulk_publish": _l("published in bulk"), "observations": _l("observations imported"),
    "override": _l("finding overridden"), "ask": _l("asked"), "answer": _l("answered"),
    "rebuild": _l("rebuilt"), "repair": _l("repaired"), "sync": _l("synchronised"),
    "freeze": _l("frozen"), "unfreeze": _l("unfrozen"), "add": _l("rule added"),
    "delete": _l("rule removed"), "reset": _l("reset"), "seed": _l("filled with defaults"),
    "revoke": _l("revoked"), "approve": _l("approved"), "activate": _l("activated"),
    "deactivate": _l("deactivated"), "change_password": _l("password changed"),
    "change_role": _l("role changed"), "register": _l("registered"),
    "register_existing": _l("registration with an e-mail already in use"),
}
EMOTION_LABELS = {
    -2: _l("Very negative"), -1: _l("Negative"), 0: _l("Neutral"), 1: _l("Positive"),
    2: _l("Very positive"),
}


def action_label(action: str) -> str:
    """An audit action ("observation.publish") as people read it ("Observation: published");
    an action without labels stays as written rather than disappearing."""
    subject, _, verb = action.partition(".")
    if subject in ACTION_SUBJECT_LABELS and verb in ACTION_VERB_LABELS:
        return f"{ACTION_SUBJECT_LABELS[subject]}: {ACTION_VERB_LABELS[verb]}"
    return action


def nb() -> Markup:
    """` lang="nb"` for an element holding Norwegian content while the interface is in another
    language (WCAG 3.1.2), so screen readers pronounce it as Norwegian; nothing otherwise."""
    return Markup("") if locale_code() == "nb" else Markup(' lang="nb"')


def locale_code() -> str:
    return str(get_locale() or "nb")


@dataclass(frozen=True)
class TermChoice:
    """An active vocabulary term as pages show it (plain values, kept across requests)."""

    code: str
    label_nb: str
    label_en: str

    def label(self, locale: str = "nb") -> str:
        return self.label_en if locale.startswith("en") else self.label_nb


def _vocabularies() -> dict[str, Any]:
    """The active terms by kind (in page order) and their labels by language, built once a
    process per vocabulary version (insight.services.cache, read with the content version), so
    an administrator's edit through either worker shows on the next page of both."""
    version = cache.vocabulary_version()
    kept = current_app.extensions.get("insight_labels")
    if kept is not None and kept["version"] == version:
        return kept
    choices: dict[str, list[TermChoice]] = {}
    for kind, terms in vocabulary.all_terms().items():
        ordered = sorted(terms.values(), key=lambda term: (term.position, term.code))
        choices[kind] = [TermChoice(t.code, t.label_nb, t.label_en) for t in ordered]
    kept = {"version": version, "choices": choices, "labels": {}}
    current_app.extensions["insight_labels"] = kept
    return kept


def term_choices(kind: str) -> list[TermChoice]:
    """The active terms of `kind` in their order (what vocabulary.terms gives, without a query
    once this vocabulary version is known)."""
    return _vocabularies()["choices"].get(kind, [])


def labels(language: str) -> dict[tuple[str, str], str]:
    """Every active term's label in `language`, by (kind, code)."""
    kept = _vocabularies()
    if language not in kept["labels"]:
        kept["labels"][language] = {(kind, choice.code): choice.label(language)
                                    for kind, choices in kept["choices"].items()
                                    for choice in choices}
    return kept["labels"][language]


def label(kind: str, code: str | None) -> str:
    """The vocabulary label of `code` in the reader's language."""
    if code is None:
        return ""
    if "vocabulary_labels" not in g:
        g.vocabulary_labels = labels(locale_code())
    return g.vocabulary_labels.get((kind, code), code)


def month(value: str | None) -> str:
    """'2025-03' → 'mars 2025' / 'March 2025' (months only: observations never carry a day)."""
    if not value:
        return ""
    from datetime import date

    from flask_babel import format_date

    year, number = (int(part) for part in value.split("-"))
    return format_date(date(year, number, 1), "LLLL y")


def json_text(value: Any) -> str:
    """JSON as people read it: æøå as written, not as \u00e5 (|tojson escapes them)."""
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def paragraphs(text: str | None) -> Markup:
    """Escaped text with its line breaks kept as paragraphs."""
    parts = [p.strip() for p in (text or "").split("\n\n") if p.strip()]
    return Markup("".join(f"<p>{escape(p)}</p>" for p in parts))


def marked(text: str | None, spans: list[Any]) -> Markup:
    """Escaped text with each span (anything with .start/.end) wrapped in <mark>."""
    text = text or ""
    parts, position = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        parts.append(escape(text[position:span.start]))
        parts.append(Markup("<mark>%s</mark>") % text[span.start:span.end])
        position = span.end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def evidence_entries(observations: list[Any]) -> list[tuple[Any, str]]:
    """Each cited observation with what this reader may know of it, so nothing is silently
    dropped: "open" (the reader may open it), "withdrawn" (no longer published: marked as
    withdrawn, content hidden from those who may not read drafts), or the visibility that
    keeps a published one from this reader ("suppliers" or "internal")."""
    entries = []
    for observation in observations:
        if observation.status != "published":
            state = "withdrawn"
        elif permissions.can_read(current_user, observation):
            state = "open"
        else:
            state = observation.visibility
        entries.append((observation, state))
    return entries


def frozen_since() -> Any:
    """When the material was frozen (the banner), or None. An error page rendered during a
    database outage must still render, so an unreachable database reads as "not frozen"."""
    try:
        return cache.frozen_at()
    except SQLAlchemyError:
        db.session.rollback()
        return None


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def inject() -> dict[str, Any]:
        found: list[Any] = []

        def user() -> Any:
            """The reader, looked up once a render (every `can` went through the proxy)."""
            if not found:
                found.append(current_user._get_current_object())
            return found[0]

        return {
            "can": lambda permission: permissions.can(user(), permission),
            "can_read": lambda item: item is not None and permissions.can_read(user(), item),
            "journeys_of": lambda persona: trail.journeys_of(current_user, persona),
            "steps_citing": lambda observation: trail.steps_citing(current_user, observation),
            "readable_evidence": lambda item: trail.visible_evidence(current_user, item),
            "evidence_entries": evidence_entries,
            "frozen_at": frozen_since(),
            "may_publish": lambda item: publishing.may_publish(item, current_user),
            "action_label": action_label,
            "ROLE_LABELS": ROLE_LABELS,
            "P": permissions,
            "label": label,
            "locale_code": locale_code,
            "nb": nb,
            "STATUS_LABELS": STATUS_LABELS,
            "VISIBILITY_LABELS": VISIBILITY_LABELS,
            "CONFIDENCE_LABELS": CONFIDENCE_LABELS,
            "EMOTION_LABELS": EMOTION_LABELS,
            "CONTENT_TYPE_LABELS": CONTENT_TYPE_LABELS,
            "marked": marked,
            "PRIVACY_KIND_LABELS": PRIVACY_KIND_LABELS,
        }

    app.jinja_env.filters["lines"] = lines
    app.jinja_env.filters["month"] = month
    app.jinja_env.filters["json_text"] = json_text
    app.jinja_env.filters["paragraphs"] = paragraphs
