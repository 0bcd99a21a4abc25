"""The rules for partners and contracts: who they are, what a contract commits to, and when
its reports are due (a regular schedule's dates follow its term)."""
from flask_babel import gettext

from ..audit.log import apply_changes, record, record_created
from ..extensions import db
from ..models import Contract, Deliverable, Partner, PartnerContact, ReportDue, vocab
from ..refusals import RuleError, flush_or_refuse
from ..reporting.deliverables import reporting_periods

SCHEDULE_FIELDS = {"start_date", "end_date", "reporting_schedule"}


def add_partner(data: dict, *, by) -> Partner:
    """Add a funder, telecom provider, device donor or other partner."""
    partner = Partner(**data)
    db.session.add(partner)
    flush_or_refuse(gettext("Another partner has this reference."))
    record_created(partner, by=by)
    return partner


def update_partner(partner: Partner, data: dict, *, by) -> dict:
    """Change a partner's name, kind, reference, notes or language; the changes."""
    return apply_changes(partner, data, by=by)


def add_contact(partner: Partner, data: dict, *, by) -> PartnerContact:
    """Add a person to talk to at a partner."""
    contact = PartnerContact(partner=partner, **data)
    record_created(contact, by=by, note=f"contact at {partner.reference}")
    return contact


def remove_contact(contact: PartnerContact, *, by):
    """Remove a contact person (logged with their name: they are a partner's, not a peer)."""
    record("remove_contact", contact.partner, by=by, note=f"removed contact {contact.name}")
    db.session.delete(contact)


def term_problem(start, end) -> str | None:
    """Why a contract cannot run over these dates, or None."""
    if start is not None and end is not None and end < start:
        return gettext("The end cannot be before the start.")
    return None


def add_contract(data: dict, *, by) -> Contract:
    """Add a contract for a partner; a regular schedule gets its report dates."""
    problem = term_problem(data.get("start_date"), data.get("end_date"))
    if problem:
        raise RuleError(problem)
    contract = Contract(**data)
    db.session.add(contract)
    flush_or_refuse(gettext("Another contract has this reference."))
    record_created(contract, by=by)
    refresh_report_dues(contract, by=by)
    return contract


def update_contract(contract: Contract, data: dict, *, by) -> dict:
    """Change a contract's terms; a regular schedule's report dates follow. The changes."""
    problem = term_problem(data.get("start_date", contract.start_date),
                           data.get("end_date", contract.end_date))
    if problem:
        raise RuleError(problem)
    changes = apply_changes(contract, data, by=by)
    if SCHEDULE_FIELDS & set(changes):
        refresh_report_dues(contract, by=by)
    return changes


def add_deliverable(contract: Contract, kind: str, quantity: int, duration_months=None, *,
                    by) -> Deliverable:
    """Add one commitment: a contract commits to each kind of deliverable once."""
    if kind not in vocab.DELIVERABLE_KINDS:
        raise RuleError(gettext("Choose what the contract commits to."))
    if quantity is None or quantity < 1:
        raise RuleError(gettext("A commitment is of at least 1."))
    existing = next((d for d in contract.deliverables if d.kind == kind), None)
    if existing is not None:
        raise RuleError(gettext("This contract already commits to %(quantity)s %(lower)s; remove "
                                "that commitment first to record another number.",
                                quantity=existing.quantity,
                                lower=vocab.DELIVERABLE_KINDS[kind].lower()))
    deliverable = Deliverable(contract=contract, kind=kind, quantity=quantity,
                              duration_months=duration_months)
    record_created(deliverable, by=by, note=f"for {contract.reference}")
    return deliverable


def remove_deliverable(deliverable: Deliverable, *, by):
    """Remove a commitment (logged)."""
    record("remove_deliverable", deliverable.contract, by=by,
           note=f"removed {deliverable.quantity} {deliverable.kind}")
    db.session.delete(deliverable)


def add_report_date(contract: Contract, period_start, period_end, due_date, *, by) -> ReportDue:
    """Add a report due date by hand (contracts on a custom schedule only)."""
    if contract.reporting_schedule != "custom":
        raise RuleError(gettext("This contract's report dates follow its schedule; choose Custom "
                                "to "
                        "set them."))
    if period_end < period_start:
        raise RuleError(gettext("The period cannot end before it starts."))
    due = ReportDue(contract=contract, period_start=period_start, period_end=period_end,
                    due_date=due_date)
    record_created(due, by=by, note=f"for {contract.reference}")
    return due


def refresh_report_dues(contract: Contract, *, by):
    """Replace a regular schedule's due dates after the term or schedule changed."""
    if contract.reporting_schedule == "custom":
        return
    contract.report_dues.clear()
    db.session.flush()
    for start, end, due in reporting_periods(contract):
        contract.report_dues.append(ReportDue(period_start=start, period_end=end, due_date=due))
    record("schedule", contract, by=by,
           note=f"{len(contract.report_dues)} report dates from the "
                f"{contract.reporting_schedule} schedule")
