"""Accounts: creation, supplier registration and approval, roles, passwords, logging in."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, select
from stdnum.no import orgnr
from werkzeug.security import check_password_hash, generate_password_hash

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import ROLES, Organisation, User
from insight.models.base import utcnow
from insight.models.organisation import MUNICIPALITY, SUPPLIER
from insight.services import audit
from insight.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem

MIN_PASSWORD_LENGTH = 10
_dummy_hashes: dict[str, str] = {}


def hash_password(password: str) -> str:
    """Werkzeug's scrypt by default; tests choose a cheaper method through the config."""
    return generate_password_hash(password, method=current_app.config.get(
        "PASSWORD_HASH_METHOD", "scrypt"))


def _dummy_hash() -> str:
    """Compared against when the e-mail is unknown, so both paths cost one hash check."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not-a-real-password", method=method)
    return _dummy_hashes[method]


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        problem = Problem("email", msg("is not a valid e-mail address: %(reason)s",
                                       reason=str(error)))
        raise InvalidInput(problems=[problem]) from None


def normalise_org_number(number: str) -> str:
    compact = orgnr.compact(number or "")
    if not orgnr.is_valid(compact):
        raise InvalidInput(problems=[Problem(
            "org_number",
            msg("is not a valid Norwegian organisation number (9 digits, mod-11 check)"),
        )])
    return compact


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(problems=[Problem(
            "password", msg("must be at least %(count)s characters", count=MIN_PASSWORD_LENGTH)
        )])


def _organisation(name: str, kind: str, org_number: str | None = None) -> Organisation:
    query = select(Organisation).where(Organisation.name == name)
    if org_number:
        query = select(Organisation).where(Organisation.org_number == org_number)
    organisation = db.session.scalar(query)
    if organisation is None:
        organisation = Organisation(name=name, kind=kind, org_number=org_number)
        db.session.add(organisation)
    return organisation


def create_user(email: str, password: str, role: str, name: str = "",
                organisation: str | None = None, actor: User | None = None) -> User:
    """Create an active, approved account (CLI and admins)."""
    if actor is not None:
        _require_admin(actor)
    _check_role(role)
    email = normalise_email(email)
    _check_password(password)
    if find_by_email(email):
        raise Conflict(msg("A user with e-mail %(email)s already exists.", email=email))
    user = User(email=email, name=name, role=role, password_hash=hash_password(password),
                approved_at=utcnow())
    if organisation:
        user.organisation = _organisation(
            organisation, SUPPLIER if role == "supplier" else MUNICIPALITY
        )
    db.session.add(user)
    db.session.flush()
    user.approved_by_id = actor.id if actor else None
    audit.record(actor, "user.create", user, {"email": email, "role": role})
    return user


def register_supplier(email: str, password: str, name: str, organisation_name: str,
                      org_number: str) -> User | None:
    """A supplier asks for an account; it cannot log in until an admin approves it.

    An e-mail that already has an account gives None and changes nothing, and the caller
    answers exactly as for a new account: the answer must not tell who has an account."""
    problems = []
    if not name.strip():
        problems.append(Problem("name", msg("is required")))
    if not organisation_name.strip():
        problems.append(Problem("organisation_name", msg("is required")))
    for check in (lambda: normalise_email(email), lambda: _check_password(password),
                  lambda: normalise_org_number(org_number)):
        try:
            check()
        except InvalidInput as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInput(problems=problems)
    email = normalise_email(email)
    existing = find_by_email(email)
    if existing is not None:
        hash_password(password)  # the same work as for a new account: timing tells nothing
        audit.record(None, "user.register_existing", existing, {"email": email})
        return None
    organisation = _organisation(organisation_name.strip(), SUPPLIER,
                                 normalise_org_number(org_number))
    user = User(email=email, name=name.strip(), role="supplier", organisation=organisation,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record(user, "user.register", user, {"email": email, "organisation": organisation.name})
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user when the password is right and the account may log in; audits both outcomes."""
    user = find_by_email(email or "")
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password or "")
    if not (user and valid and user.is_active):
        reason = "unknown" if user is None else ("password" if not valid else "not_active")
        audit.record(user, "auth.login_failed", user, {"reason": reason})
        return None
    user.last_login_at = utcnow()
    audit.record(user, "auth.login", user)
    return user


def log_out(user: User) -> None:
    """Logging out ends every session of the account, not only the browser that asked, so a
    session cookie copied earlier cannot be replayed."""
    user.end_sessions()
    audit.record(user, "auth.logout", user)


def change_password(user: User, current: str, new: str) -> None:
    """A new password ends every session of the account; the caller logs the user in again."""
    if not permissions.can(user, permissions.USE_ACCOUNT):
        raise PermissionDenied(msg("Log in to change your password."))
    if not check_password_hash(user.password_hash, current or ""):
        raise InvalidInput(problems=[Problem("current_password", msg("is not correct"))])
    _check_password(new)
    user.password_hash = hash_password(new)
    user.end_sessions()
    audit.record(user, "user.change_password", user)


def _require_admin(actor: User) -> None:
    if not permissions.can(actor, permissions.MANAGE_USERS):
        raise PermissionDenied(msg("Only administrators manage accounts."))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(problems=[Problem(
            "role", msg("must be one of %(choices)s", choices=", ".join(ROLES)))])


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(msg("No such user."))
    return user


def approve(user: User, actor: User) -> User:
    _require_admin(actor)
    if user.approved_at is None:
        user.approved_at = utcnow()
        user.approved_by_id = actor.id
        user.active = True
        audit.record(actor, "user.approve", user)
    return user


def set_active(user: User, active: bool, actor: User) -> User:
    _require_admin(actor)
    if user.id == actor.id and not active:
        raise Conflict(msg("You cannot deactivate your own account."))
    if user.active != active:
        user.active = active
        if not active:
            user.end_sessions()
        audit.record(actor, "user.activate" if active else "user.deactivate", user)
    return user


def change_role(user: User, role: str, actor: User) -> User:
    _require_admin(actor)
    _check_role(role)
    if user.id == actor.id and not permissions.can_role(role, permissions.MANAGE_USERS):
        raise Conflict(msg("You cannot remove your own administrator role."))
    if user.role != role:
        audit.record(actor, "user.change_role", user, {"role": [user.role, role]})
        user.role = role
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(
        select(User).order_by(User.approved_at.is_not(None), User.created_at.desc())
    ))

