"""Messages: the outbox of every text to a peer and email to a person of the program, the
text consents peers gave or withdrew, and the wording managers chose for each kind of text."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import (
    LANGUAGES,
    MESSAGE_CHANNELS,
    MESSAGE_STATUSES,
    MESSAGE_TEMPLATES,
    TEXT_CONSENT_METHODS,
    TEXT_NUMBERS,
    choice_type,
)

AUTOMATIC_SQL = "automatic"
DIGEST_SQL = "template = 'digest'"


class Message(db.Model):
    """One message: to whom (a peer, by their code, or a user), by which channel, from which
    template, and what became of it. The number or address and the text are personal data:
    staff and managers see them, the audit log never does, and erasure removes them."""

    __tablename__ = "message"
    __audit_redact__ = {"to_address", "body"}
    __table_args__ = (
        # At most one automatic message per peer per day: the daily run twice sends one.
        Index("uq_message_automatic_day", "peer_id", "day", unique=True,
              sqlite_where=text(AUTOMATIC_SQL), postgresql_where=text(AUTOMATIC_SQL)),
        # One digest per person per day.
        Index("uq_message_digest_day", "user_id", "day", unique=True,
              sqlite_where=text(DIGEST_SQL), postgresql_where=text(DIGEST_SQL)),
        # The sweep's read: what waits to be sent, soonest first.
        Index("ix_message_waiting", "status", "send_after"),
        Index("ix_message_created", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(choice_type(MESSAGE_CHANNELS, "message_channel"))
    template: Mapped[str] = mapped_column(choice_type(MESSAGE_TEMPLATES, "message_template"))
    language: Mapped[str] = mapped_column(choice_type(LANGUAGES, "language"), default="en")
    peer_id: Mapped[int | None] = mapped_column(ForeignKey("peer.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"), index=True)
    to_address: Mapped[str | None] = mapped_column(String(254))  # a number (E.164) or email
    subject: Mapped[str] = mapped_column(String(200), default="")  # an email's
    body: Mapped[str | None] = mapped_column(Text)
    automatic: Mapped[bool] = mapped_column(default=False)
    day: Mapped[date]  # the local day it was made for
    status: Mapped[str] = mapped_column(choice_type(MESSAGE_STATUSES, "message_status"),
                                        default="queued")
    status_note: Mapped[str] = mapped_column(String(300), default="")  # why, for people
    send_after: Mapped[datetime | None]  # not before (quiet hours); None: at once
    lease_until: Mapped[datetime | None]  # a worker is sending it until then
    provider_id: Mapped[str | None] = mapped_column(String(64), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan

    peer = relationship("Peer")
    user = relationship("User", foreign_keys=[user_id])
    loan = relationship("Loan")
    created_by = relationship("User", foreign_keys=[created_by_id])


class TextConsent(db.Model):
    """A peer's consent to text messages given or withdrawn: what for, when, how, and who
    recorded it (nobody, for a STOP texted back). The latest one is the peer's choice, kept
    on the peer (Peer.texts_allowed) so that the daily run reads it with no history."""

    __tablename__ = "text_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("peer.id"), index=True)
    given: Mapped[bool]
    purpose: Mapped[str] = mapped_column(String(300), default="")
    method: Mapped[str] = mapped_column(choice_type(TEXT_CONSENT_METHODS, "text_consent_method"))
    number: Mapped[str] = mapped_column(choice_type(TEXT_NUMBERS, "text_number"), default="own")
    recorded_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    peer = relationship("Peer")
    recorded_by = relationship("User")


class MessageWording(db.Model):
    """A manager's wording of one kind of text in one language (the built-in wording
    otherwise: messages/wording.py)."""

    __tablename__ = "message_wording"

    template: Mapped[str] = mapped_column(choice_type(MESSAGE_TEMPLATES, "message_template"),
                                          primary_key=True)
    language: Mapped[str] = mapped_column(choice_type(LANGUAGES, "language"), primary_key=True)
    body: Mapped[str] = mapped_column(String(480))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
