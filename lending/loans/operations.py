"""The lending rules: lend a kit, renew it, record its return."""
from datetime import date, timedelta

from sqlalchemy import func, or_

from ..audit.log import apply_changes, record
from ..clock import local_today, utcnow
from ..database import contains, count_rows
from ..extensions import db
from ..models import (
    AgreementVersion,
    DataPlan,
    Device,
    Loan,
    LoanItem,
    LoanPolicy,
    Peer,
    Renewal,
    SimCard,
    vocab,
)
from ..refusals import RuleError, flush_or_refuse
from ..waitlist.operations import serve_from_waitlist, waiting_count

ITEM_COLUMNS = {Device: LoanItem.device_id, SimCard: LoanItem.sim_id, DataPlan: LoanItem.plan_id}


def kit_kind(device: Device | None) -> str:
    """A kit's kind is its device's kind; a SIM and/or plan alone is "data only"."""
    return device.kind if device is not None else "data_only"


def _why_not_lendable(item, today: date) -> str | None:
    """Why this item cannot be lent now, or None when it can."""
    if isinstance(item, Device):
        if item.status == "awaiting_reset":
            return f"{item.title} has not been wiped and reset since its last loan."
        if item.status != "available":
            status = vocab.label(vocab.DEVICE_STATUSES, item.status).lower()
            return f"{item.title} is {status}, not available."
    elif isinstance(item, SimCard) and item.status != "active":
        status = vocab.label(vocab.SIM_STATUSES, item.status).lower()
        return f"{item.title} is {status}; only an active SIM card can be lent."
    elif isinstance(item, DataPlan) and not item.is_in_service(today):
        return f"{item.title} is not in service on {today:%Y-%m-%d}."
    if LoanItem.open_for(ITEM_COLUMNS[type(item)], item.id) is not None:
        return f"{item.title} is already on loan."
    return None


def close_loan(loan: Loan, status: str, *, by, changes=None, action="return"):
    """Close a loan (returned or lost) and free its items' places in the open-loan index."""
    now = utcnow()
    apply_changes(loan, {"status": status, "returned_at": now, "returned_on": local_today(),
                         "received_by_id": by.id, **(changes or {})}, by=by, action=action)
    for line in loan.items:
        line.closed_at = now


def _not_on_open_loan(column):
    """SQL: no open loan line holds the item."""
    return ~db.select(LoanItem.id).where(column, LoanItem.closed_at.is_(None)).exists()


def lendable_queries(today: date) -> dict:
    """Queries for the devices, SIM cards and plans that can go into a kit today."""
    return {
        "device": db.select(Device).where(Device.status == "available")
                    .order_by(Device.kind, Device.make, Device.model, Device.id),
        "sim": db.select(SimCard).where(SimCard.status == "active",
                                        _not_on_open_loan(LoanItem.sim_id == SimCard.id))
                 .order_by(SimCard.carrier, SimCard.phone_number),
        "plan": db.select(DataPlan).where(
            DataPlan.start_date <= today,
            (DataPlan.end_date.is_(None)) | (DataPlan.end_date >= today),
            _not_on_open_loan(LoanItem.plan_id == DataPlan.id))
            .order_by(DataPlan.carrier, DataPlan.name, DataPlan.id),
    }


def available_stock(today: date) -> dict[str, int]:
    """How many kits of each kind could be lent today (data only: free active SIM cards)."""
    queries = lendable_queries(today)
    stock = dict.fromkeys(vocab.LOAN_KINDS, 0)
    stock.update(db.session.execute(  # count(*): read from ix_device_status_kind alone
        db.select(Device.kind, func.count()).where(Device.status == "available")
        .group_by(Device.kind)).all())
    stock["data_only"] = count_rows(db.session, queries["sim"])
    return stock


# What the lending form's search looks in, for each kind of item.
FINDABLE = {"device": (Device.asset_tag, Device.serial, Device.imei, Device.make, Device.model),
            "sim": (SimCard.iccid, SimCard.phone_number, SimCard.carrier),
            "plan": (DataPlan.carrier, DataPlan.name)}


def lendable_items(today: date, find: str = "", limit: int | None = None) -> dict[str, list]:
    """The devices, SIM cards and plans that can go into a kit today: with `find`, only
    those with it in a tag, serial, IMEI, model, ICCID, number, carrier or plan name; at most
    `limit` of each."""
    queries = lendable_queries(today)
    if find:
        queries = {name: query.where(or_(*(contains(column, find)
                                           for column in FINDABLE[name])))
                   for name, query in queries.items()}
    return {name: db.session.execute(query.limit(limit)).scalars().all()
            for name, query in queries.items()}


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
    problems = [reason for reason in (_why_not_lendable(i, today) for i in items) if reason]
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
