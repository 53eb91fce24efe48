"""The change log as a page and as an Atom feed: the same entries, filtered for the reader."""

from __future__ import annotations

from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from insight.permissions import READ_PUBLIC, permission_required
from insight.services import changelog
from insight.services.changelog import Change

bp = Blueprint("changes", __name__)

PAGE_SIZE = 50
ITEM_ENDPOINTS = {"observation": "web.observation", "insight": "web.insight",
                  "persona": "web.persona", "journey": "web.journey"}


def item_url(change: Change, external: bool = False) -> str | None:
    """Where the changed item can be read; None for a tombstone."""
    if change.title is None:
        return None
    if change.kind == "question":
        return url_for("web.answered_questions", _external=external) + f"#{change.ref}"
    return url_for(ITEM_ENDPOINTS[change.kind], ref=change.ref, _external=external)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they are stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def action_label(action: str) -> str:
    return {"published": _("Published"), "changed": _("Changed"), "withdrawn": _("Withdrawn"),
            "answered": _("Answered")}[action]


def kind_label(kind: str) -> str:
    return {"observation": _("Observation"), "insight": _("Insight"), "persona": _("Persona"),
            "journey": _("Journey"), "question": _("Question")}[kind]


@bp.route("/changes")
@permission_required(READ_PUBLIC)
def change_log() -> str:
    before = request.args.get("before", type=int)
    entries = changelog.changes(current_user, limit=PAGE_SIZE + 1, before_id=before)
    more = len(entries) > PAGE_SIZE
    return render_template("web/changes.html", entries=entries[:PAGE_SIZE], more=more,
                           item_url=item_url, action_label=action_label,
                           kind_label=kind_label)


@bp.route("/changes.atom")
@permission_required(READ_PUBLIC)
def change_feed() -> Response:
    entries = changelog.changes(current_user, limit=PAGE_SIZE)
    feed = FeedGenerator()
    feed.id(url_for("changes.change_log", _external=True))
    feed.title(_("Innsikt: changes"))
    feed.link(href=url_for("changes.change_feed", _external=True), rel="self")
    feed.link(href=url_for("changes.change_log", _external=True), rel="alternate")
    feed.language(str(request.accept_languages.best_match(["nb", "en"], default="nb")))
    feed.updated(aware(entries[0].created_at) if entries else datetime.now(UTC))
    add_change_entries(feed, entries, url_for("changes.change_log", _external=True))
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


def add_change_entries(feed: FeedGenerator, entries: list[Change], log_url: str) -> None:
    """Change-log entries as Atom entries (the public feed and each user's secret feed)."""
    for change in reversed(entries):  # feedgen prepends: oldest first gives newest on top
        entry = feed.add_entry()
        entry.id(f"{log_url}#change-{change.id}")
        heading = f"{action_label(change.action)}: {kind_label(change.kind)} {change.ref}"
        entry.title(f"{heading} – {change.title}" if change.title else heading)
        entry.updated(aware(change.created_at))
        link = item_url(change, external=True)
        if link:
            entry.link(href=link)
