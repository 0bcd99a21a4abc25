"""Loans: kits of items lent to a peer, and their renewals."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, bindparam, func, text
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .peers import Peer
from .vocab import (
    AGREEMENT_ACCEPTANCE,
    CONDITIONS,
    CONTACT_METHODS,
    ESCALATION_STAGES,
    LOAN_KINDS,
    LOAN_STATUSES,
    OPEN_LOAN_STATUSES,
    choice_type,
)

# The open loans, as the partial index ix_loan_open_due states them.
OPEN_SQL = "status IN ({})".format(", ".join(f"'{status}'" for status in OPEN_LOAN_STATUSES))
# The few loans lent out of waitlist order, as the partial index ix_loan_out_of_turn states them.
OUT_OF_TURN_SQL = "out_of_turn_reason <> ''"

class Loan(db.Model):
    """One kit lent to one peer, from lending to its return or loss."""

    # Free text about the peer's loan: the audit log says that it changed, never its words
    # (so erasing a peer's details leaves none of them behind).
    __audit_redact__ = {"return_notes", "return_date_reason", "due_date_reason",
                        "out_of_turn_reason"}

    # Report figures read these indexes alone, never the table's rows (reporting/metrics.py):
    # loans open during a period and how they closed; loans lent in a period, and by whom;
    # each peer's loans in date order (a peer's page, and "first loan ever"). Lists read
    # loans by status and due date, and the few open loans of millions by due date alone
    # (the dashboard's overdue and due-today lists; see open_condition).
    __table_args__ = (
        Index("ix_loan_status_due", "status", "due_date"),
        Index("ix_loan_lent", "lent_at", "id"),  # the loans list, newest first, and its end
        Index("ix_loan_due", "due_date", "id"),
        Index("ix_loan_open_due", "due_date", "id", sqlite_where=text(OPEN_SQL),
              postgresql_where=text(OPEN_SQL)),
        # Open loans in lending order, either way: the oldest first walked a million closed
        # ones through ix_loan_lent on PostgreSQL (1 s) before finding any.
        Index("ix_loan_open_lent", "lent_at", "id", sqlite_where=text(OPEN_SQL),
              postgresql_where=text(OPEN_SQL)),
        Index("ix_loan_closing", "returned_on", "lent_on", "peer_id", "due_date", "status"),
        Index("ix_loan_lending", "lent_on", "peer_id"),
        # status too: a peer's open loans are counted from the index alone (the peers list).
        Index("ix_loan_peer_lending", "peer_id", "lent_on", "status"),
        # The waitlist page's loans lent out of order, found without reading recent loans.
        Index("ix_loan_out_of_turn", "lent_on", sqlite_where=text(OUT_OF_TURN_SQL),
              postgresql_where=text(OUT_OF_TURN_SQL)),
        # The few loans to staff, read without the peers' millions (staff_equipped).
        Index("ix_loan_staff", "staff_id", "lent_on", "returned_on",
              sqlite_where=text("staff_id IS NOT NULL"),
              postgresql_where=text("staff_id IS NOT NULL")),
        CheckConstraint("(peer_id IS NULL) <> (staff_id IS NULL)", name="one_borrower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The borrower: a peer, or a staff member (a peer support worker working from home or
    # hosting groups), never both. Staff loans follow the same rules but are never counted
    # as peers served (reporting: staff_equipped).
    peer_id: Mapped[int | None] = mapped_column(ForeignKey("peer.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(choice_type(LOAN_KINDS, "loan_kind"))
    status: Mapped[str] = mapped_column(choice_type(LOAN_STATUSES, "loan_status"),
                                        default="active")
    lent_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    lent_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The local dates of lending and closing, which reports reason in (a loan made on a
    # Toronto evening is lent "today", though its UTC timestamp is tomorrow's).
    lent_on: Mapped[date]
    returned_on: Mapped[date | None]
    due_date: Mapped[date]
    # Why a manager set a due date beyond the kind's loan length (blank when within it).
    due_date_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Why the kit went to someone other than the next in its waitlist queue, or to a peer who
    # waited for another kind of kit (blank when lent in turn).
    out_of_turn_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    renewals: Mapped[int] = mapped_column(default=0)
    accessories_out: Mapped[str] = mapped_column(String(200), default="")
    returned_at: Mapped[datetime | None]
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    return_condition: Mapped[str | None] = mapped_column(choice_type(CONDITIONS, "condition"))
    accessories_back: Mapped[str | None] = mapped_column(String(200))
    return_notes: Mapped[str] = mapped_column(String(1000), default="")
    # Why the return was recorded for an earlier day than the day it was recorded.
    return_date_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Set by the daily escalation run: reminder, suspend or lost (see ESCALATION_STAGES).
    escalation_stage: Mapped[str | None] = mapped_column(
        choice_type(ESCALATION_STAGES, "escalation_stage"), index=True)
    agreement_version_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_version.id"))
    agreement_acceptance: Mapped[str | None] = mapped_column(
        choice_type(AGREEMENT_ACCEPTANCE, "agreement_acceptance"))
    agreement_witness_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # A random token from the lending form: a second click on "Lend" finds this loan
    # instead of trying to lend the same kit twice.
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    peer = relationship("Peer", backref="loans")
    staff = relationship("User", foreign_keys=[staff_id])
    lent_by = relationship("User", foreign_keys=[lent_by_id])
    received_by = relationship("User", foreign_keys=[received_by_id])
    agreement_version = relationship("AgreementVersion")
    agreement_witness = relationship("User", foreign_keys=[agreement_witness_id])
    items: Mapped[list["LoanItem"]] = relationship(back_populates="loan",
                                                   cascade="all, delete-orphan")
    renewal_log: Mapped[list["Renewal"]] = relationship(back_populates="loan",
                                                        order_by="Renewal.renewed_at")

    @property
    def borrower(self):
        """The peer or the staff member who has the kit."""
        return self.peer if self.peer_id is not None else self.staff

    @property
    def borrower_text(self) -> str:
        """The borrower as lists and logs name them: a peer's code, "staff: <name>"."""
        return self.peer.code if self.peer_id is not None else f"staff: {self.staff.name}"

    @property
    def is_open(self) -> bool:
        """Whether the peer still has the kit."""
        return self.status in OPEN_LOAN_STATUSES

    @staticmethod
    def open_condition():
        """SQL for "the peer still has the kit". The statuses are written into the SQL, not
        sent as parameters, so that both databases see that ix_loan_open_due covers it."""
        return Loan.status.in_(bindparam(None, list(OPEN_LOAN_STATUSES), expanding=True,
                                         literal_execute=True))

    @staticmethod
    def out_of_turn_condition():
        """SQL for "lent out of waitlist order", written as ix_loan_out_of_turn states it (a
        bound parameter would hide from SQLite that the index covers it)."""
        return text(f"loan.{OUT_OF_TURN_SQL}")

    def is_overdue(self, today: date) -> bool:
        """Whether the kit is still out after its due date."""
        return self.is_open and self.due_date < today

    @property
    def accessories_missing(self) -> list[str]:
        """Accessory keys handed over that did not come back (none while the loan is open)."""
        if self.accessories_back is None:
            return []
        back = set(self.accessories_back.split(","))
        return [a for a in self.accessories_out.split(",") if a and a not in back]

    @property
    def device(self):
        """The kit's device, if it has one."""
        return next((i.device for i in self.items if i.device_id), None)

    @property
    def sim(self):
        """The kit's SIM card, if it has one."""
        return next((i.sim for i in self.items if i.sim_id), None)

    @property
    def plan(self):
        """The kit's data plan, if it has one."""
        return next((i.plan for i in self.items if i.plan_id), None)


