"""Loan policies: per kind of kit, how long it is lent and when an overdue loan escalates."""
from flask_babel import gettext
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .vocab import LOAN_KINDS, choice_type

# Used while a kind has no stored policy; managers edit the stored rows.
ESCALATION_DEFAULTS = {"reminder_after_days": 3, "suspend_after_days": 14, "lost_after_days": 45,
                       "remind_before_days": 2, "follow_up_weeks": 6}
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
    # Rows stored before the escalation days existed take the defaults.
    reminder_after_days: Mapped[int] = mapped_column(
        server_default=str(ESCALATION_DEFAULTS["reminder_after_days"]))
    suspend_after_days: Mapped[int] = mapped_column(
        server_default=str(ESCALATION_DEFAULTS["suspend_after_days"]))
    lost_after_days: Mapped[int] = mapped_column(
        server_default=str(ESCALATION_DEFAULTS["lost_after_days"]))
    # Peers who agreed to texts are reminded this many days before the due date (0: not).
    remind_before_days: Mapped[int] = mapped_column(
        server_default=str(ESCALATION_DEFAULTS["remind_before_days"]))

    # A follow-up check-in is due this many weeks after lending (0: none; outcomes/).
    follow_up_weeks: Mapped[int] = mapped_column(
        server_default=str(ESCALATION_DEFAULTS["follow_up_weeks"]))

    FIELDS = ("loan_days", "renewals_allowed", "reminder_after_days", "suspend_after_days",
              "lost_after_days", "remind_before_days", "follow_up_weeks")

    @classmethod
    def for_kind(cls, kind: str) -> "LoanPolicy":
        """The stored policy for a kind, or the built-in default (unsaved)."""
        return db.session.get(cls, kind) or cls(kind=kind, **DEFAULT_POLICIES[kind])

    @staticmethod
    def stage_order_problem(reminder: int, suspend: int, lost: int) -> str | None:
        """Why these escalation days are not in order, or None: a reminder, then suspending
        the line, then declaring the kit lost, each later than the one before."""
        if not reminder < suspend < lost:
            return (gettext("The stages must come in order: reminder, then suspension, then loss, "
                            "each later than the one before."))
        return None

    def stage_for(self, days_overdue: int) -> str | None:
        """The escalation stage a loan this many days past due has reached."""
        if days_overdue >= self.lost_after_days:
            return "lost"
        if days_overdue >= self.suspend_after_days:
            return "suspend"
        if days_overdue >= self.reminder_after_days:
            return "reminder"
        return None
