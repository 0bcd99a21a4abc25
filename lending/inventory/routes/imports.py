"""Import screens (managers): templates, upload and check, then import all or nothing."""
from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext

from ...jobs.queue import start
from ...lookup import get_or_404, signed_in_user
from ...models import ImportBatch
from ...models.imports import IMPORT_KINDS
from ...permissions import allow
from ...spreadsheets.cells import csv_lines, xlsx_bytes
from ...spreadsheets.exports import EXPORT_FORMATS
from ...spreadsheets.reading import FileRefused, sniff
from .. import bp
from ..forms import UploadForm
from ..import_columns import KINDS
from ..importing import Checked
from ..operations import keep_upload

LISTS = {"devices": "inventory.devices", "sims": "inventory.sims", "plans": "inventory.plans"}


@bp.route("/imports", methods=["GET", "POST"])
@allow("manager")
def imports():
    """Upload a spreadsheet: kept, then checked by a worker; nothing is created until a
    manager confirms the check."""
    form = UploadForm()
    if form.validate_on_submit():
        data = form.file.data.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
        try:
            sniff(data, current_app.config["IMPORT_MAX_BYTES"])
        except FileRefused as refusal:
            form.file.errors.append(str(refusal))
        else:
            user = signed_in_user()
            batch = keep_upload(form.kind.data, form.file.data.filename, data, by=user)
            title = gettext("Check of %(file)s", file=batch.filename or gettext("a file"))
            job = start("import_check", str(batch.id), title, {"batch_id": batch.id}, by=user)
            return redirect(url_for("jobs.detail", job_id=job.id))
    return render_template("inventory/import.html", form=form, kinds=KINDS,
                           formats=EXPORT_FORMATS)


@bp.route("/imports/<int:batch_id>")
@allow("manager")
def import_batch(batch_id):
    """What the file would create, and every problem, by row and column, as its check found
    them (kept: the file is checked once, not on every view)."""
    batch = get_or_404(ImportBatch, batch_id)
    found = Checked.of(batch.check_result) if batch.status == "checked" else None
    return render_template("inventory/import_check.html", batch=batch, check=found,
                           kinds=KINDS)


@bp.route("/imports/<int:batch_id>/run", methods=["POST"])
@allow("manager")
def run_import(batch_id):
    """Create every row's item, or, if anything is wrong by then, nothing: done by a worker."""
    batch = get_or_404(ImportBatch, batch_id)
    if batch.status == "imported":  # a second click, or another manager, got there first
        flash(gettext("This file was already imported."), "info")
        return redirect(url_for(".import_batch", batch_id=batch.id))
    if batch.status != "checked":
        flash(gettext("This file has not been checked; it cannot be imported."), "error")
        return redirect(url_for(".import_batch", batch_id=batch.id))
    job = start("import_run", str(batch.id), gettext("Import of %(file)s",
                                                     file=batch.filename or gettext("a file")),
                {"batch_id": batch.id}, by=signed_in_user())
    return redirect(url_for("jobs.detail", job_id=job.id))


@bp.route("/imports/template/<kind>.<fmt>")
@allow("manager")
def import_template(kind, fmt):
    """An empty sheet with the expected headings and one example row."""
    if kind not in KINDS or fmt not in EXPORT_FORMATS:
        abort(404)
    columns = KINDS[kind].columns
    headers = [column.header for column in columns]
    example = [column.example for column in columns]
    disposition = {"Content-Disposition": f'attachment; filename="{kind}-template.{fmt}"'}
    if fmt == "csv":
        return Response("".join(csv_lines(headers, [example])), mimetype="text/csv",
                        headers=disposition)
    return Response(xlsx_bytes([(IMPORT_KINDS[kind], headers, [example], [20] * len(headers))]),
                    headers=disposition, mimetype=(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
