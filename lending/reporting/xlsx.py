"""The funder workbook (openpyxl, write-only so large sheets stream)."""
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .metrics import suppressed
from .rows import (
    INVENTORY_HEADERS,
    ISSUE_HEADERS,
    LOAN_HEADERS,
    inventory_rows,
    issue_rows,
    loan_rows,
)

# Text starting with these is a formula to a spreadsheet; such cells are kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
DATE_FORMAT = "yyyy-mm-dd"


def _cell(sheet, value):
    """A value as itself (numbers as numbers, dates as dates) with text kept inert; only
    money and formula-looking text need a cell of their own, the rest stream as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # stored as text: never evaluated
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    return value  # openpyxl gives dates a yyyy-mm-dd format by itself


def _sheet(book, title, headers, rows, widths):
    """A sheet with a styled, frozen, filterable header row and the rows below it."""
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    count = 0
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return sheet


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
    book = Workbook(write_only=True)
    _sheet(book, "Summary", ("Figure", "This period", "Previous period", "Change"),
           summary_rows(title, period, scope, figures, suppress), (44, 22, 18, 12))
    _sheet(book, "Loans", LOAN_HEADERS, loan_rows(period, scope), (10, 16, 12, 12, 12, 12, 12, 10))
    _sheet(book, "Inventory", INVENTORY_HEADERS, inventory_rows(scope),
           (14, 30, 24, 16, 12, 14, 18))
    _sheet(book, "Issues", ISSUE_HEADERS, issue_rows(period, scope), (8, 22, 14, 14, 16, 18, 12))
    _sheet(book, "Definitions", ("Figure", "Definition"),
           ((f.label, f.definition) for f in figures), (44, 100))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
