"""The figures pages show at a glance: the manager dashboard, the contract page, the funder
portal.

They are read from the figures every change keeps current (reporting/kept.py), a few indexed
reads whatever the program's size, so no page counts loans. A cache is optional
(FIGURES_CACHE_SECONDS, off by default: Flask-Caching, memory in each process or Redis shared
by every worker when REDIS_URL is set); each glance says when it was worked out, and the
pages say so too. Reports never read the cache.
"""
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..clock import local_today, utcnow
from ..extensions import cache, db
from ..models import Contract, DataPlan, Device, ReportDue, SimCard, vocab
from . import figures, outcomes
from .charts import Chart, bar_chart, inventory_chart, loans_chart
from .deliverables import (
    Progress,
    delivered,
    delivered_each,
    next_report_due,
    plan_cost_to_date,
    progress,
    term_to_date,
)
from .disclosure import Cells, Withheld, withhold
from .figures import OUTCOMES, Figure, paired, report_figures
from .metrics import Period, Scope
from .outcomes import compute_outcomes, reach

RECENT_DAYS = 30
# The report figures a manager sees at a glance; the rest are in the reports.
RECENT = ("peers_served", "new_peers", "loans_started", "loans_ended", "on_time_rate", "lost",
          "stolen", "damaged", "support_sessions", "waitlist_open_at_end")
CONTRACT_ENDING_DAYS = 60
REPORT_DUE_SOON_DAYS = 14


@dataclass
class ContractGlance:
    """A contract's figures for its term to date, as of `computed_at`. What it committed to
    is read afresh each time (`contract_progress`); what it delivered is kept."""

    delivered: dict[str, int]  # by deliverable kind (contracts.delivered)
    figures: list[Figure]  # the report figures for the term so far (none before it starts)
    charts: list[Chart]
    plan_cost: Decimal
    items_provided: int
    outcomes: list[Figure] = field(default_factory=list)  # for the term so far (outcomes.py)
    reach: list[tuple] = field(default_factory=list)  # (priority group, peers served, None)
    computed_at: datetime = field(default_factory=utcnow)

    @property
    def items_lent(self) -> int:
        """Items of the contract that have reached a peer."""
        return sum(self.delivered[kind] for kind in (*vocab.DEVICE_KINDS, "sim_card",
                                                     "data_plan"))

    @property
    def peers_served(self) -> int:
        """Peers served with the contract's items during its term so far."""
        return self.delivered["peer_served"]


@cache.memoize()
def contract_glance(contract_id: int, today: date) -> ContractGlance:
    """A contract's figures on a day (cached: pass ids and dates, never loaded objects)."""
    contract = db.session.get(Contract, contract_id)
    term, scope = term_to_date(contract, today), Scope.contract(contract)
    figures = report_figures(term, scope, compare=False) if term else []
    now = compute_outcomes(term, scope) if term else {}
    return ContractGlance(
        outcomes=paired(now, dict.fromkeys(now), OUTCOMES) if term else [],
        reach=[(name, count, None) for name, count in reach(term, scope).items()]
        if term else [],
        delivered=delivered(contract, today, {f.key: f.value for f in figures}),
        figures=figures,
        charts=([loans_chart(term, scope)] if term else []) + [inventory_chart(scope)],
        plan_cost=plan_cost_to_date(contract, today),
        items_provided=sum(db.session.execute(db.select(func.count(model.id)).filter_by(
            contract_id=contract_id)).scalar_one() for model in (Device, SimCard, DataPlan)))


def contract_progress(contract, today: date, glance: ContractGlance | None = None
                      ) -> list[Progress]:
    """The contract's deliverables as they stand, beside the counts delivered (the glance's,
    when the page has it)."""
    return progress(contract, today, glance.delivered if glance else None)


def forget_contract(contract_id: int):
    """Drop a contract's kept figures: its term changed, so they must be counted again."""
    cache.delete_memoized(contract_glance, contract_id, local_today())


