"""Lists as spreadsheets: every row the list shows (all pages), with its columns."""
from flask import Response, stream_with_context
from flask_babel import gettext

from ..clock import local_today
from ..database import count_rows
from ..extensions import db
from .cells import csv_lines, write_xlsx, xlsx_bytes

EXPORT_FORMATS = {"xlsx": "Excel", "csv": "CSV"}
BATCH = 1000  # rows fetched at a time


def _rows(columns, query):
    """Each row's plain values, fetched in batches."""
    for item in db.session.execute(query.execution_options(yield_per=BATCH)).scalars():
        yield [column.value(item) for column in columns]


def _file_name(name, fmt) -> str:
    """A download's name: the list's and today's date."""
    return f"{name}-{local_today():%Y-%m-%d}.{fmt}"


def export_response(name, fmt, columns, query) -> Response:
    """A download of the query's rows: an .xlsx workbook, or a CSV file streamed as written."""
    headers = [gettext(column.header) for column in columns]
    filename = _file_name(name, fmt)
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "csv":
        return Response(stream_with_context(csv_lines(headers, _rows(columns, query))),
                        mimetype="text/csv", headers=disposition)
    data = xlsx_bytes([(name.replace("-", " ").capitalize()[:31], headers,
                        _rows(columns, query), [18] * len(headers))])
    return Response(data, headers=disposition, mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))


def write_export(target, name, fmt, columns, query, progress) -> tuple[str, int]:
    """Write every row of the query to an open binary file (a job's): CSV as it goes, a
    workbook streamed by openpyxl's write-only mode; `progress(share done)` along the way.
    Returns (the file's name, how many rows)."""
    total = max(count_rows(db.session, query.order_by(None)), 1)
    written = 0

    def counted():
        nonlocal written
        for row in _rows(columns, query):
            written += 1
            if written % BATCH == 0:
                progress(written / total)
            yield row
    headers = [gettext(column.header) for column in columns]
    if fmt == "csv":
        for line in csv_lines(headers, counted()):
            target.write(line.encode("utf-8"))
    else:
        write_xlsx(target, [(name.replace("-", " ").capitalize()[:31], headers, counted(),
                             [18] * len(headers))])
    return _file_name(name, fmt), written
