"""Spreadsheets for the import tests: files built in memory, and what a check found."""
import io

from openpyxl import Workbook

from lending.extensions import db

LIMIT = 5 * 1024 * 1024  # the import size limit the tests check files against


def workbook(rows, merge=None) -> bytes:
    """An .xlsx file holding the rows (and merged cells, e.g. "A1:C1")."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(text: str, encoding="utf-8") -> bytes:
    """A CSV file's bytes."""
    return text.encode(encoding)


def problems(check):
    """(row, column, message) for each problem."""
    return [(p.row, p.column, p.message) for p in check.problems]


def count(model):
    """How many rows of a model are stored."""
    return db.session.execute(db.select(db.func.count(model.id))).scalar_one()
