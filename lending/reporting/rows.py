"""Row-level data for funder workbooks, de-identified, read in batches for the report's content."""
import secrets
from array import array
from datetime import date

from flask_babel import gettext
from sqlalchemy import func

from ..extensions import db
from ..models import Contract, DataPlan, Device, Issue, Loan, LoanItem, SimCard, vocab
from ..models.vocab import N_
from .metrics import Period, Scope, issues_in_scope, loans_in_scope, open_during

BATCH = 1000  # rows fetched at a time, so memory does not grow with the program
ROWS_WITHHELD = N_("The Loans, Inventory and Issues sheets are left out: this report "
                    "withholds a small count of people, and rows would give it away.")


class ReportIds:
    """Ids that hold only within one report, so that no two reports can be joined on them:
    a random one-to-one shuffle of the row numbers (an odd multiplier and an offset, modulo
    2**40, drawn afresh for each report), e.g. "L-3F09A1C2D4"."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.multiplier, self.offset = secrets.randbits(40) | 1, secrets.randbits(40)

    def __call__(self, number: int) -> str:
        return f"{self.prefix}-{(self.multiplier * number + self.offset) % 2**40:010X}"


class LoanRows:
    """The Loans sheet's rows, read once into the report's content and held as columns of
    numbers (dates as day numbers, words as indexes), so that a report of a hundred thousand
    loans keeps a few megabytes rather than a hundred thousand tuples of objects. Iterating
    gives each row as the sheet shows it."""

    KINDS, STATUSES = list(vocab.LOAN_KINDS), list(vocab.LOAN_STATUSES)

    def __init__(self):
        self.peers, self.loans = ReportIds("R"), ReportIds("L")  # new for each report
        self.columns = {name: array("l") for name in
                        ("alias", "kind", "lent", "due", "closed", "status", "renewals")}

    def add(self, alias_index, kind, lent_on, due, returned_on, status, renewals):
        """Keep one loan's row (the peer by the order in which they first appear)."""
        for name, value in (("alias", alias_index),
                            ("kind", self.KINDS.index(kind)), ("lent", lent_on.toordinal()),
                            ("due", due.toordinal()),
                            ("closed", returned_on.toordinal() if returned_on else 0),
                            ("status", self.STATUSES.index(status)), ("renewals", renewals)):
            self.columns[name].append(value)

    def __len__(self):
        return len(self.columns["alias"])

    def __iter__(self):
        day = date.fromordinal
        columns = self.columns
        for index in range(len(self)):
            closed = columns["closed"][index]
            yield (self.loans(index), self.peers(columns["alias"][index]),
                   vocab.LOAN_KINDS[self.KINDS[columns["kind"][index]]],
                   day(columns["lent"][index]), day(columns["due"][index]),
                   day(closed) if closed else None,
                   vocab.LOAN_STATUSES[self.STATUSES[columns["status"][index]]],
                   columns["renewals"][index])


def loan_rows(period: Period, scope: Scope) -> LoanRows:
    """One row per loan to a peer open at any moment in the period; loans and peers by ids of this
    report alone."""
    rows, alias_of = LoanRows(), {}  # peer id -> the order in which it first appears
    query = loans_in_scope(db.select(Loan.peer_id, Loan.kind, Loan.lent_on, Loan.due_date,
                                     Loan.returned_on, Loan.status, Loan.renewals)
                           .where(open_during(period), Loan.peer_id.is_not(None))
                           .order_by(Loan.lent_on, Loan.id), scope)
    for peer_id, kind, lent_on, due, returned_on, status, renewals in \
            db.session.execute(query.execution_options(yield_per=BATCH)):
        rows.add(alias_of.setdefault(peer_id, len(alias_of)), kind, lent_on, due, returned_on,
                 status, renewals)
    return rows


LOAN_HEADERS = (N_("Loan"), N_("Peer (random id)"), N_("Kind"), N_("Lent"), N_("Due"),
                N_("Closed"), N_("Outcome"), N_("Renewals"))


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
                                   (SimCard, lambda r: gettext("SIM card"), LoanItem.sim_id),
                                   (DataPlan, lambda r: gettext("Data plan"), LoanItem.plan_id)):
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


INVENTORY_HEADERS = (N_("Kind"), N_("Make and model"), N_("Serial / ICCID"), N_("Contract"),
                     N_("First lent"), N_("Last returned"), N_("Status"))


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
    """Issues by incident date in the period, by ids of this report alone; never their
    free-text description."""
    ids = ReportIds("I")
    query = (db.select(Issue.kind, Issue.incident_date, Device.kind, Contract.reference,
                       Issue.resolution, Issue.cost)
             .outerjoin(Device, Device.id == Issue.device_id)
             .outerjoin(Contract, Contract.id == Device.contract_id)
             .where(Issue.incident_date.between(period.start, period.end))
             .order_by(Issue.incident_date, Issue.id))
    for number, (kind, day, device_kind, contract, resolution, cost) in enumerate(
            db.session.execute(issues_in_scope(query, scope))):
        yield (ids(number), vocab.ISSUE_TYPES[kind], day,
               vocab.DEVICE_KINDS.get(device_kind, gettext("Line or plan")), contract or "",
               vocab.label(vocab.ISSUE_RESOLUTIONS, resolution) or gettext("Open"), cost)


ISSUE_HEADERS = (N_("Issue"), N_("What happened"), N_("Incident date"), N_("Item"),
                 N_("Contract"), N_("Outcome"), N_("Cost"))
