"""Lending a kit and renewing it."""
from datetime import date, timedelta

from ...audit.log import apply_changes, record
from ...clock import local_today
from ...extensions import db
from ...models import (
    AgreementVersion,
    Device,
    Loan,
    LoanItem,
    LoanPolicy,
    Peer,
    Renewal,
    vocab,
)
from ...models.lendable import why_not_lendable
from ...refusals import RuleError, flush_or_refuse
from ...waitlist.operations import serve_from_waitlist, waiting_count


def kit_kind(device: Device | None) -> str:
    """A kit's kind is its device's kind; a SIM and/or plan alone is "data only"."""
    return device.kind if device is not None else "data_only"


def default_due_date(kind: str, today: date) -> date:
    """The due date a new loan of this kind gets unless staff choose another."""
    return today + timedelta(days=LoanPolicy.for_kind(kind).loan_days)


def _agreement(acceptance, witness):
    """The agreement version a new loan accepts, checking how it was accepted."""
    version = AgreementVersion.current()
    if version is None:
        raise RuleError("There is no loan agreement yet; a manager must write one before "
                        "anything can be lent.")
    if acceptance not in vocab.AGREEMENT_ACCEPTANCE:
        raise RuleError("Say how the peer accepted the loan agreement.")
    if acceptance == "verbal" and (witness is None or witness.role not in ("staff", "manager")):
        raise RuleError("An agreement read aloud needs a staff member as witness.")
    return version, witness if acceptance == "verbal" else None


def lend_kit(peer: Peer, *, by, acceptance, witness=None, device=None, sim=None, plan=None,
             accessories=(), due_date=None, form_token=None, today=None) -> Loan:
    """Lend a kit of available items to a peer; refuse with a reason if any item is not free."""
    today = today or local_today()
    items = [item for item in (device, sim, plan) if item is not None]
    if not items:
        raise RuleError("Choose at least one item for the kit.")
    version, witness = _agreement(acceptance, witness)
    problems = [reason for reason in (why_not_lendable(i, today) for i in items) if reason]
    if problems:
        raise RuleError(" ".join(problems))
    kind = kit_kind(device)
    due_date = due_date or default_due_date(kind, today)
    if due_date < today:
        raise RuleError("The due date cannot be in the past.")
    loan = Loan(peer=peer, kind=kind, lent_by=by, due_date=due_date, form_token=form_token,
                lent_on=today,
                agreement_version=version, agreement_acceptance=acceptance,
                agreement_witness=witness,
                accessories_out=",".join(a for a in vocab.ACCESSORIES if a in accessories),
                items=[LoanItem(device=device), LoanItem(sim=sim), LoanItem(plan=plan)])
    loan.items = [line for line in loan.items if line.item is not None]
    if device is not None:
        device.status = "on_loan"
    db.session.add(loan)
    flush_or_refuse("One of these items was lent to someone else a moment ago. Nothing "
                    "was saved; choose the items again.")
    record("lend", loan, by=by, changes={
        "peer": [None, peer.code], "due_date": [None, due_date.isoformat()],
        "items": [None, [i.title for i in items]], "agreement": [None, version.number]})
    serve_from_waitlist(peer, loan, by=by, today=today)
    return loan


def renew_loan(loan: Loan, *, by, expected_due: date | None = None, today=None) -> date:
    """Move the due date on by the policy's loan length, within the renewal limit."""
    today = today or local_today()
    if not loan.is_open:
        raise RuleError("Only an open loan can be renewed.")
    if expected_due is not None and expected_due != loan.due_date:
        raise RuleError(f"This loan was already renewed; it is now due {loan.due_date:%Y-%m-%d}.")
    policy = LoanPolicy.for_kind(loan.kind)
    waiting = waiting_count(loan.kind, exclude_peer=loan.peer)
    if waiting:
        kind = vocab.label(vocab.LOAN_KINDS, loan.kind).lower()
        raise RuleError(f"{waiting} peer(s) are waiting for a {kind} kit, so this loan cannot "
                        f"be renewed. Record the return so the next person can have it.")
    if loan.renewals >= policy.renewals_allowed:
        kind = vocab.label(vocab.LOAN_KINDS, loan.kind).lower()
        raise RuleError(f"This loan has been renewed {loan.renewals} time(s), the most allowed "
                        f"for a {kind} loan. Record the return, or lend again.")
    new_due = max(loan.due_date, today) + timedelta(days=policy.loan_days)
    loan.renewal_log.append(Renewal(renewed_by=by, previous_due=loan.due_date, new_due=new_due))
    apply_changes(loan, {"due_date": new_due, "renewals": loan.renewals + 1,
                         "status": "active"}, by=by, action="renew")
    return new_due
