"""Organisations: the municipality and the supplier companies."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insight.extensions import db
from insight.models.base import TimestampMixin

MUNICIPALITY = "municipality"
SUPPLIER = "supplier"


class Organisation(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default=SUPPLIER)
    # Norwegian organisation number (9 digits, mod-11 checked by the account service).
    org_number: Mapped[str | None] = mapped_column(String(9), unique=True)

    users: Mapped[list[User]] = relationship(back_populates="organisation")  # noqa: F821

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"
