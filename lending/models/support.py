"""Support sessions and the waitlist: the help given to peers beyond lending."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import LOAN_KINDS, SUPPORT_TOPICS, WAITLIST_STATUSES, choice_type


class SupportSession(db.Model):
    """Tech help or training given to a peer. The note is short and never clinical."""

    __audit_redact__ = {"note"}  # free text: see Loan

    __tablename__ = "support_session"
    # A period's sessions and whose they were, read from the index alone (metrics.support).
    __table_args__ = (Index("ix_support_session_held", "held_on", "peer_id", "minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("peer.id"), index=True)
    held_on: Mapped[date]
    minutes: Mapped[int]
    topic: Mapped[str] = mapped_column(choice_type(SUPPORT_TOPICS, "support_topic"))
    note: Mapped[str] = mapped_column(String(300), default="")
    given_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan

    peer = relationship("Peer", backref="support_sessions")
    given_by = relationship("User")


class WaitlistEntry(db.Model):
    """A peer waiting for a kind of kit."""

    __audit_redact__ = {"reason", "withdraw_reason"}  # free text: see Loan

    __tablename__ = "waitlist_entry"
    # A peer waits at most once for each kind (a second click adds nothing).
    __table_args__ = (Index("uq_waitlist_entry_waiting", "peer_id", "kind", unique=True,
                            sqlite_where=text("status = 'waiting'"),
                            postgresql_where=text("status = 'waiting'")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("peer.id"), index=True)
    kind: Mapped[str] = mapped_column(choice_type(LOAN_KINDS, "loan_kind"), index=True)
    priority: Mapped[int] = mapped_column(default=2)  # 1 high, 2 normal, 3 low
    reason: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(choice_type(WAITLIST_STATUSES, "waitlist_status"),
                                        default="waiting", index=True)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"))
    days_waited: Mapped[int | None]
    withdraw_reason: Mapped[str] = mapped_column(String(200), default="")

    peer = relationship("Peer", backref="waitlist_entries")
    added_by = relationship("User", foreign_keys=[added_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])
    loan = relationship("Loan")
