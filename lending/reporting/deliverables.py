"""What a contract committed and delivered, what its plans cost, when its reports are due.

Each figure has one definition here; the contract page, the manager alerts, the funder
portal and the reports all read it from this module.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import distinct, func

from ..extensions import db
from ..models import (
    DataPlan,
    Device,
    Loan,
    LoanItem,
    ReportDue,
    SimCard,
    vocab,
)
from .metrics import (
    Period,
    Scope,
    peers_served,
    plans,
    support,
)

# How long after a reporting period ends its report is due.
REPORT_DUE_AFTER_DAYS = 30
SCHEDULE_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


def term_to_date(contract, today: date) -> Period | None:
    """The contract's term up to today (None before it starts): the period its figures cover."""
    if today < contract.start_date:
        return None
    return Period(contract.start_date, min(today, contract.end_date))


def delivered(contract, as_of: date) -> dict[str, int]:
    """Delivered to date, by deliverable kind.

    Devices, SIM cards and data plans: distinct items provided by this contract that have
    reached a peer (been on at least one loan started by `as_of`). Peers served and support
    sessions: the report figures (metrics.py) for the contract's scope over its term to date.
    """
    loans_with_contract_items = (
        db.select(Loan.peer_id, LoanItem.device_id, LoanItem.sim_id, LoanItem.plan_id)
        .join(LoanItem, LoanItem.loan_id == Loan.id)
        .outerjoin(Device, Device.id == LoanItem.device_id)
        .outerjoin(SimCard, SimCard.id == LoanItem.sim_id)
        .outerjoin(DataPlan, DataPlan.id == LoanItem.plan_id)
        .where(Loan.lent_on <= as_of,
               (Device.contract_id == contract.id) | (SimCard.contract_id == contract.id)
               | (DataPlan.contract_id == contract.id))
        .subquery())
    counts = dict.fromkeys(vocab.DELIVERABLE_KINDS, 0)
    counts.update(db.session.execute(
        db.select(Device.kind, func.count(distinct(Device.id)))
        .join(loans_with_contract_items, loans_with_contract_items.c.device_id == Device.id)
        .where(Device.contract_id == contract.id).group_by(Device.kind)).all())
    for kind, column, model in (("sim_card", loans_with_contract_items.c.sim_id, SimCard),
                                ("data_plan", loans_with_contract_items.c.plan_id, DataPlan)):
        counts[kind] = db.session.execute(
            db.select(func.count(distinct(model.id))).join(
                loans_with_contract_items, column == model.id)
            .where(model.contract_id == contract.id)).scalar_one()
    term = term_to_date(contract, as_of)
    if term is not None:
        scope = Scope.contract(contract)
        counts["peer_served"] = peers_served(term, scope)
        counts["support_session"] = support(term, scope)["support_sessions"]
    return counts


@dataclass
class Progress:
    """One deliverable: committed, delivered, and what the term's elapsed share would expect."""

    kind: str
    committed: int
    delivered: int
    expected_by_now: int
    duration_months: int | None = None
    deliverable_id: int | None = None

    @property
    def people(self) -> bool:
        """Whether this commitment counts people (its delivered count is suppressed for
        funders when small)."""
        return self.kind in vocab.PEOPLE_DELIVERABLES

    @property
    def behind(self) -> bool:
        """Delivered less than a straight line from start to end would have by now."""
        return self.delivered < self.expected_by_now

    @property
    def label(self) -> str:
        """e.g. "Data plans (12 months each)"."""
        text = vocab.DELIVERABLE_KINDS[self.kind]
        return f"{text} ({self.duration_months} months each)" if self.duration_months else text


def elapsed_share(contract, today: date) -> float:
    """The share of the contract's term that has passed, from 0 to 1."""
    days = (contract.end_date - contract.start_date).days or 1
    return min(max((today - contract.start_date).days / days, 0.0), 1.0)


def progress(contract, today: date, done: dict[str, int] | None = None) -> list[Progress]:
    """Every deliverable of the contract with its progress (`done`: delivered(), if known)."""
    done = delivered(contract, today) if done is None else done
    share = elapsed_share(contract, today)
    return [Progress(d.kind, d.quantity, done[d.kind], int(d.quantity * share), d.duration_months,
                     d.id) for d in contract.deliverables]


def plan_cost_to_date(contract, today: date) -> Decimal:
    """What the contract's data plans have cost within its term so far."""
    term = term_to_date(contract, today)
    return plans(term, Scope.contract(contract))["plan_cost"] if term else Decimal("0")


def reporting_periods(contract) -> list[tuple[date, date, date]]:
    """(period start, period end, report due) for a regular schedule; none for custom."""
    months = SCHEDULE_MONTHS.get(contract.reporting_schedule)
    periods, start = [], contract.start_date
    while months and start <= contract.end_date:
        end = min(start + relativedelta(months=months) - timedelta(days=1), contract.end_date)
        periods.append((start, end, end + timedelta(days=REPORT_DUE_AFTER_DAYS)))
        start = end + timedelta(days=1)
    return periods


def next_report_due(contract, today: date) -> ReportDue | None:
    """The first report due today or later."""
    return next((due for due in contract.report_dues if due.due_date >= today), None)