class LoanItem(db.Model):
    """One device, SIM card or data plan in a loan's kit."""

    __tablename__ = "loan_item"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN device_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN sim_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN plan_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_item"),
        # The rule that must always hold: an item is on at most one open loan. The database
        # enforces it, so two people pressing "lend" at once cannot both succeed.
        *(Index(f"uq_loan_item_open_{column}", column, unique=True,
                sqlite_where=text("closed_at IS NULL"),
                postgresql_where=text("closed_at IS NULL"))
          for column in ("device_id", "sim_id", "plan_id")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), index=True)
    sim_id: Mapped[int | None] = mapped_column(ForeignKey("sim_card.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("data_plan.id"), index=True)
    # Copied from the loan when it closes: a partial unique index can only look at its own row.
    closed_at: Mapped[datetime | None]

    loan: Mapped[Loan] = relationship(back_populates="items")
    device = relationship("Device")
    sim = relationship("SimCard")
    plan = relationship("DataPlan")

    @property
    def item(self):
        """The device, SIM card or plan this line is about."""
        return self.device or self.sim or self.plan

    @classmethod
    def open_for(cls, column, item_id) -> "LoanItem | None":
        """The open loan line holding an item (e.g. `LoanItem.open_for(LoanItem.sim_id, 3)`)."""
        return db.session.execute(db.select(cls).where(
            column == item_id, cls.closed_at.is_(None))).scalar_one_or_none()


class ContactAttempt(db.Model):
    """A reminder given to a peer about an overdue kit: when, how, by whom."""

    __tablename__ = "contact_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    method: Mapped[str] = mapped_column(choice_type(CONTACT_METHODS, "contact_method"))
    made_on: Mapped[date]  # the local date, compared with the loan's due date
    made_at: Mapped[datetime] = mapped_column(default=utcnow)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    loan = relationship("Loan", backref="contact_attempts")
    made_by = relationship("User")


class Renewal(db.Model):
    """A loan's due date moved later, by whom and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    renewed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    renewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    previous_due: Mapped[date]
    new_due: Mapped[date]

    loan: Mapped[Loan] = relationship(back_populates="renewal_log")
    renewed_by = relationship("User")


# How many kits a peer has out now: one definition for the peers list's column, sort and
# filter. Deferred, so it is computed only where a query asks for it (`undefer`).
Peer.open_loan_count = column_property(
    db.select(func.count(Loan.id))
    .where(Loan.peer_id == Peer.id, Loan.open_condition())
    .correlate_except(Loan).scalar_subquery(), deferred=True)
