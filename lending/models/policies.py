"""Loan policies: per kind of kit, how long it is lent and when an overdue loan escalates."""
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .vocab import LOAN_KINDS, choice_type

# Used while a kind has no stored policy; managers edit the stored rows.
ESCALATION_DEFAULTS = {"reminder_after_days": 3, "suspend_after_days": 14, "lost_after_days": 45}
DEFAULT_POLICIES = {
    "phone": {"loan_days": 90, "renewals_allowed": 2, **ESCALATION_DEFAULTS},
    "tablet": {"loan_days": 90, "renewals_allowed": 2, **ESCALATION_DEFAULTS},
    "laptop": {"loan_days": 60, "renewals_allowed": 1, **ESCALATION_DEFAULTS},
    "hotspot": {"loan_days": 30, "renewals_allowed": 3, **ESCALATION_DEFAULTS},
    "data_only": {"loan_days": 90, "renewals_allowed": 3, **ESCALATION_DEFAULTS},
}


class LoanPolicy(db.Model):
    """How long a kind of kit is lent, how often it may be renewed, and its escalation days."""

    __tablename__ = "loan_policy"

    kind: Mapped[str] = mapped_column(choice_type(LOAN_KINDS, "loan_kind"), primary_key=True)
    loan_days: Mapped[int]
    renewals_allowed: Mapped[int]
    reminder_after_days: Mapped[int] = mapped_column(server_default="3")
    suspend_after_days: Mapped[int] = mapped_column(server_default="14")
    lost_after_days: Mapped[int] = mapped_column(server_default="45")

    @classmethod
    def for_kind(cls, kind: str) -> "LoanPolicy":
        """The stored policy for a kind, or the built-in default (unsaved)."""
        return db.session.get(cls, kind) or cls(kind=kind, **DEFAULT_POLICIES[kind])

    def stage_for(self, days_overdue: int) -> str | None:
        """The escalation stage a loan this many days past due has reached."""
        if days_overdue >= self.lost_after_days:
            return "lost"
        if days_overdue >= self.suspend_after_days:
            return "suspend"
        if days_overdue >= self.reminder_after_days:
            return "reminder"
        return None
