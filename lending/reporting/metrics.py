"""Every report figure of docs/domain.md, computed for a period and a scope.

One definition each. The loan, loss and people figures are read from the figures kept current
by every change (models/figures.py, reporting/kept.py), never by scanning the loans; the
conditions on loans below serve the reports' row sheets. Periods are local dates (loans keep
their local lending and return dates). Their labels, definitions and how they are shown (small
counts of people suppressed for funders) are in figures.py.
"""
import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, literal, literal_column, or_, union_all

from ..clock import utc_end_of_local_day
from ..database import month_number
from ..extensions import db
from ..models import DataPlan, Device, Issue, Loan, LoanItem, SimCard, SupportSession, WaitlistEntry
from ..models.figures import PROGRAM, FigureDay, ServedSpell, SupportReach
from ..models.vocab import N_

WHOLE_PROGRAM = N_("Whole program")  # English, drawn in the reader's language


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
    kept_id: int = PROGRAM  # its figures kept in models/figures.py (kept.scope_ids)

    @classmethod
    def program(cls, name=WHOLE_PROGRAM) -> "Scope":
        """Everything the program lends."""
        return cls(name)

    @classmethod
    def partner(cls, partner) -> "Scope":
        """The items of every contract with a partner."""
        return cls(partner.name, tuple(c.id for c in partner.contracts), -partner.id)

    @classmethod
    def contract(cls, contract) -> "Scope":
        """The items of one contract."""
        return cls(f"{contract.reference}: {contract.title}", (contract.id,), contract.id)


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


def _scalar(query):
    """Run an aggregate query."""
    return db.session.execute(query).scalar_one()


def served_condition(period: Period, kept_id: int):
    """The condition on ServedSpell: the peer's one spell in the scope (its kept id) that
    meets the period and follows no other that does (so each peer served counts once, with no
    DISTINCT)."""
    return and_(ServedSpell.scope_id == kept_id, ServedSpell.end_on >= period.start,
                ServedSpell.start_on <= period.end,
                or_(ServedSpell.previous_end_on.is_(None),
                    ServedSpell.previous_end_on < period.start))


def last_lending_day() -> date | None:
    """The last day any loan was lent on (None before the first)."""
    return _scalar(db.select(func.max(FigureDay.day)).where(
        FigureDay.scope_id == PROGRAM, FigureDay.measure == "started", FigureDay.amount > 0))


def _days_from(kept_id: int, measure: str, start: date):
    """SQL: a kept day measure added up from a day on."""
    return db.select(literal(kept_id), func.coalesce(func.sum(FigureDay.amount), 0)).where(
        FigureDay.scope_id == kept_id, FigureDay.day >= start, FigureDay.measure == measure)


def to_the_end(period: Period, last_lent: date | None) -> bool:
    """Whether no loan began after the period (so no spell did), given the last lending day:
    true of any period that runs to today."""
    return last_lent is None or period.end >= last_lent


def peers_served_each(periods: dict[int, Period]) -> dict[int, int]:
    """Distinct peers with a loan in scope open at some moment of the period, for several
    scopes at once ({kept id: period}), in one statement. Periods that run to the last
    lending day add up the days on which peers' latest spells end, from the period's start
    (a peer served in it is one whose latest spell ends in it or later); others count spells."""
    last_lent = last_lending_day()
    parts = [_days_from(kept_id, "last_served", period.start)
             if to_the_end(period, last_lent) else
             db.select(literal(kept_id), func.count()).where(served_condition(period, kept_id))
             for kept_id, period in periods.items()]
    return {kept_id: int(peers) for kept_id, peers in db.session.execute(union_all(*parts))} \
        if parts else {}


def peers_served(period: Period, scope: Scope) -> int:
    """Distinct peers with a loan in scope open at some moment of the period."""
    return peers_served_each({scope.kept_id: period})[scope.kept_id]


def compute(period: Period, scope: Scope) -> dict:
    """Every figure for one period and scope, read from the kept figures
    (models/figures.py) and the few rows of plans, sessions and the waitlist."""
    figures = _loans(period, scope)
    figures["peers_served"] = peers_served(period, scope)
    figures["new_peers"] = _new_peers(period, scope)
    figures.update(support(period, scope))
    figures.update(_waitlist(period))
    figures.update(plans(period, scope))
    cost, served = figures["plan_cost"], figures["peers_served"]
    figures["cost_per_peer_served"] = round(cost / served, 2) if served else None
    return figures


TO_DATE = ("started", "ended")  # the measures whose whole history a period needs


