"""Logging in and out, supplier registration, changing one's password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from insight.extensions import db, limiter
from insight.forms import attach_problems
from insight.services import accounts
from insight.services.errors import Conflict, InvalidInput

from .forms import LoginForm, PasswordForm, RegistrationForm

bp = Blueprint("auth", __name__)


def _login_rate() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _safe_next(target: str | None) -> str:
    """Only local paths, so a crafted link cannot send people elsewhere after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("web.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"])
@limiter.limit(_login_rate, key_func=_account_key, methods=["POST"])
def login():  # noqa: ANN201
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        db.session.commit()  # keeps the audit event of a failed attempt too
        if user is not None:
            login_user(user)
            flash(_("You are logged in."), "success")
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_(
            "Wrong e-mail or password, or the account is not approved yet."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["POST"])
def logout():  # noqa: ANN201
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("web.index"))


@bp.route("/register", methods=["GET", "POST"])
def register():  # noqa: ANN201
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            accounts.register_supplier(form.email.data, form.password.data, form.name.data,
                                       form.organisation_name.data, form.org_number.data)
            db.session.commit()
            return render_template("auth/registered.html")
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
        except Conflict as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, error.message]
    status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():  # noqa: ANN201
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
            db.session.commit()
            flash(_("Your password is changed."), "success")
            return redirect(url_for("web.index"))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status
