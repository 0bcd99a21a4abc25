"""Taking a kit back, or closing its loan as lost."""
from datetime import date

from flask_babel import gettext

from ...audit.log import apply_changes
from ...clock import local_today, utcnow
from ...models import Loan, vocab
from ...refusals import RuleError
from ...webhooks import events


def close_loan(loan: Loan, status: str, *, by, changes=None, action="return",
               closed_on: date | None = None):
    """Close a loan (returned or lost) on a day (today unless given) and free its items'
    places in the open-loan index."""
    now = utcnow()
    apply_changes(loan, {"status": status, "returned_at": now,
                         "returned_on": closed_on or local_today(), "received_by_id": by.id,
                         **(changes or {})}, by=by, action=action)
    for line in loan.items:
        line.closed_at = now


def return_date_problem(loan: Loan, returned_on: date, reason: str, today: date) -> str | None:
    """Why a return cannot be recorded for this day, or None: not before the kit was lent,
    not in the future, and an earlier day than today only with the reason."""
    if returned_on > today:
        return gettext("The return date cannot be in the future.")
    if returned_on < loan.lent_on:
        return gettext("The kit was lent on %(lent_on)s; it cannot have come back before.",
                       lent_on=f"{loan.lent_on:%Y-%m-%d}")
    if returned_on < today and not reason:
        return gettext("Say why the return is recorded for an earlier day.")
    return None


def record_return(loan: Loan, *, by, condition: str, accessories_back=(), notes="",
                  returned_on: date | None = None, date_reason="", today=None):
    """Take a kit back: close the loan on the day it came back, keep what did not come back
    on the loan and the device, and send the device to be wiped and reset."""
    today = today or local_today()
    returned_on = returned_on or today
    if not loan.is_open:
        raise RuleError(gettext("This loan was already closed on %(returned_on)s; nothing was "
                                "changed.", returned_on=f"{loan.returned_on:%Y-%m-%d}"))
    if condition not in vocab.CONDITIONS:
        raise RuleError(gettext("Say what condition the device came back in."))
    problem = return_date_problem(loan, returned_on, date_reason, today)
    if problem:
        raise RuleError(problem)
    handed_over = [a for a in loan.accessories_out.split(",") if a]
    back = [a for a in handed_over if a in accessories_back]
    close_loan(loan, "returned", by=by, closed_on=returned_on, changes={
        "return_condition": condition, "return_notes": notes, "accessories_back": ",".join(back),
        "return_date_reason": date_reason if returned_on < today else ""})
    device = loan.device
    if device is not None:
        missing = set(device.missing_list) | {a for a in handed_over if a not in back}
        apply_changes(device, {
            "status": "awaiting_reset", "condition": condition,
            "missing_accessories": ",".join(a for a in vocab.ACCESSORIES if a in missing)},
            by=by, action="return", note=f"returned from loan #{loan.id}")
    events.loan_returned(loan)
