"""Taking a kit back, or closing its loan as lost."""
from ...audit.log import apply_changes
from ...clock import local_today, utcnow
from ...models import Loan, vocab
from ...refusals import RuleError


def close_loan(loan: Loan, status: str, *, by, changes=None, action="return"):
    """Close a loan (returned or lost) and free its items' places in the open-loan index."""
    now = utcnow()
    apply_changes(loan, {"status": status, "returned_at": now, "returned_on": local_today(),
                         "received_by_id": by.id, **(changes or {})}, by=by, action=action)
    for line in loan.items:
        line.closed_at = now


def record_return(loan: Loan, *, by, condition: str, accessories_back=(), notes=""):
    """Take a kit back: close the loan and send its device to be wiped and reset."""
    if not loan.is_open:
        raise RuleError(f"This loan was already closed on "
                        f"{loan.returned_at:%Y-%m-%d}; nothing was changed.")
    close_loan(loan, "returned", by=by, changes={
        "return_condition": condition, "return_notes": notes,
        "accessories_back": ",".join(a for a in vocab.ACCESSORIES if a in accessories_back)})
    if loan.device is not None:
        apply_changes(loan.device, {"status": "awaiting_reset", "condition": condition},
                      by=by, action="return", note=f"returned from loan #{loan.id}")
