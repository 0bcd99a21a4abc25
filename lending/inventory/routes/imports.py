"""Import screens (managers): templates, upload and check, then import all or nothing."""
from flask import Response, abort, current_app, flash, redirect, render_template, url_for

from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import ImportBatch
from ...models.imports import IMPORT_KINDS
from ...permissions import allow
from ...refusals import RuleError
from ...spreadsheets.cells import csv_lines, xlsx_bytes
from ...spreadsheets.exports import EXPORT_FORMATS
from ...spreadsheets.reading import FileRefused
from .. import bp
from ..forms import UploadForm
from ..import_columns import KINDS
from ..importing import check_file
from ..operations import import_batch_rows, keep_upload

LISTS = {"devices": "inventory.devices", "sims": "inventory.sims", "plans": "inventory.plans"}


@bp.route("/imports", methods=["GET", "POST"])
@allow("manager")
def imports():
    """Upload a spreadsheet to check; nothing is created until the check is confirmed."""
    form = UploadForm()
    if form.validate_on_submit():
        data = form.file.data.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
        try:
            check = check_file(form.kind.data, data, current_app.config["IMPORT_MAX_BYTES"])
        except FileRefused as refusal:
            form.file.errors.append(str(refusal))
        else:
            batch = keep_upload(form.kind.data, form.file.data.filename, data, check,
                                by=signed_in_user())
            db.session.commit()
            return redirect(url_for(".import_batch", batch_id=batch.id))
    return render_template("inventory/import.html", form=form, kinds=KINDS,
                           formats=EXPORT_FORMATS)


def _check(batch):
    """The batch's file checked again, against the database as it is now."""
    try:
        return check_file(batch.kind, batch.data, current_app.config["IMPORT_MAX_BYTES"])
    except FileRefused:  # it was readable when uploaded; nothing else changes a stored file
        abort(500)


@bp.route("/imports/<int:batch_id>")
@allow("manager")
def import_batch(batch_id):
    """What the file would create, and every problem, by row and column."""
    batch = get_or_404(ImportBatch, batch_id)
    check = _check(batch) if batch.status == "checked" else None
    return render_template("inventory/import_check.html", batch=batch, check=check, kinds=KINDS)


@bp.route("/imports/<int:batch_id>/run", methods=["POST"])
@allow("manager")
def run_import(batch_id):
    """Create every row's item, or, if anything is wrong now, nothing."""
    batch = get_or_404(ImportBatch, batch_id)
    if batch.status != "checked":  # a second click, or another manager, got there first
        flash("This file was already imported.", "info")
        return redirect(url_for(".import_batch", batch_id=batch.id))
    check = _check(batch)
    try:
        items = import_batch_rows(batch, check, by=signed_in_user())
    except RuleError as error:
        flash(str(error), "error")
        return redirect(url_for(".import_batch", batch_id=batch.id))
    db.session.commit()
    flash(f"Imported {len(items)} {check.kind.noun} from {batch.filename}.", "success")
    return redirect(url_for(LISTS[batch.kind]))


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
