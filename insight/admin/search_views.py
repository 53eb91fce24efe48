"""Administration of search: index drift with sync and rebuild, and the synonym thesaurus.

With INSIGHT_JOBS=worker, Sync and Rebuild queue a job for `flask worker` (one of each kind at
a time) and the page returns at once, showing the job's state; otherwise they run in the
request, as `make run` and the tests have it.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from insight.extensions import db
from insight.forms import attach_problems
from insight.ops import jobs
from insight.permissions import MANAGE_SEARCH, MANAGE_VOCABULARIES, permission_required
from insight.services import search as search_service
from insight.services import thesaurus
from insight.services.errors import InvalidInput, ServiceError

bp = Blueprint("search_admin", __name__)

SHOWN = 50  # document ids listed per kind of drift
JOB_KINDS = {"sync": "search.sync", "rebuild": "search.rebuild"}


class RuleForm(FlaskForm):
    rule = StringField(
        _l("Rule"), validators=[DataRequired(), Length(max=thesaurus.MAX_LENGTH)],
        description=_l("Words that mean the same, separated by commas (pårørende, familie), or "
                       "a word => what it should also find (medisiner => tabletter, dosett)."))


@bp.route("/search")
@permission_required(MANAGE_SEARCH)
def index():
    drift = search_service.index_status()
    return render_template("admin/search.html", drift=drift, shown=SHOWN,
                           failure=search_service.index_failure(drift), form=FlaskForm(),
                           jobs={action: jobs.latest(kind) for action, kind in JOB_KINDS.items()})


@bp.route("/search/<action>", methods=["POST"])
@permission_required(MANAGE_SEARCH)
def index_action(action: str):
    actions = {"sync": search_service.synchronise, "rebuild": search_service.rebuild}
    if action not in actions:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if jobs.mode() == "worker":
        added = jobs.enqueue_once(JOB_KINDS[action], {"actor_id": current_user.id},
                                  waiting=jobs.PENDING)[1]
        db.session.commit()
        flash(_("Started: the background worker does it now. This page shows how it goes.")
              if added else _("Already started: this page shows how it goes."), "success")
        return redirect(url_for("search_admin.index"))
    try:
        result = actions[action](current_user)
        db.session.commit()
        flash(ngettext("The index is updated: %(num)s document indexed, %(removed)s removed.",
                       "The index is updated: %(num)s documents indexed, %(removed)s removed.",
                       result.indexed, removed=result.removed), "success")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    return redirect(url_for("search_admin.index"))


@bp.route("/thesaurus", methods=["GET", "POST"])
@permission_required(MANAGE_VOCABULARIES)
def thesaurus_rules():
    form = RuleForm()
    if form.validate_on_submit():
        try:
            thesaurus.add(form.rule.data, current_user)
            db.session.commit()
            flash(_("The rule is added. Search uses it within seconds."), "success")
            return redirect(url_for("search_admin.thesaurus_rules"))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
    seeded = thesaurus.is_seeded()
    return render_template(
        "admin/thesaurus.html", form=form, rules=thesaurus.rules() if seeded else [],
        defaults=[] if seeded else thesaurus.default_rules(), action_form=FlaskForm(),
    ), 422 if form.errors or form.form_errors else 200


@bp.route("/thesaurus/<int:rule_id>", methods=["GET", "POST"])
@permission_required(MANAGE_VOCABULARIES)
def edit_rule(rule_id: int):
    rule = thesaurus.get(rule_id)
    form = RuleForm(obj=rule)
    if form.validate_on_submit():
        try:
            thesaurus.update(rule, form.rule.data, current_user)
            db.session.commit()
            flash(_("The rule is saved. Search uses it within seconds."), "success")
            return redirect(url_for("search_admin.thesaurus_rules"))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
    return render_template("admin/thesaurus_rule.html", form=form, rule=rule), \
        422 if form.errors or form.form_errors else 200


@bp.route("/thesaurus/<int:rule_id>/delete", methods=["POST"])
@permission_required(MANAGE_VOCABULARIES)
def delete_rule(rule_id: int):
    rule = thesaurus.get(rule_id)
    if FlaskForm().validate_on_submit():
        thesaurus.remove(rule, current_user)
        db.session.commit()
        flash(_("The rule is deleted."), "success")
    return redirect(url_for("search_admin.thesaurus_rules"))


@bp.route("/thesaurus/reset", methods=["POST"])
@permission_required(MANAGE_VOCABULARIES)
def reset_thesaurus():
    if FlaskForm().validate_on_submit():
        count = thesaurus.reset(current_user)
        db.session.commit()
        flash(ngettext("The thesaurus holds the %(num)s default rule.",
                       "The thesaurus holds the %(num)s default rules.", count), "success")
    return redirect(url_for("search_admin.thesaurus_rules"))
