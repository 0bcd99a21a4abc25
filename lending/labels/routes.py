"""Printing labels from a list (its search and filters, or the items ticked) or an item's
page."""
from io import BytesIO

from flask import abort, render_template, request, send_file

from ..permissions import STAFF_AND_MANAGERS, allow
from . import bp
from .forms import LabelsForm
from .items import AT_ONCE, KINDS, NOUNS, chosen_items, labels_file


@bp.route("/<kind>", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def print_labels(kind):
    """Choose the label stock, then download the PDF of the items' labels."""
    if kind not in KINDS:
        abort(404)
    ids = [int(value) for value in request.args.getlist("ids") if value.isdigit()]
    items = chosen_items(kind, ids)
    form = LabelsForm()
    too_many = len(items) > AT_ONCE
    if too_many:
        form.form_errors.append(f"That is more than {AT_ONCE:,} {NOUNS[kind]}: narrow the list "
                                "with its search and filters, or print them all with "
                                "'flask --app wsgi labels'.")
    elif form.validate_on_submit() and items:
        data = labels_file(kind, items, form.layout.data, start=form.start.data,
                           show_place=form.show_place.data)
        return send_file(BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=f"labels-{kind}-{form.layout.data}.pdf")
    return render_template("labels/print.html", form=form, items=items[:AT_ONCE], kind=kind,
                           noun=NOUNS[kind], too_many=too_many)
