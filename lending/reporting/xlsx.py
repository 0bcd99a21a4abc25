"""The funder workbook (openpyxl, write-only), rendered from a report's computed content
(content.py) like the PDF, so that the two files always agree. Nothing here queries."""
from ..spreadsheets.cells import MONEY, PERCENT, Styled, xlsx_bytes
from .figures import MONEY as MONEY_FIGURES
from .figures import RATES, for_funder
from .rows import INVENTORY_HEADERS, ISSUE_HEADERS, LOAN_HEADERS

POINTS = '+0" pts";-0" pts";0" pts"'
SIGNED_MONEY = '+"$"#,##0.00;-"$"#,##0.00;"$"0.00'
DASH = "—"


def _cell(figure, value, suppress):
    """One of a figure's values as a cell: "<5" text for a suppressed count of people, a
    dash for none, otherwise a number formatted as the figure reads (73%, $1,204.50)."""
    if value is None:
        return DASH
    if suppress:
        value = for_funder(value, people=figure.people)
        if isinstance(value, str):
            return value
    if figure.key in RATES:
        return Styled(value, PERCENT)
    if figure.key in MONEY_FIGURES:
        return Styled(value, MONEY)
    return round(value, 1) if isinstance(value, float) else value


def _change(figure, suppress):
    """The change beside the previous period: percentage points for rates, signed money, a
    dash when there is none or it would give a suppressed count away."""
    change = figure.change
    if change is None or (suppress and figure.masked()):
        return DASH
    if figure.key in RATES:
        return Styled(round(change * 100), POINTS)
    if figure.key in MONEY_FIGURES:
        return Styled(change, SIGNED_MONEY)
    return round(change, 1) if isinstance(change, float) else change


def summary_rows(content, suppress=True):
    """The Summary sheet's rows: what the report covers, then every figure."""
    rows = [("Report", content.title, "", ""), ("Scope", content.scope.label, "", ""),
            ("Period", content.period_text, "", "")]
    return rows + [(f.label, _cell(f, f.value, suppress), _cell(f, f.previous, suppress),
                    _change(f, suppress)) for f in content.figures]


def deliverable_rows(content, suppress=True):
    """Each contract's commitments: committed, delivered (people suppressed) and expected."""
    return [(reference, row.label, row.committed,
             for_funder(row.delivered, people=row.people) if suppress else row.delivered,
             row.expected_by_now) for reference, row in content.progress]


def build_xlsx(content, *, suppress=True) -> bytes:
    """The workbook: Summary, Deliverables, Loans, Inventory, Issues and Definitions."""
    return xlsx_bytes([
        ("Summary", ("Figure", "This period", "Previous period", "Change"),
         summary_rows(content, suppress), (44, 22, 18, 12)),
        ("Deliverables", ("Contract", "Commitment", "Committed", "Delivered",
                          "Expected by now"), deliverable_rows(content, suppress),
         (16, 36, 12, 12, 16)),
        ("Loans", LOAN_HEADERS, content.sheets.get("Loans", ()), (10, 16, 12, 12, 12, 12, 12, 10)),
        ("Inventory", INVENTORY_HEADERS, content.sheets.get("Inventory", ()),
         (14, 30, 24, 16, 12, 14, 18)),
        ("Issues", ISSUE_HEADERS, content.sheets.get("Issues", ()), (8, 22, 14, 14, 16, 18, 12)),
        ("Definitions", ("Figure", "Definition"),
         [(f.label, f.definition) for f in content.figures], (44, 100)),
    ])
