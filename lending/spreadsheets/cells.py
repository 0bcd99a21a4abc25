"""Writing values to spreadsheets so that they stay what they are: numbers as numbers, dates
as dates, and text as text that no spreadsheet will evaluate as a formula."""
import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# Text starting with these is a formula (or starts one) to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
PERCENT = "0%"
MONEY = '"$"#,##0.00'


@dataclass(frozen=True)
class Styled:
    """A number with the format a spreadsheet shows it in: 0.73 as 73%, 12.5 as $12.50."""

    value: object
    number_format: str


def xlsx_value(sheet, value):
    """A value for a write-only sheet; only formatted numbers and formula-looking text need a
    cell of their own, the rest stream as they are (openpyxl gives dates a yyyy-mm-dd
    format)."""
    if isinstance(value, Styled):
        cell = WriteOnlyCell(sheet, value=value.value)
        cell.number_format = value.number_format
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # stored as text: never evaluated
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    return value


def csv_value(value):
    """A value for a CSV file. Formula-looking text gets a leading apostrophe, which
    spreadsheet programs show as text and never evaluate (OWASP's advice for CSV injection)."""
    if isinstance(value, Styled):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value.isoformat() if hasattr(value, "isoformat") else value


def add_sheet(book, title, headers, rows, widths=None):
    """A write-only sheet with a styled, frozen, filterable header row and the rows below."""
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([xlsx_value(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return sheet


def write_xlsx(target, sheets):
    """Write a workbook of (title, headers, rows, widths) sheets to a file, in streaming mode
    (rows go to temporary files as they come, whatever their number)."""
    book = Workbook(write_only=True)
    for title, headers, rows, widths in sheets:
        add_sheet(book, title, headers, rows, widths)
    book.save(target)


def xlsx_bytes(sheets) -> bytes:
    """A workbook of (title, headers, rows, widths) sheets, in memory."""
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()


def csv_lines(headers, rows):
    """A CSV file, line by line (to stream), with a byte-order mark so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_value(value) for value in row])
        yield buffer.getvalue()
