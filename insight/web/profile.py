"""The account's API tokens: list, create (the raw token shown once) and revoke one's own.

Every answer here says `Cache-Control: no-store`: the page that shows a new token holds the
secret itself, and the list tells which tokens exist. The raw token goes only into the body of
the answer to the POST that made it, never into a redirect, a flash or the session.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from insight.extensions import db
from insight.forms import attach_problems
from insight.permissions import USE_ACCOUNT, permission_required
from insight.services import tokens
from insight.services.errors import InvalidInput, ServiceError

bp = Blueprint("profile", __name__)

SCOPE_LABELS = {"read": _l("Read: what your account may see"),
                "write": _l("Read and write: also create, change and publish content")}
MAX_DAYS = 3650


class TokenForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("What the token is for, e.g. 'BI export'."))
    # Only the scopes the account may hold are offered; the service refuses any other.
    scope = RadioField(_l("Access"), default="read", validators=[DataRequired()],
                       validate_choice=False)
    expires_in_days = IntegerField(
        _l("Expires after (days)"), validators=[Optional(), NumberRange(min=1, max=MAX_DAYS)],
        description=_l("Leave empty for a token that does not expire."))

    def offer_scopes(self, scopes: tuple[str, ...]) -> None:
        self.scope.choices = [(s, SCOPE_LABELS[s]) for s in scopes]


def _page(form: TokenForm, new_token: str | None = None, status: int = 200) -> Response:
    user = current_user._get_current_object()
    response = Response(render_template(
        "auth/profile.html", form=form, tokens=tokens.tokens_of(user), state=tokens.state,
        new_token=new_token, revoke_form=FlaskForm()), status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/tokens", methods=["GET", "POST"])
@permission_required(USE_ACCOUNT)
def tokens_page() -> Response:
    user = current_user._get_current_object()
    form = TokenForm()
    form.offer_scopes(tokens.scopes_for(user))
    if form.validate_on_submit():
        try:
            # "write" means read and write; any other value goes on for the service to refuse
            scopes = ["read", "write"] if form.scope.data == "write" else form.scope.data
            token, raw = tokens.create_token(user, form.name.data, scopes,
                                             form.expires_in_days.data)
            db.session.commit()
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error, {"scopes": "scope"})
            return _page(form, status=422)
        fresh = TokenForm(formdata=None)
        fresh.offer_scopes(tokens.scopes_for(user))
        return _page(fresh, new_token=raw, status=201)
    return _page(form, status=422 if form.errors else 200)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@permission_required(USE_ACCOUNT)
def revoke_token(token_id: int) -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    try:
        token = tokens.own_token(user, token_id)
        tokens.revoke(token, user)
        db.session.commit()
        flash(_("The token '%(name)s' is revoked; it no longer works.", name=token.name),
              "success")
    except ServiceError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
    return redirect(url_for("profile.tokens_page"))
