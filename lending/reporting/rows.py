"""Row-level data for funder workbooks, de-identified, read in batches for the report's content."""
import secrets

from sqlalchemy import func

from ..extensions import db
from ..models import Contract, DataPlan, Device, Issue, Loan, LoanItem, SimCard, vocab
from .metrics import Period, Scope, issues_in_scope, loans_in_scope, open_during

BATCH = 1000  # rows fetched at a time, so memory does not grow with the program


def loan_rows(period: Period, scope: Scope):
    """One row per loan open at any moment in the period; peers by a random id per report."""
    aliases = {}  # peer id -> random id, new for each report so reports cannot be linked
    query = loans_in_scope(db.select(Loan.id, Loan.peer_id, Loan.kind, Loan.lent_on,
                                     Loan.due_date, Loan.returned_on, Loan.status, Loan.renewals)
                           .where(open_during(period)).order_by(Loan.lent_on, Loan.id), scope)
    for loan_id, peer_id, kind, lent_on, due, returned_on, status, renewals in \
            db.session.execute(query.execution_options(yield_per=BATCH)):
        alias = aliases.setdefault(peer_id, f"R-{secrets.token_hex(4).upper()}")
        yield (loan_id, alias, vocab.LOAN_KINDS[kind], lent_on, due, returned_on,
               vocab.LOAN_STATUSES[status], renewals)


LOAN_HEADERS = ("Loan", "Peer (random id)", "Kind", "Lent", "Due", "Closed", "Outcome",
                "Renewals")


def _first_and_last(column):
    """Per item: the first lending date and the last closing date."""
    return (db.select(column.label("item_id"), func.min(Loan.lent_on).label("first"),
                      func.max(Loan.returned_on).label("last"))
            .join(Loan, Loan.id == LoanItem.loan_id).where(column.is_not(None))
            .group_by(column).subquery())


def inventory_rows(scope: Scope, today):
    """Every device, SIM card and plan in scope, with its source, lending dates and status
    on `today`."""
    for model, kind_of, column in ((Device, lambda r: vocab.DEVICE_KINDS[r.kind],
                                    LoanItem.device_id),
                                   (SimCard, lambda r: "SIM card", LoanItem.sim_id),
                                   (DataPlan, lambda r: "Data plan", LoanItem.plan_id)):
        dates = _first_and_last(column)
        query = (db.select(model, Contract.reference, dates.c.first, dates.c.last)
                 .outerjoin(Contract, Contract.id == model.contract_id)
                 .outerjoin(dates, dates.c.item_id == model.id).order_by(model.id))
        if scope.contract_ids is not None:
            query = query.where(model.contract_id.in_(scope.contract_ids))
        for item, contract, first, last in db.session.execute(
                query.execution_options(yield_per=BATCH)):
            yield (kind_of(item), *_identify(item), contract or "", first, last,
                   _status(item, today))


INVENTORY_HEADERS = ("Kind", "Make and model", "Serial / ICCID", "Contract", "First lent",
                     "Last returned", "Status")


def _identify(item):
    """(make and model, serial) for any item."""
    if isinstance(item, Device):
        return f"{item.make} {item.model}", item.serial
    if isinstance(item, SimCard):
        return item.carrier, item.iccid
    return f"{item.carrier} {item.name}", ""


def _status(item, today):
    """An item's status in words (a plan's: its service on `today`)."""
    if isinstance(item, Device):
        return vocab.DEVICE_STATUSES[item.status]
    if isinstance(item, SimCard):
        return vocab.SIM_STATUSES[item.status]
    return vocab.PLAN_SERVICE_STATUSES[item.service_status(today)]


def issue_rows(period: Period, scope: Scope):
    """Issues by incident date in the period; never their free-text description."""
    query = (db.select(Issue.id, Issue.kind, Issue.incident_date, Device.kind, Contract.reference,
                       Issue.resolution, Issue.cost)
             .outerjoin(Device, Device.id == Issue.device_id)
             .outerjoin(Contract, Contract.id == Device.contract_id)
             .where(Issue.incident_date.between(period.start, period.end))
             .order_by(Issue.incident_date, Issue.id))
    for issue_id, kind, day, device_kind, contract, resolution, cost in db.session.execute(
            issues_in_scope(query, scope)):
        yield (issue_id, vocab.ISSUE_TYPES[kind], day,
               vocab.DEVICE_KINDS.get(device_kind, "Line or plan"), contract or "",
               vocab.label(vocab.ISSUE_RESOLUTIONS, resolution) or "Open", cost)


ISSUE_HEADERS = ("Issue", "What happened", "Incident date", "Item", "Contract", "Outcome",
                 "Cost")
