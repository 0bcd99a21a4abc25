"""Printing labels from a list (its search and filters, or the items ticked) or an item's
page: drawn at once for a few, by a job for many."""
from io import BytesIO

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import gettext

from ..jobs.queue import start
from ..lookup import signed_in_user
from ..permissions import STAFF_AND_MANAGERS, allow
from ..search.remembered import remembered_search
from . import bp
from .forms import LabelsForm
from .items import KINDS, NOUNS, chosen_items, labels_file

SHOWN = 8  # items named on the page before "and N more"


@bp.route("/<kind>", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def print_labels(kind):
    """Choose the label stock, then download the PDF of the items' labels (or follow the job
    that draws them, for many)."""
    if kind not in KINDS:
        abort(404)
    ids = [int(value) for value in request.args.getlist("ids") if value.isdigit()]
    now = current_app.config["LABELS_NOW"]
    items = chosen_items(kind, ids, limit=now + 1)
    form = LabelsForm()
    if form.validate_on_submit() and items:
        if len(items) > now:
            title = gettext("Labels for %(things)s", things=gettext(NOUNS[kind]))
            job = start("labels", _key(kind, form), title, {
                "kind": kind, "ids": ids, "path": request.path, "args": request.args.to_dict(),
                "words": remembered_search(request.args.get("search", "")) or "",
                "base": request.url_root, "layout": form.layout.data,
                "start": form.start.data, "show_place": form.show_place.data},
                by=signed_in_user())
            return redirect(url_for("jobs.detail", job_id=job.id))
        data = labels_file(kind, items, form.layout.data, start=form.start.data,
                           show_place=form.show_place.data)
        return send_file(BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=f"labels-{kind}-{form.layout.data}.pdf")
    return render_template("labels/print.html", form=form, items=items[:SHOWN], kind=kind,
                           noun=NOUNS[kind], many=len(items) > now, count=len(items))


def _key(kind, form) -> str:
    """The request, for spotting a second click."""
    return f"{kind}:{request.query_string.decode()}:{form.layout.data}:{form.start.data}:" \
           f"{form.show_place.data}"
