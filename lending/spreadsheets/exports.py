"""Lists as spreadsheets: every row the list shows (all pages), with its columns."""
from flask import Response, stream_with_context

from ..clock import local_today
from ..extensions import db
from .cells import csv_lines, xlsx_bytes

EXPORT_FORMATS = {"xlsx": "Excel", "csv": "CSV"}
BATCH = 1000  # rows fetched at a time


def _rows(columns, query):
    """Each row's plain values, fetched in batches."""
    for item in db.session.execute(query.execution_options(yield_per=BATCH)).scalars():
        yield [column.value(item) for column in columns]


def export_response(name, fmt, columns, query) -> Response:
    """A download of the query's rows: an .xlsx workbook, or a CSV file streamed as written."""
    headers = [column.header for column in columns]
    filename = f"{name}-{local_today():%Y-%m-%d}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "csv":
        return Response(stream_with_context(csv_lines(headers, _rows(columns, query))),
                        mimetype="text/csv", headers=disposition)
    data = xlsx_bytes([(name.replace("-", " ").capitalize()[:31], headers,
                        _rows(columns, query), [18] * len(headers))])
    return Response(data, headers=disposition, mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
