"""API tokens: created once, stored as a SHA-256 hash, checked on every API call."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import ApiToken, User
from insight.models.base import utcnow
from insight.services import audit
from insight.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem

SCOPES = ("read", "write")
STATES = ("active", "expired", "revoked")
TOKEN_PREFIX = "ins_"
USE_RESOLUTION = timedelta(minutes=1)  # how precisely last_used_at is kept


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def parse_scopes(value: str | list[str]) -> list[str]:
    scopes = value.split(",") if isinstance(value, str) else list(value)
    scopes = [s.strip() for s in scopes if s.strip()]
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise InvalidInput(problems=[Problem(
            "scopes", msg("must be among %(choices)s", choices=", ".join(SCOPES)))])
    return list(dict.fromkeys(scopes))


def create_token(user: User, name: str, scopes: str | list[str] = "read",
                 expires_in_days: int | None = None, actor: User | None = None
                 ) -> tuple[ApiToken, str]:
    """A new token for `user`; the raw value is returned once and never stored.

    Someone else (an admin) may create it only with the right to manage accounts; a write
    token only for a role that may write content, since writing is all the scope adds."""
    if actor is not None and actor.id != user.id and \
            not permissions.can(actor, permissions.MANAGE_USERS):
        raise PermissionDenied(msg("Only administrators create tokens for other accounts."))
    if not name.strip():
        raise InvalidInput(problems=[Problem("name", msg("is required"))])
    scope_list = parse_scopes(scopes)
    if "write" in scope_list and not permissions.can(user, permissions.WRITE_CONTENT):
        raise InvalidInput(problems=[Problem(
            "scopes", msg("only accounts that may write content can hold write tokens"))])
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name.strip(), token_hash=hash_token(raw), prefix=raw[:12],
        scopes=",".join(scope_list),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(actor or user, "token.create", user,
                 {"token": token.prefix, "name": token.name, "scopes": scope_list})
    return token, raw


def find_usable(raw: str) -> ApiToken | None:
    """The live token for a raw value, or None; marks it as used (to the minute)."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    now = utcnow()
    last = token.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite returns naive datetimes
        last = last.replace(tzinfo=now.tzinfo)
    # A write on every read call would serialise all API reads (SQLite) for a timestamp
    # nobody needs to the second.
    if last is None or now - last >= USE_RESOLUTION:
        token.last_used_at = now
    return token


def state(token: ApiToken) -> str:
    """"active", "expired" or "revoked" (revocation wins: it is what someone did)."""
    if token.revoked_at is not None:
        return "revoked"
    return "active" if token.is_usable() else "expired"


def scopes_for(user: User) -> tuple[str, ...]:
    """The scopes `user` may hold: write only for roles that may write content."""
    return SCOPES if permissions.can(user, permissions.WRITE_CONTENT) else ("read",)


def tokens_of(user: User) -> list[ApiToken]:
    """The user's own tokens, newest first, revoked and expired ones included."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def all_tokens(owner_email: str | None = None) -> list[ApiToken]:
    """Every account's tokens with their owners (newest first), for administrators and the CLI."""
    query = select(ApiToken).join(ApiToken.user).options(selectinload(ApiToken.user)) \
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if owner_email:
        query = query.where(User.email == owner_email.strip().lower())
    return list(db.session.scalars(query))


def get_token(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(msg("No token with id %(number)s.", number=token_id))
    return token


def own_token(user: User, token_id: int) -> ApiToken:
    """One of `user`'s own tokens; someone else's is as unknown as a missing one."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(msg("No token with id %(number)s.", number=token_id))
    return token


def revoke(token: ApiToken, actor: User | None) -> None:
    """Revoke a token; the next call with it answers 401. `actor` None is an operator at the
    command line (the audit entry then names no account)."""
    if actor is not None and actor.id != token.user_id and \
            not permissions.can(actor, permissions.MANAGE_USERS):
        raise PermissionDenied(msg("Only administrators revoke other accounts' tokens."))
    if token.revoked_at is not None:
        raise Conflict(msg("The token '%(name)s' is already revoked.", name=token.name))
    token.revoked_at = utcnow()
    audit.record(actor, "token.revoke", token.user,
                 {"token": token.prefix, "name": token.name,
                  "by": "cli" if actor is None else ("owner" if actor.id == token.user_id
                                                     else "admin")})
