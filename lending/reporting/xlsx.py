"""The funder workbook (openpyxl, write-only so large sheets stream)."""
from ..spreadsheets.cells import xlsx_bytes
from .figures import suppressed
from .rows import (
    INVENTORY_HEADERS,
    ISSUE_HEADERS,
    LOAN_HEADERS,
    inventory_rows,
    issue_rows,
    loan_rows,
)


def _shown(figure, suppress):
    """(this period, previous period, change) as the funder sees them: numbers stay numbers,
    except small counts of people and the changes that would give them away."""
    def show(value):
        if value is None:
            return "—"
        return suppressed(value) if figure.people and suppress else value
    hidden = figure.change is None or (suppress and figure.masked())
    return show(figure.value), show(figure.previous), "—" if hidden else figure.change


def summary_rows(title, period, scope, figures, suppress=True):
    """The Summary sheet's rows: what the report covers, then every figure."""
    rows = [("Report", title, "", ""), ("Scope", scope.label, "", ""),
            ("Period", f"{period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}", "", "")]
    return rows + [(f.label, *_shown(f, suppress)) for f in figures]


def build_xlsx(title, period, scope, figures, *, suppress=True) -> bytes:
    """The workbook: Summary, Loans, Inventory, Issues and Definitions."""
    return xlsx_bytes([
        ("Summary", ("Figure", "This period", "Previous period", "Change"),
         summary_rows(title, period, scope, figures, suppress), (44, 22, 18, 12)),
        ("Loans", LOAN_HEADERS, loan_rows(period, scope), (10, 16, 12, 12, 12, 12, 12, 10)),
        ("Inventory", INVENTORY_HEADERS, inventory_rows(scope), (14, 30, 24, 16, 12, 14, 18)),
        ("Issues", ISSUE_HEADERS, issue_rows(period, scope), (8, 22, 14, 14, 16, 18, 12)),
        ("Definitions", ("Figure", "Definition"),
         ((f.label, f.definition) for f in figures), (44, 100)),
    ])
