"""Administration: approve supplier accounts, deactivate accounts, change roles."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from insight.extensions import db
from insight.models import ROLES
from insight.permissions import MANAGE_USERS, READ_AUDIT, permission_required
from insight.services import accounts, audit, reading
from insight.services.errors import ServiceError

from .forms import AuditFilterForm

bp = Blueprint("admin", __name__)


@bp.route("/users")
@permission_required(MANAGE_USERS)
def users():
    return render_template("admin/users.html", users=accounts.list_users(), roles=ROLES,
                           form=FlaskForm())


@bp.route("/users/<int:user_id>/<action>", methods=["POST"])
@permission_required(MANAGE_USERS)
def user_action(user_id: int, action: str):
    if not FlaskForm().validate_on_submit():
        abort(400)
    user = accounts.get_user(user_id)
    actions = {
        "approve": lambda: accounts.approve(user, current_user),
        "deactivate": lambda: accounts.set_active(user, False, current_user),
        "activate": lambda: accounts.set_active(user, True, current_user),
        "role": lambda: accounts.change_role(user, request.form.get("role", ""), current_user),
    }
    if action not in actions:
        abort(404)
    try:
        actions[action]()
        db.session.commit()
        flash(_("%(email)s is updated.", email=user.email), "success")
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("admin.users"))


@bp.route("/audit")
@permission_required(READ_AUDIT)
def audit_log():
    form = AuditFilterForm(request.args)
    filters = form.to_filter() if form.validate() else audit.EventFilter()
    page = reading.paginate(audit.events_query(filters), request.args.get("page", 1, type=int), 50)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/audit.html", form=form, page=page, args=args,
                           actions=audit.actions())


@bp.route("/audit.csv")
@permission_required(READ_AUDIT)
def audit_csv():
    form = AuditFilterForm(request.args)
    filters = form.to_filter() if form.validate() else audit.EventFilter()
    return Response(stream_with_context(audit.csv_lines(filters)), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=innsikt-audit.csv"})
