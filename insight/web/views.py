"""The reading side: landing page, observations, insights, personas, journeys, answers."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from insight import permissions
from insight.auth.redirects import safe_next
from insight.extensions import db
from insight.forms import attach_problems
from insight.permissions import READ_PUBLIC, permission_required
from insight.services import cache, changelog, questions, reading, site, vocabulary
from insight.services.errors import InvalidInput
from insight.templating import locale_code, term_choices

from .forms import QuestionForm

bp = Blueprint("web", __name__)

CITING_KINDS = ("insight", "persona", "journey")  # what can cite an observation as evidence


@bp.route("/")
@permission_required(READ_PUBLIC)
def index():
    # "New since your last visit" counts change-log entries after the one seen last time.
    last_seen = session.get("seen_change")
    overview = site.orientation(current_user, reading.counts(current_user), last_seen)
    session["seen_change"] = changelog.latest_id(current_user)
    return render_template("web/index.html", counts=overview.counts, overview=overview,
                           stay_types=vocabulary.terms("stay_type"))


@bp.route("/language/<code>", methods=["POST"])
@permission_required(READ_PUBLIC)
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next")) or url_for("web.index"))


@bp.route("/observations")
@permission_required(READ_PUBLIC)
def observations():
    filters = {key: request.args.get(key) or None
               for key in ("stay_type", "journey_stage", "theme")}
    page_number = request.args.get("page", 1, type=int)
    page = reading.observation_page(current_user, page_number, 20, **filters)
    vocabularies = {kind: term_choices(kind) for kind in filters}
    return render_template("web/observations.html", page=page, filters=filters,
                           vocabularies=vocabularies)


@bp.route("/observations/<ref>")
@permission_required(READ_PUBLIC)
def observation(ref: str):
    # The body is the same for every reader of a visibility class (staff always get a fresh
    # one), in one language, with one set of vocabulary labels; it is kept until a change-log
    # entry names this observation or anything that can cite it.
    def body() -> tuple[str, Markup]:
        item = reading.observation(current_user, ref)
        return item.title, Markup(render_template(
            "web/_observation.html", item=item, cited_by=reading.cited_by(current_user, item)))

    title, html = cache.cached_until(
        "web.observation", current_user, body,
        lambda changed, _held: ("observation", ref) in changed or
        any(kind in CITING_KINDS for kind, _ in changed),
        ref, permissions.role_of(current_user), locale_code(), cache.vocabulary_version())
    return render_template("web/observation.html", title=title, body=html)


@bp.route("/insights")
@permission_required(READ_PUBLIC)
def insights():
    return render_template("web/insights.html", items=reading.insights(current_user))


@bp.route("/insights/<ref>")
@permission_required(READ_PUBLIC)
def insight(ref: str):
    item = reading.insight(current_user, ref)
    return render_template("web/insight.html", item=item,
                           evidence=reading.visible_evidence(current_user, item.evidence))


@bp.route("/personas")
@permission_required(READ_PUBLIC)
def personas():
    return render_template("web/personas.html", items=reading.personas(current_user))


@bp.route("/personas/<ref>")
@permission_required(READ_PUBLIC)
def persona(ref: str):
    item = reading.persona(current_user, ref)
    return render_template("web/persona.html", item=item,
                           evidence=reading.visible_evidence(current_user, item.evidence))


@bp.route("/journeys")
@permission_required(READ_PUBLIC)
def journeys():
    return render_template("web/journeys.html", items=reading.journeys(current_user))


@bp.route("/journeys/<ref>")
@permission_required(READ_PUBLIC)
def journey(ref: str):
    # Kept like an observation's body, until an entry names the journey or any observation
    # its steps cite (a withdrawn one is marked as withdrawn, a published one linked).
    def body() -> tuple[str, Markup, frozenset[str]]:
        item = reading.journey(current_user, ref)
        steps = [(step, reading.visible_evidence(current_user, step.evidence))
                 for step in item.steps]
        cited = frozenset(o.ref for step in item.steps for o in step.evidence)
        return item.title, Markup(render_template("web/_journey.html", item=item,
                                                  steps=steps)), cited

    title, html, _cited = cache.cached_until(
        "web.journey", current_user, body,
        lambda changed, held: ("journey", ref) in changed or
        any(kind == "observation" and r in held[2] for kind, r in changed),
        ref, permissions.role_of(current_user), locale_code(), cache.vocabulary_version())
    return render_template("web/journey.html", title=title, body=html)


@bp.route("/questions")
@permission_required(permissions.READ_SUPPLIERS)
def answered_questions():
    return render_template("web/questions.html", items=questions.published())


@bp.route("/questions/ask", methods=["GET", "POST"])
@permission_required(permissions.ASK_QUESTIONS)
def ask_question():
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            questions.ask(form.title.data, form.text.data, current_user)
            db.session.commit()
            flash(_("Thank you. The answer will be published here, to every supplier at once."),
                  "success")
            return redirect(url_for("web.answered_questions"))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("web/ask_question.html", form=form), status
