"""What the program changed and for whom: priority groups peers identify with, the check-ins
(versioned questions, closed answers), group sessions and the outcome targets of contracts.
reporting/outcomes.py turns them into the funders' figures."""
import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import CHECK_IN_STAGES, OUTCOME_TARGETS, SUPPORT_TOPICS, choice_type


class PriorityGroup(db.Model):
    """A group peers may say they belong to (housing insecure, 60 or older...), kept by
    managers. `raises_waitlist`: a peer in it waits at high priority."""

    __tablename__ = "priority_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    raises_waitlist: Mapped[bool] = mapped_column(default=False)

    def __str__(self) -> str:
        return self.name


class PeerGroup(db.Model):
    """A peer's own word that they belong to a priority group, recorded with their consent
    for that purpose (Peer.groups_consent_*). Audited by group, never shown row by row to a
    funder."""

    __tablename__ = "peer_group"

    peer_id: Mapped[int] = mapped_column(ForeignKey("peer.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("priority_group.id"), primary_key=True,
                                          index=True)
    recorded_on: Mapped[date]

    group = relationship("PriorityGroup")


class CheckInVersion(db.Model):
    """One version of the check-in's questions: their wording as asked, in English and in
    French (the answers' choices are fixed by outcomes/questions.py), and whether the
    loneliness scale is asked. Never changed once saved: each check-in points at the words the
    peer heard (in their language)."""

    __tablename__ = "check_in_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    wording: Mapped[str] = mapped_column(Text)  # JSON {question key: words}, in English
    # The same in French (None: a version saved before French, read in English to everyone).
    wording_fr: Mapped[str | None] = mapped_column(Text)
    loneliness: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by = relationship("User")

    @property
    def words(self) -> dict[str, str]:
        """{question key: its English words in this version}."""
        return json.loads(self.wording)

    @property
    def french_words(self) -> dict[str, str] | None:
        """{question key: its French words in this version}, if it has them."""
        return json.loads(self.wording_fr) if self.wording_fr else None

    def words_in(self, language: str) -> dict[str, str]:
        """The words a peer of this language hears ("en" or "fr")."""
        return (self.french_words if language == "fr" else None) or self.words

    @classmethod
    def current(cls) -> "CheckInVersion":
        """The newest version, which new check-ins ask; before any is saved, the built-in
        questions as version 1 (unsaved: the first check-in stores it)."""
        from ..outcomes.questions import default_wording  # the words live with the questions
        return db.session.execute(db.select(cls).order_by(cls.number.desc()).limit(1)) \
            .scalar_one_or_none() or cls(number=1, wording=json.dumps(default_wording("en")),
                                         wording_fr=json.dumps(default_wording("fr")),
                                         loneliness=False)


@event.listens_for(CheckInVersion, "before_update")
def _read_only(_mapper, _connection, version):
    """Check-ins point at the exact questions asked, so saved wording never changes."""
    raise PermissionError(f"check-in version {version.number} is read-only")


class CheckIn(db.Model):
    """A peer's short answers at lending (baseline), at a follow-up or at return. Every answer
    is a closed choice; None is a question declined (or, for the loneliness items, not in the
    version asked)."""

    __tablename__ = "check_in"
    # Answers are personal: the audit log says which changed, never the answers.
    __audit_redact__ = {"groups_joined", "times_last_week", "confidence", "other_uses",
                        "lonely_companionship", "lonely_left_out", "lonely_isolated"}
    __table_args__ = (
        # A peer's answers by stage and day, read from the index alone (reporting/outcomes.py).
        Index("ix_check_in_peer", "peer_id", "stage", "held_on", "id", "groups_joined",
              "confidence", "lonely_companionship", "lonely_left_out", "lonely_isolated"),
        Index("ix_check_in_loan", "loan_id", "stage"),
        Index("ix_check_in_held", "held_on"),  # the last check-in day (outcomes.py)
        CheckConstraint("confidence BETWEEN 1 AND 5", name="confidence"),
        *(CheckConstraint(f"{item} BETWEEN 1 AND 3", name=item)
          for item in ("lonely_companionship", "lonely_left_out", "lonely_isolated")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("peer.id"))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"))
    stage: Mapped[str] = mapped_column(choice_type(CHECK_IN_STAGES, "check_in_stage"))
    held_on: Mapped[date]
    version_id: Mapped[int] = mapped_column(ForeignKey("check_in_version.id"))
    groups_joined: Mapped[str | None] = mapped_column(String(100))  # keys, comma-separated
    times_last_week: Mapped[str | None] = mapped_column(String(8))
    confidence: Mapped[int | None]
    other_uses: Mapped[str | None] = mapped_column(String(100))  # keys, comma-separated
    lonely_companionship: Mapped[int | None]
    lonely_left_out: Mapped[int | None]
    lonely_isolated: Mapped[int | None]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan

    peer = relationship("Peer", backref="check_ins")
    loan = relationship("Loan", backref="check_ins")
    version = relationship("CheckInVersion")
    recorded_by = relationship("User")

    @property
    def loneliness_score(self) -> int | None:
        """The scale's published score (3 to 9, higher is lonelier); None unless all three
        items were answered. `loneliness_sql` is its SQL form."""
        items = (self.lonely_companionship, self.lonely_left_out, self.lonely_isolated)
        return None if None in items else sum(items)

    @classmethod
    def loneliness_sql(cls):
        """SQL: the loneliness score, NULL unless all three items were answered (a sum with
        a NULL in it is NULL)."""
        return cls.lonely_companionship + cls.lonely_left_out + cls.lonely_isolated


class GroupSession(db.Model):
    """Training or support given to several people at once."""

    __tablename__ = "group_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(index=True)
    minutes: Mapped[int]
    topic: Mapped[str] = mapped_column(choice_type(SUPPORT_TOPICS, "support_topic"))
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan

    facilitator = relationship("User", foreign_keys=[facilitator_id])
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    attendance: Mapped[list["GroupAttendance"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="GroupAttendance.id")


class GroupAttendance(db.Model):
    """Who attended a group session: a peer (by code) or a staff member."""

    __tablename__ = "group_attendance"
    __table_args__ = (
        CheckConstraint("(peer_id IS NULL) <> (user_id IS NULL)", name="one_person"),
        Index("uq_group_attendance_peer", "session_id", "peer_id", unique=True),
        Index("uq_group_attendance_user", "session_id", "user_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("group_session.id"))
    peer_id: Mapped[int | None] = mapped_column(ForeignKey("peer.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    session: Mapped[GroupSession] = relationship(back_populates="attendance")
    peer = relationship("Peer")
    user = relationship("User")


class OutcomeTarget(db.Model):
    """What a contract aims for on one outcome figure, e.g. 70% join a virtual group."""

    __tablename__ = "outcome_target"
    __table_args__ = (Index("uq_outcome_target", "contract_id", "measure", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    measure: Mapped[str] = mapped_column(choice_type(OUTCOME_TARGETS, "outcome_measure"))
    target: Mapped[Decimal] = mapped_column(Numeric(10, 2))

    contract = relationship("Contract", backref="outcome_targets")
