"""The staff workspace for insights, personas and journeys (with their steps)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from insight.extensions import db
from insight.forms import attach_problems
from insight.permissions import REVIEW_CONTENT, WRITE_CONTENT, permission_required
from insight.services import insights, journeys, personas, synthesis
from insight.services.errors import InvalidInput, ServiceError
from insight.services.screening import PersonalDataFound

from .forms import ReviewForm
from .synthesis_forms import EvidenceForm, InsightForm, JourneyForm, PersonaForm, StepForm
from .views import apply_status_action, privacy_overrides

bp = Blueprint("synthesis", __name__)

# the path segment of each kind → the kind
KINDS = {"insights": "insight", "personas": "persona", "journeys": "journey"}
TEMPLATES = {"insight": "staff/insight_form.html", "persona": "staff/persona_form.html",
             "journey": "staff/journey_form.html"}
SERVICES = {"insight": insights, "persona": personas, "journey": journeys}


def _status_code(form: FlaskForm) -> int:
    return 422 if form.errors or form.form_errors else 200


def _save(form: FlaskForm, write: Callable[[], Any], message: Callable[[Any], str],
          target: Callable[[Any], str]) -> Any:
    """Validate, write through the service, commit, flash and redirect; or None to re-show
    the form (with the service's problems next to its fields)."""
    if isinstance(form, EvidenceForm):
        form.offer_evidence()
        if form.searching():
            return None
    if not form.validate_on_submit():
        return None
    try:
        result = write()
        db.session.commit()
    except PersonalDataFound as error:  # shown marked, with a way to override false alarms
        db.session.rollback()
        form.privacy = error
        attach_problems(form, error)
        return None
    except InvalidInput as error:
        db.session.rollback()
        attach_problems(form, error)
        return None
    flash(message(result), "success")
    return redirect(target(result))


def _new(kind: str, form: FlaskForm) -> Any:
    done = _save(form, lambda: SERVICES[kind].create(form.to_data(), current_user,
                                                     privacy_overrides()),
                 lambda item: _("%(ref)s is saved as a draft.", ref=item.ref),
                 lambda item: url_for(f"synthesis.edit_{kind}", item_id=item.id))
    return done or (render_template(TEMPLATES[kind], form=form, item=None), _status_code(form))


def _edit(kind: str, item: Any, form: FlaskForm) -> Any:
    done = _save(form, lambda: SERVICES[kind].update(item, form.to_data(), current_user,
                                          privacy_overrides()),
                 lambda _item: _("Your changes are saved."),
                 lambda _item: url_for(f"synthesis.edit_{kind}", item_id=item.id))
    return done or (render_template(TEMPLATES[kind], form=form, item=item,
                                    review_form=ReviewForm()), _status_code(form))


def _form_for(form_class: type, item: Any, **kwargs: Any) -> Any:
    """A form filled from `item` on GET, from the request on POST."""
    if request.method == "GET":
        form = form_class(obj=item, **kwargs)
        if hasattr(item, "evidence"):
            form.evidence.data = [o.ref for o in item.evidence]
        return form
    return form_class(**kwargs)


# --- insights --------------------------------------------------------------------------------

@bp.route("/insights/new", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def new_insight():
    return _new("insight", InsightForm(visibility="suppliers", confidence="medium"))


@bp.route("/insights/<int:item_id>", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def edit_insight(item_id: int):
    item = synthesis.item_by_id("insight", item_id)
    form = _form_for(InsightForm, item)
    if request.method == "GET":
        form.themes.data = [t.code for t in item.themes]
    return _edit("insight", item, form)


# --- personas --------------------------------------------------------------------------------

@bp.route("/personas/new", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def new_persona():
    return _new("persona", PersonaForm(visibility="suppliers"))


@bp.route("/personas/<int:item_id>", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def edit_persona(item_id: int):
    item = synthesis.item_by_id("persona", item_id)
    return _edit("persona", item, _form_for(PersonaForm, item))


# --- journeys --------------------------------------------------------------------------------

@bp.route("/journeys/new", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def new_journey():
    return _new("journey", JourneyForm(visibility="suppliers"))


@bp.route("/journeys/<int:item_id>", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def edit_journey(item_id: int):
    item = synthesis.item_by_id("journey", item_id)
    form = _form_for(JourneyForm, item, current_persona=item.persona)
    if request.method == "GET":
        form.persona.data = item.persona.ref if item.persona else ""
    return _edit("journey", item, form)


@bp.route("/journeys/<int:item_id>/steps/new", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def new_step(item_id: int):
    journey = synthesis.item_by_id("journey", item_id)
    form = StepForm()
    done = _save(form, lambda: journeys.add_step(journey, form.to_data(), current_user,
                                                        privacy_overrides()),
                 lambda _step: _("The step is added."), lambda step: _step_anchor(journey, step))
    return done or (render_template("staff/step_form.html", form=form, journey=journey,
                                    step=None), _status_code(form))


@bp.route("/journeys/<int:item_id>/steps/<int:step_id>", methods=["GET", "POST"])
@permission_required(WRITE_CONTENT)
def edit_step(item_id: int, step_id: int):
    journey = synthesis.item_by_id("journey", item_id)
    step = synthesis.step_by_id(journey, step_id)
    form = _form_for(StepForm, step)
    done = _save(form, lambda: journeys.update_step(step, form.to_data(), current_user,
                                                           privacy_overrides()),
                 lambda _step: _("Your changes are saved."),
                 lambda _step: _step_anchor(journey, step))
    return done or (render_template("staff/step_form.html", form=form, journey=journey,
                                    step=step), _status_code(form))


@bp.route("/journeys/<int:item_id>/steps/<int:step_id>/move/<any(up, down):direction>",
          methods=["POST"])
@permission_required(WRITE_CONTENT)
def move_step(item_id: int, step_id: int, direction: str):
    journey = synthesis.item_by_id("journey", item_id)
    step = synthesis.step_by_id(journey, step_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        journeys.move_step(step, direction, current_user)
        db.session.commit()
        flash(_("“%(title)s” is now step %(position)s.", title=step.title,
                position=step.position), "success")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    return redirect(_step_anchor(journey, step))


@bp.route("/journeys/<int:item_id>/steps/<int:step_id>/delete", methods=["POST"])
@permission_required(WRITE_CONTENT)
def delete_step(item_id: int, step_id: int):
    journey = synthesis.item_by_id("journey", item_id)
    step = synthesis.step_by_id(journey, step_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    title = step.title
    journeys.delete_step(step, current_user)
    db.session.commit()
    flash(_("The step “%(title)s” is deleted.", title=title), "success")
    return redirect(url_for("synthesis.edit_journey", item_id=journey.id, _anchor="steps-title"))


def _step_anchor(journey: Any, step: Any) -> str:
    return url_for("synthesis.edit_journey", item_id=journey.id, _anchor=f"step-{step.id}")


# --- status ----------------------------------------------------------------------------------

@bp.route("/<any(insights, personas, journeys):kinds>/<int:item_id>/<action>", methods=["POST"])
@permission_required(REVIEW_CONTENT)
def change_status(kinds: str, item_id: int, action: str):
    kind = KINDS[kinds]
    item = synthesis.item_by_id(kind, item_id)
    apply_status_action(item, action)
    return redirect(url_for(f"synthesis.edit_{kind}", item_id=item.id))
