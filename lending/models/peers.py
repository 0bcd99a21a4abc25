"""Peers: the people the program lends to, known everywhere by a pseudonymous code."""
import secrets
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from stdnum import luhn

from ..clock import utcnow
from ..extensions import db
from .vocab import CONSENT_METHODS, LANGUAGES, TEXT_NUMBERS, choice_type

# No 0/O, 1/I/L: codes are read aloud and copied by hand.
PEER_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_peer_code() -> str:
    """A random peer code with a Luhn mod-N check character that catches most typos."""
    body = "".join(secrets.choice(PEER_CODE_ALPHABET) for _ in range(6))
    return f"P-{body}{luhn.calc_check_digit(body, alphabet=PEER_CODE_ALPHABET)}"


def is_valid_peer_code(code: str) -> bool:
    """Whether a typed peer code has the right shape and check character."""
    code = code.strip().upper()
    body = code[2:]
    return (code.startswith("P-") and len(body) == 7
            and all(c in PEER_CODE_ALPHABET for c in body)
            and luhn.is_valid(body, alphabet=PEER_CODE_ALPHABET))


class Peer(db.Model):
    """A person the program serves. Holds no name, contact or clinical detail."""

    # The peers list shows the newest first (its last page, the oldest).
    __table_args__ = (Index("ix_peer_created", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True, default=new_peer_code)
    consent_scope: Mapped[str] = mapped_column(String(300), default="")
    consent_method: Mapped[str | None] = mapped_column(
        choice_type(CONSENT_METHODS, "consent_method"))
    consent_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan
    # When names, contacts and notes were removed (on request, or after long inactivity),
    # and why: only the code and the lending records remain.
    details_removed_at: Mapped[datetime | None]
    details_removed_why: Mapped[str | None] = mapped_column(String(20))
    # Texts (messages/): whether the peer agrees to them now (their history: TextConsent), to
    # which number, in which language, and whether the organization signs them.
    language: Mapped[str] = mapped_column(choice_type(LANGUAGES, "language"), default="en",
                                          server_default="en")
    texts_allowed: Mapped[bool] = mapped_column(default=False, server_default="0")
    texts_number: Mapped[str] = mapped_column(choice_type(TEXT_NUMBERS, "text_number"),
                                              default="own", server_default="own")
    texts_signed: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Priority groups (models/outcomes.py PeerGroup): how and when the peer agreed that the
    # groups they name are recorded, for waitlist priority and anonymous reach figures (None:
    # not asked, or withdrawn, and then no group is kept).
    groups_consent_method: Mapped[str | None] = mapped_column(
        choice_type(CONSENT_METHODS, "groups_consent_method"))
    groups_consent_on: Mapped[date | None]

    contact: Mapped["PeerContact | None"] = relationship(
        back_populates="peer", uselist=False, cascade="all, delete-orphan")
    registered_by = relationship("User")

    def __str__(self) -> str:
        return self.code


class PeerContact(db.Model):
    """A peer's optional name and contact details, kept apart and seen by staff and managers."""

    __tablename__ = "peer_contact"
    # Audit entries say which of these changed, never the values.
    __audit_redact__ = {"preferred_name", "phone", "email", "other_contact"}

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("peer.id"), unique=True)
    preferred_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(16), default="")  # E.164
    email: Mapped[str] = mapped_column(String(254), default="")
    other_contact: Mapped[str] = mapped_column(String(300), default="")

    peer: Mapped[Peer] = relationship(back_populates="contact")

    @property
    def is_empty(self) -> bool:
        """Whether nothing is recorded."""
        return not (self.preferred_name or self.phone or self.email or self.other_contact)
