"""People who log in, and the API tokens they hold."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insight.extensions import db
from insight.models.base import TimestampMixin, utcnow

ROLES = ("admin", "staff", "supplier")


class User(UserMixin, TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="supplier")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # An account may log in only when it is active and approved.
    active: Mapped[bool] = mapped_column(default=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Part of every session's id: a new value (logout, password change) ends all sessions.
    session_token: Mapped[str] = mapped_column(String(32), default=lambda: new_session_token())
    # SHA-256 of the secret in the user's feed addresses; the raw value is shown once.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    feed_token_created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # List kind (observation, insight, ...) → id of the newest change-log entry the user had
    # seen when last viewing that list; later entries are marked "new". One value per list, so
    # reading one list does not clear the marks of another.
    last_seen_change: Mapped[dict | None] = mapped_column(JSON)

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")  # noqa: F821
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # Flask-Login asks this before logging in
        return self.active and self.approved_at is not None

    def get_id(self) -> str:  # Flask-Login stores this in the session cookie
        return f"{self.id}:{self.session_token}"

    def has_session_token(self, token: str) -> bool:
        return hmac.compare_digest(self.session_token or "", token)

    def end_sessions(self) -> None:
        """Every session cookie issued before now stops working."""
        self.session_token = new_session_token()

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def new_session_token() -> str:
    return secrets.token_hex(16)


class ApiToken(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # SHA-256 of the raw token; the raw token is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    scopes: Mapped[str] = mapped_column(Text, default="read")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def scope_list(self) -> list[str]:
        return [s for s in self.scopes.split(",") if s]

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.revoked_at is not None:
            return False
        if self.expires_at is not None:
            expires = self.expires_at
            if expires.tzinfo is None:  # SQLite returns naive datetimes
                expires = expires.replace(tzinfo=now.tzinfo)
            if expires <= now:
                return False
        return True
