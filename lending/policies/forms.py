"""The policy form: one kind's loan length, renewals and escalation days."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from ..models import LoanPolicy
from .operations import LIMITS


def _days(label, name):
    """A whole number of days (or renewals) within the operation's bounds."""
    low, high = LIMITS[name]
    return IntegerField(label, validators=[
        InputRequired(_l("Enter a whole number.")),
        NumberRange(min=low, max=high, message=_l("Enter a number from %(low)s to %(high)s.",
                                                  low=low, high=high))])


class PolicyForm(FlaskForm):
    """One kind's loan length, renewals and escalation days."""

    loan_days = _days(_l("Loan length (days)"), "loan_days")
    renewals_allowed = _days(_l("Renewals allowed"), "renewals_allowed")
    reminder_after_days = _days(_l("Reminder due after (days past due)"), "reminder_after_days")
    suspend_after_days = _days(_l("Propose suspending the line after (days past due)"),
                               "suspend_after_days")
    lost_after_days = _days(_l("Propose declaring lost after (days past due)"), "lost_after_days")
    remind_before_days = _days(_l("Text a reminder this many days before the due date (0: none)"),
                               "remind_before_days")
    follow_up_weeks = _days(_l("Follow-up check-in this many weeks after lending (0: none)"),
                            "follow_up_weeks")

    def validate_lost_after_days(self, field):
        """The stages come in order (the rule is the policy's)."""
        days = [self.reminder_after_days.data, self.suspend_after_days.data, field.data]
        problem = None if None in days else LoanPolicy.stage_order_problem(*days)
        if problem:
            raise ValidationError(problem)

    def policy_data(self) -> dict:
        """The policy's fields as entered."""
        return {name: self[name].data for name in LoanPolicy.FIELDS}
