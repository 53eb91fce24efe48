"""Administration of API tokens: every account's tokens, and revoking any of them (audited)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from insight.extensions import db
from insight.permissions import MANAGE_USERS, permission_required
from insight.services import tokens
from insight.services.errors import ServiceError

bp = Blueprint("token_admin", __name__)


@bp.route("/tokens")
@permission_required(MANAGE_USERS)
def token_list() -> Response:
    email = (request.args.get("email") or "").strip()
    response = Response(render_template(
        "admin/tokens.html", tokens=tokens.all_tokens(email or None), email=email,
        state=tokens.state, form=FlaskForm()))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@permission_required(MANAGE_USERS)
def revoke_token(token_id: int) -> Response:
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        token = tokens.get_token(token_id)
        tokens.revoke(token, current_user._get_current_object())
        db.session.commit()
        flash(_("The token '%(name)s' of %(email)s is revoked.", name=token.name,
                email=token.user.email), "success")
    except ServiceError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
    return redirect(url_for("token_admin.token_list"))
