"""Problems with a loan or an item: damage, loss, theft, faults and connectivity."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import ISSUE_RESOLUTIONS, ISSUE_TYPES, choice_type


class Issue(db.Model):
    """Something that went wrong, from when it was logged to what was done about it."""

    __audit_redact__ = {"description", "resolution_note"}  # free text: see Loan

    # Open issues, oldest first (the dashboard, the issues list's "open" filter), without
    # walking the resolved ones.
    __table_args__ = (Index("ix_issue_open", "incident_date", "id",
                            sqlite_where=text("resolved_at IS NULL"),
                            postgresql_where=text("resolved_at IS NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(choice_type(ISSUE_TYPES, "issue_type"), index=True)
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), index=True)
    sim_id: Mapped[int | None] = mapped_column(ForeignKey("sim_card.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("data_plan.id"), index=True)
    incident_date: Mapped[date] = mapped_column(index=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolution: Mapped[str | None] = mapped_column(
        choice_type(ISSUE_RESOLUTIONS, "issue_resolution"))
    resolution_note: Mapped[str] = mapped_column(String(500), default="")
    cost: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolved_at: Mapped[datetime | None]
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan

    loan = relationship("Loan", backref="issues")
    device = relationship("Device")
    sim = relationship("SimCard")
    plan = relationship("DataPlan")
    logged_by = relationship("User", foreign_keys=[logged_by_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])

    @property
    def is_open(self) -> bool:
        """Open until someone records what was done."""
        return self.resolved_at is None

    @property
    def subject(self) -> str:
        """What the issue is about, in words."""
        item = self.device or self.sim or self.plan
        if item is not None:
            return item.title
        return f"loan #{self.loan_id}" if self.loan_id else "—"
