"""What a report shows: the request checked, its content gathered once, rendered as PDF or
Excel. operations.py archives the file."""
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from ..clock import local_today
from ..extensions import db
from ..models import Contract, Partner
from ..refusals import RuleError
from . import breakdowns, figures, metrics, rows
from .concurrent import concurrently
from .deliverables import progress
from .pdf import build_pdf
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
    # The workbook's row sheets (none for a PDF): plain values, fetched by gather.
    sheets: dict[str, list] = field(default_factory=dict)

    @property
    def period_text(self) -> str:
        """The period in words."""
        return f"{self.period.start:%Y-%m-%d} to {self.period.end:%Y-%m-%d}"

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


def check_request(start: date, end: date, partner=None, contract=None):
    """Refuse a report that cannot be made, with a reason; return (period, scope, contracts)."""
    if end < start:
        raise RuleError("The period ends before it starts.")
    if end > local_today():
        raise RuleError("The period cannot end in the future.")
    if partner is not None and contract is not None:
        raise RuleError("Choose a partner or a contract, not both.")
    if contract is not None:
        return metrics.Period(start, end), metrics.Scope.contract(contract), [contract]
    if partner is not None:
        if not partner.contracts:
            raise RuleError(f"{partner.name} has no contracts, so there is nothing to report.")
        return metrics.Period(start, end), metrics.Scope.partner(partner), partner.contracts
    return metrics.Period(start, end), metrics.Scope.program(), []


def gather(period, scope, contracts, *, with_rows=False) -> ReportContent:
    """Compute everything the report shows: the two periods' figures, the charts, each
    contract's deliverables and (for a workbook, `with_rows`) its row sheets, side by side
    (see concurrent.py). Renderers read only what this returns."""
    title = "Program report" if not contracts else "Contract report"
    today = local_today()
    sheet_calls = sheet_readers(period, scope, today) if with_rows else {}
    now, before, by_month, devices, issues, *rest = concurrently(
        partial(metrics.compute, period, scope),
        partial(metrics.compute, period.previous(), scope),
        partial(breakdowns.loans_started_by_month, period, scope),
        partial(breakdowns.devices_by_status, scope),
        partial(breakdowns.issues_by_kind, period, scope),
        *sheet_calls.values(),
        *(partial(_progress, contract.id, period.end) for contract in contracts))
    sheets, progress_rows = rest[:len(sheet_calls)], rest[len(sheet_calls):]
    return ReportContent(
        title=title, scope=scope, period=period, generated_on=today,
        figures=figures.paired(now, before), loans_by_month=by_month, devices=devices,
        issues=issues, progress=[(contract.reference, row) for contract, rows_of_contract
                                 in zip(contracts, progress_rows, strict=True)
                                 for row in rows_of_contract],
        sheets=dict(zip(sheet_calls, sheets, strict=True)))


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
            raise RuleError(f"No partner has the reference {partner_ref}.")
    if contract_ref:
        contract = db.session.execute(db.select(Contract).filter_by(
            reference=contract_ref.strip().upper())).scalar_one_or_none()
        if contract is None:
            raise RuleError(f"No contract has the reference {contract_ref}.")
    return partner, contract
