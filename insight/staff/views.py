"""The staff workspace: write observations, send them to review, review others' work."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from insight.extensions import db
from insight.forms import attach_problems
from insight.models import Observation, Status
from insight.permissions import (
    ANSWER_QUESTIONS,
    REVIEW_CONTENT,
    WRITE_CONTENT,
    permission_required,
)
from insight.services import (
    audit,
    observations,
    publishing,
    questions,
    reading,
    screening,
    synthesis,
)
from insight.services.errors import InvalidInput, ServiceError
from insight.templating import STATUS_LABELS

from .forms import AnswerForm, ObservationForm, PrivacyCheckForm, ReviewForm

bp = Blueprint("staff", __name__)

STATUS_ACTIONS = {
    "send_to_review": publishing.send_to_review,
    "publish": publishing.publish,
    "unpublish": publishing.unpublish,
    "archive": publishing.archive,
}


@bp.route("/")
@permission_required(WRITE_CONTENT)
def workspace():
    return render_template(
        "staff/workspace.html",
        drafts=reading.observation_page(current_user, 1, 50, status=Status.DRAFT.value),
        in_review=reading.observation_page(current_user, 1, 50, status=Status.IN_REVIEW.value),
        synthesis=synthesis.workspace_lists(),
    )


@bp.route("/observations/new", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def new_observation():
    return _save_observation(ObservationForm(visibility="suppliers"), None)


@bp.route("/observations/<int:observation_id>", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def edit_observation(observation_id: int):
    item = reading.observation_by_id(observation_id)
    form = ObservationForm(obj=item) if request.method == "GET" else ObservationForm()
    if request.method == "GET":
        form.themes.data = item.theme_codes
    return _save_observation(form, item)


def privacy_overrides() -> tuple[screening.Override, ...]:
    """Findings that staff marked as false alarms, each with its written reason."""
    return tuple(screening.Override(key, request.form.get(f"reason-{key}", ""))
                 for key in request.form.getlist("override"))


def _save_observation(form: ObservationForm, item: Observation | None):
    """Create or update through the service; on personal data, show the marked findings."""
    if form.validate_on_submit():
        overrides = privacy_overrides()
        try:
            if item is None:
                item = observations.create(form.to_data(), current_user, overrides=overrides)
                message = _("Observation %(ref)s is saved as a draft.", ref=item.ref)
            else:
                observations.update(item, form.to_data(), current_user, overrides)
                message = _("Your changes are saved.")
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("staff.edit_observation", observation_id=item.id))
        except screening.PersonalDataFound as error:
            db.session.rollback()
            form.privacy = error  # the template marks the findings and offers overrides
            attach_problems(form, error)
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error, {"tags": "themes"})
    status = 422 if form.errors or form.form_errors else 200
    return render_template("staff/observation_form.html", form=form, item=item,
                           review_form=ReviewForm()), status


@bp.route("/observations/<int:observation_id>/<action>", methods=["POST"])
@permission_required(REVIEW_CONTENT)
def change_status(observation_id: int, action: str):
    item = reading.observation_by_id(observation_id)
    apply_status_action(item, action)
    return redirect(url_for("staff.edit_observation", observation_id=item.id))


def apply_status_action(item: Any, action: str) -> None:
    """Run a status button's action on any publishable item, then commit and say how it went.

    Shared by every kind's status route; the service enforces the rules (four eyes)."""
    if action == "send_back":
        form = ReviewForm()
        if not form.validate_on_submit():
            abort(400)
        run = partial(publishing.send_back, item, current_user, form.comment.data or "")
    elif action in STATUS_ACTIONS:
        if not FlaskForm().validate_on_submit():
            abort(400)
        run = partial(STATUS_ACTIONS[action], item, current_user)
    else:
        abort(404)
    try:
        run()
        db.session.commit()
        flash(_("%(ref)s is now: %(status)s.", ref=item.ref, status=STATUS_LABELS[item.status]),
              "success")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")


@bp.route("/history/<object_type>/<object_id>")
@permission_required(WRITE_CONTENT)
def history(object_type: str, object_id: str):
    events = audit.history(object_type, object_id)
    if not events:
        abort(404)
    return render_template("staff/history.html", events=events, object_type=object_type,
                           object_id=object_id)


@bp.route("/privacy-check", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def privacy_check():
    """Check a text for personal data before using it anywhere; nothing is stored."""
    form = PrivacyCheckForm()
    findings = warnings = None
    if form.validate_on_submit():
        data = {"text": form.text.data}
        findings = screening.find(data, ("text",))
        warnings = screening.warnings_in(data, ("text",))
    return render_template("staff/privacy_check.html", form=form, findings=findings,
                           warnings=warnings)


@bp.route("/questions")
@permission_required(ANSWER_QUESTIONS)
def questions_to_answer():
    return render_template("staff/questions.html", items=questions.waiting(), form=AnswerForm())


@bp.route("/questions/<int:question_id>/answer", methods=["POST"])
@permission_required(ANSWER_QUESTIONS)
def answer_question(question_id: int):
    question = questions.get(question_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(_("Write an answer first."), "error")
        return redirect(url_for("staff.questions_to_answer"))
    try:
        questions.answer(question, form.answer.data, current_user)
        db.session.commit()
        flash(_("%(ref)s is answered and published to every supplier.", ref=question.ref),
              "success")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    return redirect(url_for("staff.questions_to_answer"))
