"""Atom feeds behind a per-user secret address, the account page's feed section, and the
"new since your last visit" marks on the lists.

Feed routes take no session: the secret in the path says whose view of the content to show,
and anything else (an unknown, reset or deactivated owner's secret) is a plain 404.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, g, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from insight.auth.forms import PasswordForm
from insight.extensions import db
from insight.models import User
from insight.permissions import USE_ACCOUNT, permission_required
from insight.services import changelog, feeds, saved_searches, visits
from insight.web.changes import add_change_entries, aware

bp = Blueprint("feeds", __name__)
log = logging.getLogger(__name__)

ENDPOINTS = {"observation": "web.observation", "insight": "web.insight",
             "persona": "web.persona", "journey": "web.journey"}


# -- the account page's feed section --------------------------------------------------------

def feed_urls(raw: str, user: User) -> list[tuple[str, str]]:
    """(what, address) of every feed the user has, with the secret in it."""
    urls = [(_("Change log"), url_for("feeds.change_feed", token=raw, _external=True)),
            (_("New answers to questions"),
             url_for("feeds.answer_feed", token=raw, _external=True))]
    for saved in saved_searches.list_for(user):
        urls.append((_("Saved search: %(name)s", name=saved.name),
                     url_for("feeds.search_feed", token=raw, saved_id=saved.id,
                             _external=True)))
    return urls


@bp.route("/account/feeds", methods=["POST"])
@permission_required(USE_ACCOUNT)
def reset_feed_token():
    user = current_user._get_current_object()
    raw = feeds.reset_token(user)
    db.session.commit()
    # Shown in this answer only: the secret is kept as a hash and cannot be shown again.
    response = Response(render_template("auth/password.html", form=PasswordForm(formdata=None),
                                        feed_urls=feed_urls(raw, user)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def inject() -> dict[str, Any]:
    return {"is_new": is_new, "feed_status": lambda: feeds.status(current_user)}


# -- "new since your last visit" ------------------------------------------------------------

def _seen(kind: str) -> int | None:
    if current_user.is_authenticated:
        return visits.seen_cursor(current_user, kind)
    return session.get("seen_lists", {}).get(kind)


def is_new(item: Any) -> bool:
    """Whether a list item was published or changed since the reader last viewed its list."""
    kind = getattr(item, "kind", None)
    if kind not in visits.LIST_KINDS:
        return False
    marks = g.setdefault("visit_marks", {})
    if kind not in marks:
        seen = _seen(kind)
        refs, cursor = visits.new_since(current_user, kind, seen)
        marks[kind] = (refs, cursor, seen)
    return item.ref in marks[kind][0]


LIST_ENDPOINTS = {"web.observations": "observation", "web.insights": "insight",
                  "web.personas": "persona", "web.journeys": "journey"}


@bp.after_app_request
def remember_visit(response: Response) -> Response:
    """After a list was shown, its marks are spent: the next view starts from here."""
    if response.status_code != 200:
        return response
    marks = g.pop("visit_marks", {})
    kind = LIST_ENDPOINTS.get(request.endpoint or "")
    if kind and kind not in marks:  # an empty list still counts as a visit
        seen = _seen(kind)
        marks[kind] = (*visits.new_since(current_user, kind, seen), seen)
    cursors = {kind: cursor for kind, (_refs, cursor, seen) in marks.items() if cursor != seen}
    if not cursors:
        return response
    if current_user.is_authenticated:
        try:
            visits.remember(current_user, cursors)
            db.session.commit()
        except SQLAlchemyError:  # a lost mark must not cost the reader the page
            db.session.rollback()
            log.exception("Could not remember the last visit")
    else:
        session["seen_lists"] = {**session.get("seen_lists", {}), **cursors}
    return response


# -- the feeds ------------------------------------------------------------------------------

def _owner(token: str) -> User:
    user = feeds.owner_of(token)
    if user is None:
        abort(404)
    return user


def _feed(feed_id: str, title: str, alternate: str, updated: datetime | None) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.link(href=request.base_url, rel="self")
    feed.link(href=alternate, rel="alternate")
    feed.language(str(request.accept_languages.best_match(["nb", "en"], default="nb")))
    feed.updated(aware(updated) if updated else datetime.now(UTC))
    return feed


def _atom(feed: FeedGenerator) -> Response:
    response = Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")
    # The address is a secret: keep it and the content out of shared caches and indexes.
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/feeds/<token>/changes.atom")
def change_feed(token: str) -> Response:
    user = _owner(token)
    entries = changelog.changes(user, limit=feeds.FEED_SIZE)
    log_url = url_for("changes.change_log", _external=True)
    feed = _feed(log_url, _("Innsikt: changes"), log_url,
                 entries[0].created_at if entries else None)
    add_change_entries(feed, entries, log_url)
    return _atom(feed)


@bp.route("/feeds/<token>/answers.atom")
def answer_feed(token: str) -> Response:
    user = _owner(token)
    answered = feeds.answered_questions(user)
    page_url = url_for("web.answered_questions", _external=True)
    feed = _feed(page_url, _("Innsikt: answers to questions"), page_url,
                 answered[0].answer.published_at if answered else None)
    for question in reversed(answered):
        entry = feed.add_entry()
        entry.id(f"{page_url}#{question.ref}")
        entry.title(f"{question.ref}: {question.title}")
        entry.link(href=f"{page_url}#{question.ref}")
        entry.updated(aware(question.answer.published_at))
        entry.content(question.answer.text, type="text")
    return _atom(feed)


@bp.route("/feeds/<token>/searches/<int:saved_id>.atom")
def search_feed(token: str, saved_id: int) -> Response:
    user = _owner(token)
    saved, hits = feeds.saved_search_hits(user, saved_id)
    search_url = url_for("search.search", _external=True, **saved_searches.query_args(saved))
    moments = [h.updated for h in hits if h.updated]
    feed = _feed(url_for("search.saved_search", saved_id=saved.id, _external=True),
                 _("Innsikt: saved search %(name)s", name=saved.name), search_url,
                 max(moments, key=aware) if moments else None)
    for found in reversed(hits):
        hit = found.hit
        link = (url_for(ENDPOINTS[hit.type], ref=hit.ref, _external=True)
                if hit.type in ENDPOINTS
                else url_for("web.answered_questions", _external=True) + f"#{hit.ref}")
        entry = feed.add_entry()
        entry.id(link)
        entry.title(f"{hit.ref}: {hit.title}")
        entry.link(href=link)
        entry.updated(aware(found.updated or datetime.now(UTC)))
        # The snippet is escaped text with <mark> only: valid as Atom HTML content.
        entry.summary(hit.snippet, type="html")
    return _atom(feed)
