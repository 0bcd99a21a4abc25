"""What a report shows: the request checked, its content gathered once, rendered as PDF or
Excel. operations.py archives the file."""
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial

from flask_babel import gettext

from ..clock import local_today
from ..extensions import db
from ..models import Contract, Partner, vocab
from ..models.vocab import N_
from ..refusals import RuleError
from . import breakdowns, figures, metrics, outcomes, rows
from .concurrent import concurrently
from .deliverables import progress
from .disclosure import Cells, withhold
from .pdf import build_pdf
from .targets import target_progress
from .xlsx import build_xlsx


@dataclass
class ReportContent:
    """Everything a report shows, computed once and rendered as PDF or Excel."""

    title: str
    scope: metrics.Scope
    period: metrics.Period
    generated_on: date
    figures: list
    loans_by_month: list
    devices: dict
    issues: dict
    progress: list  # (contract reference, Progress)
    outcomes: list = field(default_factory=list)  # Figures (outcomes.py)
    reach: list = field(default_factory=list)  # (priority group, this period, previous)
    targets: list = field(default_factory=list)  # (contract reference, TargetProgress)
    # The workbook's row sheets (none for a PDF): plain values, fetched by gather; left out
    # when the report withholds a small count of people (they would give it away).
    sheets: dict[str, list] = field(default_factory=dict)
    rows_withheld: bool = False
    dates_by_day: bool = False  # row sheets' dates by day, not by month

    @property
    def period_text(self) -> str:
        """The period in words."""
        return gettext("%(start)s to %(end)s", start=f"{self.period.start:%Y-%m-%d}",
                       end=f"{self.period.end:%Y-%m-%d}")

    def figure(self, key) -> figures.Figure:
        """One of the figures, by key."""
        return next(f for f in self.figures if f.key == key)

    def shown(self, key) -> str:
        """A figure's value this period, as printed."""
        figure = self.figure(key)
        return figure.shown(figure.value)

    @property
    def has_activity(self) -> bool:
        """Whether anything was lent, open or closed in the period."""
        return bool(self.figure("peers_served").value or self.figure("loans_started").value)


EARLIEST = date(2000, 1, 1)  # a year typed as 0202 is a typo; the period before must exist
MAX_DAYS = 3653


def check_request(start: date, end: date, partner=None, contract=None):
    """Refuse a report that cannot be made, with a reason; return (period, scope, contracts)."""
    if end < start:
        raise RuleError(gettext("The period ends before it starts."))
    if start < EARLIEST:
        raise RuleError(gettext("A report's period starts in %(year)s or later.",
                                year=EARLIEST.year))
    if (end - start).days >= MAX_DAYS:
        raise RuleError(gettext("A report covers at most ten years."))
    if end > local_today():
        raise RuleError(gettext("The period cannot end in the future."))
    if partner is not None and contract is not None:
        raise RuleError(gettext("Choose a partner or a contract, not both."))
    if contract is not None:
        return metrics.Period(start, end), metrics.Scope.contract(contract), [contract]
    if partner is not None:
        if not partner.contracts:
            raise RuleError(gettext("%(name)s has no contracts, so there is nothing to report.",
                                    name=partner.name))
        return metrics.Period(start, end), metrics.Scope.partner(partner), partner.contracts
    return metrics.Period(start, end), metrics.Scope.program(), []


def gather(period, scope, contracts, *, with_rows=False, dates_by_day=False) -> ReportContent:
    """Compute everything the report shows: the two periods' figures, the charts, each
    contract's deliverables and (for a workbook, `with_rows`) its row sheets, side by side
    (see concurrent.py), as a funder may see them (`for_funders`). Renderers read only what
    this returns."""
    title = N_("Program report") if not contracts else N_("Contract report")
    today = local_today()
    sheet_calls = sheet_readers(period, scope, today) if with_rows else {}
    now, before, outcomes_now, outcomes_before, reach_now, reach_before, by_month, devices, \
        issues, *rest = concurrently(
            partial(metrics.compute, period, scope),
            partial(metrics.compute, period.previous(), scope),
            partial(outcomes.compute_outcomes, period, scope),
            partial(outcomes.compute_outcomes, period.previous(), scope),
            partial(outcomes.reach, period, scope),
            partial(outcomes.reach, period.previous(), scope),
            partial(breakdowns.loans_started_by_month, period, scope),
            partial(breakdowns.devices_by_status, scope),
            partial(breakdowns.issues_by_kind, period, scope),
            *sheet_calls.values(),
            *(partial(_progress, contract.id, period.end) for contract in contracts))
    sheets, progress_rows = rest[:len(sheet_calls)], rest[len(sheet_calls):]
    return for_funders(ReportContent(
        title=title, scope=scope, period=period, generated_on=today, dates_by_day=dates_by_day,
        figures=figures.paired(now, before), loans_by_month=by_month, devices=devices,
        outcomes=figures.paired(outcomes_now, outcomes_before, figures.OUTCOMES),
        reach=[(name, count, reach_before.get(name, 0)) for name, count in reach_now.items()],
        targets=[(contract.reference, contract) for contract in contracts],
        issues=issues, progress=[(contract.reference, row) for contract, rows_of_contract
                                 in zip(contracts, progress_rows, strict=True)
                                 for row in rows_of_contract],
        sheets=dict(zip(sheet_calls, sheets, strict=True))))


