"""Import screens (managers): templates, upload and check, then import all or nothing."""
import hashlib
import os

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import InputRequired

from ...audit.log import apply_changes, record_created
from ...clock import utcnow
from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import ImportBatch
from ...models.imports import IMPORT_KINDS
from ...permissions import allow
from ...spreadsheets.cells import csv_lines, xlsx_bytes
from ...spreadsheets.exports import EXPORT_FORMATS
from ...spreadsheets.reading import FileRefused
from .. import bp
from ..import_columns import KINDS
from ..importing import check_file, import_rows

LISTS = {"devices": "inventory.devices", "sims": "inventory.sims", "plans": "inventory.plans"}


class UploadForm(FlaskForm):
    """Which kind of item the file lists, and the file."""

    kind = SelectField("The file lists", choices=IMPORT_KINDS, validators=[InputRequired()])
    file = FileField("Spreadsheet (.xlsx or .csv)", validators=[FileRequired("Choose a file.")])


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
            batch = ImportBatch(kind=form.kind.data, data=data, size=len(data),
                                filename=os.path.basename(form.file.data.filename or "")[:200],
                                sha256=hashlib.sha256(data).hexdigest(),
                                created_by=signed_in_user())
            record_created(batch, note=f"{len(check.rows)} rows, "
                                       f"{len(check.problems)} problems")
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
    if not check.ok:
        flash("Nothing was imported: the file has problems (listed below). Correct them and "
              "upload it again.", "error")
        return redirect(url_for(".import_batch", batch_id=batch.id))
    items = import_rows(check, by=signed_in_user(), note=f"imported from {batch.filename}")
    apply_changes(batch, {"status": "imported", "imported_count": len(items),
                          "imported_at": utcnow()}, action="import")
    batch.data = None  # the items are the record now; the checksum says which file it was
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
