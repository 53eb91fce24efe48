"""Logging in and out, supplier registration, changing one's password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from insight.extensions import db, limiter
from insight.forms import attach_problems
from insight.permissions import READ_PUBLIC, USE_ACCOUNT, permission_required
from insight.services import accounts
from insight.services.errors import InvalidInput

from . import throttling
from .forms import LoginForm, PasswordForm, RegistrationForm
from .redirects import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@permission_required(READ_PUBLIC)
@limiter.limit(throttling.login_rate, key_func=throttling.client_key, methods=["POST"],
               deduct_when=throttling.failed_login)
@limiter.limit(throttling.login_account_rate, key_func=throttling.account_and_client_key,
               methods=["POST"], deduct_when=throttling.failed_login)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        db.session.commit()  # keeps the audit event of a failed attempt too
        if user is not None:
            login_user(user)
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("web.index"))
        form.form_errors.append(_(
            "Wrong e-mail or password, or the account is not approved yet."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["POST"])
@permission_required(READ_PUBLIC)
def logout():
    if current_user.is_authenticated:
        accounts.log_out(current_user)
        db.session.commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("web.index"))


@bp.route("/register", methods=["GET", "POST"])
@permission_required(READ_PUBLIC)
@limiter.limit(throttling.register_rate, key_func=throttling.client_key, methods=["POST"])
def register():
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            accounts.register_supplier(form.email.data, form.password.data, form.name.data,
                                       form.organisation_name.data, form.org_number.data)
            db.session.commit()
            # The same page whether or not the e-mail already had an account.
            return render_template("auth/registered.html")
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@permission_required(USE_ACCOUNT)
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user = current_user._get_current_object()
            accounts.change_password(user, form.current_password.data, form.new_password.data)
            db.session.commit()
            login_user(user)  # every other session ended; this one goes on with the new id
            flash(_("Your password is changed."), "success")
            return redirect(url_for("web.index"))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status