def kept_sums(period: Period, scope: Scope) -> dict[str, Decimal]:
    """Each kept day measure added up over the period, and ("to_date", measure) over every
    day up to its end for the measures that need it (TO_DATE: the loans open at its end);
    only those are read before the period."""
    in_period = FigureDay.day >= period.start
    rows = db.session.execute(
        db.select(FigureDay.measure, func.sum(FigureDay.amount).filter(in_period),
                  func.sum(FigureDay.amount))
        .where(FigureDay.scope_id == scope.kept_id, FigureDay.day <= period.end,
               or_(in_period, FigureDay.measure.in_(TO_DATE)))
        .group_by(FigureDay.measure))
    sums = {}
    for measure, during, to_date in rows:
        sums[measure], sums["to_date", measure] = during or 0, to_date or 0
    return sums


def _loans(period, scope):
    """The loan and loss figures: sums of the kept day figures (models/figures.py)."""
    sums = kept_sums(period, scope)

    def count(measure, to_date=False):
        return int(sums.get(("to_date", measure) if to_date else measure, 0))
    ended, returns = count("ended"), count("returned")
    return {"loans_started": count("started"), "loans_ended": ended,
            # Lent by the end and not closed by it: every start so far less every end.
            "loans_open_at_end": count("started", True) - count("ended", True),
            "average_loan_days": round(count("loan_days") / ended, 1) if ended else None,
            "on_time_rate": round(count("on_time") / returns, 3) if returns else None,
            **{kind: count(kind) for kind in ("lost", "stolen", "damaged")},
            "loss_value": Decimal(sums.get("loss_value", 0)).quantize(Decimal("0.01"))}


def _new_peers(period, scope):
    """Peers served whose first loan ever started in the period. In a scope: their first
    spell there started in the period too (a peer with no loan before the period served in
    scope during it must have been lent one of the scope's items in it). A period that runs
    to the last lending day adds up the days of the first loans of the scope's peers."""
    if to_the_end(period, last_lending_day()):
        return int(db.session.execute(
            _days_from(scope.kept_id, "first_loan", period.start)).one()[1])
    return _scalar(db.select(func.count()).where(
        ServedSpell.scope_id == scope.kept_id, ServedSpell.previous_end_on.is_(None),
        ServedSpell.start_on.between(period.start, period.end),
        ServedSpell.first_loan_on.between(period.start, period.end)))


def support_each(periods: dict[int, Period]) -> dict[int, dict]:
    """Support sessions and minutes in each period ({kept id: period}), in one statement: the
    program's are all of them; a contract's or partner's, those with peers served in that
    scope during the period, read from how the scope sees each session (SupportReach; the
    Python form of the test is kept.py `reach`)."""
    parts = []
    for kept_id, period in periods.items():
        if kept_id == PROGRAM:
            parts.append(db.select(literal(kept_id), func.count(SupportSession.id),
                                   func.coalesce(func.sum(SupportSession.minutes), 0))
                         .where(SupportSession.held_on.between(period.start, period.end)))
            continue
        parts.append(db.select(literal(kept_id), func.count(),
                               func.coalesce(func.sum(SupportReach.minutes), 0)).where(
            SupportReach.scope_id == kept_id,
            SupportReach.held_on.between(period.start, period.end),
            or_(SupportReach.last_end_on >= period.start,
                SupportReach.next_start_on <= period.end)))
    return {kept_id: {"support_sessions": sessions, "support_minutes": int(minutes)}
            for kept_id, sessions, minutes in db.session.execute(union_all(*parts))} \
        if parts else {}


def support(period: Period, scope: Scope) -> dict:
    """Support sessions and minutes in the period; in a contract or partner scope, only those
    with peers served in that scope during the period."""
    return support_each({scope.kept_id: period})[scope.kept_id]


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


def line_months_in(period: Period):
    """SQL: the calendar months of service a data plan in service during the period gives in
    it, a month counting in the period where its service starts: from the month its service
    starts (or the month after the day before the period, if it started earlier) to the month
    it ends (or the period's). Plans end on or after they start (plan_dates_problem)."""
    last = case((DataPlan.end_date < period.end, DataPlan.end_date), else_=period.end)
    before = period.start - timedelta(days=1)
    counted_after = case((DataPlan.start_date > before, month_number(DataPlan.start_date) - 1),
                         else_=before.year * 12 + before.month)
    return month_number(last) - counted_after


def plans(period: Period, scope: Scope) -> dict:
    """Line-months and cost of the data plans in scope, within the period."""
    query = db.select(DataPlan.monthly_cost, func.sum(line_months_in(period))).where(
        DataPlan.in_service_between(period.start, period.end)).group_by(DataPlan.monthly_cost)
    if scope.contract_ids is not None:
        query = query.where(DataPlan.contract_id.in_(scope.contract_ids))
    # Summed per price (a handful), and priced in Python: exact decimals on SQLite too.
    by_cost = db.session.execute(query).all()
    return {"line_months": sum(int(months) for _, months in by_cost),
            "plan_cost": sum((cost * int(months) for cost, months in by_cost), Decimal("0"))}
