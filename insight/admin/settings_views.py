"""Site settings page: the municipality, the competition and its dates, edited by an admin;
and freezing the material when the competition is announced."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from insight.extensions import db
from insight.forms import attach_problems
from insight.permissions import MANAGE_SETTINGS, permission_required
from insight.services import freeze, site
from insight.services.errors import InvalidInput, ServiceError

bp = Blueprint("site_admin", __name__)


class SettingsForm(FlaskForm):
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=200)],
                               description=_l("For example: Eksempel kommune"))
    competition_title = StringField(_l("Competition"), validators=[Optional(), Length(max=300)])
    competition_summary = TextAreaField(_l("About the competition"),
                                        validators=[Optional(), Length(max=4000)])
    dialogue_opens = DateField(_l("Market dialogue opens"), validators=[Optional()])
    questions_close = DateField(_l("Last day for questions"), validators=[Optional()])
    announcement = DateField(_l("The competition is announced"), validators=[Optional()])
    contact = StringField(_l("Contact for the competition"),
                          validators=[Optional(), Length(max=300)],
                          description=_l("A functional mailbox or a web address, not a "
                                         "person's private details."))


@bp.route("/settings", methods=["GET", "POST"])
@permission_required(MANAGE_SETTINGS)
def settings():
    form = SettingsForm(obj=site.current())
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in (*site.TEXT_LIMITS, *site.DATE_FIELDS)}
        try:
            site.update({k: ("" if v is None and k in site.TEXT_LIMITS else v)
                         for k, v in data.items()}, current_user)
            db.session.commit()
            flash(_("The settings are saved."), "success")
            return redirect(url_for("site_admin.settings"))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("admin/settings.html", form=form), status


def _freeze_action(action, done: str):
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        action(current_user)
        db.session.commit()
        flash(done, "success")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    return redirect(url_for("site_admin.settings"))


@bp.route("/settings/freeze", methods=["POST"])
@permission_required(MANAGE_SETTINGS)
def freeze_material():
    return _freeze_action(freeze.freeze, _("The material is frozen: content is read-only."))


@bp.route("/settings/unfreeze", methods=["POST"])
@permission_required(MANAGE_SETTINGS)
def unfreeze_material():
    return _freeze_action(freeze.unfreeze, _("The material is open again."))
