"""Every report figure of docs/domain.md, computed for a period and a scope.

One definition each, computed with SQL aggregates. Periods are local dates (loans keep their
local lending and return dates). Their labels, definitions and how they are shown (small
counts of people suppressed for funders) are in figures.py.
"""
import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, distinct, func, literal_column, or_

from ..clock import utc_end_of_local_day
from ..extensions import db
from ..models import DataPlan, Device, Issue, Loan, LoanItem, SimCard, SupportSession, WaitlistEntry


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both local dates, inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


@dataclass(frozen=True)
class Scope:
    """The whole program, or the items of some contracts (one contract, or a partner's)."""

    label: str
    contract_ids: tuple[int, ...] | None = None  # None: the whole program

    @classmethod
    def program(cls, name="Whole program") -> "Scope":
        """Everything the program lends."""
        return cls(name)

    @classmethod
    def partner(cls, partner) -> "Scope":
        """The items of every contract with a partner."""
        return cls(partner.name, tuple(c.id for c in partner.contracts))

    @classmethod
    def contract(cls, contract) -> "Scope":
        """The items of one contract."""
        return cls(f"{contract.reference}: {contract.title}", (contract.id,))


def _scope_lines(scope: Scope):
    """The condition on LoanItem: the line is one of the scope's devices, SIM cards or plans.
    One index lookup per kind of item (contract -> items -> loan lines), rather than joining
    every loan line to every kind of item."""
    return or_(*(column.in_(db.select(model.id).where(model.contract_id.in_(scope.contract_ids)))
                 for column, model in ((LoanItem.device_id, Device), (LoanItem.sim_id, SimCard),
                                       (LoanItem.plan_id, DataPlan))))


def loans_in_scope(query, scope: Scope):
    """Restrict a query on Loan to loans with at least one item from the scope's contracts."""
    if scope.contract_ids is None:
        return query
    return query.where(Loan.id.in_(db.select(LoanItem.loan_id).where(_scope_lines(scope))))


def issues_in_scope(query, scope: Scope):
    """Restrict a query on Issue to issues about the scope's items: a device, SIM card or
    plan from its contracts, or a loan with one of them in its kit."""
    if scope.contract_ids is None:
        return query
    ids = scope.contract_ids
    # Issues are few: each is checked against its own loan's lines, so that no list of every
    # loan in scope is built.
    return query.where(or_(
        *(column.in_(db.select(model.id).where(model.contract_id.in_(ids)))
          for column, model in ((Issue.device_id, Device), (Issue.sim_id, SimCard),
                                (Issue.plan_id, DataPlan))),
        db.select(LoanItem.id).where(LoanItem.loan_id == Issue.loan_id,
                                     _scope_lines(scope)).exists()))


def _likely(condition):
    """A condition most rows meet. SQLite's planner knows nothing of how selective a range is
    and would pick that condition's index; told, it uses the index of the selective one
    (PostgreSQL's statistics tell it without help)."""
    if db.engine.dialect.name == "sqlite":
        return func.likelihood(condition, literal_column("0.95"))  # must be a literal
    return condition


def open_during(period: Period):
    """The condition on Loan: open at some moment of the period."""
    return and_(_likely(Loan.lent_on <= period.end),
                or_(Loan.returned_on.is_(None), Loan.returned_on >= period.start))


