"""What an overdue loan still needs at its escalation stage, in its two forms side by side:
Python for the loan's page, SQL for the dashboard's cards. A loan at "reminder due" needs a
reminder given since it fell due; at "suspend line proposed", an active line to suspend; at
"declare lost proposed", a decision. Change both or neither (tests/test_escalation.py holds
them to each other)."""
from sqlalchemy import and_, or_

from ..extensions import db
from ..models import ContactAttempt, Loan, LoanItem, SimCard


def reminded_since_due(loan: Loan) -> bool:
    """Whether a reminder was given after the loan fell due."""
    return any(attempt.made_on > loan.due_date for attempt in loan.contact_attempts)


def line_to_suspend(loan: Loan) -> SimCard | None:
    """The kit's SIM card, if its line is still active."""
    sim = loan.sim
    return sim if sim is not None and sim.status == "active" else None


def needs_its_step(loan: Loan) -> bool:
    """Whether the loan's escalation stage still calls for staff to act."""
    if loan.escalation_stage == "reminder":
        return not reminded_since_due(loan)
    if loan.escalation_stage == "suspend":
        return line_to_suspend(loan) is not None
    return True  # no step yet (overdue, not far enough for one), or declare lost


def _reminded_since_due_sql():
    """SQL form of reminded_since_due."""
    return db.select(ContactAttempt.id).where(ContactAttempt.loan_id == Loan.id,
                                             ContactAttempt.made_on > Loan.due_date).exists()


def _has_line_to_suspend_sql():
    """SQL form of line_to_suspend(loan) is not None."""
    return db.select(LoanItem.id).join(SimCard, SimCard.id == LoanItem.sim_id).where(
        LoanItem.loan_id == Loan.id, SimCard.status == "active").exists()


def needs_its_step_condition():
    """SQL form of needs_its_step."""
    stage = Loan.escalation_stage
    return or_(stage.is_(None), stage == "lost",
               and_(stage == "reminder", ~_reminded_since_due_sql()),
               and_(stage == "suspend", _has_line_to_suspend_sql()))
