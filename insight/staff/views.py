"""The staff workspace: write observations, send them to review, review others' work."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from insight.extensions import db
from insight.forms import attach_problems
from insight.models import Status
from insight.permissions import REVIEW_CONTENT, WRITE_CONTENT, permission_required
from insight.services import observations, publishing, reading
from insight.services.errors import InvalidInput, ServiceError

from .forms import ObservationForm, ReviewForm

bp = Blueprint("staff", __name__)

STATUS_ACTIONS = {
    "send_to_review": publishing.send_to_review,
    "publish": publishing.publish,
    "unpublish": publishing.unpublish,
    "archive": publishing.archive,
}


@bp.route("/")
@permission_required(WRITE_CONTENT)
def workspace():  # noqa: ANN201
    return render_template(
        "staff/workspace.html",
        drafts=reading.observation_page(current_user, 1, 50, status=Status.DRAFT.value),
        in_review=reading.observation_page(current_user, 1, 50, status=Status.IN_REVIEW.value),
    )


@bp.route("/observations/new", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def new_observation():  # noqa: ANN201
    form = ObservationForm(visibility="suppliers")
    if form.validate_on_submit():
        try:
            item = observations.create(form.to_data(), current_user)
            db.session.commit()
            flash(_("Observation %(ref)s is saved as a draft.", ref=item.ref), "success")
            return redirect(url_for("staff.edit_observation", observation_id=item.id))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error, {"tags": "themes"})
    return render_template("staff/observation_form.html", form=form, item=None), \
        422 if form.errors or form.form_errors else 200


@bp.route("/observations/<int:observation_id>", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def edit_observation(observation_id: int):  # noqa: ANN201
    item = reading.observation_by_id(observation_id)
    form = ObservationForm(obj=item) if request.method == "GET" else ObservationForm()
    if request.method == "GET":
        form.themes.data = item.theme_codes
    if form.validate_on_submit():
        try:
            observations.update(item, form.to_data(), current_user)
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("staff.edit_observation", observation_id=item.id))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error, {"tags": "themes"})
    return render_template("staff/observation_form.html", form=form, item=item,
                           review_form=ReviewForm()), \
        422 if form.errors or form.form_errors else 200


@bp.route("/observations/<int:observation_id>/<action>", methods=["POST"])
@permission_required(REVIEW_CONTENT)
def change_status(observation_id: int, action: str):  # noqa: ANN201
    item = reading.observation_by_id(observation_id)
    if action == "send_back":
        form = ReviewForm()
        if not form.validate_on_submit():
            abort(400)
        run = lambda: publishing.send_back(item, current_user, form.comment.data or "")  # noqa: E731
    elif action in STATUS_ACTIONS:
        if not FlaskForm().validate_on_submit():
            abort(400)
        run = lambda: STATUS_ACTIONS[action](item, current_user)  # noqa: E731
    else:
        abort(404)
    try:
        run()
        db.session.commit()
        flash(_("%(ref)s is now: %(status)s.", ref=item.ref, status=item.status), "success")
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("staff.edit_observation", observation_id=item.id))