@dataclass
class FunderFigures:
    """What a funder may see about a contract: aggregates only, every number that would give
    a small count of people away withheld (disclosure.py)."""

    items_provided: int
    items_lent: int | Withheld
    peers_served: int | Withheld
    progress: list[Progress]
    figures: list[Figure]  # for the term so far
    charts: list[Chart]
    plan_cost: Decimal
    next_due: ReportDue | None
    computed_at: datetime
    outcomes: list[Figure]  # for the term so far
    reach: list[tuple]  # (priority group, peers served or Withheld, None)


def funder_figures(contract, today: date) -> FunderFigures:
    """The key figures of a contract for its funder, related as a reader can relate them."""
    glance = contract_glance(contract.id, today)
    rows = contract_progress(contract, today, glance)
    cells = Cells()
    cells.add("peers", glance.peers_served, people=True)
    cells.add("items_lent", glance.items_lent)
    item_kinds = [*vocab.DEVICE_KINDS, "sim_card", "data_plan"]
    committed = {row.kind for row in rows}
    for kind, count in glance.delivered.items():
        cells.add(("delivered", kind), count, people=kind in vocab.PEOPLE_DELIVERABLES,
                  shown=kind in committed)
    cells.total("items_lent", [("delivered", kind) for kind in item_kinds])
    cells.at_most("peers", ["items_lent"])  # each peer served had one of its items at least
    figures.relate(cells, glance.figures)
    outcomes.relate(cells, glance.outcomes, glance.reach)
    for kind in vocab.PEOPLE_DELIVERABLES:
        cells.equal("peers", ("delivered", kind))
    cells.equal("peers", ("now", "peers_served"))
    loans = glance.charts[0] if glance.figures else None  # the term's loans per month
    if loans is not None:
        for index, bar in enumerate(loans.bars):
            cells.add(("month", index), bar.value)
        cells.total(("now", "loans_started"), [("month", i) for i in range(len(loans.bars))])
    hidden = withhold(cells)
    charts = list(glance.charts)
    if loans is not None:
        charts[0] = bar_chart(loans.title, [(bar.label, hidden.get(("month", index), bar.value))
                                            for index, bar in enumerate(loans.bars)],
                              months=loans.months)
    return FunderFigures(
        glance.items_provided, hidden.get("items_lent", glance.items_lent),
        hidden.get("peers", glance.peers_served),
        [replace(row, delivered=hidden.get(("delivered", row.kind), row.delivered))
         for row in rows],
        [replace(f, value=hidden.get(("now", f.key), f.value)) for f in glance.figures],
        charts, glance.plan_cost, next_report_due(contract, today), glance.computed_at,
        [replace(f, value=hidden.get(("now", f.key), f.value)) for f in glance.outcomes],
        [(name, hidden.get(("reach", "now", name), count), None)
         for name, count, _ in glance.reach])


@dataclass
class ProgramGlance:
    """The whole program's last 30 days beside the 30 before, and its charts."""

    recent: list[Figure]
    charts: list[Chart]
    computed_at: datetime = field(default_factory=utcnow)


@cache.memoize()
def program_glance(today: date) -> ProgramGlance:
    """The program's figures on a day (cached)."""
    period = Period(today - timedelta(days=RECENT_DAYS - 1), today)
    year = Period((today - relativedelta(months=11)).replace(day=1), today)
    return ProgramGlance(
        [f for f in report_figures(period, Scope.program()) if f.key in RECENT],
        [loans_chart(year, Scope.program()), inventory_chart(Scope.program())])


def manager_alerts(today: date) -> dict[str, list]:
    """Contracts ending within 60 days, reports due within 14, deliverables behind schedule."""
    running = db.session.execute(db.select(Contract).where(
        Contract.start_date <= today, Contract.end_date >= today)
        .options(selectinload(Contract.deliverables))
        .order_by(Contract.end_date)).scalars().all()
    done = delivered_each(running, today, {d.kind for c in running for d in c.deliverables})
    return {
        "ending": [c for c in running
                   if c.end_date <= today + timedelta(days=CONTRACT_ENDING_DAYS)],
        "reports_due": db.session.execute(db.select(ReportDue).where(
            ReportDue.due_date.between(today, today + timedelta(days=REPORT_DUE_SOON_DAYS)))
            .order_by(ReportDue.due_date)).scalars().all(),
        "behind": [(c, row) for c in running
                   for row in progress(c, today, done[c.id]) if row.behind],
    }
