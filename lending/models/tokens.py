"""Personal access tokens for the API: made by a person for a script, acting as them."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import TOKEN_SCOPES, choice_type


class ApiToken(db.Model):
    """A token: its name, scope and expiry, when last used, whether revoked. Only the SHA-256
    of its secret is kept (the secret is shown once, when it is made); its first characters
    (`hint`) tell tokens apart in lists."""

    __tablename__ = "api_token"
    __audit_redact__ = {"secret_hash"}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(12))
    scope: Mapped[str] = mapped_column(choice_type(TOKEN_SCOPES, "token_scope"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan

    user = relationship("User")

    def usable(self, now: datetime) -> bool:
        """Whether the token may act now: not revoked, not expired, its account active."""
        return self.revoked_at is None and now < self.expires_at and self.user.active


class IdempotencyKey(db.Model):
    """A POST made with an `Idempotency-Key` header: what it asked (a hash of the method, path
    and body) and, once done, its answer, given again to a retry with the same key, so that a
    retried lend makes one loan. Kept a day (the daily run forgets older ones)."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("token_id", "key", name="uq_idempotency_token_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None]  # None: the request is still being answered
    body: Mapped[dict | None] = mapped_column(JSON)
    location: Mapped[str | None] = mapped_column(String(300))
    etag: Mapped[str | None] = mapped_column(String(100))  # of what the answer made
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