def _days(later, earlier):
    """Whole days between two date columns, on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier


def _scalar(query):
    """Run an aggregate query."""
    return db.session.execute(query).scalar_one()


def peers_served(period: Period, scope: Scope) -> int:
    """Distinct peers with a loan in scope open at some moment of the period."""
    return _scalar(loans_in_scope(db.select(func.count(distinct(Loan.peer_id)))
                                  .where(open_during(period)), scope))


def compute(period: Period, scope: Scope) -> dict:
    """Every figure for one period and scope."""
    figures = _loans(period, scope)
    figures["new_peers"] = _new_peers(period, scope)
    figures.update(_incidents(period, scope))
    figures.update(support(period, scope))
    figures.update(_waitlist(period))
    figures.update(plans(period, scope))
    cost, served = figures["plan_cost"], figures["peers_served"]
    figures["cost_per_peer_served"] = round(cost / served, 2) if served else None
    return figures


def _loans(period, scope):
    """The loan figures, in one pass over the loans open during the period."""
    ended = Loan.returned_on <= period.end  # of loans open during it: closed in the period
    returned = and_(ended, Loan.status == "returned")
    row = db.session.execute(loans_in_scope(db.select(
        func.count(distinct(Loan.peer_id)),
        func.count().filter(Loan.lent_on >= period.start),
        func.count().filter(ended),
        func.count().filter(or_(Loan.returned_on.is_(None), Loan.returned_on > period.end)),
        func.avg(_days(Loan.returned_on, Loan.lent_on)).filter(ended),
        func.count().filter(returned),
        func.count().filter(and_(returned, Loan.returned_on <= Loan.due_date)),
    ).where(open_during(period)), scope)).one()
    served, started, ended_count, still_open, average, returns, on_time = row
    return {"peers_served": served, "loans_started": started, "loans_ended": ended_count,
            "loans_open_at_end": still_open,
            "average_loan_days": round(float(average), 1) if average is not None else None,
            "on_time_rate": round(on_time / returns, 3) if returns else None}


def _new_peers(period, scope):
    """Peers served whose first loan ever started in the period. In a scope: those with a
    loan in scope lent in the period (a peer served in scope whose first loan is in the period
    must have one)."""
    first = (db.select(Loan.peer_id, func.min(Loan.lent_on).label("first"))
             .group_by(Loan.peer_id).subquery())
    query = db.select(func.count()).select_from(first).where(
        first.c.first.between(period.start, period.end))
    if scope.contract_ids is not None:
        query = query.where(first.c.peer_id.in_(loans_in_scope(db.select(Loan.peer_id).where(
            Loan.lent_on.between(period.start, period.end)), scope)))
    return _scalar(query)


def _incidents(period, scope):
    """Lost, stolen and damaged counts and the replacement value, by incident date."""
    query = (db.select(Issue.kind, func.count(Issue.id),
                       func.coalesce(func.sum(Device.replacement_value), 0))
             .outerjoin(Device, Device.id == Issue.device_id)
             .where(Issue.incident_date.between(period.start, period.end),
                    Issue.kind.in_(("lost", "stolen", "damaged")))
             .group_by(Issue.kind))
    rows = {kind: (count, value)
            for kind, count, value in db.session.execute(issues_in_scope(query, scope))}
    result = {kind: rows.get(kind, (0, 0))[0] for kind in ("lost", "stolen", "damaged")}
    result["loss_value"] = sum((Decimal(value) for _, value in rows.values()), Decimal("0"))
    return result


def support(period: Period, scope: Scope) -> dict:
    """Support sessions and minutes in the period; in a contract or partner scope, only those
    with peers served in that scope during the period."""
    query = db.select(func.count(SupportSession.id),
                      func.coalesce(func.sum(SupportSession.minutes), 0)).where(
        SupportSession.held_on.between(period.start, period.end))
    if scope.contract_ids is not None:
        query = query.where(SupportSession.peer_id.in_(
            loans_in_scope(db.select(Loan.peer_id).where(open_during(period)), scope)))
    sessions, minutes = db.session.execute(query).one()
    return {"support_sessions": sessions, "support_minutes": int(minutes)}


def _waitlist(period):
    """Entries open at period end, and the median wait of those served in the period."""
    end = utc_end_of_local_day(period.end)
    start = utc_end_of_local_day(period.start - timedelta(days=1))
    waiting = _scalar(db.select(func.count(WaitlistEntry.id)).where(
        WaitlistEntry.added_at < end,
        or_(WaitlistEntry.closed_at.is_(None), WaitlistEntry.closed_at >= end)))
    # Only the served entries' waits are read: a handful, not the loans table.
    waits = db.session.execute(db.select(WaitlistEntry.days_waited).where(
        WaitlistEntry.status == "served", WaitlistEntry.closed_at >= start,
        WaitlistEntry.closed_at < end)).scalars().all()
    return {"waitlist_open_at_end": waiting,
            "median_days_waited": statistics.median(waits) if waits else None}


def line_months(plan, until: date) -> int:
    """Calendar months in which the plan gave service, up to `until` (a started month counts)."""
    last = min(plan.end_date or until, until)
    if last < plan.start_date:
        return 0
    return (last.year - plan.start_date.year) * 12 + last.month - plan.start_date.month + 1


def plans(period: Period, scope: Scope) -> dict:
    """Line-months and cost of the data plans in scope, within the period."""
    query = db.select(DataPlan.start_date, DataPlan.end_date, DataPlan.monthly_cost).where(
        DataPlan.in_service_between(period.start, period.end))
    if scope.contract_ids is not None:
        query = query.where(DataPlan.contract_id.in_(scope.contract_ids))
    months, cost = 0, Decimal("0")
    day_before = period.start - timedelta(days=1)
    # One row per plan in service (hundreds, not the loans table). A calendar month counts in
    # the period where its service starts.
    for plan in db.session.execute(query):
        in_period = line_months(plan, period.end) - line_months(plan, day_before)
        months += in_period
        cost += plan.monthly_cost * in_period
    return {"line_months": months, "plan_cost": cost}
