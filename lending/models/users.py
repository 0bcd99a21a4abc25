"""People who sign in: managers, staff and funders."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import utcnow
from ..extensions import db
from .vocab import LANGUAGES, ROLES, choice_type


class User(UserMixin, db.Model):
    """An account; peers never have one. A funder belongs to exactly one partner."""

    __audit_redact__ = {"password_hash"}
    __table_args__ = (CheckConstraint(
        "(role = 'funder' AND partner_id IS NOT NULL) OR (role <> 'funder' AND partner_id IS NULL)",
        name="funder_partner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(choice_type(ROLES, "role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Stamped on each session at sign-in; raising it ends every session of the account.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # One email each morning of what needs them that day (staff and managers; messages/).
    digest_enabled: Mapped[bool] = mapped_column(default=True, server_default="1")
    # The language pages and email speak to them in; None: as their browser asks (i18n.py).
    language: Mapped[str | None] = mapped_column(choice_type(LANGUAGES, "language"))
    # Not stored: the name of the API token this user acts through in this request, if any
    # (api/auth.py), so that the audit log says so.
    acting_through = None

    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot sign in or stay signed in."""
        return self.active

    def set_password(self, password: str) -> None:
        """Store a slow, salted hash (scrypt) of the password, never the password."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    partner = relationship("Partner")

    def __str__(self) -> str:
        return self.name or self.email
