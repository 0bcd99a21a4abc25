"""Row-level data for funder workbooks, de-identified, read in batches for the report's content."""
import secrets
from array import array
from datetime import date

from sqlalchemy import func

from ..extensions import db
from ..models import Contract, DataPlan, Device, Issue, Loan, LoanItem, SimCard, vocab
from .metrics import Period, Scope, issues_in_scope, loans_in_scope, open_during

BATCH = 1000  # rows fetched at a time, so memory does not grow with the program


class LoanRows:
    """The Loans sheet's rows, read once into the report's content and held as columns of
    numbers (dates as day numbers, words as indexes), so that a report of a hundred thousand
    loans keeps a few megabytes rather than a hundred thousand tuples of objects. Iterating
    gives each row as the sheet shows it."""

    KINDS, STATUSES = list(vocab.LOAN_KINDS), list(vocab.LOAN_STATUSES)

    def __init__(self):
        self.aliases: list[str] = []  # a random id per peer, new for each report
        self.columns = {name: array("l") for name in
                        ("loan", "alias", "kind", "lent", "due", "closed", "status", "renewals")}

    def add(self, loan_id, alias_index, kind, lent_on, due, returned_on, status, renewals):
        """Keep one loan's row."""
        for name, value in (("loan", loan_id), ("alias", alias_index),
                            ("kind", self.KINDS.index(kind)), ("lent", lent_on.toordinal()),
                            ("due", due.toordinal()),
                            ("closed", returned_on.toordinal() if returned_on else 0),
                            ("status", self.STATUSES.index(status)), ("renewals", renewals)):
            self.columns[name].append(value)

    def __len__(self):
        return len(self.columns["loan"])

    def __iter__(self):
        day = date.fromordinal
        columns = self.columns
        for index in range(len(self)):
            closed = columns["closed"][index]
            yield (columns["loan"][index], self.aliases[columns["alias"][index]],
                   vocab.LOAN_KINDS[self.KINDS[columns["kind"][index]]],
                   day(columns["lent"][index]), day(columns["due"][index]),
                   day(closed) if closed else None,
                   vocab.LOAN_STATUSES[self.STATUSES[columns["status"][index]]],
                   columns["renewals"][index])


def loan_rows(period: Period, scope: Scope) -> LoanRows:
    """One row per loan open at any moment in the period; peers by a random id per report."""
    rows, alias_of = LoanRows(), {}  # peer id -> the index of its random id
    query = loans_in_scope(db.select(Loan.id, Loan.peer_id, Loan.kind, Loan.lent_on,
                                     Loan.due_date, Loan.returned_on, Loan.status, Loan.renewals)
                           .where(open_during(period)).order_by(Loan.lent_on, Loan.id), scope)
    for loan_id, peer_id, kind, lent_on, due, returned_on, status, renewals in \
            db.session.execute(query.execution_options(yield_per=BATCH)):
        if peer_id not in alias_of:
            alias_of[peer_id] = len(rows.aliases)
            rows.aliases.append(f"R-{secrets.token_hex(4).upper()}")
        rows.add(loan_id, alias_of[peer_id], kind, lent_on, due, returned_on, status, renewals)
    return rows


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
