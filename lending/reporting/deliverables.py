"""What a contract committed and delivered, what its plans cost, when its reports are due.

Each figure has one definition here; the contract page, the manager alerts, the funder
portal and the reports all read it from this module.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from flask_babel import gettext
from sqlalchemy import func

from ..extensions import db
from ..models import ReportDue, vocab
from ..models.figures import FigureDay
from .metrics import Period, Scope, peers_served_each, plans, support_each

# How long after a reporting period ends its report is due.
REPORT_DUE_AFTER_DAYS = 30
SCHEDULE_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


def term_to_date(contract, today: date) -> Period | None:
    """The contract's term up to today (None before it starts): the period its figures cover."""
    if today < contract.start_date:
        return None
    return Period(contract.start_date, min(today, contract.end_date))


def delivered_each(contracts, as_of: date, wanted=("peer_served", "support_session")
                   ) -> dict[int, dict[str, int]]:
    """Delivered to date, by deliverable kind, for each contract ({contract id: counts}), in
    a fixed number of statements however many contracts.

    Devices, SIM cards and data plans: distinct items provided by the contract that have
    reached a peer (been on at least one loan started by `as_of`), kept as each item's first
    lending day (reporting/kept.py). Peers served and support sessions (where `wanted`): the
    report figures (metrics.py) for the contract's scope over its term to date.
    """
    counts = {c.id: dict.fromkeys(vocab.DELIVERABLE_KINDS, 0) for c in contracts}
    if not counts:
        return counts
    for contract_id, measure, amount in db.session.execute(
            db.select(FigureDay.scope_id, FigureDay.measure, func.sum(FigureDay.amount))
            .where(FigureDay.scope_id.in_(counts), FigureDay.measure.like("reached_%"),
                   FigureDay.day <= as_of).group_by(FigureDay.scope_id, FigureDay.measure)):
        counts[contract_id][measure.removeprefix("reached_")] = int(amount)
    terms = {c.id: term for c in contracts if (term := term_to_date(c, as_of)) is not None}
    if "peer_served" in wanted:
        for contract_id, peers in peers_served_each(terms).items():
            counts[contract_id]["peer_served"] = peers
    if "support_session" in wanted:
        for contract_id, figures in support_each(terms).items():
            counts[contract_id]["support_session"] = figures["support_sessions"]
    return counts


def delivered(contract, as_of: date, term_figures: dict | None = None) -> dict[str, int]:
    """Delivered to date by one contract (see `delivered_each`); `term_figures`: the term's
    report figures, if already worked out, so that they are not counted twice."""
    if not term_figures:
        return delivered_each([contract], as_of)[contract.id]
    counts = delivered_each([contract], as_of, wanted=())[contract.id]
    counts["peer_served"] = term_figures["peers_served"]
    counts["support_session"] = term_figures["support_sessions"]
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
        return gettext("%(kind)s (%(months)d months each)", kind=text,
                       months=self.duration_months) if self.duration_months else text


def elapsed_share(contract, today: date) -> float:
    """The share of the contract's term that has passed, from 0 to 1."""
    days = (contract.end_date - contract.start_date).days or 1
    return min(max((today - contract.start_date).days / days, 0.0), 1.0)


def progress(contract, today: date, done: dict[str, int] | None = None) -> list[Progress]:
    """Every deliverable of the contract with its progress (`done`: delivered(), if known)."""
    if done is None:
        done = delivered_each([contract], today, {d.kind for d in contract.deliverables}
                              )[contract.id]
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