def for_funders(content: ReportContent) -> ReportContent:
    """The content with every number a funder may not see withheld (disclosure.py): the
    figures, the charts' counts and the deliverables, related as a reader can relate them;
    and no row sheets at all when a count of people is withheld."""
    cells = Cells()
    figures.relate(cells, content.figures)
    months = [("month", month) for month, _ in content.loans_by_month]
    for (name, count) in zip(months, (count for _, count in content.loans_by_month),
                             strict=True):
        cells.add(name, count)
    cells.total(("now", "loans_started"), months)
    for kind in vocab.ISSUE_TYPES:
        cells.add(("issue", kind), content.issues.get(kind, 0), shown=kind in content.issues)
        cells.equal(("issue", kind), ("now", kind))  # lost, stolen, damaged are figures too
    for reference, row in content.progress:
        cells.add(("delivered", reference, row.kind), row.delivered, people=row.people)
    outcomes.relate(cells, content.outcomes, content.reach)
    hidden = withhold(cells)
    shown_outcomes = [replace(f, value=hidden.get(("now", f.key), f.value),
                              previous=hidden.get(("before", f.key), f.previous),
                              change=hidden.get(("change", f.key), f.change))
                      for f in content.outcomes]
    return replace(
        content,
        figures=[replace(f, value=hidden.get(("now", f.key), f.value),
                         previous=hidden.get(("before", f.key), f.previous),
                         change=hidden.get(("change", f.key), f.change))
                 for f in content.figures],
        loans_by_month=[(month, hidden.get(("month", month), count))
                        for month, count in content.loans_by_month],
        issues={kind: hidden.get(("issue", kind), count)
                for kind, count in content.issues.items()},
        progress=[(reference, replace(row, delivered=hidden.get(
            ("delivered", reference, row.kind), row.delivered)))
            for reference, row in content.progress],
        outcomes=shown_outcomes,
        reach=[(name, hidden.get(("reach", "now", name), now),
                hidden.get(("reach", "before", name), before))
               for name, now, before in content.reach],
        # Each contract's targets, held against this period's outcomes as shown.
        targets=[(reference, row) for reference, contract in content.targets
                 for row in target_progress(contract, shown_outcomes)],
        sheets={} if hidden else content.sheets, rows_withheld=bool(hidden and content.sheets))


def sheet_readers(period, scope, today) -> dict:
    """{sheet: a call that reads its rows to the end}: in a worker, before its session
    closes. The Loans sheet comes back compact (rows.LoanRows); the others are short."""
    return {"Loans": partial(rows.loan_rows, period, scope),
            "Inventory": partial(_listed, rows.inventory_rows, scope, today),
            "Issues": partial(_listed, rows.issue_rows, period, scope)}


def _listed(rows_of, *args):
    """A row generator's rows, as a list."""
    return list(rows_of(*args))


def _progress(contract_id, as_of):
    """A contract's deliverables as of a day, looked up by id (for a worker's own session)."""
    return progress(db.session.get(Contract, contract_id), as_of)


def render(content: ReportContent, fmt: str) -> bytes:
    """The file in the chosen format."""
    if fmt == "pdf":
        return build_pdf(content)
    return build_xlsx(content)


def find_scope(partner_ref=None, contract_ref=None):
    """The partner or contract named by a reference, or a RuleError."""
    partner = contract = None
    if partner_ref:
        partner = db.session.execute(db.select(Partner).filter_by(
            reference=partner_ref.strip().upper())).scalar_one_or_none()
        if partner is None:
            raise RuleError(gettext("No partner has the reference %(partner_ref)s.",
                                    partner_ref=partner_ref))
    if contract_ref:
        contract = db.session.execute(db.select(Contract).filter_by(
            reference=contract_ref.strip().upper())).scalar_one_or_none()
        if contract is None:
            raise RuleError(gettext("No contract has the reference %(contract_ref)s.",
                                    contract_ref=contract_ref))
    return partner, contract


def job_title(params, partner, contract) -> str:
    """What a report job is called: its format, scope and period."""
    scope = contract.reference if contract else partner.name if partner else gettext(
        "whole program")
    return gettext("Report (%(format)s), %(scope)s, %(start)s to %(end)s",
                   format="PDF" if params["fmt"] == "pdf" else "Excel", scope=scope,
                   start=params["start"], end=params["end"])
