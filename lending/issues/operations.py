"""Logging what went wrong with a loan or an item, and what was done about it."""
from flask_babel import gettext
from sqlalchemy.orm import joinedload

from ..audit.log import apply_changes, record_created
from ..clock import local_today, utcnow
from ..extensions import db
from ..inventory.operations import suspend_sim
from ..loans.operations import close_loan
from ..models import Issue, LoanItem, vocab
from ..refusals import RuleError
from ..webhooks import events

# Lost or stolen: the device takes this status and the loan closes as lost.
LOSSES = {"lost": "lost", "stolen": "stolen"}


def _open_loan_of(item, column):
    """The open loan holding an item, if any."""
    line = LoanItem.open_for(column, item.id) if item is not None else None
    return line.loan if line else None


def log_issue(kind, *, by, loan=None, device=None, sim=None, plan=None, incident_date=None,
              description="", suspend_line=False, form_token=None) -> Issue:
    """Log an issue; a loss or theft also closes the loan as lost and can suspend its line."""
    if kind not in vocab.ISSUE_TYPES:
        raise RuleError(gettext("Choose what kind of issue this is."))
    incident_date = incident_date or local_today()
    if incident_date > local_today():
        raise RuleError(gettext("The incident date cannot be in the future."))
    loan = loan or _open_loan_of(device, LoanItem.device_id) or _open_loan_of(
        sim, LoanItem.sim_id) or _open_loan_of(plan, LoanItem.plan_id)
    if loan is not None and device is None and sim is None and plan is None:
        device = loan.device
    if loan is None and device is None and sim is None and plan is None:
        raise RuleError(gettext("Say which loan or item the issue is about."))
    if kind in LOSSES:
        _record_loss(kind, loan, device, by=by, suspend_line=suspend_line)
    issue = Issue(kind=kind, loan=loan, device=device, sim=sim, plan=plan, logged_by=by,
                  incident_date=incident_date, description=description, form_token=form_token)
    record_created(issue, by=by)
    events.issue_logged(issue)
    return issue


def _record_loss(kind, loan, device, *, by, suspend_line):
    """Mark the device lost or stolen, close its loan as lost, optionally suspend the line."""
    if loan is not None and not loan.is_open:
        raise RuleError(gettext("Loan #%(id)s is already closed; log the loss against the item.",
                                id=loan.id))
    if device is not None and device.status in LOSSES.values():
        raise RuleError(gettext("%(title)s is already marked %(status)s.", title=device.title,
                                status=device.status))
    if device is not None:
        apply_changes(device, {"status": LOSSES[kind]}, by=by, action="status",
                      note=f"{kind}, reported by staff")
    if loan is not None:
        close_loan(loan, "lost", by=by, action="lost")
        if suspend_line and loan.sim is not None and loan.sim.status == "active":
            suspend_sim(loan.sim, by=by, reason=f"Kit {kind} (loan #{loan.id})")


def resolve_issue(issue: Issue, *, by, resolution: str, note="", cost=None):
    """Record what was done about an issue and what it cost."""
    if not issue.is_open:
        raise RuleError(gettext("This issue is already resolved; nothing was changed."))
    if resolution not in vocab.ISSUE_RESOLUTIONS:
        raise RuleError(gettext("Choose what was done."))
    apply_changes(issue, {"resolution": resolution, "resolution_note": note, "cost": cost,
                          "resolved_at": utcnow(), "resolved_by_id": by.id},
                  by=by, action="resolve")


def open_issues_query():
    """Open issues, oldest first, with the items they are about."""
    return (db.select(Issue).where(Issue.resolved_at.is_(None))
            .options(joinedload(Issue.device), joinedload(Issue.sim), joinedload(Issue.plan))
            .order_by(Issue.incident_date, Issue.id))
